/**
 * The delivery worker: sends each queued event to its subscriber, in outbox order, one at a time
 * per subscriber; retries with exponential backoff and jitter; parks a delivery after too many
 * failures, or at once when its failure can never turn into a success; removes a subscriber that
 * answers 410 Gone.
 *
 * Every attempt ends by its deadline (policy.timeoutMs; the worker's own clock stops it shortly
 * after, whatever the transport does), well inside its lease, so a delivery is never held twice; a subscriber whose
 * previous request is somehow still open gets no second one. Slots: an attempt counts against
 * maxInFlight until it is slow (slowAfterMs), and subscribers whose last attempt failed hold at most
 * maxFailingInFlight attempts, so slow or failing subscribers cannot starve healthy ones.
 */
import { randomBytes } from 'node:crypto';
import { HttpResponse, HttpTransport, TransportFailure } from '../../shared/runtime';
import { Clock, systemClock } from '../clock';
import type { ClaimedDelivery, ClaimOptions, RelayStorage } from '../storage/types';
import { deliveryHeaders, deliveryPayload } from './payload';
import { checkPolicy, DEADLINE_GRACE_MS, DEFAULT_DELIVERY_POLICY, DeliveryPolicy, MAX_OPEN_FACTOR, parseRetryAfter, permanentProblem, retryDelayMs } from './policy';

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

type Lane = 'healthy' | 'failing';
type Outcome = 'delivered' | 'failed' | 'removed';

/** A request to a subscriber that has not settled yet (kept past its deadline until it does). */
interface OpenAttempt {
	startedAt: number;
	lane: Lane;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

export class DeliveryWorker {
	readonly owner: string;
	readonly policy: DeliveryPolicy;
	private readonly storage: RelayStorage;
	private readonly transport: HttpTransport;
	private readonly clock: Clock;
	private readonly random: () => number;
	private readonly log: (line: string) => void;
	/** Subscription id → its open request. */
	private readonly open = new Map<string, OpenAttempt>();
	/** Drain loops in progress (awaited by `stop`). */
	private readonly tasks = new Set<Promise<void>>();
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
		checkPolicy(this.policy);
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

	/** Stops claiming, waits for the attempts in flight to finish (bounded by their deadline). */
	async stop(): Promise<void> {
		this.running = false;
		this.wake();
		await this.loop;
		await Promise.all([...this.tasks]);
	}

	/**
	 * One round without the background loop (for tests and tools): claims what is due now, sends
	 * it and waits for the outcome. Returns how many deliveries were attempted.
	 */
	async runOnce(): Promise<number> {
		const claimed = await this.claim({ limit: this.policy.maxInFlight });
		await Promise.all(claimed.map((item) => this.attempt(item, item.delivery.attempts > 1 ? 'failing' : 'healthy')));
		return claimed.length;
	}

	private claim(options: Pick<ClaimOptions, 'limit' | 'lane' | 'subscriptionId'>): Promise<ClaimedDelivery[]> {
		return this.storage.claimDeliveries({ now: this.clock.now(), leaseMs: this.policy.leaseMs, owner: this.owner, ...options });
	}

	/** Open attempts that still take a slot (not yet slow), and those of failing subscribers. */
	private usage(now: number): { counting: number; failing: number; nextSlowAt: number | undefined } {
		let counting = 0;
		let failing = 0;
		let nextSlowAt: number | undefined;
		for (const attempt of this.open.values()) {
			if (attempt.lane === 'failing') failing++;
			const slowAt = attempt.startedAt + this.policy.slowAfterMs;
			if (slowAt > now) {
				counting++;
				nextSlowAt = nextSlowAt === undefined ? slowAt : Math.min(nextSlowAt, slowAt);
			}
		}
		return { counting, failing, nextSlowAt };
	}

	/** How many new attempts may start now, in all and for failing subscribers. */
	private room(): { total: number; failing: number } {
		const { counting, failing } = this.usage(this.clock.now());
		const total = Math.max(0, Math.min(this.policy.maxInFlight - counting, this.policy.maxInFlight * MAX_OPEN_FACTOR - this.open.size));
		return { total, failing: Math.max(0, Math.min(total, this.policy.maxFailingInFlight - failing)) };
	}

	private async run(): Promise<void> {
		while (this.running) {
			this.wakeRequested = false;
			let claimedAll = false;
			try {
				const room = this.room();
				if (room.total > 0) {
					// Failing subscribers first, within their share, so they are retried on time; healthy ones take the rest.
					const failing = room.failing > 0 ? await this.claim({ lane: 'failing', limit: room.failing }) : [];
					const healthy = room.total > failing.length ? await this.claim({ lane: 'healthy', limit: room.total - failing.length }) : [];
					for (const item of failing) this.track(this.drainSubscriber(item, 'failing'));
					for (const item of healthy) this.track(this.drainSubscriber(item, 'healthy'));
					// A full claim may have left more due work behind.
					claimedAll = failing.length + healthy.length > 0 && failing.length + healthy.length === room.total;
				}
				await this.pruneWhenDue();
			} catch (error) {
				this.log(`delivery: could not read the outbox (${errorText(error)}); trying again shortly`);
			}
			if (!this.running) break;
			if (this.wakeRequested || (claimedAll && this.room().total > 0)) continue;
			await this.waitForWork();
		}
	}

	/**
	 * Delivers one claimed delivery, then, while the subscriber keeps answering 2xx, the next ones of
	 * its outbox that are already due, without going back to the main loop.
	 */
	private async drainSubscriber(first: ClaimedDelivery, lane: Lane): Promise<void> {
		let claimed: ClaimedDelivery | undefined = first;
		let currentLane = lane;
		while (claimed) {
			const outcome = await this.attempt(claimed, currentLane);
			if (outcome !== 'delivered' || !this.running) return;
			currentLane = 'healthy';
			try {
				[claimed] = await this.claim({ limit: 1, subscriptionId: claimed.subscription.id });
			} catch (error) {
				this.log(`delivery: could not read the outbox (${errorText(error)}); trying again shortly`);
				return;
			}
		}
	}

	private track(promise: Promise<void>): void {
		this.tasks.add(promise);
		void promise.finally(() => {
			this.tasks.delete(promise);
			this.wake();
		});
	}

	private async waitForWork(): Promise<void> {
		const now = this.clock.now();
		let waitMs = this.policy.idlePollMs;
		// An attempt turning slow frees its slot.
		const { nextSlowAt } = this.usage(now);
		if (nextSlowAt !== undefined) waitMs = Math.min(waitMs, nextSlowAt - now);
		if (this.room().total > 0) {
			try {
				const due = await this.storage.nextDueAt();
				if (due !== undefined) waitMs = Math.min(waitMs, Math.max(0, due - this.clock.now()));
			} catch {
				// The next round reports storage trouble.
			}
		}
		if (this.wakeRequested || !this.running) return;
		this.idle = new AbortController();
		await this.clock.sleep(Math.max(0, waitMs), this.idle.signal);
		this.idle = undefined;
	}

	private async pruneWhenDue(): Promise<void> {
		const now = this.clock.now();
		if (now - this.lastPruneAt < this.policy.pruneEveryMs) return;
		this.lastPruneAt = now;
		const removed = await this.storage.prune(now - this.policy.retentionMs);
		if (removed.events || removed.deliveries) this.log(`retention: removed ${removed.deliveries} delivered outbox rows and ${removed.events} old events`);
	}

	/**
	 * Sends once, bounded by the deadline on the injected clock. The subscriber counts as open until
	 * the transport settles, even past the deadline, so it never gets two requests at once.
	 */
	private async send(claimed: ClaimedDelivery, lane: Lane): Promise<HttpResponse | typeof TIMED_OUT> {
		const subscriptionId = claimed.subscription.id;
		const attempt: OpenAttempt = { startedAt: this.clock.now(), lane };
		this.open.set(subscriptionId, attempt);
		const request = {
			method: 'POST' as const,
			url: claimed.subscription.targetUrl,
			headers: deliveryHeaders(claimed),
			body: JSON.stringify(deliveryPayload(claimed, this.clock.now())),
			timeoutMs: this.policy.timeoutMs,
		};
		// Through a promise, so a transport that throws at once still frees the subscriber below.
		const sending = Promise.resolve().then(() => this.transport.send(request));
		// Registered before the race below, so the subscriber is free again by the time a success is seen.
		void sending.then(
			() => this.close(subscriptionId, attempt),
			() => this.close(subscriptionId, attempt),
		);
		const stopDeadline = new AbortController();
		const deadline = this.clock.sleep(this.policy.timeoutMs + DEADLINE_GRACE_MS, stopDeadline.signal).then((): typeof TIMED_OUT => TIMED_OUT);
		try {
			return await Promise.race([sending, deadline]);
		} finally {
			stopDeadline.abort();
		}
	}

	private close(subscriptionId: string, attempt: OpenAttempt): void {
		if (this.open.get(subscriptionId) === attempt) this.open.delete(subscriptionId);
		this.wake();
	}

	/** One attempt; never throws (a storage failure leaves the lease to expire and the delivery is retried). */
	private async attempt(claimed: ClaimedDelivery, lane: Lane): Promise<Outcome> {
		const { delivery, subscription } = claimed;
		const label = `delivery ${delivery.id} (event ${claimed.event.dedupeKey}) to ${subscription.id}`;
		let status: number | undefined;
		let problem: string;
		let retryAfterMs: number | undefined;
		let permanent: string | undefined;
		if (this.open.has(subscription.id)) {
			problem = 'the previous request to this subscriber is still open';
		} else {
			try {
				const response = await this.send(claimed, lane);
				if (response === TIMED_OUT) {
					problem = `no complete answer within ${this.policy.timeoutMs} ms (the transport did not stop waiting)`;
				} else {
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
					permanent = permanentProblem({ status });
					retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after'], this.clock.now()) : undefined;
				}
			} catch (error) {
				// Also a storage failure right after a 2xx: the delivery is sent again later (at least once).
				problem = error instanceof TransportFailure ? `${error.message} (${error.reason})` : errorText(error);
				permanent = permanentProblem({ error });
			}
		}
		await this.recordFailure(claimed, label, problem, status, retryAfterMs, permanent);
		return 'failed';
	}

	private async recordFailure(claimed: ClaimedDelivery, label: string, problem: string, status: number | undefined, retryAfterMs: number | undefined, permanent: string | undefined): Promise<void> {
		const { delivery } = claimed;
		try {
			const now = this.clock.now();
			const park = permanent !== undefined || delivery.attempts >= this.policy.maxAttempts;
			const delay = retryDelayMs(delivery.attempts, this.policy, this.random, retryAfterMs);
			const error = permanent ? `can never succeed: ${permanent}` : problem;
			await this.storage.failDelivery(delivery.id, { now, owner: this.owner, nextAttemptAt: now + delay, park, status, error });
			const retry = `Retry it with POST /deliveries/${delivery.id}/retry`;
			this.log(
				permanent
					? `${label}: attempt ${delivery.attempts} failed and can never succeed (${permanent}); parked at once so the events behind it move on. ${retry} once the cause is fixed.`
					: park
						? `${label}: attempt ${delivery.attempts} failed (${problem}); parked after ${delivery.attempts} attempts. ${retry} once the subscriber works again.`
						: `${label}: attempt ${delivery.attempts} failed (${problem}); next attempt in ${(delay / 1000).toFixed(1)} s`,
			);
		} catch (error) {
			this.log(`${label}: could not record the failed attempt (${errorText(error)}); it will be retried when its claim expires`);
		}
	}
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
