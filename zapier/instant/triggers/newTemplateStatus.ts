/**
 * New Template Status: Meta reviewed, paused, disabled, rescored or recategorized one of your message
 * templates (relayed from the app's template webhooks, docs/meta-templates.md §6). Templates belong
 * to the connection's WhatsApp Business Account, so the Zap subscribes to that account's only.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { TEMPLATE_STATUS_WORDS, WebhookEventType } from '../../../shared';
import { hookOperation } from '../hooks';
import { isEnvelope } from '../mappers';

/** Choices of the Event filter beyond the status words: a new quality score, a new category. */
const QUALITY_CHOICE = 'quality_changed';
const CATEGORY_CHOICE = 'category_changed';

const EVENT_CHOICES: Array<{ value: string; label: string }> = [
	...TEMPLATE_STATUS_WORDS.map((word) => ({ value: word.toLowerCase(), label: `Status: ${word.charAt(0)}${word.slice(1).toLowerCase().replace(/_/g, ' ')}` })),
	{ value: QUALITY_CHOICE, label: 'Quality Score Changed' },
	{ value: CATEGORY_CHOICE, label: 'Category Changed' },
];

const ALL_TYPES: WebhookEventType[] = ['templateStatusChanged', 'templateQualityChanged', 'templateCategoryChanged'];

interface TemplateStatusSettings {
	eventTypes: WebhookEventType[];
	/** Status words (upper case) chosen; empty with templateStatusChanged among the types = every status. */
	statuses: Set<string>;
	/** Template names (lower case); empty = every template. */
	names: Set<string>;
}

function listInput(value: unknown): string[] {
	return (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).map((item) => String(item).trim()).filter(Boolean);
}

/** The step's filters, checked: event choices and template names. */
function settings(z: ZObject, bundle: Bundle): TemplateStatusSettings {
	const events = listInput(bundle.inputData?.events).map((value) => value.toLowerCase());
	const unknown = events.find((value) => !EVENT_CHOICES.some((choice) => choice.value === value));
	if (unknown !== undefined) {
		throw new z.errors.Error(`Event "${unknown}" is not one of the choices. Pick from: ${EVENT_CHOICES.map((choice) => choice.value).join(', ')} (or none for all).`, 'InvalidInput', 400);
	}
	const statuses = new Set(events.filter((value) => value !== QUALITY_CHOICE && value !== CATEGORY_CHOICE).map((value) => value.toUpperCase()));
	const eventTypes: WebhookEventType[] = events.length ? [] : [...ALL_TYPES];
	if (statuses.size) eventTypes.push('templateStatusChanged');
	if (events.includes(QUALITY_CHOICE)) eventTypes.push('templateQualityChanged');
	if (events.includes(CATEGORY_CHOICE)) eventTypes.push('templateCategoryChanged');
	return { eventTypes, statuses, names: new Set(listInput(bundle.inputData?.template_names).map((name) => name.toLowerCase())) };
}

export interface TemplateStatusItem {
	id: string;
	/** status, quality or category. */
	change: string;
	type: WebhookEventType;
	template_id: string;
	template_name: string | null;
	template_language: string | null;
	status: string | null;
	reason: string | null;
	rejection_reason: string | null;
	rejection_recommendation: string | null;
	pause_title: string | null;
	pause_description: string | null;
	disable_date: string | null;
	category: string | null;
	previous_category: string | null;
	correct_category: string | null;
	category_update_at: string | null;
	quality_score: string | null;
	previous_quality_score: string | null;
	waba_id: string;
	occurred_at: string | null;
	received_at: string | null;
}

/** A relay delivery (or listed event) of a template change → the trigger's item; undefined when the step's filters leave it out. */
export function templateStatusItem(envelope: unknown, chosen: TemplateStatusSettings): TemplateStatusItem | undefined {
	if (!isEnvelope(envelope) || !chosen.eventTypes.includes(envelope.event.type)) return undefined;
	const event = envelope.event;
	if (event.type !== 'templateStatusChanged' && event.type !== 'templateQualityChanged' && event.type !== 'templateCategoryChanged') return undefined;
	if (chosen.names.size && !chosen.names.has((event.templateName ?? '').toLowerCase())) return undefined;
	if (event.type === 'templateStatusChanged' && chosen.statuses.size && !chosen.statuses.has(event.event.toUpperCase())) return undefined;
	const status = event.type === 'templateStatusChanged' ? event : undefined;
	const quality = event.type === 'templateQualityChanged' ? event : undefined;
	const recategorized = event.type === 'templateCategoryChanged' ? event : undefined;
	return {
		id: envelope.id,
		change: status ? 'status' : quality ? 'quality' : 'category',
		type: event.type,
		template_id: event.templateId,
		template_name: event.templateName ?? null,
		template_language: event.templateLanguage ?? null,
		status: status?.event ?? null,
		reason: status?.reason ?? null,
		rejection_reason: status?.rejectionInfo?.reason ?? null,
		rejection_recommendation: status?.rejectionInfo?.recommendation ?? null,
		pause_title: status?.otherInfo?.title ?? null,
		pause_description: status?.otherInfo?.description ?? null,
		disable_date: status?.disableDate ?? null,
		category: status?.category ?? recategorized?.category ?? null,
		previous_category: recategorized?.previousCategory ?? null,
		correct_category: recategorized?.correctCategory ?? null,
		category_update_at: recategorized?.categoryUpdateAt ?? null,
		quality_score: quality?.qualityScore ?? null,
		previous_quality_score: quality?.previousQualityScore ?? null,
		waba_id: event.wabaId,
		occurred_at: event.occurredAt ?? null,
		received_at: envelope.received_at ?? null,
	};
}

export const newTemplateStatus = {
	key: 'new_template_status',
	noun: 'Template Status',
	display: {
		label: 'New Template Status',
		description:
			"Triggers instantly when Meta approves, rejects, pauses or disables one of your message templates, changes its quality score or its category. Needs the relay (Relay URL in the connection) as the app's callback URL.",
	},
	operation: {
		inputFields: [
			{
				key: 'events',
				label: 'Events',
				type: 'string',
				required: false,
				list: true,
				choices: EVENT_CHOICES.map((choice) => ({ ...choice, sample: choice.value })),
				helpText: 'Which changes start the Zap, e.g. **Status: Rejected** and **Status: Paused**. Leave empty for every status, quality and category change.',
			},
			{
				key: 'template_names',
				label: 'Template Names',
				type: 'string',
				required: false,
				list: true,
				placeholder: 'order_confirmation',
				helpText: 'Only these templates (their names, e.g. order_confirmation). Leave empty for every template of the account.',
			},
		],
		...hookOperation({ settings, item: templateStatusItem, ignored: 'not a template change the step asks for', scope: { connectionAccount: true } }),
		sample: {
			id: 'templateStatusChanged:message_template_status_update:1W7nYk0lq3sZb8TgE4fR2x',
			change: 'status',
			type: 'templateStatusChanged',
			template_id: '1689556908129835',
			template_name: 'abandoned_cart',
			template_language: 'en_US',
			status: 'REJECTED',
			reason: 'INVALID_FORMAT',
			rejection_reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
			rejection_recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
			pause_title: null,
			pause_description: null,
			disable_date: null,
			category: 'MARKETING',
			previous_category: null,
			correct_category: null,
			category_update_at: null,
			quality_score: null,
			previous_quality_score: null,
			waba_id: '102290129340398',
			occurred_at: '2026-06-28T19:34:48.000Z',
			received_at: '2026-06-28T19:34:49.120Z',
		} satisfies TemplateStatusItem,
		outputFields: [
			{ key: 'id', label: 'Event ID', type: 'string', primary: true },
			{ key: 'change', label: 'What Changed (status, quality or category)', type: 'string' },
			{ key: 'type', label: 'Event Type (Technical)', type: 'string' },
			{ key: 'template_id', label: 'Template ID', type: 'string' },
			{ key: 'template_name', label: 'Template Name', type: 'string' },
			{ key: 'template_language', label: 'Template Language', type: 'string' },
			{ key: 'status', label: 'New Status (APPROVED, REJECTED, PAUSED, DISABLED…)', type: 'string' },
			{ key: 'reason', label: 'Rejection Reason Code', type: 'string' },
			{ key: 'rejection_reason', label: 'Rejection Explanation', type: 'string' },
			{ key: 'rejection_recommendation', label: 'How To Fix It', type: 'string' },
			{ key: 'pause_title', label: 'Pause or Disable Notice (FIRST_PAUSE, SECOND_PAUSE, DISABLED…)', type: 'string' },
			{ key: 'pause_description', label: 'Pause or Disable Explanation', type: 'string' },
			{ key: 'disable_date', label: 'Disabled At', type: 'string' },
			{ key: 'category', label: 'Category', type: 'string' },
			{ key: 'previous_category', label: 'Previous Category', type: 'string' },
			{ key: 'correct_category', label: 'Upcoming Category', type: 'string' },
			{ key: 'category_update_at', label: 'Category Changes At', type: 'datetime' },
			{ key: 'quality_score', label: 'Quality Score (GREEN, YELLOW, RED, UNKNOWN)', type: 'string' },
			{ key: 'previous_quality_score', label: 'Previous Quality Score', type: 'string' },
			{ key: 'waba_id', label: 'WhatsApp Business Account ID', type: 'string' },
			{ key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
			{ key: 'received_at', label: 'Received By Relay At', type: 'datetime' },
		],
	},
};
