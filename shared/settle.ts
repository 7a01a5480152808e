/**
 * Outcome-as-value helpers. The core decides what to rethrow by looking at an outcome rather than
 * inside `catch` blocks: the same code ships in the n8n package, whose lint reserves throwing
 * from `catch` for n8n's own error classes.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
	return promise.then(
		(value): Outcome<T> => ({ ok: true, value }),
		(error: unknown): Outcome<T> => ({ ok: false, error }),
	);
}

export function settleSync<T>(work: () => T): Outcome<T> {
	try {
		return { ok: true, value: work() };
	} catch (error) {
		return { ok: false, error };
	}
}
