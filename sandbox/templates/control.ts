/**
 * What Meta's side does to templates on its own (docs/meta-templates.md §3): a reviewer approving or
 * rejecting one, its quality score changing (RED pauses it, the third pause disables it) and a
 * recategorization, each with the webhook Meta sends. `sb.control.templates` in-process and
 * `/_sandbox/templates/:id/...` over HTTP.
 */
import { ControlError } from '../control';
import type { SandboxContext } from '../context';
import type { DeliveryRecord } from '../webhookDelivery';
import { emitCategoryUpdate, emitQualityUpdate, emitStatusUpdate } from './notify';
import { CATEGORIES, QUALITY_SCORES, REJECTION_REASONS } from './rules';
import type { TemplateRecord } from './store';

export type TemplateDecision = 'APPROVED' | 'REJECTED';

/** Statuses a reviewer may decide on; an edit puts REJECTED and PAUSED templates back in review (§1.5). */
const REVIEWABLE = ['PENDING', 'IN_APPEAL', 'REJECTED', 'PAUSED'];
/** The first two low-quality pauses last 3 and 6 hours; the third disables the template (§3.3). */
const PAUSE_TITLES = ['FIRST_PAUSE', 'SECOND_PAUSE'];
const PAUSE_HOURS = [3, 6];

/** The `rejection_info` Meta adds to an INVALID_FORMAT rejection (the reference's example). */
const INVALID_FORMAT_INFO = {
	reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
	recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
};

export class TemplateControl {
	constructor(private readonly ctx: SandboxContext) {}

	private template(id: string): TemplateRecord {
		const template = this.ctx.state.templates.byId(id);
		if (!template) throw new ControlError(404, `No template ${id} in the sandbox. GET /v25.0/<WABA_ID>/message_templates lists them.`);
		return template;
	}

	get(id: string): TemplateRecord {
		return structuredClone(this.template(id));
	}

	/** A reviewer's decision: the status changes and `message_template_status_update` is sent. */
	review(id: string, decision: TemplateDecision, reason?: string): { template: TemplateRecord; delivery: DeliveryRecord | null } {
		const template = this.template(id);
		if (decision !== 'APPROVED' && decision !== 'REJECTED') throw new ControlError(400, 'decision must be APPROVED or REJECTED.');
		const rejectionReasons = REJECTION_REASONS.filter((r) => r !== 'NONE');
		if (reason !== undefined && (decision === 'APPROVED' || !(rejectionReasons as readonly string[]).includes(reason))) {
			throw new ControlError(400, `reason is for REJECTED only and must be one of ${rejectionReasons.join(', ')}.`);
		}
		if (!REVIEWABLE.includes(template.status)) throw new ControlError(409, `Template ${id} is ${template.status}; only ${REVIEWABLE.join(', ')} templates are reviewed.`);
		template.status = decision;
		template.rejectedReason = decision === 'REJECTED' ? (reason ?? 'INVALID_FORMAT') : 'NONE';
		const extra = template.rejectedReason === 'INVALID_FORMAT' ? { rejection_info: { ...INVALID_FORMAT_INFO } } : {};
		return { template: structuredClone(template), delivery: emitStatusUpdate(this.ctx, template, decision, extra) };
	}

	/**
	 * The quality score changes (`message_template_quality_update`). RED on an APPROVED template pauses
	 * it (PAUSED, FIRST_PAUSE then SECOND_PAUSE); the third time it is DISABLED. Each status change also
	 * sends `message_template_status_update`.
	 */
	setQuality(id: string, quality: string): { template: TemplateRecord; deliveries: DeliveryRecord[] } {
		const template = this.template(id);
		if (!(QUALITY_SCORES as readonly string[]).includes(quality)) throw new ControlError(400, `quality must be one of ${QUALITY_SCORES.join(', ')}.`);
		const previous = template.quality.score;
		const nowSeconds = Math.floor(this.ctx.clock.now() / 1000);
		template.quality = { score: quality, date: nowSeconds };
		const deliveries = [emitQualityUpdate(this.ctx, template, previous)];
		if (quality === 'RED' && template.status === 'APPROVED') {
			template.pauses += 1;
			if (template.pauses > PAUSE_TITLES.length) {
				template.status = 'DISABLED';
				const disabled = { disable_info: { disable_date: nowSeconds }, other_info: { title: 'DISABLED', description: 'Your WhatsApp message template has been disabled after repeated low quality.' } };
				deliveries.push(emitStatusUpdate(this.ctx, template, 'DISABLED', disabled));
			} else {
				template.status = 'PAUSED';
				const hours = PAUSE_HOURS[template.pauses - 1];
				const paused = { other_info: { title: PAUSE_TITLES[template.pauses - 1], description: `Your WhatsApp message template has been paused for ${hours} hours because of low quality.` } };
				deliveries.push(emitStatusUpdate(this.ctx, template, 'PAUSED', paused));
			}
		}
		return { template: structuredClone(template), deliveries: deliveries.filter((d): d is DeliveryRecord => d !== null) };
	}

	/** Meta recategorizes the template (`template_category_update` with previous and new category). */
	recategorize(id: string, category: string): { template: TemplateRecord; delivery: DeliveryRecord | null } {
		const template = this.template(id);
		if (!(CATEGORIES as readonly string[]).includes(category)) throw new ControlError(400, `category must be one of ${CATEGORIES.join(', ')}.`);
		if (category === template.category) throw new ControlError(409, `Template ${id} is already ${category}.`);
		const previous = template.category;
		template.previousCategory = previous;
		template.category = category;
		return { template: structuredClone(template), delivery: emitCategoryUpdate(this.ctx, template, previous) };
	}
}
