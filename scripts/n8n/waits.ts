/** Bounded waits: every wait of the launcher ends, and its timeout error says what it waited for. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` every `intervalMs` until it returns a value other than undefined, and returns that
 * value; after `timeoutMs` throws the error `timeoutError()` builds (it can quote n8n's log).
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs: number; timeoutError: () => Error }): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw options.timeoutError();
		await sleep(options.intervalMs);
	}
}

/** Resolves with `promise`'s outcome, or with `fallback` after `ms` (the timer does not keep the process alive). */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
	return Promise.race([promise, new Promise<F>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
}
