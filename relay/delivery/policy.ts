/**
 * How deliveries are paced: attempts, backoff with jitter, the total deadline of one attempt, the
 * lease that keeps two workers off one delivery, the delivery slots, and which failures can never
 * succeed and are parked at once.
 */
import { TargetRefusedError } from '../targets';

export interface DeliveryPolicy {
	/** After this many failed attempts a delivery is parked. */
	maxAttempts: number;
	/** Delay before the 2nd attempt; doubles with each further attempt. */
	baseDelayMs: number;
	/** No wait between attempts is longer than this (Retry-After included). */
	maxDelayMs: number;
	/**
	 * Total time one attempt may take, from connecting to the end of the answer's headers: a
	 * subscriber that answers a byte at a time fails at this deadline like one that never answers.
	 */
	timeoutMs: number;
	/** How long a claim lasts: at least the deadline plus LEASE_MARGIN_MS, so a live worker never loses its claim. */
	leaseMs: number;
	/** Attempts counted against the slots at once (each subscriber has at most one). */
	maxInFlight: number;
	/** An attempt open longer than this stops taking a slot (it keeps its subscriber's turn, not others'). */
	slowAfterMs: number;
	/** Subscribers whose last attempt failed hold at most this many open attempts, so they cannot crowd out healthy ones. */
	maxFailingInFlight: number;
	/** How often to look for work when nothing woke the worker (other instances, expired leases). */
	idlePollMs: number;
	/** Delivered rows and events older than this are deleted (keep it above Meta's 7-day retry window). */
	retentionMs: number;
	pruneEveryMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
	maxAttempts: 12,
	baseDelayMs: 1_000,
	maxDelayMs: 60 * 60_000,
	timeoutMs: 10_000,
	leaseMs: 30_000,
	maxInFlight: 32,
	slowAfterMs: 2_000,
	maxFailingInFlight: 8,
	idlePollMs: 1_000,
	retentionMs: 8 * 24 * 60 * 60_000,
	pruneEveryMs: 60 * 60_000,
};

/**
 * The worker's own deadline comes this much after the transport's, so a transport that honours its
 * timeout settles first (with its own words); the worker's only catches one that does not.
 */
export const DEADLINE_GRACE_MS = 100;

/** Time a worker needs after the deadline (and its grace) to record the outcome, inside its lease. */
export const LEASE_MARGIN_MS = 1_000;

/** Open attempts (slow ones included) are capped at this many times maxInFlight: sockets are finite. */
export const MAX_OPEN_FACTOR = 4;

/** @throws Error when the lease could run out while an attempt is still allowed to run. */
export function checkPolicy(policy: DeliveryPolicy): void {
	if (policy.leaseMs < policy.timeoutMs + LEASE_MARGIN_MS) {
		throw new Error(`The delivery lease (${policy.leaseMs} ms) must be at least the delivery timeout (${policy.timeoutMs} ms) plus ${LEASE_MARGIN_MS} ms, or a delivery could be sent twice at once.`);
	}
	for (const key of ['maxInFlight', 'maxFailingInFlight', 'maxAttempts'] as const) {
		if (!Number.isInteger(policy[key]) || policy[key] < 1) throw new Error(`The delivery policy's ${key} must be a whole number of at least 1.`);
	}
}

/**
 * The wait before the next attempt after `attempt` failed ones: base·2^(attempt−1), capped, with
 * "equal jitter" (half fixed, half random) so subscribers that failed together do not retry together.
 * A Retry-After from the subscriber is honoured up to the cap.
 */
export function retryDelayMs(attempt: number, policy: Pick<DeliveryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number, retryAfterMs?: number): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
	return retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header.trim());
	if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
	const date = Date.parse(header);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Answers that mean the same request can never be accepted, whatever the wait. */
const PERMANENT_STATUSES: ReadonlyMap<number, string> = new Map([
	[413, 'the subscriber refuses the request as too large (HTTP 413)'],
	[414, 'the subscriber refuses the target URL as too long (HTTP 414)'],
	[431, 'the subscriber refuses the request headers as too large (HTTP 431)'],
]);

/** Node's codes for a request that cannot even be built (a header value or URL it refuses). */
const UNBUILDABLE_CODES = new Set(['ERR_INVALID_CHAR', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_HTTP_TOKEN', 'ERR_INVALID_URL', 'ERR_UNESCAPED_CHARACTERS']);

/** Why an attempt's outcome can never turn into a success on retry, or undefined when a retry may help. */
export function permanentProblem(outcome: { status?: number; error?: unknown }): string | undefined {
	if (outcome.status !== undefined) return PERMANENT_STATUSES.get(outcome.status);
	const error = outcome.error;
	if (error instanceof TargetRefusedError) return error.message;
	const code = (error as { code?: unknown } | undefined)?.code;
	if (typeof code === 'string' && UNBUILDABLE_CODES.has(code)) return `the request cannot be built (${(error as Error).message})`;
	return undefined;
}
