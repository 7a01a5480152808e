/**
 * Per-sender pacing for message sends (a token bucket per phone number ID, as Meta's throughput guide suggests queuing per number).
 *
 * Meta counts throughput per business number: 80 messages per second by default, up to 1,000 after
 * the automatic upgrade, 20 for coexistence numbers (docs/meta-api.md §5). Going over returns 130429.
 *
 * Time comes only from the injected runtime (`now`, `sleep`): the same code runs inside n8n, where
 * timers and `process` are not allowed, and tests drive it with a fake clock.
 */
import type { Runtime } from '../runtime';

/**
 * How much unused rate a bucket may save up, as a time window: 100 ms worth of tokens (8 at 80/s,
 * 100 at 1,000/s). Meta counts throughput per second, so any one-second window stays within 10% of
 * the rate, while a stall of the event loop (timer lateness, a busy n8n worker, GC) of up to 100 ms
 * is caught up instead of lost: at 1,000/s each lost millisecond is a lost message. Measured with
 * bench/sendMessages.ts on 2 busy shared cores (load ~9): 50 ms gave ratios 0.85-0.97, 100 ms 0.90-0.99.
 */
export const BURST_WINDOW_MS = 100;

/** The default bucket size for a rate: `BURST_WINDOW_MS` worth of tokens, at least one. */
export function defaultBurst(ratePerSecond: number): number {
	return Math.max(1, Math.ceil((ratePerSecond * BURST_WINDOW_MS) / 1000));
}

/** Floating-point slack so a sleep of exactly the computed wait always finds its token. */
const EPSILON = 1e-9;

function checkRate(ratePerSecond: number, burst: number): void {
	if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
	if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`burst must be at least 1, got ${burst}`);
}

/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most `burst`. Over any window of
 * T seconds it lets through at most `burst + ratePerSecond × T` sends. Starts full.
 */
export class TokenBucket {
	private rate: number;
	private size: number;
	private tokens: number;
	private updatedAt: number;
	private pausedUntil = Number.NEGATIVE_INFINITY;

	constructor(ratePerSecond: number, burst: number, now: number) {
		checkRate(ratePerSecond, burst);
		this.rate = ratePerSecond;
		this.size = burst;
		this.tokens = burst;
		this.updatedAt = now;
	}

	get ratePerSecond(): number {
		return this.rate;
	}

	get burst(): number {
		return this.size;
	}

	/**
	 * A new pace from `now` on (the rate a number really allows was found lower or higher): what was
	 * saved up so far counts at the old rate, and never more than the new burst is kept.
	 */
	setRate(ratePerSecond: number, burst: number, now: number): void {
		checkRate(ratePerSecond, burst);
		if (ratePerSecond === this.rate && burst === this.size) return;
		this.refill(now);
		this.rate = ratePerSecond;
		this.size = burst;
		this.tokens = Math.min(this.tokens, burst);
	}

	/** Takes a token and returns 0, or returns the milliseconds until one will be available. */
	take(now: number): number {
		if (now < this.pausedUntil) return this.pausedUntil - now;
		this.refill(now);
		if (this.tokens >= 1 - EPSILON) {
			this.tokens = Math.max(0, this.tokens - 1);
			return 0;
		}
		return ((1 - this.tokens) * 1000) / this.rate;
	}

	private refill(now: number): void {
		const elapsed = Math.max(0, now - this.updatedAt);
		this.tokens = Math.min(this.size, this.tokens + (elapsed * this.rate) / 1000);
		this.updatedAt = Math.max(this.updatedAt, now);
	}

	/**
	 * Meta said "too fast" (130429) despite the pacing, e.g. the number's real tier is lower or
	 * inbound traffic shares the budget: stop until `until`, then restart from an empty bucket.
	 */
	pauseUntil(until: number): void {
		if (until <= this.pausedUntil) return;
		this.pausedUntil = until;
		this.tokens = 0;
		this.updatedAt = Math.max(this.updatedAt, until);
	}
}

export interface RateLimiterOptions {
	ratePerSecond: number;
	/** Bucket size; `defaultBurst(ratePerSecond)` when absent. */
	burst?: number;
}

/**
 * One token bucket per key (the sender's phone number ID). Callers of the same key queue up in
 * arrival order and only the head of the queue sleeps, so waiting costs one timer per sender, not
 * one per message, and nothing is scheduled ahead of time.
 */
export class KeyedRateLimiter {
	private readonly buckets = new Map<string, { bucket: TokenBucket; tail: Promise<void> }>();
	private readonly runtime: Pick<Runtime, 'now' | 'sleep'>;
	private readonly ratePerSecond: number;
	/** A fixed bucket size, or undefined: `defaultBurst` of each key's current rate. */
	private readonly fixedBurst?: number;

	constructor(runtime: Pick<Runtime, 'now' | 'sleep'>, options: RateLimiterOptions) {
		this.runtime = runtime;
		this.ratePerSecond = options.ratePerSecond;
		this.fixedBurst = options.burst;
	}

	/** Resolves when a send for `key` may start (the token is taken). */
	acquire(key: string): Promise<void> {
		const entry = this.entry(key);
		const turn = entry.tail.then(() => this.waitForToken(entry.bucket));
		// The next caller waits for this turn to end, whether it succeeded or not.
		entry.tail = turn.catch(() => undefined);
		return turn;
	}

	/** Holds every send of `key` until `until` (see `TokenBucket.pauseUntil`). */
	pauseUntil(key: string, until: number): void {
		this.entry(key).bucket.pauseUntil(until);
	}

	/** Paces `key` at `ratePerSecond` from now on (see `TokenBucket.setRate`). */
	setRate(key: string, ratePerSecond: number): void {
		this.entry(key).bucket.setRate(ratePerSecond, this.fixedBurst ?? defaultBurst(ratePerSecond), this.runtime.now());
	}

	private entry(key: string): { bucket: TokenBucket; tail: Promise<void> } {
		let entry = this.buckets.get(key);
		if (!entry) {
			entry = { bucket: new TokenBucket(this.ratePerSecond, this.fixedBurst ?? defaultBurst(this.ratePerSecond), this.runtime.now()), tail: Promise.resolve() };
			this.buckets.set(key, entry);
		}
		return entry;
	}

	private async waitForToken(bucket: TokenBucket): Promise<void> {
		for (;;) {
			const wait = bucket.take(this.runtime.now());
			if (wait <= 0) return;
			await this.runtime.sleep(wait);
		}
	}
}
