/** The relay's deliveries and listed events (shared/relayContract.ts), turned into the Zaps' items. */
import type { RelayEventJson, WebhookErrorDetail, WebhookEvent, WebhookEventType } from '../../shared';

/** A relay delivery or a listed event: both carry `id`, `type`, `event` and `received_at`. */
export function isEnvelope(value: unknown): value is RelayEventJson {
	const candidate = value as Partial<RelayEventJson> | undefined;
	return !!candidate && typeof candidate === 'object' && typeof candidate.id === 'string' && !!candidate.event && typeof candidate.event === 'object' && typeof candidate.event.type === 'string';
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function toSnakeDeep(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(toSnakeDeep);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snake(key), toSnakeDeep(inner)]));
	return value;
}

/** Event fields in Zapier's snake_case; `raw` (Meta's own object) stays out of the item's top level. */
export function eventFields(event: WebhookEvent): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(event)) {
		if (key === 'raw' || key === 'dedupeKey' || key === 'type' || value === undefined) continue;
		out[snake(key)] = value && typeof value === 'object' ? toSnakeDeep(value) : value;
	}
	return out;
}

/** Where and when an event of a number happened: the fields a message, status or mismatch item ends with. */
export interface OriginFields {
	phone_number_id: string | null;
	display_phone_number: string | null;
	waba_id: string;
	occurred_at: string | null;
	received_at: string | null;
}

export function originFields(envelope: RelayEventJson): OriginFields {
	const { event } = envelope;
	return {
		phone_number_id: event.phoneNumberId ?? null,
		display_phone_number: event.displayPhoneNumber ?? null,
		waba_id: event.wabaId,
		occurred_at: event.occurredAt ?? null,
		received_at: envelope.received_at ?? null,
	};
}

/** The output fields of `originFields`; `occurred` says what happened at `occurred_at` ("Sent At", "Occurred At"). */
export function originOutputFields(occurred = 'Occurred At') {
	return [
		{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
		{ key: 'display_phone_number', label: 'Business Phone Number', type: 'string' },
		{ key: 'waba_id', label: 'WhatsApp Business Account ID', type: 'string' },
		{ key: 'occurred_at', label: occurred, type: 'datetime' },
		{ key: 'received_at', label: 'Received By Relay At', type: 'datetime' },
	];
}

/** Meta's first error of an event, as item fields (all null without one). */
export interface ErrorFields {
	error_code: number | null;
	error_title: string | null;
	error_message: string | null;
	error_details: string | null;
}

export function errorFields(error: WebhookErrorDetail | undefined): ErrorFields {
	return { error_code: error?.code ?? null, error_title: error?.title ?? null, error_message: error?.message ?? null, error_details: error?.details ?? null };
}

export const ERROR_OUTPUT_FIELDS = [
	{ key: 'error_code', label: 'Error Code', type: 'number' },
	{ key: 'error_title', label: 'Error Title', type: 'string' },
	{ key: 'error_message', label: 'Error Message', type: 'string' },
	{ key: 'error_details', label: 'Error Details', type: 'string' },
];

export interface IdentityMismatchItem extends OriginFields, ErrorFields {
	id: string;
	message_id: string;
	recipient_id: string | null;
	recipient_user_id: string | null;
	next_step: string;
}

/** A relay delivery (or listed event) of an identity mismatch → the trigger's item; undefined for anything else. */
export function identityMismatchItem(envelope: unknown): IdentityMismatchItem | undefined {
	if (!isEnvelope(envelope) || envelope.event.type !== 'identityMismatch') return undefined;
	const event = envelope.event;
	return {
		id: envelope.id,
		message_id: event.messageId,
		recipient_id: event.recipientId ?? null,
		recipient_user_id: event.recipientUserId ?? null,
		...errorFields(event.error),
		next_step: event.nextStep,
		...originFields(envelope),
	};
}

/** New Phone Number Event's choices → the normalized event types they stand for. */
export const PHONE_NUMBER_EVENT_CHOICES: Record<string, { label: string; type: WebhookEventType }> = {
	status: { label: 'Account Status Changed (restriction, ban, reconnection…)', type: 'statusChanged' },
	quality: { label: 'Quality or Messaging Limit Changed', type: 'qualityChanged' },
	name_review: { label: 'Display Name Reviewed', type: 'nameReviewed' },
	capability: { label: 'Business Capability Changed', type: 'capabilityChanged' },
};

export interface PhoneNumberEventItem extends Record<string, unknown> {
	id: string;
	event_type: string;
	type: WebhookEventType;
	waba_id: string;
	phone_number_id: string | null;
	occurred_at: string | null;
	received_at: string | null;
}

/** A relay delivery (or listed event) → the trigger's item; undefined when it is not one of `types`. */
export function phoneNumberEventItem(envelope: unknown, types: readonly WebhookEventType[]): PhoneNumberEventItem | undefined {
	if (!isEnvelope(envelope) || !types.includes(envelope.event.type)) return undefined;
	const choice = Object.entries(PHONE_NUMBER_EVENT_CHOICES).find(([, value]) => value.type === envelope.event.type)?.[0] ?? envelope.event.type;
	return {
		...eventFields(envelope.event),
		id: envelope.id,
		event_type: choice,
		type: envelope.event.type,
		waba_id: envelope.event.wabaId,
		phone_number_id: envelope.event.phoneNumberId ?? null,
		occurred_at: envelope.event.occurredAt ?? null,
		received_at: envelope.received_at ?? null,
	};
}
