/**
 * Template webhooks (docs/meta-templates.md §6): `message_template_status_update`,
 * `message_template_quality_update` and `template_category_update`. They are account-level fields,
 * so they go to the app callback (never an override) with `entry[].time`, signed like every delivery.
 * `message_template_id` is a number in these payloads, unlike every other ID.
 */
import type { SandboxContext } from '../context';
import { emitChange } from '../notify';
import type { DeliveryRecord } from '../webhookDelivery';
import type { TemplateRecord } from './store';

function identity(template: TemplateRecord): Record<string, unknown> {
	return { message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language };
}

function emit(ctx: SandboxContext, field: string, template: TemplateRecord, value: Record<string, unknown>): DeliveryRecord | null {
	const waba = ctx.state.wabas.get(template.wabaId);
	return waba ? emitChange(ctx, field, waba, value) : null;
}

/** `{event, message_template_id, …, reason, message_template_category}` plus the event's optional blocks. */
export function emitStatusUpdate(ctx: SandboxContext, template: TemplateRecord, event: string, extra: Record<string, unknown> = {}): DeliveryRecord | null {
	const { message_template_id, message_template_name, message_template_language } = identity(template);
	return emit(ctx, 'message_template_status_update', template, {
		event,
		message_template_id,
		message_template_name,
		message_template_language,
		reason: event === 'REJECTED' ? template.rejectedReason : 'NONE',
		message_template_category: template.category,
		...extra,
	});
}

export function emitQualityUpdate(ctx: SandboxContext, template: TemplateRecord, previous: string): DeliveryRecord | null {
	return emit(ctx, 'message_template_quality_update', template, { previous_quality_score: previous, new_quality_score: template.quality.score, ...identity(template) });
}

/** A completed recategorization: `{previous_category, new_category}`. */
export function emitCategoryUpdate(ctx: SandboxContext, template: TemplateRecord, previous: string): DeliveryRecord | null {
	return emit(ctx, 'template_category_update', template, { ...identity(template), previous_category: previous, new_category: template.category });
}
