/**
 * Time for the relay, injected so delivery tests can move a fake clock instead of waiting.
 */
export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Resolves after `ms` milliseconds, or as soon as `signal` aborts (never rejects). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and real timers. */
export const systemClock: Clock = {
	now: () => Date.now(),
	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			if (signal?.aborted) return resolve();
			const timer = setTimeout(done, Math.max(0, ms));
			function done(): void {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				resolve();
			}
			signal?.addEventListener('abort', done, { once: true });
		});
	},
};
