/**
 * The delivery worker: sends each queued event to its subscriber, in outbox order, one at a time
 * per subscriber; retries with exponential backoff and jitter; parks a delivery after too many
 * failures; removes a subscriber that answers 410 Gone.
 */
import { randomBytes } from 'node:crypto';
import { HttpTransport, TransportFailure } from '../shared/runtime';
import { Clock, systemClock } from './clock';
import { DELIVERY_HEADERS, RelayDeliveryPayload } from './contract';
import type { ClaimedDelivery, RelayStorage } from './storage/types';

export interface DeliveryPolicy {
	/** After this many failed attempts a delivery is parked. */
	maxAttempts: number;
	/** Delay before the 2nd attempt; doubles with each further attempt. */
	baseDelayMs: number;
	/** No wait between attempts is longer than this (Retry-After included). */
	maxDelayMs: number;
	/** A subscriber that has not answered by then counts as failed. */
	timeoutMs: number;
	/** How long a claim lasts; longer than the timeout, so a live worker never loses its claim. */
	leaseMs: number;
	/** Deliveries in flight at once, across subscribers (each subscriber has at most one). */
	maxInFlight: number;
	/** How often to look for work when nothing woke the worker (other instances, expired leases). */
	idlePollMs: number;
	/** Delivered rows and events older than this are deleted (keep it above Meta's 7-day retry window). */
	retentionMs: number;
	pruneEveryMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
	maxAttempts: 12,
	baseDelayMs: 1_000,
	maxDelayMs: 60 * 60_000,
	timeoutMs: 10_000,
	leaseMs: 30_000,
	maxInFlight: 32,
	idlePollMs: 1_000,
	retentionMs: 8 * 24 * 60 * 60_000,
	pruneEveryMs: 60 * 60_000,
};

/**
 * The wait before the next attempt after `attempt` failed ones: base·2^(attempt−1), capped, with
 * "equal jitter" (half fixed, half random) so subscribers that failed together do not retry together.
 * A Retry-After from the subscriber is honoured up to the cap.
 */
export function retryDelayMs(attempt: number, policy: Pick<DeliveryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number, retryAfterMs?: number): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
	return retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header.trim());
	if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
	const date = Date.parse(header);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

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

export interface DeliveryWorkerOptions {
	storage: RelayStorage;
	transport: HttpTransport;
	clock?: Clock;
	random?: () => number;
	policy?: Partial<DeliveryPolicy>;
	/** Lease owner id; unique per process by default. */
	owner?: string;
	log?: (line: string) => void;
}

export class DeliveryWorker {
	readonly owner: string;
	readonly policy: DeliveryPolicy;
	private readonly storage: RelayStorage;
	private readonly transport: HttpTransport;
	private readonly clock: Clock;
	private readonly random: () => number;
	private readonly log: (line: string) => void;
	private readonly inFlight = new Set<Promise<void>>();
	private running = false;
	private loop?: Promise<void>;
	private wakeRequested = false;
	private idle?: AbortController;
	private lastPruneAt = 0;

	constructor(options: DeliveryWorkerOptions) {
		this.storage = options.storage;
		this.transport = options.transport;
		this.clock = options.clock ?? systemClock;
		this.random = options.random ?? Math.random;
		this.policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
		this.owner = options.owner ?? `relay-${process.pid}-${randomBytes(4).toString('hex')}`;
		this.log = options.log ?? (() => undefined);
	}

	/** Starts delivering in the background until `stop()`. */
	start(): void {
		if (this.running) return;
		this.running = true;
		this.loop = this.run();
	}

	/** New work may be due (events stored, a delivery finished, a parked one retried). */
	wake(): void {
		this.wakeRequested = true;
		this.idle?.abort();
	}

	/** Stops claiming, waits for the attempts in flight to finish (bounded by the timeout). */
	async stop(): Promise<void> {
		this.running = false;
		this.wake();
		await this.loop;
		await Promise.all([...this.inFlight]);
	}

	/**
	 * One round without the background loop (for tests and tools): claims what is due now, sends
	 * it and waits for the outcome. Returns how many deliveries were attempted.
	 */
	async runOnce(): Promise<number> {
		const claimed = await this.storage.claimDeliveries({ now: this.clock.now(), leaseMs: this.policy.leaseMs, owner: this.owner, limit: this.policy.maxInFlight });
		await Promise.all(claimed.map((item) => this.attempt(item)));
		return claimed.length;
	}

	/**
	 * Delivers one claimed delivery, then, while the subscriber keeps answering 2xx, the next ones of
	 * its outbox that are already due, without going back to the main loop.
	 */
	private async drainSubscriber(first: ClaimedDelivery): Promise<void> {
		let claimed: ClaimedDelivery | undefined = first;
		while (claimed) {
			const outcome = await this.attempt(claimed);
			if (outcome !== 'delivered' || !this.running) return;
			try {
				[claimed] = await this.storage.claimDeliveries({
					now: this.clock.now(),
					leaseMs: this.policy.leaseMs,
					owner: this.owner,
					limit: 1,
					subscriptionId: claimed.subscription.id,
				});
			} catch (error) {
				this.log(`delivery: could not read the outbox (${errorText(error)}); trying again shortly`);
				return;
			}
		}
	}

	private async run(): Promise<void> {
		while (this.running) {
			this.wakeRequested = false;
			let claimedAny = false;
			try {
				const free = this.policy.maxInFlight - this.inFlight.size;
				if (free > 0) {
					const claimed = await this.storage.claimDeliveries({ now: this.clock.now(), leaseMs: this.policy.leaseMs, owner: this.owner, limit: free });
					claimedAny = claimed.length > 0;
					for (const item of claimed) this.track(this.drainSubscriber(item));
				}
				await this.pruneWhenDue();
			} catch (error) {
				this.log(`delivery: could not read the outbox (${errorText(error)}); trying again shortly`);
			}
			if (!this.running) break;
			if ((claimedAny && this.inFlight.size < this.policy.maxInFlight) || this.wakeRequested) continue;
			await this.waitForWork();
		}
	}

	private track(promise: Promise<void>): void {
		this.inFlight.add(promise);
		void promise.finally(() => {
			this.inFlight.delete(promise);
			this.wake();
		});
	}

	private async waitForWork(): Promise<void> {
		let waitMs = this.policy.idlePollMs;
		if (this.inFlight.size < this.policy.maxInFlight) {
			try {
				const due = await this.storage.nextDueAt();
				if (due !== undefined) waitMs = Math.min(waitMs, Math.max(0, due - this.clock.now()));
			} catch {
				// The next round reports storage trouble.
			}
		}
		if (this.wakeRequested || !this.running) return;
		this.idle = new AbortController();
		await this.clock.sleep(waitMs, this.idle.signal);
		this.idle = undefined;
	}

	private async pruneWhenDue(): Promise<void> {
		const now = this.clock.now();
		if (now - this.lastPruneAt < this.policy.pruneEveryMs) return;
		this.lastPruneAt = now;
		const removed = await this.storage.prune(now - this.policy.retentionMs);
		if (removed.events || removed.deliveries) this.log(`retention: removed ${removed.deliveries} delivered outbox rows and ${removed.events} old events`);
	}

	/** One attempt; never throws (a storage failure leaves the lease to expire and the delivery is retried). */
	private async attempt(claimed: ClaimedDelivery): Promise<'delivered' | 'failed' | 'removed'> {
		const { delivery, subscription } = claimed;
		const label = `delivery ${delivery.id} (event ${claimed.event.dedupeKey}) to ${subscription.id}`;
		let status: number | undefined;
		let problem: string;
		let retryAfterMs: number | undefined;
		try {
			const response = await this.transport.send({
				method: 'POST',
				url: subscription.targetUrl,
				headers: {
					'content-type': 'application/json',
					'user-agent': 'whatsapp-numbers-relay',
					[DELIVERY_HEADERS.eventId]: claimed.event.dedupeKey,
					[DELIVERY_HEADERS.deliveryId]: String(delivery.id),
					[DELIVERY_HEADERS.attempt]: String(delivery.attempts),
				},
				body: JSON.stringify(deliveryPayload(claimed, this.clock.now())),
				timeoutMs: this.policy.timeoutMs,
			});
			status = response.status;
			if (status >= 200 && status < 300) {
				await this.storage.completeDelivery(delivery.id, this.clock.now(), status);
				this.log(`${label}: delivered (HTTP ${status}, attempt ${delivery.attempts})`);
				return 'delivered';
			}
			if (status === 410) {
				await this.storage.deleteSubscription(subscription.id);
				this.log(`${label}: the subscriber answered 410 Gone, so subscription ${subscription.id} was removed with its outbox`);
				return 'removed';
			}
			problem = `HTTP ${status}`;
			retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after'], this.clock.now()) : undefined;
		} catch (error) {
			// Also a storage failure right after a 2xx: the delivery is sent again later (at least once).
			problem = error instanceof TransportFailure ? `${error.message} (${error.reason})` : errorText(error);
		}
		try {
			const now = this.clock.now();
			const park = delivery.attempts >= this.policy.maxAttempts;
			const delay = retryDelayMs(delivery.attempts, this.policy, this.random, retryAfterMs);
			await this.storage.failDelivery(delivery.id, { now, owner: this.owner, nextAttemptAt: now + delay, park, status, error: problem });
			this.log(
				park
					? `${label}: attempt ${delivery.attempts} failed (${problem}); parked after ${delivery.attempts} attempts. Retry it with POST /deliveries/${delivery.id}/retry once the subscriber works again.`
					: `${label}: attempt ${delivery.attempts} failed (${problem}); next attempt in ${(delay / 1000).toFixed(1)} s`,
			);
		} catch (error) {
			this.log(`${label}: could not record the failed attempt (${errorText(error)}); it will be retried when its claim expires`);
		}
		return 'failed';
	}
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
