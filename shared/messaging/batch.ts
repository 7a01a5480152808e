/**
 * Runs many sends with bounded concurrency, a per-sender rate limit and a minimum spacing between
 * messages to the same recipient, and returns exactly one result per input, in input order.
 *
 * Shape: a fixed pool of workers pulls items in input order (backpressure: nothing is scheduled
 * ahead, at most `concurrency` sends are in flight or waiting for a token, and items are checked
 * only when a worker reaches them). Messages to one recipient form a lane that is sent one at a
 * time, in input order, `recipientSpacingMs` apart. Every task is wrapped so that a failure, even
 * an unexpected one, becomes that item's error result and never leaves the others unsettled.
 *
 * Only the injected runtime's `now` and `sleep` are used (no timers, no `process`): this code also
 * runs inside n8n.
 */
import { WhatsAppError, WhatsAppErrorJson } from '../errors';
import type { Runtime } from '../runtime';
import { KeyedRateLimiter } from './rateLimiter';

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
 * Meta's pair rate limit (131056) allows about one message per 6 seconds from one business number
 * to one person, with short bursts tolerated (docs/meta-api.md §4.2; third-party figures,
 * unconfirmed by Meta). 6 s is the sustained rate, so a batch that follows it never trips 131056;
 * lower it (0 = no spacing) when a short burst to one person is wanted.
 */
export const DEFAULT_RECIPIENT_SPACING_MS = 6_000;
/** A day: anything longer is surely a unit mistake (seconds typed as milliseconds is the other way round). */
export const MAX_RECIPIENT_SPACING_MS = 86_400_000;

/** Wait after a final 130429 when Meta gave no Retry-After (the catalog's hint is the same order). */
const THROUGHPUT_PAUSE_MS = 1_000;
const THROUGHPUT_CODE = 130429;
const PAIR_RATE_CODE = 131056;

export interface BatchOptions {
	/** Per sender phone number ID. */
	ratePerSecond: number;
	/** Sends in flight (or waiting for a token) at most. */
	concurrency: number;
	/** Minimum time between the starts of two sends from one sender to one recipient. */
	recipientSpacingMs: number;
	/** Token bucket size; see `defaultBurst`. */
	burst?: number;
	/** Written into error results that do not name an operation yet. */
	operation?: string;
}

/** One unit of work: who sends, to whom, and how. */
export interface BatchTask<Output> {
	sender: string;
	recipient: string;
	send(): Promise<Output>;
}

/** `heldBack`: valid, but not sent because another item of an all-or-nothing batch was invalid. */
export type BatchResult<Output> = { index: number; ok: true; output: Output } | { index: number; ok: false; error: WhatsAppErrorJson; heldBack?: true };

export interface BatchSummary {
	total: number;
	/** Accepted by Meta. */
	sent: number;
	/** Not sent or refused, invalid items included. */
	failed: number;
	/** Rejected before sending because the input was wrong. */
	invalid: number;
}

export interface BatchOutcome<Output> {
	results: Array<BatchResult<Output>>;
	summary: BatchSummary;
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

/** Messages from one sender to one recipient: sent one at a time, in input order. */
interface Lane<Output> {
	sender: string;
	/** Input positions and tasks not sent yet, oldest first (`head` is the next one). */
	indices: number[];
	tasks: Array<BatchTask<Output>>;
	head: number;
	/** Clock time before which the next message of this lane must not start. */
	readyAt: number;
	/** A worker holds the lane (sending, or sleeping until `readyAt`). */
	busy: boolean;
	/** The lane is in the waiting heap. */
	queued: boolean;
}

/** A binary min-heap of lanes by `readyAt`, then by the input position of their next message. */
class LaneHeap<Output> {
	private readonly items: Array<Lane<Output>> = [];

	peek(): Lane<Output> | undefined {
		return this.items[0];
	}

	push(lane: Lane<Output>): void {
		const items = this.items;
		items.push(lane);
		let child = items.length - 1;
		while (child > 0) {
			const parent = (child - 1) >> 1;
			if (!this.before(items[child], items[parent])) break;
			[items[child], items[parent]] = [items[parent], items[child]];
			child = parent;
		}
	}

	pop(): Lane<Output> | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last) {
			items[0] = last;
			let parent = 0;
			for (;;) {
				const left = parent * 2 + 1;
				const right = left + 1;
				let smallest = parent;
				if (left < items.length && this.before(items[left], items[smallest])) smallest = left;
				if (right < items.length && this.before(items[right], items[smallest])) smallest = right;
				if (smallest === parent) break;
				[items[smallest], items[parent]] = [items[parent], items[smallest]];
				parent = smallest;
			}
		}
		return top;
	}

	private before(a: Lane<Output>, b: Lane<Output>): boolean {
		return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.indices[a.head] < b.indices[b.head]);
	}
}

/**
 * Sends `items` and resolves with one result per item, in the same order. `prepare` checks an item
 * and returns its task; when it throws, the item gets that error as its result and nothing is sent
 * for it. Items are prepared as workers reach them, so the first send does not wait for the whole
 * batch to be checked. Never rejects because of an item; only bad options throw.
 */
export async function runBatch<Item, Output>(
	runtime: Pick<Runtime, 'now' | 'sleep'>,
	items: readonly Item[],
	prepare: (item: Item, index: number) => BatchTask<Output>,
	options: Partial<BatchOptions> = {},
): Promise<BatchOutcome<Output>> {
	const settings = batchOptions(options);
	const limiter = new KeyedRateLimiter(runtime, { ratePerSecond: settings.ratePerSecond, burst: settings.burst });
	const results: Array<BatchResult<Output> | undefined> = new Array(items.length);
	let invalid = 0;
	/** The next item not yet prepared: items are taken in input order. */
	let cursor = 0;
	const lanes = new Map<string, Lane<Output>>();
	const waiting = new LaneHeap<Output>();

	const claim = (lane: Lane<Output>): Lane<Output> => {
		lane.busy = true;
		lane.queued = false;
		return lane;
	};
	const enqueue = (lane: Lane<Output>): void => {
		lane.queued = true;
		waiting.push(lane);
	};

	/**
	 * The lane a free worker serves next: a waiting lane that is due, else the lane of the next
	 * input item whose recipient is free, else the waiting lane due soonest. Items for a recipient
	 * already being served join that lane, which keeps their order.
	 */
	const takeLane = (): Lane<Output> | undefined => {
		const soonest = waiting.peek();
		if (soonest && soonest.readyAt <= runtime.now()) return claim(waiting.pop() as Lane<Output>);
		while (cursor < items.length) {
			const index = cursor++;
			let task: BatchTask<Output>;
			try {
				task = prepare(items[index], index);
			} catch (error) {
				results[index] = { index, ok: false, error: errorResult(error, settings.operation) };
				invalid++;
				continue;
			}
			// Sender and recipient both come from checked input, so '\n' cannot occur in either.
			const key = `${task.sender}\n${task.recipient}`;
			let lane = lanes.get(key);
			if (!lane) {
				lane = { sender: task.sender, indices: [], tasks: [], head: 0, readyAt: Number.NEGATIVE_INFINITY, busy: false, queued: false };
				lanes.set(key, lane);
			}
			lane.indices.push(index);
			lane.tasks.push(task);
			if (lane.busy || lane.queued) continue;
			if (lane.readyAt <= runtime.now()) return claim(lane);
			enqueue(lane);
		}
		const next = waiting.pop();
		return next ? claim(next) : undefined;
	};

	const sendNext = async (lane: Lane<Output>): Promise<void> => {
		const index = lane.indices[lane.head];
		const task = lane.tasks[lane.head];
		lane.head++;
		let startedAt = runtime.now();
		let holdLaneUntil = Number.NEGATIVE_INFINITY;
		try {
			await limiter.acquire(lane.sender);
			startedAt = runtime.now();
			results[index] = { index, ok: true, output: await task.send() };
		} catch (error) {
			results[index] = { index, ok: false, error: errorResult(error, settings.operation) };
			if (error instanceof WhatsAppError && error.code === THROUGHPUT_CODE) {
				limiter.pauseUntil(lane.sender, runtime.now() + (error.retry.afterMs ?? THROUGHPUT_PAUSE_MS));
			}
			if (error instanceof WhatsAppError && error.code === PAIR_RATE_CODE) {
				// Meta says this person got too many: hold the rest of their messages; others are unaffected.
				holdLaneUntil = runtime.now() + (error.retry.afterMs ?? settings.recipientSpacingMs);
			}
		}
		lane.readyAt = Math.max(startedAt + settings.recipientSpacingMs, holdLaneUntil);
	};

	const worker = async (): Promise<void> => {
		for (;;) {
			const lane = takeLane();
			if (!lane) return;
			try {
				const wait = lane.readyAt - runtime.now();
				if (wait > 0) await runtime.sleep(wait);
			} catch {
				// A failed sleep (the host cancelled the run) must not strand the lane: send without waiting.
			}
			await sendNext(lane);
			lane.busy = false;
			if (lane.head < lane.indices.length) {
				enqueue(lane);
			} else {
				// The lane stays (its readyAt spaces a later message to the same person), its arrays do not.
				lane.indices = [];
				lane.tasks = [];
				lane.head = 0;
			}
		}
	};

	const workers = Array.from({ length: Math.min(settings.concurrency, items.length) }, () => worker());
	await Promise.allSettled(workers);

	const complete = results.map(
		(result, index): BatchResult<Output> =>
			result ?? {
				index,
				ok: false,
				error: errorResult(
					new WhatsAppError({
						category: 'unknown',
						message: 'This message was not attempted because the batch stopped early.',
						nextStep: 'Send it again.',
						retry: { action: 'retry' },
					}),
					settings.operation,
				),
			},
	);
	const sent = complete.filter((result) => result.ok).length;
	return { results: complete, summary: { total: items.length, sent, failed: items.length - sent, invalid } };
}
