/**
 * The trigger's event choice (the core's normalized event types, in a marketer's words) and the
 * turn from a verified webhook body into output items: one per event, carrying the normalized event
 * and the raw change it came from.
 */
import type { IDataObject, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { EVENT_TYPE_FIELDS, inputError, parseWebhook, WebhookEvent, WebhookEventType, WHATSAPP_WEBHOOK_OBJECT } from '../../../shared';

/** A Record over the core's union: a new event type in the core is a compile error until it is named here. */
export const EVENT_LABELS: Readonly<Record<WebhookEventType, { name: string; description: string }>> = {
	accountReview: { name: 'Account Review Decided', description: 'Meta approved or rejected the WhatsApp Business Account' },
	capabilityChanged: { name: 'Limits Changed', description: 'The messaging limit or the number of allowed phone numbers changed' },
	identityHashObserved: {
		name: 'Identity Hash Seen',
		description: "A person's identity hash arrived (store it per person and send it with the next message)",
	},
	identityMismatch: {
		name: 'Identity Mismatch (Error 137000)',
		description: "A message was not delivered because the recipient's WhatsApp identity changed",
	},
	inboundMessage: { name: 'Message Received', description: 'Someone sent a message to one of your numbers' },
	messageStatus: { name: 'Message Status Changed', description: 'A sent message was sent, delivered, read or failed' },
	nameReviewed: { name: 'Display Name Reviewed', description: 'Meta approved or rejected the display name of a number' },
	other: { name: 'Other Webhook', description: 'Anything else Meta sends (templates, flows…), passed through as is' },
	qualityChanged: { name: 'Quality Rating Changed', description: 'The quality rating or messaging limit of a number changed' },
	statusChanged: { name: 'Account Status Changed', description: 'The account was restricted, banned, disconnected or reconnected' },
	usernameChanged: { name: 'Business Username Changed', description: 'A business username was approved, reserved or removed' },
};

/** Kept equal to the trigger's literal default (the lint wants a literal there); a test checks it. */
export const DEFAULT_EVENTS: WebhookEventType[] = ['identityMismatch', 'nameReviewed', 'qualityChanged', 'statusChanged'];

export function eventOptions(): INodePropertyOptions[] {
	return (Object.keys(EVENT_LABELS) as WebhookEventType[])
		.map((type) => ({ name: EVENT_LABELS[type].name, value: type, description: EVENT_LABELS[type].description }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The subscription fields the chosen events need; every known field when nothing narrower applies. */
export function subscriptionFields(events: readonly string[]): string[] {
	const all = [...new Set(Object.values(EVENT_TYPE_FIELDS).flat())];
	const chosen = [...new Set(events.flatMap((type) => EVENT_TYPE_FIELDS[type as WebhookEventType] ?? []))];
	return (chosen.length && !events.includes('other') ? chosen : all).sort();
}

/** Comma, space or newline separated phone number IDs. */
export function parsePhoneNumberIds(text: unknown): Set<string> {
	return new Set(
		String(text ?? '')
			.split(/[\s,;]+/)
			.map((id) => id.trim())
			.filter(Boolean),
	);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Output items for a verified body. Each change is read on its own so every event can carry its
 * raw change; repeats (same dedupe key) within the body are dropped.
 *
 * @param events The chosen event types. @param phoneNumberIds Only these numbers (empty = all);
 *   events that name no phone number (account-level) always pass.
 * @throws WhatsAppError (invalid_input) when the body is not a WhatsApp webhook.
 */
export function eventItems(rawBody: Buffer | string, events: readonly string[], phoneNumberIds: ReadonlySet<string>): INodeExecutionData[] {
	// Validates the whole envelope first (the core's messages name what is wrong).
	parseWebhook(rawBody);
	const body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')) as Record<string, unknown>;
	if (body.object !== WHATSAPP_WEBHOOK_OBJECT) throw inputError('object', `is "${String(body.object)}".`, `Only ${WHATSAPP_WEBHOOK_OBJECT} webhooks are read here.`);
	const wanted = new Set(events);
	const seen = new Set<string>();
	const items: INodeExecutionData[] = [];
	for (const entry of Array.isArray(body.entry) ? body.entry : []) {
		if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
		for (const change of entry.changes) {
			const single = { object: body.object, entry: [{ ...entry, changes: [change] }] };
			for (const event of parseWebhook(single) as WebhookEvent[]) {
				if (seen.has(event.dedupeKey)) continue;
				seen.add(event.dedupeKey);
				if (!wanted.has(event.type)) continue;
				if (phoneNumberIds.size && event.phoneNumberId !== undefined && !phoneNumberIds.has(event.phoneNumberId)) continue;
				items.push({ json: { ...(event as unknown as IDataObject), change: change as IDataObject } });
			}
		}
	}
	return items;
}
