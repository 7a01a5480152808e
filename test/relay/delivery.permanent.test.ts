/**
 * An event id built from Meta's payload must not block its subscriber: the header is made safe,
 * and a failure that can never succeed parks the delivery at once so the events behind it move on.
 */
import { eventIdHeader, permanentProblem } from '../../relay/delivery';
import { TargetRefusedError } from '../../relay/targets';
import { TransportFailure } from '../../shared/runtime';
import { statusEvent } from './support/events';
import { ScriptedTransport } from './support/fakes';
import { useWorkerHarness } from './support/workerHarness';

const HOOK = 'https://hooks.example.com/a';
const POLICY = { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 5_000, leaseMs: 30_000, maxInFlight: 8 };

const h = useWorkerHarness(POLICY);
const worker = (transport: ScriptedTransport) => h.worker(transport);

describe('the X-Relay-Event-Id header', () => {
	test('is the event id when it is short printable ASCII', () => {
		expect(eventIdHeader('messageStatus:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTND:delivered')).toBe('messageStatus:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTND:delivered');
	});

	test('is a stable sha256 of the id when the id has characters a header cannot carry, or is too long', () => {
		for (const id of ['inboundMessage:wamid.ÄÖÜ', 'inboundMessage:wamid.日本', 'messageStatus:with space', `messageStatus:${'x'.repeat(17_000)}`]) {
			expect(eventIdHeader(id)).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
			expect(eventIdHeader(id)).toBe(eventIdHeader(id));
		}
		expect(eventIdHeader('a:日本')).not.toBe(eventIdHeader('a:日本語'));
	});

	test('a delivery of an event whose id is not Latin-1 carries the digest in the header and the id in the body', async () => {
		await h.storage.createSubscription({ targetUrl: HOOK, eventTypes: ['messageStatus'] }, h.clock.now());
		const event = statusEvent(1, { dedupeKey: 'messageStatus:wamid.日本:delivered' });
		await h.storage.acceptEvents([event], h.clock.now());
		const transport = new ScriptedTransport(() => 200);
		await worker(transport).runOnce();
		expect(transport.requests[0].headers['x-relay-event-id']).toBe(eventIdHeader(event.dedupeKey));
		expect(transport.requests[0].json.id).toBe(event.dedupeKey);
	});
});

describe('failures that can never succeed', () => {
	test.each([
		[413, 'the subscriber refuses the request as too large (HTTP 413)'],
		[431, 'the subscriber refuses the request headers as too large (HTTP 431)'],
	])('HTTP %i parks the delivery after one attempt; the next event is delivered in the next round', async (status, reason) => {
		const subscription = await h.storage.createSubscription({ targetUrl: HOOK, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1), statusEvent(2)], h.clock.now());
		const transport = new ScriptedTransport((request) => (request.json.id === statusEvent(1).dedupeKey ? status : 200));
		const deliveries = worker(transport);
		await deliveries.runOnce();
		const [parked] = await h.storage.listDeliveries({ state: 'parked', limit: 5 });
		expect([parked.sequence, parked.attempts, parked.lastStatus, parked.lastError]).toEqual([1, 1, status, `can never succeed: ${reason}`]);
		expect(h.logs).toContain(
			`delivery ${parked.id} (event ${statusEvent(1).dedupeKey}) to ${subscription.id}: attempt 1 failed and can never succeed (${reason}); parked at once so the events behind it move on. Retry it with POST /deliveries/${parked.id}/retry once the cause is fixed.`,
		);
		// No backoff: the event behind it goes out at once.
		await deliveries.runOnce();
		expect(transport.idsSentTo(HOOK)).toEqual([statusEvent(1).dedupeKey, statusEvent(2).dedupeKey]);
		expect(await h.storage.listDeliveries({ state: 'pending', limit: 5 })).toEqual([]);
	});

	test('a request that cannot be built, or a refused target, is parked at once', async () => {
		await h.storage.createSubscription({ targetUrl: HOOK, eventTypes: ['messageStatus'] }, h.clock.now());
		await h.storage.acceptEvents([statusEvent(1), statusEvent(2), statusEvent(3)], h.clock.now());
		const failures: unknown[] = [
			Object.assign(new TypeError('Invalid character in header content ["x-relay-event-id"]'), { code: 'ERR_INVALID_CHAR' }),
			new TargetRefusedError('The target hooks.example.com resolves to 169.254.169.254, a link-local address.'),
		];
		const transport = new ScriptedTransport((_request, index) => {
			if (index < failures.length) throw failures[index];
			return 200;
		});
		const deliveries = worker(transport);
		await deliveries.runOnce();
		await deliveries.runOnce();
		await deliveries.runOnce();
		expect((await h.storage.listDeliveries({ limit: 5 })).reverse().map((delivery) => [delivery.sequence, delivery.state, delivery.attempts, delivery.lastError])).toEqual([
			[1, 'parked', 1, 'can never succeed: the request cannot be built (Invalid character in header content ["x-relay-event-id"])'],
			[2, 'parked', 1, 'can never succeed: The target hooks.example.com resolves to 169.254.169.254, a link-local address.'],
			[3, 'delivered', 1, null],
		].map(([sequence, state, attempts, error]) => [sequence, state, attempts, error ?? undefined]));
	});

	test('failures a wait can cure are retried as before', () => {
		for (const status of [400, 404, 408, 429, 500, 502, 503]) expect(permanentProblem({ status })).toBeUndefined();
		expect(permanentProblem({ error: new TransportFailure('connection refused', 'refused', false) })).toBeUndefined();
		expect(permanentProblem({ error: new TransportFailure('no complete answer within 5000 ms', 'timeout', true) })).toBeUndefined();
	});
});
