/**
 * Template webhooks (docs/meta-templates.md §6, docs/meta-api.md §3.10): review and pause decisions
 * (`message_template_status_update`), quality scores (`message_template_quality_update`) and
 * recategorizations (`template_category_update`). Account-level, one event per change keyed by its
 * content. The template ID arrives as a JSON number and is handed on as a string.
 */
import type { ChangeContext } from '../context';
import { finish } from '../context';
import { isoFromUnix } from '../isoTime';
import { asId, asString, isObject, JsonObject } from '../values';
import { beginAccountEvent } from './account';

/** Name and language, set only when Meta gave them. */
function identify(event: { templateId?: string; templateName?: string; templateLanguage?: string }, templateId: string, value: JsonObject): void {
	event.templateId = templateId;
	const name = asString(value.message_template_name);
	if (name !== undefined) event.templateName = name;
	const language = asString(value.message_template_language);
	if (language !== undefined) event.templateLanguage = language;
}

/** `{title, description}`-like blocks: the given string keys, or undefined when none is a string. */
function textBlock<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, string>> | undefined {
	if (!isObject(value)) return undefined;
	const out: Partial<Record<K, string>> = {};
	let found = false;
	for (const key of keys) {
		const text = asString(value[key]);
		if (text === undefined) continue;
		out[key] = text;
		found = true;
	}
	return found ? out : undefined;
}

/** Unix seconds become ISO 8601; any other text is kept as Meta wrote it. */
function dateOf(value: unknown): string | undefined {
	return isoFromUnix(value) ?? asString(value);
}

function statusEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const templateId = asId(value.message_template_id);
	const word = asString(value.event);
	if (templateId === undefined || !word) return false;
	const event = beginAccountEvent(ctx, 'templateStatusChanged', value);
	if (!event) return true;
	identify(event, templateId, value);
	event.event = word;
	// null is Meta's "no reason" for a template scheduled for deletion, and is kept as such.
	const reason = value.reason === null ? null : asString(value.reason);
	if (reason !== undefined) event.reason = reason;
	const category = asString(value.message_template_category);
	if (category !== undefined) event.category = category;
	const rejectionInfo = textBlock(value.rejection_info, ['reason', 'recommendation'] as const);
	if (rejectionInfo !== undefined) event.rejectionInfo = rejectionInfo;
	const disableDate = isObject(value.disable_info) ? dateOf(value.disable_info.disable_date) : undefined;
	if (disableDate !== undefined) event.disableDate = disableDate;
	const otherInfo = textBlock(value.other_info, ['title', 'description'] as const);
	if (otherInfo !== undefined) event.otherInfo = otherInfo;
	finish(ctx, event, value);
	return true;
}

function qualityEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const templateId = asId(value.message_template_id);
	const score = asString(value.new_quality_score);
	if (templateId === undefined || !score) return false;
	const event = beginAccountEvent(ctx, 'templateQualityChanged', value);
	if (!event) return true;
	identify(event, templateId, value);
	event.qualityScore = score;
	const previous = asString(value.previous_quality_score);
	if (previous !== undefined) event.previousQualityScore = previous;
	finish(ctx, event, value);
	return true;
}

function categoryEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const templateId = asId(value.message_template_id);
	const category = asString(value.new_category);
	if (templateId === undefined || !category) return false;
	const event = beginAccountEvent(ctx, 'templateCategoryChanged', value);
	if (!event) return true;
	identify(event, templateId, value);
	event.category = category;
	const previous = asString(value.previous_category);
	if (previous !== undefined) event.previousCategory = previous;
	const correct = asString(value.correct_category);
	if (correct !== undefined) event.correctCategory = correct;
	const updateAt = dateOf(value.category_update_timestamp);
	if (updateAt !== undefined) event.categoryUpdateAt = updateAt;
	finish(ctx, event, value);
	return true;
}

/** Readers by field; each returns false when the value lacks the template ID or its key word. */
export const TEMPLATE_READERS: ReadonlyMap<string, (ctx: ChangeContext, value: JsonObject) => boolean> = new Map([
	['message_template_status_update', statusEvent],
	['message_template_quality_update', qualityEvent],
	['template_category_update', categoryEvent],
]);
