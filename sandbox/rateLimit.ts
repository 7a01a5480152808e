/**
 * The two send limits of docs/meta-api.md §5 and §4.2, as token buckets (O(1) per request):
 * per-number throughput (130429) and per business-number/recipient pair rate (131056).
 */
import { DEFAULT_PAIR_RATE, DEFAULT_THROUGHPUT_PER_SECOND } from './constants';

/** A bucket of `capacity` tokens refilled at `refillPerMs`; `take` spends one when there is one. */
export class TokenBucket {
	private tokens: number;
	private updatedAt: number;

	constructor(
		private capacity: number,
		private refillPerMs: number,
		now: number,
	) {
		this.tokens = capacity;
		this.updatedAt = now;
	}

	reconfigure(capacity: number, refillPerMs: number): void {
		this.capacity = capacity;
		this.refillPerMs = refillPerMs;
		this.tokens = Math.min(this.tokens, capacity);
	}

	take(now: number): boolean {
		this.refill(now);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	/** True when the bucket is back to full, i.e. it can be forgotten without changing behaviour. */
	isIdle(now: number): boolean {
		this.refill(now);
		return this.tokens >= this.capacity;
	}

	private refill(now: number): void {
		if (now > this.updatedAt) {
			this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.refillPerMs);
			this.updatedAt = now;
		}
	}
}

/** Pair rate: `burst` messages at once, then one more every `perSeconds`. `null` turns it off. */
export interface PairRate {
	burst: number;
	perSeconds: number;
}

const PAIR_BUCKET_SWEEP_AT = 50_000;

export class SendLimits {
	private readonly throughputBuckets = new Map<string, TokenBucket>();
	private readonly pairBuckets = new Map<string, TokenBucket>();
	pairRate: PairRate | null;
	defaultThroughput: number;

	constructor(options: { pairRate?: PairRate | null; defaultThroughput?: number } = {}) {
		this.pairRate = options.pairRate === undefined ? { ...DEFAULT_PAIR_RATE } : options.pairRate;
		this.defaultThroughput = options.defaultThroughput ?? DEFAULT_THROUGHPUT_PER_SECOND;
	}

	/** One send from a number allowed by its throughput (messages per second)? */
	takeThroughput(phoneNumberId: string, perSecond: number, now: number): boolean {
		let bucket = this.throughputBuckets.get(phoneNumberId);
		if (!bucket) {
			bucket = new TokenBucket(perSecond, perSecond / 1000, now);
			this.throughputBuckets.set(phoneNumberId, bucket);
		} else {
			bucket.reconfigure(perSecond, perSecond / 1000);
		}
		return bucket.take(now);
	}

	/** One more message from this number to this recipient allowed right now? */
	takePair(phoneNumberId: string, waId: string, now: number): boolean {
		const rate = this.pairRate;
		if (!rate) return true;
		const key = `${phoneNumberId}:${waId}`;
		let bucket = this.pairBuckets.get(key);
		if (!bucket) {
			if (this.pairBuckets.size >= PAIR_BUCKET_SWEEP_AT) this.sweep(now);
			bucket = new TokenBucket(rate.burst, 1 / (rate.perSeconds * 1000), now);
			this.pairBuckets.set(key, bucket);
		}
		return bucket.take(now);
	}

	setPairRate(rate: PairRate | null): void {
		this.pairRate = rate;
		this.pairBuckets.clear();
	}

	reset(): void {
		this.throughputBuckets.clear();
		this.pairBuckets.clear();
	}

	/** Forgets full pair buckets so memory stays bounded in long benchmark runs. */
	private sweep(now: number): void {
		for (const [key, bucket] of this.pairBuckets) if (bucket.isIdle(now)) this.pairBuckets.delete(key);
	}
}

/**
 * A moving-window counter with a block: used for register and deregister (10 per 72 h, then
 * blocked for 72 h). Returns false when the call is over the limit.
 */
export function takeWindowed(
	record: { attempts: number[]; blockedUntil: number | null },
	limit: { calls: number; windowMs: number; blockMs: number },
	now: number,
): boolean {
	if (record.blockedUntil !== null && now < record.blockedUntil) return false;
	record.blockedUntil = null;
	record.attempts = record.attempts.filter((at) => now - at < limit.windowMs);
	if (record.attempts.length >= limit.calls) {
		record.blockedUntil = now + limit.blockMs;
		return false;
	}
	record.attempts.push(now);
	return true;
}
