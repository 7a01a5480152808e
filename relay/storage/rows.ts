/**
 * Rows to objects. Both databases use the same column names; PostgreSQL returns BIGINTs (and
 * COUNTs) as strings, hence the Number() everywhere.
 */
import type { WebhookEvent, WebhookEventType } from '../../shared/webhooks/types';
import type { Delivery, DeliveryState, IdentityHashRecord, StoredEvent, Subscription } from './types';

export type Row = Record<string, unknown>;

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
	const subscription: Subscription = {
		id: String(row.id),
		targetUrl: String(row.target_url),
		eventTypes: JSON.parse(String(row.event_types)) as WebhookEventType[],
		phoneNumberId: optionalString(row.phone_number_id),
		wabaId: optionalString(row.waba_id),
		createdAt: Number(row.created_at),
	};
	const apiKeyId = optionalString(row.api_key_id);
	if (apiKeyId !== undefined) subscription.apiKeyId = apiKeyId;
	return subscription;
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
	const record: IdentityHashRecord = {
		phoneNumberId: String(row.phone_number_id),
		waId: String(row.wa_id),
		identityKeyHash: String(row.identity_key_hash),
		source: String(row.source) as IdentityHashRecord['source'],
		observedAt: Number(row.observed_at),
		dedupeKey: String(row.dedupe_key),
		updatedAt: Number(row.updated_at),
	};
	const userId = optionalString(row.user_id);
	if (userId !== undefined) record.userId = userId;
	return record;
}

/** A claimed delivery's row (statements.ts `claimed`): the delivery, its subscription and its event. */
export function claimedFromRow(row: Row) {
	return {
		delivery: deliveryFromRow(row),
		subscription: subscriptionFromRow({
			id: row.subscription_id,
			target_url: row.s_target_url,
			event_types: row.s_event_types,
			phone_number_id: row.s_phone_number_id,
			waba_id: row.s_waba_id,
			created_at: row.s_created_at,
			api_key_id: row.s_api_key_id,
		}),
		event: eventFromRow({
			seq: row.e_seq,
			dedupe_key: row.dedupe_key,
			type: row.event_type,
			waba_id: row.e_waba_id,
			phone_number_id: row.e_phone_number_id,
			received_at: row.e_received_at,
			payload: row.e_payload,
		}),
	};
}
