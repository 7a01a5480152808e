/**
 * The settings of a batch send (rate, concurrency, recipient spacing) with their defaults and
 * bounds, and the shape of its results: one per input item.
 */
import { WhatsAppError, WhatsAppErrorJson } from '../errors';
import type { RateBounds, RateReport } from './adaptiveRate';

/** Meta's default per-number throughput (docs/meta-api.md §5). */
export const DEFAULT_RATE_PER_SECOND = 80;
/** The highest tier Meta grants a number (docs/meta-api.md §5). */
export const MAX_RATE_PER_SECOND = 1000;
/**
 * In-flight sends needed = rate × latency (Little's law): 1,000/s at 200 ms needs 200. Lower rates
 * simply leave workers waiting for tokens, which costs nothing but a pending promise.
 */
export const DEFAULT_CONCURRENCY = 200;
export const MAX_CONCURRENCY = 500;
/**
 * The default for a streamed send (n8n node version 3): on a busy n8n Meta's answers arrive later
 * than 200 ms, and 200 in flight then caps 1,000 per second; 400 covers 400 ms. The batch still
 * bounds sends under way by the pace (rate × twice the shortest answer time), so a slower number
 * never has more in flight than it needs.
 */
export const STREAMED_DEFAULT_CONCURRENCY = 400;
/**
 * Meta's pair rate limit (131056) allows about one message per 6 seconds from one business number
 * to one person, with short bursts tolerated (docs/meta-api.md §4.2; third-party figures,
 * unconfirmed by Meta). 6 s is the sustained rate, so a batch that follows it never trips 131056;
 * lower it (0 = no spacing) when a short burst to one person is wanted.
 */
export const DEFAULT_RECIPIENT_SPACING_MS = 6_000;
/** A day: anything longer is surely a unit mistake (seconds typed as milliseconds is the other way round). */
export const MAX_RECIPIENT_SPACING_MS = 86_400_000;

export interface BatchOptions {
	/** Per sender phone number ID: its pace, and the most it may reach (see `paceOf`). */
	ratePerSecond: number;
	/** Sends in flight (or waiting for a token) at most. */
	concurrency: number;
	/** Minimum time between the starts of two sends from one sender to one recipient. */
	recipientSpacingMs: number;
	/** Token bucket size; see `defaultBurst`. */
	burst?: number;
	/** Written into error results that do not name an operation yet. */
	operation?: string;
	/**
	 * Where a sender's pace starts and how high it may go, asked once per sender before its first
	 * send (a number's throughput level); `ratePerSecond` for both when absent or when it fails.
	 */
	paceOf?: (sender: string) => Promise<RateBounds>;
	/**
	 * Stop reading items at the first failure (an invalid item or a refused send): everything read
	 * before is still sent, nothing after is read; the unread items get a `notAttempted` result.
	 */
	stopAtFirstFailure?: boolean;
}

/** One unit of work: who sends, to whom, and how. */
export interface BatchTask<Output> {
	sender: string;
	recipient: string;
	send(): Promise<Output>;
}

/**
 * `heldBack`: valid, but not sent because another item of an all-or-nothing batch was invalid;
 * `notAttempted`: not even read, because the batch stopped at an earlier failure.
 */
export type BatchResult<Output> = { index: number; ok: true; output: Output } | { index: number; ok: false; error: WhatsAppErrorJson; heldBack?: true; notAttempted?: true };

export interface BatchSummary {
	total: number;
	/** Accepted by Meta. */
	sent: number;
	/** Not sent or refused, invalid items included. */
	failed: number;
	/** Rejected before sending because the input was wrong. */
	invalid: number;
}

/** How the batch paced itself: what Meta's throughput answers (130429) cost and the pace of each sender. */
export interface PacingReport {
	/** 130429 answers absorbed by slowing down and sending again. */
	throttled: number;
	/** Items refused with 130429 at least once that Meta then accepted. */
	recoveredAfterThrottle: number;
	/** Each sender's pace, by phone number ID. */
	senders: Record<string, RateReport>;
	/** The position of the item the batch stopped at (`stopAtFirstFailure`), if it stopped. */
	stoppedAt?: number;
}

export interface BatchOutcome<Output> {
	results: Array<BatchResult<Output>>;
	summary: BatchSummary;
	pacing: PacingReport;
}

/** Fills in defaults and checks bounds, so a direct caller gets the same limits as the operation. */
export function batchOptions(options: Partial<BatchOptions> = {}): BatchOptions {
	const rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
	const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
	const spacing = options.recipientSpacingMs ?? DEFAULT_RECIPIENT_SPACING_MS;
	const fail = (label: string, problem: string, expected: string) =>
		new WhatsAppError({ category: 'invalid_input', message: `${label}: ${problem}`, nextStep: expected, retry: { action: 'fix_and_retry' }, field: label });
	if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE_PER_SECOND) {
		throw fail('Rate Limit (Messages per Second)', `${rate} is out of range.`, `Enter a number above 0 and at most ${MAX_RATE_PER_SECOND} (Meta's default is ${DEFAULT_RATE_PER_SECOND} per number).`);
	}
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw fail('Concurrency', `${concurrency} is out of range.`, `Enter a whole number from 1 to ${MAX_CONCURRENCY}.`);
	}
	if (!Number.isFinite(spacing) || spacing < 0 || spacing > MAX_RECIPIENT_SPACING_MS) {
		throw fail('Recipient Spacing (ms)', `${spacing} is out of range.`, `Enter milliseconds from 0 to ${MAX_RECIPIENT_SPACING_MS} (default ${DEFAULT_RECIPIENT_SPACING_MS}).`);
	}
	if (options.burst !== undefined && !(options.burst >= 1)) throw fail('Burst', `${options.burst} is below 1.`, 'Enter at least 1.');
	return { ...options, ratePerSecond: rate, concurrency, recipientSpacingMs: spacing };
}

/** Any thrown value as an error result: WhatsAppError keeps its fields; anything else is wrapped. */
export function errorResult(error: unknown, operation?: string): WhatsAppErrorJson {
	const whatsAppError =
		error instanceof WhatsAppError
			? error
			: new WhatsAppError({
					category: 'unknown',
					message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}.`,
					nextStep: 'Check whether the message arrived before sending it again.',
					retry: { action: 'do_not_retry' },
				});
	const json = whatsAppError.toJSON();
	if (operation && json.operation === undefined) json.operation = operation;
	return json;
}

