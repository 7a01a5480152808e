import { DeliveryWorker, retryDelayMs, parseRetryAfter } from '../../relay/delivery';
import { TransportFailure } from '../../shared/runtime';
import { mismatchEvent, statusEvent } from './support/events';
import { ScriptedTransport } from './support/fakes';
import { useWorkerHarness } from './support/workerHarness';

const HOOK_A = 'https://hooks.zapier.com/hooks/standard/123/secret-a/';
const HOOK_B = 'https://hooks.zapier.com/hooks/standard/123/secret-b/';
const POLICY = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 5_000, leaseMs: 30_000, maxInFlight: 8 };

const h = useWorkerHarness(POLICY);
const worker = (transport: ScriptedTransport): DeliveryWorker => h.worker(transport);

describe('retryDelayMs', () => {
	test('doubles from the base, with half of it random, capped at the maximum', () => {
		const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };
		expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
		expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, policy, () => 0.999999))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
	});

	test('waits at least as long as Retry-After asks, but never beyond the maximum', () => {
		const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };
		expect(retryDelayMs(1, policy, () => 0, 7_000)).toBe(7_000);
		expect(retryDelayMs(1, policy, () => 0, 700)).toBe(700);
		expect(retryDelayMs(1, policy, () => 0, 300)).toBe(500);
		expect(retryDelayMs(1, policy, () => 0, 99_000)).toBe(10_000);
	});

	test('reads Retry-After as seconds or as a date', () => {
		expect(parseRetryAfter('30', 0)).toBe(30_000);
		expect(parseRetryAfter('Mon, 01 Jun 2026 12:00:10 GMT', Date.UTC(2026, 5, 1, 12, 0, 0))).toBe(10_000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
		expect(parseRetryAfter(undefined, 0)).toBeUndefined();
	});
});

describe('DeliveryWorker', () => {
	test('POSTs each event to every matching subscriber as one JSON payload with the event id', async () => {
		const a = await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['identityMismatch'] }, h.clock.now());
		const b = await h.storage.createSubscription({ targetUrl: HOOK_B, eventTypes: ['identityMismatch', 'messageStatus'] }, h.clock.now());
		const receivedAt = h.clock.now();
		await h.storage.acceptEvents([mismatchEvent(1), statusEvent(1)], receivedAt);
		h.clock.advance(250);
		const transport = new ScriptedTransport(() => 200);
		expect(await worker(transport).runOnce()).toBe(2);

		const toA = transport.requests.find((request) => request.url === HOOK_A)!;
		expect(toA.method).toBe('POST');
		expect(toA.timeoutMs).toBe(5_000);
		expect(toA.headers).toEqual({
			'content-type': 'application/json',
			'user-agent': 'whatsapp-numbers-relay',
			'x-relay-event-id': mismatchEvent(1).dedupeKey,
			'x-relay-delivery-id': expect.stringMatching(/^\d+$/),
			'x-relay-attempt': '1',
		});
		expect(toA.json).toEqual({
			id: mismatchEvent(1).dedupeKey,
			type: 'identityMismatch',
			event: mismatchEvent(1),
			subscription_id: a.id,
			sequence: 1,
			attempt: 1,
			received_at: new Date(receivedAt).toISOString(),
			delivered_at: new Date(receivedAt + 250).toISOString(),
		});
		// B gets its outbox in order: the mismatch first, then (next round) the status.
		expect(transport.idsSentTo(HOOK_B)).toEqual([mismatchEvent(1).dedupeKey]);
		expect(await worker(transport).runOnce()).toBe(1);
		expect(transport.idsSentTo(HOOK_B)).toEqual([mismatchEvent(1).dedupeKey, statusEvent(1).dedupeKey]);
		expect(transport.requests[2].json).toMatchObject({ subscription_id: b.id, sequence: 2 });
		expect(await worker(transport).runOnce()).toBe(0);
		expect((await h.storage.listDeliveries({ state: 'delivered', limit: 10 })).length).toBe(3);
	});

	test('retries a failing subscriber with exponential backoff and jitter, holding back its later events', async () => {
		const a = await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.createSubscription({ targetUrl: HOOK_B, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1), statusEvent(2)], h.clock.now());
		let aFails = true;
		const transport = new ScriptedTransport((request) => (request.url === HOOK_A && aFails ? 500 : 200));
		const deliveries = worker(transport);

		await deliveries.runOnce(); // A: attempt 1 fails; B: event 1 delivered
		let pendingOfA = (await h.storage.listDeliveries({ state: 'pending', limit: 10 })).filter((delivery) => delivery.sequence === 1);
		expect(pendingOfA.map((delivery) => [delivery.attempts, delivery.nextAttemptAt - h.clock.now(), delivery.lastStatus, delivery.lastError])).toEqual([[1, 750, 500, 'HTTP 500']]);

		await deliveries.runOnce(); // B: event 2; A: not due yet
		expect(transport.idsSentTo(HOOK_B)).toEqual([statusEvent(1).dedupeKey, statusEvent(2).dedupeKey]);
		expect(transport.idsSentTo(HOOK_A)).toEqual([statusEvent(1).dedupeKey]);

		h.clock.advance(749);
		expect(await deliveries.runOnce()).toBe(0);
		h.clock.advance(1);
		await deliveries.runOnce(); // attempt 2 fails: next in 1,500 ms
		pendingOfA = (await h.storage.listDeliveries({ state: 'pending', limit: 10 })).filter((delivery) => delivery.sequence === 1);
		expect(pendingOfA.map((delivery) => [delivery.attempts, delivery.nextAttemptAt - h.clock.now()])).toEqual([[2, 1_500]]);

		aFails = false;
		h.clock.advance(1_500);
		await deliveries.runOnce();
		await deliveries.runOnce();
		// Event 2 went to A only after event 1 got through, and each exactly once after success.
		expect(transport.idsSentTo(HOOK_A)).toEqual([statusEvent(1).dedupeKey, statusEvent(1).dedupeKey, statusEvent(1).dedupeKey, statusEvent(2).dedupeKey]);
		expect(transport.requests.filter((request) => request.url === HOOK_A).map((request) => request.json.attempt)).toEqual([1, 2, 3, 1]);
		const firstOfA = transport.requests.find((request) => request.url === HOOK_A)!.headers['x-relay-delivery-id'];
		expect(h.logs).toContain(`delivery ${firstOfA} (event ${statusEvent(1).dedupeKey}) to ${a.id}: attempt 1 failed (HTTP 500); next attempt in 0.8 s`);
		expect(h.logs).toContain(`delivery ${firstOfA} (event ${statusEvent(1).dedupeKey}) to ${a.id}: delivered (HTTP 200, attempt 3)`);
	});

	test('parks a delivery after the last attempt, moves on, and delivers it when retried', async () => {
		const a = await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1), statusEvent(2)], h.clock.now());
		let down = true;
		const transport = new ScriptedTransport(() => {
			if (down) throw new TransportFailure('connection refused', 'refused', false);
			return 204;
		});
		const deliveries = worker(transport);
		for (let attempt = 1; attempt <= POLICY.maxAttempts; attempt++) {
			await deliveries.runOnce();
			h.clock.advance(POLICY.maxDelayMs);
		}
		const parked = await h.storage.listDeliveries({ state: 'parked', limit: 10 });
		expect(parked.map((delivery) => [delivery.sequence, delivery.attempts, delivery.lastError])).toEqual([[1, 3, 'connection refused (refused)']]);
		expect(h.logs.some((line) => line.includes(`parked after 3 attempts. Retry it with POST /deliveries/${parked[0].id}/retry`))).toBe(true);
		// The next event is not held back by the parked one.
		await deliveries.runOnce();
		expect(transport.requests.at(-1)?.json.id).toBe(statusEvent(2).dedupeKey);

		down = false;
		h.clock.advance(POLICY.maxDelayMs);
		await deliveries.runOnce();
		expect(transport.requests.at(-1)?.json).toMatchObject({ id: statusEvent(2).dedupeKey, attempt: 2 });
		expect((await h.storage.listDeliveries({ state: 'pending', limit: 10 })).length).toBe(0);
		expect(await h.storage.retryParked({ subscriptionId: a.id }, h.clock.now())).toBe(1);
		await deliveries.runOnce();
		expect(transport.requests.at(-1)?.json).toMatchObject({ id: statusEvent(1).dedupeKey, attempt: 1 });
		expect(await h.storage.listDeliveries({ state: 'parked', limit: 10 })).toEqual([]);
	});

	test('removes a subscriber that answers 410 Gone, with its outbox', async () => {
		const a = await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1), statusEvent(2)], h.clock.now());
		const transport = new ScriptedTransport(() => 410);
		await worker(transport).runOnce();
		expect(await h.storage.getSubscription(a.id)).toBeUndefined();
		expect(await h.storage.listDeliveries({ limit: 10 })).toEqual([]);
		expect(await h.storage.acceptEvents([statusEvent(3)], h.clock.now())).toMatchObject({ deliveriesQueued: 0 });
		expect(await worker(transport).runOnce()).toBe(0);
		expect(transport.requests).toHaveLength(1);
		expect(h.logs).toContain(`delivery 1 (event ${statusEvent(1).dedupeKey}) to ${a.id}: the subscriber answered 410 Gone, so subscription ${a.id} was removed with its outbox`);
	});

	test('honours Retry-After on 429', async () => {
		await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1)], h.clock.now());
		const transport = new ScriptedTransport(() => ({ status: 429, headers: { 'retry-after': '20' }, body: '' }));
		await worker(transport).runOnce();
		const [pending] = await h.storage.listDeliveries({ state: 'pending', limit: 1 });
		expect(pending.nextAttemptAt - h.clock.now()).toBe(20_000);
	});

	test('the log never shows the target URL (Zapier hook URLs are secrets)', async () => {
		await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1)], h.clock.now());
		await worker(new ScriptedTransport(() => 500)).runOnce();
		h.clock.advance(POLICY.maxDelayMs);
		await worker(new ScriptedTransport(() => 200)).runOnce();
		expect(h.logs.length).toBe(2);
		expect(h.logs.join('\n')).not.toContain('secret-a');
		const stored = await h.storage.listDeliveries({ limit: 10 });
		expect(JSON.stringify(stored)).not.toContain('secret-a');
	});

	test('in the background: delivers what is stored after a wake-up, one at a time per subscriber, and stops cleanly', async () => {
		await h.storage.createSubscription({ targetUrl: HOOK_A, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.createSubscription({ targetUrl: HOOK_B, eventTypes: ['messageStatus'] }, h.clock.now());
		const inFlight = new Map<string, number>();
		let maxInFlightPerSubscriber = 0;
		let done!: () => void;
		const allDelivered = new Promise<void>((resolve) => (done = resolve));
		const transport = new ScriptedTransport(async (request) => {
			inFlight.set(request.url, (inFlight.get(request.url) ?? 0) + 1);
			maxInFlightPerSubscriber = Math.max(maxInFlightPerSubscriber, ...inFlight.values());
			await new Promise((resolve) => setImmediate(resolve));
			inFlight.set(request.url, (inFlight.get(request.url) ?? 0) - 1);
			if (transport.requests.length === 20) setImmediate(done);
			return 200;
		});
		const deliveries = worker(transport);
		deliveries.start();
		await h.storage.acceptEvents(Array.from({ length: 10 }, (_, index) => statusEvent(index)), h.clock.now());
		deliveries.wake();
		await allDelivered;
		await deliveries.stop();
		const expected = Array.from({ length: 10 }, (_, index) => statusEvent(index).dedupeKey);
		expect(transport.idsSentTo(HOOK_A)).toEqual(expected);
		expect(transport.idsSentTo(HOOK_B)).toEqual(expected);
		expect(maxInFlightPerSubscriber).toBe(1);
		expect(await h.storage.listDeliveries({ state: 'pending', limit: 100 })).toEqual([]);
	});
});
