/**
 * The sandbox's clock. Every time-based rule (the 72-hour registration window, the 14-day OTP
 * validity, throughput and pair-rate buckets, webhook timestamps) reads it, so tests can move time
 * with `advance(ms)` instead of waiting.
 */
export class SandboxClock {
	private offsetMs = 0;

	constructor(private readonly base: () => number = Date.now) {}

	now(): number {
		return this.base() + this.offsetMs;
	}

	/** Moves the sandbox's time forward (never backward). */
	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a non-negative number of milliseconds');
		this.offsetMs += ms;
		return this.now();
	}

	get offset(): number {
		return this.offsetMs;
	}
}
