/** Stored records as the relay's API shows them (the shapes are in relay/contract.ts). */
import type { RelayEventJson, RelayIdentityHashJson, RelaySubscriptionJson } from '../../shared/relayContract';
import type { Delivery, IdentityHashRecord, StoredEvent, Subscription } from '../storage/types';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function subscriptionJson(subscription: Subscription): RelaySubscriptionJson {
	return {
		id: subscription.id,
		target_url: subscription.targetUrl,
		event_type: subscription.eventTypes.join(','),
		event_types: subscription.eventTypes,
		phone_number_id: subscription.phoneNumberId ?? null,
		waba_id: subscription.wabaId ?? null,
		created_at: iso(subscription.createdAt),
	};
}

/** Same shape as the delivery payload's `id`, `type`, `event`, `received_at`, so one converter serves both. */
export function eventJson(event: StoredEvent): RelayEventJson {
	return { id: event.dedupeKey, type: event.type, event: event.event, received_at: iso(event.receivedAt) };
}

export function deliveryJson(delivery: Delivery): Record<string, unknown> {
	return {
		id: delivery.id,
		subscription_id: delivery.subscriptionId,
		sequence: delivery.sequence,
		event_id: delivery.dedupeKey,
		event_type: delivery.eventType,
		state: delivery.state,
		attempts: delivery.attempts,
		next_attempt_at: delivery.state === 'pending' ? iso(delivery.nextAttemptAt) : null,
		last_status: delivery.lastStatus ?? null,
		last_error: delivery.lastError ?? null,
		created_at: iso(delivery.createdAt),
		delivered_at: iso(delivery.deliveredAt),
	};
}

export function identityHashJson(record: IdentityHashRecord): RelayIdentityHashJson {
	return {
		phone_number_id: record.phoneNumberId,
		wa_id: record.waId,
		user_id: record.userId ?? null,
		identity_key_hash: record.identityKeyHash,
		source: record.source,
		observed_at: iso(record.observedAt),
		updated_at: iso(record.updatedAt),
		event_id: record.dedupeKey,
	};
}
