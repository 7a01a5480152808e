/**
 * Finding a number's real throughput while sending, instead of trusting a setting.
 *
 * Meta allows a number 80 messages per second by default, 1,000 once upgraded and 20 when it is
 * shared with the WhatsApp Business app, inbound messages included, and answers 130429 beyond that
 * (docs/meta-api.md §5). The level a number reports can be out of date (an upgrade in progress), its
 * inbound traffic takes part of the budget, and a user can type the wrong tier: the pace that Meta
 * really accepts is only known from its answers.
 *
 * The control is additive-increase / multiplicative-decrease with a binary search back up, as
 * BIC-TCP does for a congestion window (Xu, Harfoush and Rhee, IEEE INFOCOM 2004): a 130429 to a send made
 * at the current pace lowers the pace to `DECREASE_FACTOR` of it and remembers the pace that was
 * too fast; every quiet `INCREASE_INTERVAL_MS` the pace climbs half-way back to that remembered
 * pace, then, past it, probes up by `PROBE_STEP_FRACTION` of the pace. Answers to sends made before
 * the last decrease say nothing about the new pace and are not counted again. The ceiling (the
 * user's explicit rate, or the number's level) is never exceeded.
 *
 * Time comes from the caller (the injected runtime's clock): the same code runs inside n8n.
 */

/** Pace after a 130429, as a share of the pace that drew it. */
export const DECREASE_FACTOR = 0.7;
/** How long the pace must go without a 130429 before it rises one step. */
export const INCREASE_INTERVAL_MS = 500;
/** Past the last pace that drew a 130429 (or with none yet), each step adds this share of the pace. */
export const PROBE_STEP_FRACTION = 0.02;
/** The slowest pace the control goes down to (messages per second). */
export const MIN_RATE_PER_SECOND = 1;

export interface RateBounds {
	/** Pace of the first send (messages per second). */
	start: number;
	/** Never faster than this. */
	ceiling: number;
}

/** What one sender's pace did during a run. */
export interface RateReport {
	start: number;
	ceiling: number;
	/** The pace when the run ended. */
	final: number;
	lowest: number;
	/** 130429 answers received. */
	throttled: number;
	/** How many of them lowered the pace (the others answered sends made at an older pace). */
	decreases: number;
}

export class AdaptiveRate {
	readonly start: number;
	readonly ceiling: number;
	private current: number;
	private lowest: number;
	/** The last pace Meta answered 130429 to. */
	private tooFast?: number;
	private lastDecreaseAt = Number.NEGATIVE_INFINITY;
	private nextIncreaseAt: number;
	private throttled = 0;
	private decreases = 0;

	constructor(bounds: RateBounds, now: number) {
		this.ceiling = Math.max(MIN_RATE_PER_SECOND, bounds.ceiling);
		this.start = Math.min(this.ceiling, Math.max(MIN_RATE_PER_SECOND, bounds.start));
		this.current = this.start;
		this.lowest = this.start;
		this.nextIncreaseAt = now + INCREASE_INTERVAL_MS;
	}

	/** The pace to use at `now` (messages per second). */
	rate(now: number): number {
		while (now >= this.nextIncreaseAt) {
			this.nextIncreaseAt += INCREASE_INTERVAL_MS;
			this.current = this.raised();
		}
		return this.current;
	}

	/**
	 * Meta answered 130429 to a send that started at `sentAt`; nothing is sent before `resumeAt` (a
	 * pause Meta asked for), which is not quiet time. Returns whether the pace was lowered (false when
	 * the send was made before the last decrease, at a pace already given up).
	 */
	throttle(sentAt: number, now: number, resumeAt = now): boolean {
		this.throttled++;
		this.nextIncreaseAt = Math.max(this.nextIncreaseAt, resumeAt + INCREASE_INTERVAL_MS);
		if (sentAt < this.lastDecreaseAt) return false;
		const pace = this.rate(now);
		this.tooFast = pace;
		this.current = Math.max(MIN_RATE_PER_SECOND, pace * DECREASE_FACTOR);
		this.lowest = Math.min(this.lowest, this.current);
		this.lastDecreaseAt = now;
		this.nextIncreaseAt = Math.max(now, resumeAt) + INCREASE_INTERVAL_MS;
		this.decreases++;
		return true;
	}

	report(now: number): RateReport {
		return { start: this.start, ceiling: this.ceiling, final: this.rate(now), lowest: this.lowest, throttled: this.throttled, decreases: this.decreases };
	}

	/** One quiet interval later: half-way back to the pace that was too fast, or one probe step past it. */
	private raised(): number {
		const pace = this.current;
		if (pace >= this.ceiling) return this.ceiling;
		const target = this.tooFast;
		const probe = Math.max(MIN_RATE_PER_SECOND, pace * PROBE_STEP_FRACTION);
		const next = target !== undefined && pace < target ? Math.min(target, pace + Math.max(probe, (target - pace) / 2)) : pace + probe;
		return Math.min(this.ceiling, next);
	}
}
