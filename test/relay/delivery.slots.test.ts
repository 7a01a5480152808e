/**
 * The deadline of one attempt and the delivery slots, on the injected clock: a subscriber that
 * never finishes answering fails at the deadline (never at the socket's whim), is never sent a
 * second request while its first is open, and slow or failing subscribers cannot starve a healthy one.
 */
import { DeliveryWorker } from '../../relay/delivery';
import { DEADLINE_GRACE_MS } from '../../relay/delivery/policy';
import type { HttpRequest } from '../../shared/runtime';
import { TransportFailure } from '../../shared/runtime';
import { statusEvent } from './support/events';
import { ScriptedTransport } from './support/fakes';
import { useWorkerHarness } from './support/workerHarness';

const POLICY = { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 5_000, leaseMs: 8_000, maxInFlight: 4, slowAfterMs: 1_000, maxFailingInFlight: 1, idlePollMs: 60_000 };

const h = useWorkerHarness(POLICY);
let running: DeliveryWorker | undefined;

afterEach(async () => {
	h.clock.advance(10 * 60_000);
	await running?.stop();
	running = undefined;
});

/** Lets every promise chain that can move, move (storage calls, the worker's loop). */
async function settle(): Promise<void> {
	for (let round = 0; round < 30; round++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the clock in steps, letting the worker run between them. */
async function advance(ms: number, step = 100): Promise<void> {
	for (let moved = 0; moved < ms; moved += step) {
		h.clock.advance(Math.min(step, ms - moved));
		await settle();
	}
}

function start(transport: ScriptedTransport): DeliveryWorker {
	running = h.worker(transport);
	running.start();
	return running;
}

/** Concurrency per target URL, as the subscribers would see it. */
function tracker() {
	const open = new Map<string, number>();
	let most = 0;
	return {
		enter(url: string) {
			open.set(url, (open.get(url) ?? 0) + 1);
			most = Math.max(most, open.get(url) ?? 0);
		},
		leave(url: string) {
			open.set(url, (open.get(url) ?? 0) - 1);
		},
		mostAtOnce: () => most,
		openNow: () => [...open.values()].reduce((sum, count) => sum + count, 0),
	};
}

test('a subscriber that never finishes answering fails at the deadline, inside the lease, and never has two requests open', async () => {
	const hook = 'https://hooks.example.com/trickle';
	await h.storage.createSubscription({ targetUrl: hook, eventTypes: ['messageStatus'] }, h.clock.now());
	await h.storage.acceptEvents([statusEvent(1)], h.clock.now());
	const concurrency = tracker();
	// The transport ignores its timeout and answers after 25 s: the worker's own deadline must hold.
	const transport = new ScriptedTransport(async (request) => {
		concurrency.enter(request.url);
		await h.clock.sleep(25_000);
		concurrency.leave(request.url);
		return 200;
	});
	start(transport);
	await settle();
	expect(transport.requests).toHaveLength(1);

	await advance(POLICY.timeoutMs + DEADLINE_GRACE_MS);
	const [pending] = await h.storage.listDeliveries({ state: 'pending', limit: 1 });
	expect([pending.attempts, pending.lastError]).toEqual([1, 'no complete answer within 5000 ms (the transport did not stop waiting)']);
	expect(h.logs).toContain(
		`delivery ${pending.id} (event ${statusEvent(1).dedupeKey}) to ${pending.subscriptionId}: attempt 1 failed (no complete answer within 5000 ms (the transport did not stop waiting)); next attempt in 0.8 s`,
	);

	// The lease (8 s) would long have expired; the first request is still open until 25 s.
	await advance(20_000);
	expect(concurrency.mostAtOnce()).toBe(1);
	expect(transport.requests).toHaveLength(1);
	expect((await h.storage.listDeliveries({ limit: 1 }))[0].lastError).toBe('the previous request to this subscriber is still open');

	// Once it is closed, the next attempt goes out (and, answered in time now, succeeds).
	transport.respondWith(() => 200);
	await advance(20_000);
	expect(transport.requests.length).toBe(2);
	expect((await h.storage.listDeliveries({ state: 'delivered', limit: 1 })).map((delivery) => delivery.dedupeKey)).toEqual([statusEvent(1).dedupeKey]);
	expect(concurrency.mostAtOnce()).toBe(1);
});

test('trickling subscribers filling every slot do not hold back a healthy one beyond a few slowAfterMs', async () => {
	const trickling = Array.from({ length: 2 * POLICY.maxInFlight }, (_, index) => `https://hooks.example.com/trickle-${index}`);
	const healthy = 'https://hooks.example.com/healthy';
	const concurrency = tracker();
	const deliveredAt = new Map<string, number>();
	let mostOpen = 0;
	let retriesOpen = 0;
	let mostRetriesOpen = 0;
	// Like the relay's transport: a trickling answer is cut at the request's deadline.
	const transport = new ScriptedTransport(async (request: HttpRequest & { json: Record<string, unknown> }) => {
		concurrency.enter(request.url);
		mostOpen = Math.max(mostOpen, concurrency.openNow());
		try {
			if (request.url === healthy) {
				deliveredAt.set(String(request.json.id), h.clock.now());
				return 200;
			}
			const retry = Number(request.json.attempt) > 1;
			if (retry) mostRetriesOpen = Math.max(mostRetriesOpen, ++retriesOpen);
			await h.clock.sleep(request.timeoutMs ?? 0);
			if (retry) retriesOpen--;
			throw new TransportFailure(`no complete answer within ${request.timeoutMs} ms`, 'timeout', true);
		} finally {
			concurrency.leave(request.url);
		}
	});
	// The trickling subscribers' event is due first, so they take every slot first.
	for (const url of trickling) await h.storage.createSubscription({ targetUrl: url, eventTypes: ['messageStatus'] }, h.clock.now());
	await h.storage.acceptEvents([statusEvent(0)], h.clock.now());
	await h.storage.createSubscription({ targetUrl: healthy, eventTypes: ['messageStatus'] }, h.clock.now());
	h.clock.advance(1);
	const t0 = h.clock.now();
	await h.storage.acceptEvents([statusEvent(1)], t0);
	start(transport);
	await settle();
	expect(transport.requests.map((request) => request.url)).toEqual(expect.arrayContaining([expect.stringMatching(/trickle-/)]));
	expect(transport.requests).toHaveLength(POLICY.maxInFlight);
	expect(deliveredAt.size).toBe(0);

	// Slow attempts give up their slot: first to the other trickling ones (due earlier), then to the healthy one.
	await advance(3 * POLICY.slowAfterMs);
	expect(deliveredAt.get(statusEvent(1).dedupeKey)! - t0).toBeLessThanOrEqual(2 * POLICY.slowAfterMs + 100);

	// Later events reach the healthy subscriber at once, while the failing ones retry within their share.
	await advance(60_000);
	for (let index = 2; index <= 6; index++) {
		const storedAt = h.clock.now();
		await h.storage.acceptEvents([statusEvent(index)], storedAt);
		running?.wake();
		await advance(300);
		expect({ index, waited: deliveredAt.get(statusEvent(index).dedupeKey)! - storedAt }).toEqual({ index, waited: expect.any(Number) });
		expect(deliveredAt.get(statusEvent(index).dedupeKey)! - storedAt).toBeLessThanOrEqual(300);
		await advance(10_000);
	}
	expect(concurrency.mostAtOnce()).toBe(1);
	expect(mostOpen).toBeLessThanOrEqual(POLICY.maxInFlight * 4);
	// Retries of failing subscribers never held more than their share at once.
	const failingRetries = transport.requests.filter((request) => request.url !== healthy && Number(request.json.attempt) > 1);
	expect(failingRetries.length).toBeGreaterThan(0);
	expect(mostRetriesOpen).toBe(POLICY.maxFailingInFlight);
});
