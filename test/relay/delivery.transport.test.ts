/**
 * The relay's delivery transport on real sockets: a total deadline against a trickling subscriber,
 * the answer taken at its headers, and the target guard on the address actually connected to.
 * Then the whole relay with a trickling and a healthy subscriber side by side.
 */
import nock from 'nock';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { deliveryTransport } from '../../relay/delivery';
import { parseAllowedTargets, TargetGuard, TargetRefusedError } from '../../relay/targets';
import { HttpTransport, TransportFailure } from '../../shared/runtime';
import { signature, statusWebhook } from './support/events';
import { APP_SECRET, startTarget, startTestRelay, TestRelay } from './support/relay';

jest.setTimeout(30_000);

const HEAD = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}';

/** A subscriber that writes its answer one byte every `everyMs` (from `from` on), counting its connections. */
async function trickler(options: { everyMs: number; from?: number }) {
	const sockets = new Set<Socket>();
	let open = 0;
	let requests = 0;
	const timers = new Set<NodeJS.Timeout>();
	const server = http.createServer((req, res) => {
		requests++;
		req.resume();
		const socket = res.socket!;
		let sent = options.from ?? 0;
		if (sent) socket.write(HEAD.slice(0, sent));
		const timer = setInterval(() => {
			if (socket.destroyed || sent >= HEAD.length) return clearInterval(timer);
			socket.write(HEAD[sent++]);
		}, options.everyMs);
		timers.add(timer);
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		open++;
		socket.on('close', () => {
			open--;
			sockets.delete(socket);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		openNow: () => open,
		requests: () => requests,
		async stop() {
			for (const timer of timers) clearInterval(timer);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const loopbackAllowed = () => new TargetGuard(parseAllowedTargets('127.0.0.1'));
const until = async (condition: () => boolean, timeoutMs = 10_000) => {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
};

describe('deliveryTransport', () => {
	test('a subscriber trickling its answer fails at the total deadline, and its connection is closed', async () => {
		const subscriber = await trickler({ everyMs: 50 });
		try {
			const started = Date.now();
			const failure = await deliveryTransport(loopbackAllowed())
				.send({ method: 'POST', url: subscriber.url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 400 })
				.then(() => undefined, (error: unknown) => error);
			expect(failure).toBeInstanceOf(TransportFailure);
			expect([(failure as TransportFailure).message, (failure as TransportFailure).reason, (failure as TransportFailure).requestSent]).toEqual(['no complete answer within 400 ms', 'timeout', true]);
			expect(Date.now() - started).toBeLessThan(2_000);
			await until(() => subscriber.openNow() === 0);
		} finally {
			await subscriber.stop();
		}
	});

	test('an answer is taken at its status line and headers; a body trickling after them is cut at the deadline', async () => {
		const subscriber = await trickler({ everyMs: 200, from: HEAD.length - 2 });
		try {
			const started = Date.now();
			const response = await deliveryTransport(loopbackAllowed()).send({ method: 'POST', url: subscriber.url, headers: {}, body: '{}', timeoutMs: 1_000 });
			expect([response.status, response.headers['content-type']]).toEqual([200, 'application/json']);
			expect(Date.now() - started).toBeLessThan(900);
			await until(() => subscriber.openNow() === 0, 5_000);
		} finally {
			await subscriber.stop();
		}
	});

	test('checks the address actually connected to: a name rebound to a refused address is refused before connecting', async () => {
		// The unit tests' network guard (nock) lets loopback through only; this name goes to loopback too, through the resolver.
		nock.enableNetConnect((host) => /^(127\.0\.0\.1|hooks\.example\.com)(:\d+)?$/.test(host));
		const subscriber = await trickler({ everyMs: 10 });
		const port = new URL(subscriber.url).port;
		try {
			const rebound = new TargetGuard([], async () => ['127.0.0.1']);
			const refused = await deliveryTransport(rebound)
				.send({ method: 'POST', url: `http://hooks.example.com:${port}/hook`, headers: {}, body: '{}', timeoutMs: 1_000 })
				.then(() => undefined, (error: unknown) => error);
			expect(refused).toBeInstanceOf(TargetRefusedError);
			expect((refused as Error).message).toBe(
				'The target hooks.example.com resolves to 127.0.0.1, a loopback address, where the relay does not deliver by default. To deliver there on purpose (a self-hosted receiver), add it to RELAY_ALLOWED_TARGETS.',
			);
			const literal = await deliveryTransport(new TargetGuard())
				.send({ method: 'POST', url: subscriber.url, headers: {}, body: '{}', timeoutMs: 1_000 })
				.then(() => undefined, (error: unknown) => error);
			expect(literal).toBeInstanceOf(TargetRefusedError);
			expect(subscriber.requests()).toBe(0);
			// Allowed by name, it connects (and, answering fast, succeeds).
			const allowed = await deliveryTransport(new TargetGuard(parseAllowedTargets('hooks.example.com'), async () => ['127.0.0.1'])).send({
				method: 'POST',
				url: `http://hooks.example.com:${port}/hook`,
				headers: {},
				body: '{}',
				timeoutMs: 5_000,
			});
			expect(allowed.status).toBe(200);
		} finally {
			nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
			await subscriber.stop();
		}
	});
});

describe('the relay with a trickling subscriber', () => {
	let relay: TestRelay;
	afterEach(async () => {
		await relay?.stop();
	});

	test('never holds a delivery twice, never opens a second connection to it, and keeps the healthy subscriber flowing', async () => {
		const slow = await trickler({ everyMs: 100 });
		const healthy = await startTarget();
		// The relay's own transport, watched from the relay's side: requests per target still unsettled.
		const transport = deliveryTransport(loopbackAllowed());
		const unsettled = new Map<string, number>();
		let mostAtOnce = 0;
		const watched: HttpTransport = {
			async send(request) {
				unsettled.set(request.url, (unsettled.get(request.url) ?? 0) + 1);
				mostAtOnce = Math.max(mostAtOnce, unsettled.get(request.url) ?? 0);
				try {
					return await transport.send(request);
				} finally {
					unsettled.set(request.url, (unsettled.get(request.url) ?? 0) - 1);
				}
			},
		};
		relay = await startTestRelay({ RELAY_DELIVERY_TIMEOUT_MS: '400', RELAY_LEASE_MS: '1400', RELAY_RETRY_BASE_MS: '50', RELAY_RETRY_MAX_MS: '100' }, { deliveryTransport: watched });
		try {
			for (const target of [slow.url, healthy.url]) {
				expect((await relay.call('POST', '/subscriptions', { json: { target_url: target, event_type: 'messageStatus' } })).status).toBe(201);
			}
			const statuses = [1, 2, 3].map((index) => ({ id: `wamid.T${index}`, status: 'delivered', timestamp: '1751414400', recipient_id: '16505551234' }));
			const body = statusWebhook(statuses);
			const started = Date.now();
			const answer = await relay.call('POST', '/meta/webhook', { body, apiKey: null, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(body, APP_SECRET) } });
			expect(answer.status).toBe(200);
			await healthy.waitFor(3);
			expect(Date.now() - started).toBeLessThan(3_000);
			// Well past several leases (1.4 s): each attempt was cut at 400 ms, one connection at a time.
			await new Promise((resolve) => setTimeout(resolve, 3_000));
			expect(slow.requests()).toBeGreaterThanOrEqual(2);
			expect(mostAtOnce).toBe(1);
			// The slow subscriber's outbox waits behind its head, which failed at each deadline.
			const pending = (await relay.call('GET', '/deliveries?state=pending')).json.data.reverse();
			expect(pending.map((delivery: { sequence: number; last_error: string | null }) => [delivery.sequence, delivery.last_error])).toEqual([
				[1, 'no complete answer within 400 ms (timeout)'],
				[2, null],
				[3, null],
			]);
			// Every attempt reached the subscriber once: no copy was sent behind the relay's back.
			expect(slow.requests()).toBeLessThanOrEqual(pending[0].attempts);
		} finally {
			await relay.stop();
			await slow.stop();
			await healthy.stop();
		}
	});
});
