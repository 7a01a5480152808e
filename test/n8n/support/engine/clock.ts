/**
 * Driving time through n8n's request stack without waiting for it. n8n-core sends with axios over
 * follow-redirects, whose request timeout is a plain `setTimeout`, and n8n-workflow's `sleep` (the
 * core's retry backoff inside n8n) is one too: jest's fake clock moves both. The event loop's own
 * queues (nextTick, setImmediate, microtasks) stay real, so requests and nock's answers still flow.
 * nock's `.delay()` runs on Node's timers module, which the fake clock does not touch: a delayed
 * answer simply never comes before the faked timeout fires, and `restore()` drops it.
 */
import { setTimeout as realTimeout } from 'node:timers';

import nock from 'nock';

export interface FakeClock {
	/** Lets pending I/O run, then moves the fake clock on by `ms`. */
	advance(ms: number): Promise<void>;
	/**
	 * Moves the clock on in steps of `stepMs` until `condition` holds (at most `maxMs` in all), letting
	 * I/O run between steps. Stop at the event you wait for: stepping further would also expire the
	 * timeout of a request still in flight.
	 */
	advanceUntil(condition: () => boolean, stepMs: number, maxMs: number): Promise<void>;
	restore(): void;
}

/** One pass of the real event loop, timers phase included (the fake clock leaves node:timers alone). */
const ioTurn = () => new Promise<void>((resolve) => realTimeout(resolve, 1));

export function useFakeClock(): FakeClock {
	jest.useFakeTimers({
		doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance', 'Date'],
	});
	const clock: FakeClock = {
		async advance(ms) {
			await ioTurn();
			jest.advanceTimersByTime(ms);
			await ioTurn();
		},
		async advanceUntil(condition, stepMs, maxMs) {
			for (let elapsed = 0; !condition(); elapsed += stepMs) {
				if (elapsed >= maxMs) throw new Error(`Still waiting after ${maxMs} ms of fake time.`);
				await clock.advance(stepMs);
			}
		},
		restore() {
			jest.useRealTimers();
			nock.abortPendingRequests();
		},
	};
	return clock;
}

/** Resolves when a request reaches one of the scope's interceptors, and counts every request that does. */
export function countRequests(scope: nock.Scope): { readonly count: number; first: Promise<void> } {
	let count = 0;
	let reached: () => void = () => undefined;
	const first = new Promise<void>((resolve) => (reached = resolve));
	scope.on('request', () => {
		count++;
		reached();
	});
	return {
		get count() {
			return count;
		},
		first,
	};
}
