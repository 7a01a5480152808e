/**
 * Which failed Graph calls are repeated, and how long the client waits in between: exponential
 * backoff with jitter, with Meta's Retry-After (or the catalog's hint) as a floor.
 */
import { PAIR_RATE_CODE } from './errors/catalog';
import type { WhatsAppError } from './errors';

export interface RetryOptions {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not slept through: the error is thrown with its hint. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/**
 * How a call may be repeated:
 * - `read`: idempotent; retry transport failures, 5xx, throttling and transient codes;
 * - `send`: retry only when Meta cannot have accepted it (connection refused, throttling answers);
 * - `never`: Meta counts it or it changes state ambiguously (register, request_code, PIN…).
 */
export type RetryPolicy = 'read' | 'send' | 'never';

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Whether an answered call that failed with `error` may be sent again under `policy`. */
export function mayRetry(policy: RetryPolicy, error: WhatsAppError): boolean {
	if (policy === 'never') return false;
	// Meta refused these outright, so nothing was accepted and a repeat is safe even for a send;
	// not the pair rate limit, where a repeat to the same person soon after is refused again.
	if (policy === 'send') return error.isThrottling && error.code !== PAIR_RATE_CODE;
	return error.isThrottling || error.category === 'transient' || (error.httpStatus ?? 0) >= 500;
}

/** Exponential backoff with jitter; undefined when the wait would be too long to sleep through. */
export function backoff(options: RetryOptions, attempt: number, retryAfterMs: number | undefined, random: () => number): number | undefined {
	const { baseDelayMs, maxDelayMs, maxRetryAfterMs } = options;
	const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
	const jittered = exponential / 2 + random() * (exponential / 2);
	if (retryAfterMs === undefined) return jittered;
	if (retryAfterMs > maxRetryAfterMs) return undefined;
	// Retry-After (or the catalog's hint) is a floor; jitter keeps parallel callers apart.
	return Math.max(jittered, retryAfterMs + random() * Math.min(1_000, baseDelayMs));
}
