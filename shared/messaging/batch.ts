/**
 * Runs many sends with bounded concurrency, a per-sender pace and a minimum spacing between
 * messages to the same recipient, and returns exactly one result per input, in input order.
 *
 * Shape: items are read one at a time, in input order, while earlier ones are sent (streaming: the
 * first message leaves as soon as the first item is read). Reading stays only a little ahead of
 * sending: a worker reads a new item only while fewer than `readAhead` read items wait for a send
 * slot, so reading and sending share the CPU instead of reading everything first. A fixed pool of
 * workers sends; messages to one recipient form a lane that is sent one at a time, in input order,
 * `recipientSpacingMs` apart. Meta's throughput answer (130429) lowers that sender's pace and the
 * message goes again (senderPacing.ts). Every task is wrapped so that a failure, even an unexpected
 * one, becomes that item's error result and never leaves the others unsettled.
 *
 * Only the injected runtime's `now` and `sleep` are used (no timers, no `process`): this code also
 * runs inside n8n.
 */
import { ERROR_CATALOG, PAIR_RATE_CODE, THROUGHPUT_CODE, WhatsAppError } from '../errors';
import type { Runtime } from '../runtime';
import { BatchOptions, BatchOutcome, BatchResult, BatchTask, batchOptions, errorResult } from './batchOptions';
import { Lane, LaneHeap, newLane } from './lanes';
import { defaultBurst } from './rateLimiter';
import { SenderPacing } from './senderPacing';

export * from './batchOptions';

/**
 * How often one message may be refused for throughput and sent again. With the pace halving
 * towards Meta's real one this is never reached in practice; it bounds a number that Meta keeps
 * refusing whatever the pace (its answer then becomes the item's result).
 */
export const MAX_THROUGHPUT_RETRIES = 10;
/**
 * The catalog's hint for 130429 ("wait a moment", 1 s) is not Meta's: a 130429 carrying exactly
 * this wait is treated as carrying none, and only the lower pace and an emptied bucket follow. A
 * Retry-After from Meta (any other value) pauses the sender for that long.
 */
const CATALOG_THROUGHPUT_WAIT_MS = ERROR_CATALOG[THROUGHPUT_CODE]?.afterMs;
/** Items read ahead of sending at least (see `readAhead` in runBatch). */
const MIN_READ_AHEAD = 2;
/**
 * Sends that may be under way at once (a send slot taken, no answer yet): the pace times the
 * shortest answer time seen (Little's law), twice over, and at least `MIN_IN_FLIGHT`; the answer
 * time is assumed to be `ASSUMED_ANSWER_MS` until the first answer. When the host cannot keep up
 * (an n8n short of CPU starts requests late), sends stop taking slots instead of piling up and then
 * reaching Meta all at once, above the number's throughput; reading waits with them.
 */
const MIN_IN_FLIGHT = 16;
const ASSUMED_ANSWER_MS = 250;
const IN_FLIGHT_HEADROOM = 2;

/** Where a batch reads its items from: `count` of them, read one at a time, in order, each once. */
export interface BatchSource<Item> {
	readonly count: number;
	read(index: number): Item | Promise<Item>;
}

/** An array as a source, or the source itself. */
export const sourceOf = <Item>(items: readonly Item[] | BatchSource<Item>): BatchSource<Item> =>
	Array.isArray(items) ? { count: items.length, read: (index) => (items as readonly Item[])[index] } : (items as BatchSource<Item>);

/** Meta's own pause in a 130429 (a Retry-After), as a clock time; undefined when it gave none. */
function pauseAsked(error: WhatsAppError, now: number): number | undefined {
	const wait = error.retry.afterMs;
	return wait === undefined || wait === CATALOG_THROUGHPUT_WAIT_MS ? undefined : now + wait;
}

function notAttempted(index: number, stoppedAt: number, operation?: string): BatchResult<never> {
	const error = new WhatsAppError({
		category: 'unknown',
		message: `Not sent: the run stopped at the failure of item ${stoppedAt} (counting from 0), before this one was read.`,
		nextStep: 'Send it again once the failure is dealt with; it did not reach WhatsApp.',
		retry: { action: 'retry' },
	});
	return { index, ok: false, error: errorResult(error, operation), notAttempted: true };
}

/**
 * Sends `items` and resolves with one result per item, in the same order. `prepare` checks an item
 * and returns its task; when it (or reading the item) throws, the item gets that error as its result
 * and nothing is sent for it. Never rejects because of an item; only bad options throw.
 */
export async function runBatch<Item, Output>(
	runtime: Pick<Runtime, 'now' | 'sleep'>,
	items: readonly Item[] | BatchSource<Item>,
	prepare: (item: Item, index: number) => BatchTask<Output> | Promise<BatchTask<Output>>,
	options: Partial<BatchOptions> = {},
): Promise<BatchOutcome<Output>> {
	const settings = batchOptions(options);
	const source = sourceOf(items);
	const pacing = new SenderPacing(runtime, { ratePerSecond: settings.ratePerSecond, burst: settings.burst, paceOf: settings.paceOf });
	const results: Array<BatchResult<Output> | undefined> = new Array(source.count);
	let invalid = 0;
	let throttled = 0;
	let recovered = 0;
	/** Throughput refusals per item position, for the items that had any. */
	const refusals = new Map<number, number>();
	const lanes = new Map<string, Lane<BatchTask<Output>>>();
	const waiting = new LaneHeap<BatchTask<Output>>();

	/** The next item to read, and the read in progress (reads happen one at a time, in order). */
	let cursor = 0;
	let reading: Promise<Lane<BatchTask<Output>> | undefined> | undefined;
	let stoppedAt: number | undefined;
	/**
	 * Read items waiting for a send slot. Reading stays this far ahead of sending: enough to keep
	 * the bucket fed (half of a 100 ms burst), not so much that reading delays the first send.
	 */
	let awaitingSlot = 0;
	const readAhead = Math.max(MIN_READ_AHEAD, Math.ceil(defaultBurst(settings.ratePerSecond) / 2));
	const slotWaiters: Array<() => void> = [];
	let inFlight = 0;
	let shortestAnswerMs = Number.POSITIVE_INFINITY;
	const flightWaiters: Array<() => void> = [];
	const flightLimit = (): number => {
		const answerMs = Number.isFinite(shortestAnswerMs) ? shortestAnswerMs : ASSUMED_ANSWER_MS;
		const needed = Math.ceil((pacing.totalRate(settings.ratePerSecond) * answerMs * IN_FLIGHT_HEADROOM) / 1000);
		return Math.min(settings.concurrency, Math.max(MIN_IN_FLIGHT, needed));
	};
	const wakeOne = () => slotWaiters.shift()?.();
	const wakeAll = () => slotWaiters.splice(0).forEach((wake) => wake());

	const stop = (index: number): void => {
		if (!settings.stopAtFirstFailure || stoppedAt !== undefined) return;
		stoppedAt = index;
		wakeAll();
	};
	const canRead = () => stoppedAt === undefined && cursor < source.count;

	const claim = (lane: Lane<BatchTask<Output>>): Lane<BatchTask<Output>> => {
		lane.busy = true;
		lane.queued = false;
		return lane;
	};
	const enqueue = (lane: Lane<BatchTask<Output>>): void => {
		lane.queued = true;
		waiting.push(lane);
	};

	/** Reads the next item into its lane; returns the lane when the reader may send it now. */
	const readNext = async (): Promise<Lane<BatchTask<Output>> | undefined> => {
		const index = cursor++;
		// Workers waiting to read more have nothing left to wait for.
		if (cursor >= source.count) wakeAll();
		let task: BatchTask<Output>;
		try {
			task = await prepare(await source.read(index), index);
		} catch (error) {
			results[index] = { index, ok: false, error: errorResult(error, settings.operation) };
			invalid++;
			stop(index);
			return undefined;
		}
		// Sender and recipient both come from checked input, so '\n' cannot occur in either.
		const key = `${task.sender}\n${task.recipient}`;
		let lane = lanes.get(key);
		if (!lane) {
			lane = newLane(task.sender);
			lanes.set(key, lane);
		}
		lane.indices.push(index);
		lane.tasks.push(task);
		if (lane.busy || lane.queued) return undefined;
		if (lane.readyAt <= runtime.now()) return lane;
		enqueue(lane);
		return undefined;
	};

	/**
	 * The lane a free worker serves next: a waiting lane that is due, else the lane of the next item
	 * read (when reading may go further ahead), else the waiting lane due soonest; undefined when
	 * nothing is left to read or send.
	 */
	const takeLane = async (): Promise<Lane<BatchTask<Output>> | undefined> => {
		for (;;) {
			const soonest = waiting.peek();
			if (soonest && soonest.readyAt <= runtime.now()) return claim(waiting.pop() as Lane<BatchTask<Output>>);
			if (reading) {
				await reading;
				continue;
			}
			if (canRead() && awaitingSlot < readAhead) {
				reading = readNext();
				const lane = await reading;
				reading = undefined;
				if (lane) return claim(lane);
				continue;
			}
			if (soonest) return claim(waiting.pop() as Lane<BatchTask<Output>>);
			if (!canRead()) return undefined;
			await new Promise<void>((resolve) => slotWaiters.push(resolve));
		}
	};

	const sendNext = async (lane: Lane<BatchTask<Output>>): Promise<void> => {
		const index = lane.indices[lane.head];
		const task = lane.tasks[lane.head];
		lane.head++;
		const readyBefore = lane.readyAt;
		let startedAt = runtime.now();
		let holdLaneUntil = Number.NEGATIVE_INFINITY;
		let flying = false;
		try {
			awaitingSlot++;
			try {
				while (inFlight >= flightLimit()) await new Promise<void>((resolve) => flightWaiters.push(resolve));
				inFlight++;
				flying = true;
				startedAt = await pacing.acquire(lane.sender);
			} finally {
				awaitingSlot--;
				wakeOne();
			}
			const output = await task.send();
			shortestAnswerMs = Math.min(shortestAnswerMs, runtime.now() - startedAt);
			results[index] = { index, ok: true, output };
			if (refusals.has(index)) recovered++;
		} catch (error) {
			if (error instanceof WhatsAppError && error.code === THROUGHPUT_CODE) {
				throttled++;
				const refused = (refusals.get(index) ?? 0) + 1;
				refusals.set(index, refused);
				pacing.throttled(lane.sender, startedAt, pauseAsked(error, runtime.now()));
				if (refused <= MAX_THROUGHPUT_RETRIES) {
					// Meta refused it, so it was not sent: it goes again first in its lane, at the new pace.
					lane.head--;
					lane.readyAt = readyBefore;
					return;
				}
			}
			results[index] = { index, ok: false, error: errorResult(error, settings.operation) };
			if (error instanceof WhatsAppError && error.code === PAIR_RATE_CODE) {
				// Meta says this person got too many: hold the rest of their messages; others are unaffected.
				holdLaneUntil = runtime.now() + (error.retry.afterMs ?? settings.recipientSpacingMs);
			}
			stop(index);
		} finally {
			if (flying) {
				inFlight--;
				flightWaiters.shift()?.();
			}
		}
		lane.readyAt = Math.max(startedAt + settings.recipientSpacingMs, holdLaneUntil);
	};

	const worker = async (): Promise<void> => {
		for (;;) {
			const lane = await takeLane();
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

	const workers = Array.from({ length: Math.min(settings.concurrency, source.count) }, () => worker());
	await Promise.allSettled(workers);

	const complete = Array.from(
		results,
		(result, index): BatchResult<Output> =>
			result ??
			(stoppedAt !== undefined
				? notAttempted(index, stoppedAt, settings.operation)
				: {
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
					}),
	);
	const sent = complete.filter((result) => result.ok).length;
	return {
		results: complete,
		summary: { total: source.count, sent, failed: source.count - sent, invalid },
		pacing: { throttled, recoveredAfterThrottle: recovered, senders: pacing.report(), ...(stoppedAt !== undefined ? { stoppedAt } : {}) },
	};
}
