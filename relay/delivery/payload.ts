/** What one delivery attempt sends: the JSON body and the headers (relay/contract.ts). */
import { createHash } from 'node:crypto';
import { DELIVERY_HEADERS, MAX_EVENT_ID_HEADER_LENGTH, RelayDeliveryPayload } from '../../shared/relayContract';
import type { ClaimedDelivery } from '../storage/types';

/** The JSON body of one delivery attempt. */
export function deliveryPayload(claimed: ClaimedDelivery, now: number): RelayDeliveryPayload {
	return {
		id: claimed.event.dedupeKey,
		type: claimed.event.type,
		event: claimed.event.event,
		subscription_id: claimed.subscription.id,
		sequence: claimed.delivery.sequence,
		attempt: claimed.delivery.attempts,
		received_at: new Date(claimed.event.receivedAt).toISOString(),
		delivered_at: new Date(now).toISOString(),
	};
}

/**
 * The event id as a header value: itself when it is short printable ASCII, else
 * `sha256:<base64url>` of it. Event ids come from Meta's payload: a character outside Latin-1
 * makes Node refuse the header, and a very long one makes servers answer 431, on every attempt.
 */
export function eventIdHeader(id: string): string {
	return id.length <= MAX_EVENT_ID_HEADER_LENGTH && /^[\x21-\x7e]+$/.test(id) ? id : `sha256:${createHash('sha256').update(id, 'utf8').digest('base64url')}`;
}

export function deliveryHeaders(claimed: ClaimedDelivery): Record<string, string> {
	return {
		'content-type': 'application/json',
		'user-agent': 'whatsapp-numbers-relay',
		[DELIVERY_HEADERS.eventId]: eventIdHeader(claimed.event.dedupeKey),
		[DELIVERY_HEADERS.deliveryId]: String(claimed.delivery.id),
		[DELIVERY_HEADERS.attempt]: String(claimed.delivery.attempts),
	};
}
