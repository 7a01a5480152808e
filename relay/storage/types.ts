/**
 * What the relay keeps, and the one interface both databases implement (SQLite by default,
 * PostgreSQL when several relay instances share a database). Times are milliseconds since the epoch.
 */
import type { WebhookEvent, WebhookEventType } from '../../shared/webhooks/types';

/** A normalized event as received from Meta, with the relay's own sequence number. */
export interface StoredEvent {
	/** Increases with every stored event (across all types). */
	seq: number;
	dedupeKey: string;
	type: WebhookEventType;
	wabaId: string;
	phoneNumberId?: string;
	receivedAt: number;
	event: WebhookEvent;
}

export interface NewSubscription {
	targetUrl: string;
	/** The event types this subscriber wants (at least one). */
	eventTypes: WebhookEventType[];
	/** Only events of this phone number, when set. */
	phoneNumberId?: string;
	/** Only events of this WhatsApp Business Account, when set. */
	wabaId?: string;
	/** Which API key created it (a digest of the key, never the key), to hold the per-key limit. */
	apiKeyId?: string;
}

export interface Subscription extends NewSubscription {
	/** `sub_` followed by 24 hex characters. */
	id: string;
	createdAt: number;
}

/**
 * `pending`: waiting for its turn or its next attempt; `delivered`: the subscriber answered 2xx;
 * `parked`: failed too often, kept aside until someone retries it (never dropped silently).
 */
export type DeliveryState = 'pending' | 'delivered' | 'parked';

export const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'delivered', 'parked'];

/** One event on its way to one subscriber: a row of that subscriber's outbox. */
export interface Delivery {
	id: number;
	subscriptionId: string;
	/** Position in the subscriber's outbox (1, 2, 3, …); delivered in this order. */
	sequence: number;
	eventSeq: number;
	dedupeKey: string;
	eventType: WebhookEventType;
	state: DeliveryState;
	/** Attempts started so far (an attempt cut short by a crash counts too). */
	attempts: number;
	nextAttemptAt: number;
	lastStatus?: number;
	lastError?: string;
	createdAt: number;
	updatedAt: number;
	deliveredAt?: number;
}

/** A delivery leased to one worker, with what it needs to send it. */
export interface ClaimedDelivery {
	delivery: Delivery;
	subscription: Subscription;
	event: StoredEvent;
}

export interface IdentityHashRecord {
	phoneNumberId: string;
	/** The person's phone number, or their business-scoped user ID (BSUID) when Meta left the number out. */
	waId: string;
	/** The person's BSUID, when Meta gave one. */
	userId?: string;
	identityKeyHash: string;
	/** Where Meta showed it: an inbound message's contact, or a status webhook. */
	source: 'contact' | 'status';
	/** When Meta observed it (the webhook item's time, else when the relay received it). */
	observedAt: number;
	/** The event it came from. */
	dedupeKey: string;
	updatedAt: number;
}

export interface AcceptResult {
	/** New events stored. */
	stored: number;
	/** Events already stored earlier (Meta redeliveries), ignored. */
	duplicates: number;
	/** Outbox rows created for subscribers. */
	deliveriesQueued: number;
}

export interface ClaimOptions {
	now: number;
	/** The claim expires after this long, so a crashed instance's deliveries are picked up again. */
	leaseMs: number;
	/** Who holds the lease (one id per relay process). */
	owner: string;
	limit: number;
	/** Only this subscriber's outbox (the worker takes the next one right after a success). */
	subscriptionId?: string;
	/**
	 * Without `subscriptionId`: only subscribers whose last attempt succeeded (`healthy`) or failed
	 * (`failing`), so the worker can keep failing ones to a share of its slots; both by default.
	 */
	lane?: 'healthy' | 'failing';
}

/**
 * Whose subscriptions a caller may see and manage: those created with this API key (`apiKeyId`),
 * plus those from before subscriptions recorded their key. No owner: every subscription (admin keys).
 */
export interface Owner {
	apiKeyId: string;
}

/** Limits a new subscription must stay within. */
export interface SubscriptionLimits {
	/** Subscriptions one API key may hold (counted by `apiKeyId`). */
	maxPerKey: number;
}

/** `createSubscription` refused: the API key already holds `limit` subscriptions. */
export class SubscriptionLimitError extends Error {
	constructor(readonly limit: number) {
		super(`This API key already has ${limit} subscriptions, the relay's limit per key.`);
		this.name = 'SubscriptionLimitError';
	}
}

export interface FailOptions {
	now: number;
	owner: string;
	/** When to try again; ignored when `park` is true. */
	nextAttemptAt: number;
	park: boolean;
	status?: number;
	error: string;
}

export interface RelayStorage {
	readonly kind: 'sqlite' | 'postgres';
	/** Creates or upgrades the schema; safe to run on every start and from several instances at once. */
	migrate(): Promise<void>;
	/**
	 * In one transaction: stores the new events (dropping those whose dedupeKey is already stored),
	 * queues one delivery per matching subscriber at the end of its outbox, and keeps the latest
	 * identity hash from `identityHashObserved` events. Resolves only once committed. Its cost grows
	 * with the events and the subscriptions they match, not with the subscriptions that match nothing.
	 */
	acceptEvents(events: WebhookEvent[], receivedAt: number): Promise<AcceptResult>;
	/** Stores it with its routes (event type × phone number × WABA). @throws SubscriptionLimitError over `limits.maxPerKey`. */
	createSubscription(input: NewSubscription, now: number, limits?: SubscriptionLimits): Promise<Subscription>;
	/** The subscription, when it exists and `owner` may see it. */
	getSubscription(id: string, owner?: Owner): Promise<Subscription | undefined>;
	/** Removes the subscription and its outbox; false when it did not exist or `owner` may not see it. */
	deleteSubscription(id: string, owner?: Owner): Promise<boolean>;
	/** The subscriptions `owner` may see (every one without `owner`). */
	listSubscriptions(owner?: Owner): Promise<Subscription[]>;
	/** Newest first; of one type and one phone number when given. */
	recentEvents(query: { type?: WebhookEventType; phoneNumberId?: string; limit: number }): Promise<StoredEvent[]>;
	/**
	 * The latest identity hash of a person on a number, named by phone number or by BSUID: the newest
	 * of the hashes stored under either of their IDs (a person seen with and without their number).
	 */
	getIdentityHash(phoneNumberId: string, id: string): Promise<IdentityHashRecord | undefined>;
	/**
	 * Leases due deliveries: for each subscriber only the first pending delivery of its outbox, and
	 * only when no one else holds it, so each subscriber has at most one delivery in flight. Reads
	 * only subscriptions that are due, however many there are.
	 */
	claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
	/** Marks a delivery delivered and releases its lease. */
	completeDelivery(id: number, now: number, status: number): Promise<void>;
	/** Records a failed attempt: schedules the next one, or parks the delivery. */
	failDelivery(id: number, options: FailOptions): Promise<void>;
	/** The earliest time a first-in-outbox delivery becomes due (or its lease ends), if any. */
	nextDueAt(): Promise<number | undefined>;
	/** Newest first; only of subscriptions `owner` may see, when given. */
	listDeliveries(query: { state?: DeliveryState; subscriptionId?: string; owner?: Owner; limit: number }): Promise<Delivery[]>;
	/** Puts parked deliveries (of subscriptions `owner` may see) back in their outbox (due now, attempts reset); returns how many. */
	retryParked(query: { id?: number; subscriptionId?: string; owner?: Owner }, now: number): Promise<number>;
	/** Deletes delivered outbox rows and events older than `before` that nothing still needs. */
	prune(before: number): Promise<{ events: number; deliveries: number }>;
	close(): Promise<void>;
}
