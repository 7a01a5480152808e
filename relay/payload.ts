/**
 * The body the relay POSTs to a subscriber's target URL (a Zapier hook URL, or any HTTP endpoint).
 * One event per POST, so a subscriber never has to split batches and a retry resends exactly one event.
 */
import type { WebhookEvent, WebhookEventType } from '../shared/webhooks/types';

export interface RelayDeliveryPayload {
	/** The event's dedupe key: the same on every retry and redelivery, different for different events. */
	id: string;
	type: WebhookEventType;
	/** The normalized event, as the core's parser produced it (`raw` holds Meta's own object). */
	event: WebhookEvent;
	subscription_id: string;
	/** Position in this subscriber's outbox; increases by one per event (gaps only after a removal). */
	sequence: number;
	/** 1 on the first attempt; higher on retries. */
	attempt: number;
	/** ISO 8601: when Meta's POST reached the relay. */
	received_at: string;
	/** ISO 8601: when this attempt was sent. */
	delivered_at: string;
}

/** Headers sent with every delivery, so a receiver can dedupe without parsing the body. */
export const DELIVERY_HEADERS = {
	eventId: 'x-relay-event-id',
	deliveryId: 'x-relay-delivery-id',
	attempt: 'x-relay-attempt',
} as const;
