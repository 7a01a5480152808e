/**
 * The trigger's event choice (the core's normalized event types, in a marketer's words) and the
 * turn from a verified webhook body into output items: one per event, carrying the normalized event
 * and the raw change it came from.
 */
import type { IDataObject, INode, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import {
	EVENT_TYPE_FIELDS,
	parseWebhookChanges,
	RejectedChangeEvent,
	WEBHOOK_EVENT_TYPES,
	WEBHOOK_EVENT_TYPES_V1,
	WebhookEventType,
	WebhookEventVersion,
} from '../../../shared';

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
	other: { name: 'Other Webhook', description: 'Anything else Meta sends (flows, calls…), passed through as is' },
	qualityChanged: { name: 'Quality Rating Changed', description: 'The quality rating or messaging limit of a number changed' },
	rejectedChange: {
		name: 'Unreadable Webhook Part',
		description: 'Part of a webhook could not be read safely (for example nested far too deeply) and was skipped; the rest was read',
	},
	statusChanged: { name: 'Account Status Changed', description: 'The account was restricted, banned, disconnected or reconnected' },
	templateCategoryChanged: { name: 'Template Category Changed', description: 'Meta announced or made a change of a message template\'s category' },
	templateQualityChanged: { name: 'Template Quality Changed', description: 'The quality score of a message template changed (green, yellow, red)' },
	templateStatusChanged: {
		name: 'Template Status Changed',
		description: 'A message template was approved, rejected, paused, disabled or otherwise changed status',
	},
	userIdChanged: {
		name: 'User ID Changed',
		description: "A person's business-scoped user ID (BSUID) changed, with their new phone number when they share it",
	},
	usernameChanged: { name: 'Business Username Changed', description: 'A business username was approved, reserved or removed' },
};

/** Version 1 of the trigger words `other` as it was (templates came through it then). */
const V1_LABELS: Partial<Record<WebhookEventType, { name: string; description: string }>> = {
	other: { name: 'Other Webhook', description: 'Anything else Meta sends (templates, flows…), passed through as is' },
};

/** The core's event version a trigger version reads with: version 1 keeps the events of its release. */
export function eventVersionOf(node: Pick<INode, 'typeVersion'>): WebhookEventVersion {
	return node.typeVersion >= 2 ? 2 : 1;
}

const typesOf = (version: WebhookEventVersion): readonly WebhookEventType[] => (version === 1 ? WEBHOOK_EVENT_TYPES_V1 : WEBHOOK_EVENT_TYPES);

/** Kept equal to the trigger's literal default (the lint wants a literal there); a test checks it. */
export const DEFAULT_EVENTS: WebhookEventType[] = ['identityMismatch', 'nameReviewed', 'qualityChanged', 'statusChanged'];

/** The choices of "Trigger On" for a version of the trigger. */
export function eventOptions(version: WebhookEventVersion): INodePropertyOptions[] {
	return typesOf(version)
		.map((type) => {
			const label = (version === 1 ? V1_LABELS[type] : undefined) ?? EVENT_LABELS[type];
			return { name: label.name, value: type, description: label.description };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The subscription fields the chosen events need; every field the version's events know when nothing narrower applies. */
export function subscriptionFields(events: readonly string[], version: WebhookEventVersion = 2): string[] {
	const types = typesOf(version);
	const all = [...new Set(types.flatMap((type) => EVENT_TYPE_FIELDS[type]))];
	const chosen = [...new Set(events.flatMap((type) => (types.includes(type as WebhookEventType) ? EVENT_TYPE_FIELDS[type as WebhookEventType] : [])))];
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

/** Output items of a verified body, and the changes that could not be read (to log whatever was chosen). */
export interface TriggerOutput {
	items: INodeExecutionData[];
	rejected: RejectedChangeEvent[];
}

/**
 * Output items for a verified body: one per chosen event, each with the raw change it came from
 * (null for a rejected change, which cannot be passed on safely). The core drops repeats within
 * the body.
 *
 * @param events The chosen event types. @param phoneNumberIds Only these numbers (empty = all);
 *   events that name no phone number (account-level) always pass.
 * @param version The core's event version (eventVersionOf the node).
 * @throws WhatsAppError (invalid_input) when the body is not a WhatsApp webhook.
 */
export function eventItems(rawBody: Buffer | string, events: readonly string[], phoneNumberIds: ReadonlySet<string>, version: WebhookEventVersion = 2): TriggerOutput {
	const wanted = new Set(events);
	const output: TriggerOutput = { items: [], rejected: [] };
	for (const { change, events: found } of parseWebhookChanges(rawBody, { eventVersion: version })) {
		for (const event of found) {
			if (event.type === 'rejectedChange') output.rejected.push(event);
			if (!wanted.has(event.type)) continue;
			if (phoneNumberIds.size && event.phoneNumberId !== undefined && !phoneNumberIds.has(event.phoneNumberId)) continue;
			output.items.push({ json: { ...(event as unknown as IDataObject), change: (change ?? null) as IDataObject | null } });
		}
	}
	return output;
}
