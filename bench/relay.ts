/**
 * Relay benchmark (SQLite, in-process, loopback only): signed Meta webhook POSTs in, deliveries to
 * one local subscriber out. Two phases in the same run:
 * 1. throughput: batches of 10 status events, 4 POSTs in flight, until 3,000 events (or 20 s) —
 *    sustained events/s from the first POST to the last receipt at the subscriber;
 * 2. latency: the same batches paced at half the measured throughput for about 2 s — p99 of
 *    (subscriber receipt − start of the Meta POST carrying the event) per event, so the queueing of
 *    a saturated relay (phase 1) does not count as latency.
 */
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../relay/config';
import { startRelay } from '../relay/index';

const BATCH_SIZE = 10;
const THROUGHPUT_EVENTS = 3_000;
const CONCURRENT_POSTS = 4;
const LATENCY_DURATION_MS = 2_000;
const PHASE_TIMEOUT_MS = 20_000;

/** One POST on a keep-alive agent; resolves with the status once the answer is read. */
export function post(agent: http.Agent, url: string, body: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', reject);
		request.end(body);
	});
}

let messageCounter = 0;

/** A Meta `messages` webhook with `count` delivered statuses of phone number 200000000000001; returns the body and its events' dedupe keys. */
export function statusBatch(count: number): { body: string; keys: string[] } {
	const keys: string[] = [];
	const statuses = [];
	for (let index = 0; index < count; index++) {
		const id = `wamid.BENCH${(++messageCounter).toString().padStart(10, '0')}`;
		keys.push(`messageStatus:${id}:delivered`);
		statuses.push({ id, status: 'delivered', timestamp: String(1_750_000_000 + messageCounter), recipient_id: '16505551234' });
	}
	const body = JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '100000000000001',
				changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100001', phone_number_id: '200000000000001' }, statuses } }],
			},
		],
	});
	return { body, keys };
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Runs both phases against a fresh SQLite relay and returns sustained events/s (Meta POST to
 * subscriber receipt) and the p99 latency in milliseconds.
 */
export async function benchRelay(): Promise<{ eventsPerSecond: number; p99Ms: number }> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-bench-'));
	const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
	const appSecret = randomBytes(16).toString('hex');
	const apiKey = randomBytes(24).toString('hex');
	const received = new Map<string, number>();
	let waiting: { count: number; resolve: () => void } | undefined;
	const subscriber = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const at = performance.now();
			const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
			if (!received.has(id)) received.set(id, at);
			response.writeHead(200).end();
			if (waiting && received.size >= waiting.count) waiting.resolve();
		});
	});
	await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
	const subscriberUrl = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hook`;
	const config = loadConfig({
		PORT: '0',
		META_APP_SECRET: appSecret,
		META_VERIFY_TOKEN: 'bench-verify-token',
		RELAY_API_KEYS: apiKey,
		RELAY_SQLITE_PATH: path.join(directory, 'relay.sqlite'),
		// The subscriber listens on loopback, which the relay refuses unless allowed.
		RELAY_ALLOWED_TARGETS: '127.0.0.1',
	});
	const relay = await startRelay({ config });
	const webhookUrl = `${relay.url}/meta/webhook`;
	const sign = (body: string) => ({ 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}` });
	const receivedAll = (count: number) =>
		new Promise<void>((resolve, reject) => {
			if (received.size >= count) return resolve();
			const timer = setTimeout(() => reject(new Error(`relay bench: only ${received.size} of ${count} events reached the subscriber within ${PHASE_TIMEOUT_MS} ms`)), PHASE_TIMEOUT_MS);
			waiting = {
				count,
				resolve: () => {
					clearTimeout(timer);
					waiting = undefined;
					resolve();
				},
			};
		});
	try {
		const subscribed = await post(agent, `${relay.url}/subscriptions`, JSON.stringify({ target_url: subscriberUrl, event_type: 'messageStatus' }), { 'x-api-key': apiKey });
		if (subscribed !== 201) throw new Error(`relay bench: creating the subscription answered HTTP ${subscribed}`);

		// Phase 1: throughput.
		const batches = Array.from({ length: THROUGHPUT_EVENTS / BATCH_SIZE }, () => statusBatch(BATCH_SIZE));
		const started = performance.now();
		let next = 0;
		await Promise.all(
			Array.from({ length: CONCURRENT_POSTS }, async () => {
				while (next < batches.length) {
					const batch = batches[next++];
					const status = await post(agent, webhookUrl, batch.body, sign(batch.body));
					if (status !== 200) throw new Error(`relay bench: Meta POST answered HTTP ${status}`);
				}
			}),
		);
		await receivedAll(THROUGHPUT_EVENTS);
		const lastReceipt = Math.max(...received.values());
		const eventsPerSecond = THROUGHPUT_EVENTS / ((lastReceipt - started) / 1000);

		// Phase 2: latency at a sustainable pace (half the measured throughput, in the same batches).
		const batchesPerSecond = Math.max(1, eventsPerSecond / 2 / BATCH_SIZE);
		const batchCount = Math.max(5, Math.round((batchesPerSecond * LATENCY_DURATION_MS) / 1000));
		const sentAt = new Map<string, number>();
		const posts: Promise<number>[] = [];
		const phaseStart = performance.now();
		for (let index = 0; index < batchCount; index++) {
			const wait = phaseStart + (index * 1000) / batchesPerSecond - performance.now();
			if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
			const paced = statusBatch(BATCH_SIZE);
			const at = performance.now();
			for (const key of paced.keys) sentAt.set(key, at);
			posts.push(post(agent, webhookUrl, paced.body, sign(paced.body)));
		}
		const statuses = await Promise.all(posts);
		if (statuses.some((status) => status !== 200)) throw new Error('relay bench: a Meta POST of the latency phase was not answered 200');
		await receivedAll(THROUGHPUT_EVENTS + batchCount * BATCH_SIZE);
		const latencies = [...sentAt].map(([key, at]) => (received.get(key) as number) - at);
		return { eventsPerSecond, p99Ms: percentile(latencies, 99) };
	} finally {
		await relay.stop();
		const closed = new Promise<void>((resolve) => subscriber.close(() => resolve()));
		subscriber.closeAllConnections();
		await closed;
		agent.destroy();
		fs.rmSync(directory, { recursive: true, force: true });
	}
}

if (require.main === module) {
	benchRelay().then(
		(result) => process.stdout.write(`relay (SQLite): sustained ${result.eventsPerSecond.toFixed(0)} events/s from Meta to subscriber, p99 latency ${result.p99Ms.toFixed(1)} ms\n`),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
