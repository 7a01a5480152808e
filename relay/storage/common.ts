/**
 * Pieces both storage implementations share: the schema version, subscriber matching, ids and
 * row mapping (both databases use the same column names; PostgreSQL returns BIGINTs as strings).
 */
import { randomBytes } from 'node:crypto';
import type { WebhookEvent, WebhookEventType } from '../../shared/webhooks/types';
import type { Delivery, DeliveryState, IdentityHashRecord, StoredEvent, Subscription } from './types';

/** Bumped with each migration; both implementations keep their list of migrations in step. */
export const SCHEMA_VERSION = 1;

export function newSubscriptionId(): string {
	return `sub_${randomBytes(12).toString('hex')}`;
}

/** Does this subscriber want this event? */
export function subscriptionMatches(subscription: Subscription, event: WebhookEvent): boolean {
	if (!subscription.eventTypes.includes(event.type)) return false;
	if (subscription.phoneNumberId && subscription.phoneNumberId !== event.phoneNumberId) return false;
	if (subscription.wabaId && subscription.wabaId !== event.wabaId) return false;
	return true;
}

/** The identity hash an event carries, when it is one the relay should remember. */
export function observedIdentityHash(event: WebhookEvent, receivedAt: number): Omit<IdentityHashRecord, 'updatedAt'> | undefined {
	if (event.type !== 'identityHashObserved' || !event.phoneNumberId || !event.waId || !event.identityKeyHash) return undefined;
	const occurred = event.occurredAt ? Date.parse(event.occurredAt) : Number.NaN;
	return {
		phoneNumberId: event.phoneNumberId,
		waId: event.waId,
		identityKeyHash: event.identityKeyHash,
		source: event.source,
		observedAt: Number.isFinite(occurred) ? occurred : receivedAt,
		dedupeKey: event.dedupeKey,
	};
}

type Row = Record<string, unknown>;

const optionalString = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));
const optionalNumber = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

export function eventFromRow(row: Row): StoredEvent {
	return {
		seq: Number(row.seq),
		dedupeKey: String(row.dedupe_key),
		type: String(row.type) as WebhookEventType,
		wabaId: String(row.waba_id),
		phoneNumberId: optionalString(row.phone_number_id),
		receivedAt: Number(row.received_at),
		event: JSON.parse(String(row.payload)) as WebhookEvent,
	};
}

export function subscriptionFromRow(row: Row): Subscription {
	return {
		id: String(row.id),
		targetUrl: String(row.target_url),
		eventTypes: JSON.parse(String(row.event_types)) as WebhookEventType[],
		phoneNumberId: optionalString(row.phone_number_id),
		wabaId: optionalString(row.waba_id),
		createdAt: Number(row.created_at),
	};
}

export function deliveryFromRow(row: Row): Delivery {
	return {
		id: Number(row.id),
		subscriptionId: String(row.subscription_id),
		sequence: Number(row.sequence),
		eventSeq: Number(row.event_seq),
		dedupeKey: String(row.dedupe_key),
		eventType: String(row.event_type) as WebhookEventType,
		state: String(row.state) as DeliveryState,
		attempts: Number(row.attempts),
		nextAttemptAt: Number(row.next_attempt_at),
		lastStatus: optionalNumber(row.last_status),
		lastError: optionalString(row.last_error),
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at),
		deliveredAt: optionalNumber(row.delivered_at),
	};
}

export function identityHashFromRow(row: Row): IdentityHashRecord {
	return {
		phoneNumberId: String(row.phone_number_id),
		waId: String(row.wa_id),
		identityKeyHash: String(row.identity_key_hash),
		source: String(row.source) as IdentityHashRecord['source'],
		observedAt: Number(row.observed_at),
		dedupeKey: String(row.dedupe_key),
		updatedAt: Number(row.updated_at),
	};
}

/** Columns of a delivery joined with its event (the event's dedupe key and type). */
export const DELIVERY_COLUMNS =
	'd.id, d.subscription_id, d.sequence, d.event_seq, e.dedupe_key, e.type AS event_type, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.updated_at, d.delivered_at';

/** The error text stored with a failed attempt: short, and never the target URL (Zapier hook URLs are secrets). */
export function clip(text: string, max = 500): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
