/**
 * The pace of each sending number in a batch: its token bucket (rateLimiter.ts) fed by its adaptive
 * rate (adaptiveRate.ts), starting from what the caller knows of the number (its throughput level,
 * read once per run) and never above the ceiling.
 */
import type { Runtime } from '../runtime';
import { AdaptiveRate, RateBounds, RateReport } from './adaptiveRate';
import { KeyedRateLimiter } from './rateLimiter';

export interface SenderPacingOptions {
	/** Start and ceiling of a sender nothing is known about (and of every sender without `paceOf`). */
	ratePerSecond: number;
	/** A fixed bucket size (tests); otherwise 100 ms worth of the current pace. */
	burst?: number;
	/**
	 * Where a sender starts and how fast it may go, asked once per sender before its first send
	 * (e.g. from the number's throughput level). A rejection falls back to `ratePerSecond`.
	 */
	paceOf?: (sender: string) => Promise<RateBounds>;
}

export class SenderPacing {
	private readonly limiter: KeyedRateLimiter;
	private readonly controls = new Map<string, Promise<AdaptiveRate>>();
	private readonly settled = new Map<string, AdaptiveRate>();

	constructor(
		private readonly runtime: Pick<Runtime, 'now' | 'sleep'>,
		private readonly options: SenderPacingOptions,
	) {
		this.limiter = new KeyedRateLimiter(runtime, { ratePerSecond: options.ratePerSecond, burst: options.burst });
	}

	/** Waits for a send slot of `sender`; resolves with the time the slot was taken. */
	async acquire(sender: string): Promise<number> {
		const control = this.settled.get(sender) ?? (await this.control(sender));
		this.limiter.setRate(sender, control.rate(this.runtime.now()));
		await this.limiter.acquire(sender);
		return this.runtime.now();
	}

	/**
	 * Meta answered 130429 to a send of `sender` that started at `sentAt`: the pace goes down (once
	 * per pace, see AdaptiveRate.throttle), what the bucket saved up is dropped (Meta's own budget is
	 * spent), and nothing is sent before `pauseUntil` when Meta asked for a pause.
	 */
	throttled(sender: string, sentAt: number, pauseUntil?: number): void {
		const control = this.settled.get(sender);
		const now = this.runtime.now();
		const resumeAt = Math.max(now, pauseUntil ?? now);
		if (control?.throttle(sentAt, now, resumeAt)) this.limiter.setRate(sender, control.rate(now));
		this.limiter.pauseUntil(sender, resumeAt);
	}

	/** The current paces of all senders added up (messages per second); `fallback` before any is known. */
	totalRate(fallback: number): number {
		if (this.settled.size === 0) return fallback;
		const now = this.runtime.now();
		let total = 0;
		for (const control of this.settled.values()) total += control.rate(now);
		return total;
	}

	/** The pace of every sender that sent, by phone number ID. */
	report(): Record<string, RateReport> {
		const now = this.runtime.now();
		return Object.fromEntries([...this.settled].map(([sender, control]) => [sender, control.report(now)]));
	}

	private control(sender: string): Promise<AdaptiveRate> {
		let control = this.controls.get(sender);
		if (!control) {
			const fallback: RateBounds = { start: this.options.ratePerSecond, ceiling: this.options.ratePerSecond };
			const bounds = this.options.paceOf ? this.options.paceOf(sender).catch(() => fallback) : Promise.resolve(fallback);
			control = bounds.then((known) => {
				const made = new AdaptiveRate(known, this.runtime.now());
				this.settled.set(sender, made);
				return made;
			});
			this.controls.set(sender, control);
		}
		return control;
	}
}
