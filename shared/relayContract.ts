/**
 * The relay's HTTP contract, the one definition both sides use: the relay (relay/) and the Zapier
 * app's instant triggers and search (zapier/instant/). Types and constants only, and here rather
 * than in relay/ so the Zapier app (which ships dist/zapier and dist/shared) pulls in no server
 * code. Exported from shared/index.ts like the rest of the core, so shells import it from there.
 */
import type { WebhookEvent, WebhookEventType } from './webhooks/types';

export { WEBHOOK_EVENT_TYPES } from './webhooks/types';
export type { WebhookEvent, WebhookEventType };

/** Paths of the relay. `:id`-style parts are filled with `relayPath`. */
export const RELAY_PATHS = {
	metaWebhook: '/meta/webhook',
	metaConfigure: '/meta/configure',
	health: '/health',
	subscriptions: '/subscriptions',
	subscription: '/subscriptions/:id',
	events: '/events',
	identityHash: '/identity-hashes/:phoneNumberId/:waId',
	deliveries: '/deliveries',
	deliveryRetry: '/deliveries/:id/retry',
	deliveriesRetry: '/deliveries/retry',
} as const;

/** A relay path with its `:name` parts filled in (URL-encoded). */
export function relayPath(template: string, parameters: Record<string, string | number> = {}): string {
	return template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(parameters[name] ?? '')));
}

/** Header carrying one of the relay's API keys on the subscription API. */
export const API_KEY_HEADER = 'x-api-key';

/** Headers sent with every delivery, so a receiver can dedupe without parsing the body. */
export const DELIVERY_HEADERS = {
	/**
	 * The event's `id` when it is printable ASCII of at most MAX_EVENT_ID_HEADER_LENGTH characters,
	 * else `sha256:<base64url digest of the id>`: the same on every attempt either way.
	 */
	eventId: 'x-relay-event-id',
	deliveryId: 'x-relay-delivery-id',
	attempt: 'x-relay-attempt',
} as const;

/** Longest event id sent as is in `X-Relay-Event-Id` (servers refuse headers of a few KB with 431). */
export const MAX_EVENT_ID_HEADER_LENGTH = 256;

/** Largest `limit` on list endpoints. */
export const MAX_LIST_LIMIT = 100;

/**
 * The body the relay POSTs to a subscriber's target URL (a Zapier hook URL, or any HTTP endpoint).
 * One event per POST, so a subscriber never has to split batches and a retry resends exactly one event.
 */
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

/** One item of `GET /events`: the same fields as a delivery's `id`, `type`, `event`, `received_at`. */
export interface RelayEventJson {
	id: string;
	type: WebhookEventType;
	event: WebhookEvent;
	received_at: string | null;
}

/** `POST /subscriptions` body. */
export interface RelaySubscriptionRequest {
	target_url: string;
	/** One type, a comma-separated list, or an array. */
	event_type: string | string[];
	phone_number_id?: string;
	waba_id?: string;
}

/** A subscription as `POST /subscriptions` and `GET /subscriptions` answer it. */
export interface RelaySubscriptionJson {
	id: string;
	target_url: string;
	event_type: string;
	event_types: WebhookEventType[];
	phone_number_id: string | null;
	waba_id: string | null;
	created_at: string | null;
}

/** `GET /identity-hashes/:phoneNumberId/:waId`, the person named by phone number or business-scoped user ID. */
export interface RelayIdentityHashJson {
	phone_number_id: string;
	/** The phone number the hash was stored under, or the BSUID when Meta left the number out. */
	wa_id: string;
	/** The person's business-scoped user ID (BSUID), when Meta gave one. */
	user_id: string | null;
	identity_key_hash: string;
	source: 'contact' | 'status';
	observed_at: string | null;
	updated_at: string | null;
	event_id: string;
}

/** Every error answer of the relay. */
export interface RelayErrorJson {
	error: { code: string; message: string };
}
