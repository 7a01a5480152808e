/**
 * Relay fan-out benchmark (SQLite, in-process, loopback only): does a signed Meta POST stay fast
 * when the relay holds many subscriptions that match nothing? Two relays run side by side in the
 * same process: one with 1 subscription, one with 1,000 of which 10 match the POSTs (the others
 * want other event types or other phone numbers). Their POSTs alternate, paced so deliveries keep
 * up, and each side's p99 POST latency (request sent to answer read) is compared: target ≤ 2x.
 * Both commit with synchronous=NORMAL: the disk's fsync time is the same on both sides and would
 * only add noise to what is measured here, the cost of the subscriptions.
 */
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../relay/config';
import { RunningRelay, startRelay } from '../relay/index';
import { percentile, post, statusBatch } from './relay';

export const FAN_OUT_REQUIRED_RATIO = 2;

const SUBSCRIPTIONS = 1_000;
const MATCHING = 10;
const EVENTS_PER_POST = 10;
const ROUNDS = 200;
const PAUSE_MS = 5;
/** The number bench/relay.ts statusBatch reports statuses of. */
const PHONE_NUMBER_ID = '200000000000001';

export interface FanOutBenchResult {
	/** p99 POST latency with one (matching) subscription, in ms. */
	oneSubscriptionP99Ms: number;
	/** p99 POST latency with 1,000 subscriptions of which 10 match, in ms. */
	manySubscriptionsP99Ms: number;
	/** many / one. */
	ratio: number;
	/** Deliveries that reached the subscriber within 5 s of the last POST, and how many were due. */
	delivered: number;
	expected: number;
}

async function relayWith(directory: string, name: string, appSecret: string): Promise<RunningRelay> {
	const config = loadConfig({
		PORT: '0',
		META_APP_SECRET: appSecret,
		META_VERIFY_TOKEN: 'bench-verify-token',
		RELAY_API_KEYS: randomBytes(24).toString('hex'),
		RELAY_SQLITE_PATH: path.join(directory, `${name}.sqlite`),
		RELAY_SQLITE_SYNCHRONOUS: 'NORMAL',
		RELAY_ALLOWED_TARGETS: '127.0.0.1',
	});
	return startRelay({ config });
}

/** Runs the comparison and returns the numbers; prints nothing. */
export async function benchRelayFanOut(): Promise<FanOutBenchResult> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-fanout-'));
	const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
	const appSecret = randomBytes(16).toString('hex');
	let delivered = 0;
	const subscriber = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			delivered++;
			response.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
	const target = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hook`;
	const one = await relayWith(directory, 'one', appSecret);
	const many = await relayWith(directory, 'many', appSecret);
	try {
		await one.storage.createSubscription({ targetUrl: target, eventTypes: ['messageStatus'], phoneNumberId: PHONE_NUMBER_ID }, Date.now());
		for (let index = 0; index < SUBSCRIPTIONS; index++) {
			// Ten match; the rest want another event type or another number's statuses.
			const matches = index < MATCHING;
			const otherNumber = `2000000000${String(10_000 + index).padStart(5, '0')}`;
			await many.storage.createSubscription(
				matches
					? { targetUrl: target, eventTypes: ['messageStatus'], phoneNumberId: PHONE_NUMBER_ID }
					: index % 2
						? { targetUrl: target, eventTypes: ['qualityChanged', 'nameReviewed'] }
						: { targetUrl: target, eventTypes: ['messageStatus', 'identityMismatch'], phoneNumberId: otherNumber },
				Date.now(),
			);
		}
		const sign = (body: string) => ({ 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}` });
		const timed = async (relay: RunningRelay): Promise<number> => {
			const { body } = statusBatch(EVENTS_PER_POST);
			const started = performance.now();
			const status = await post(agent, `${relay.url}/meta/webhook`, body, sign(body));
			if (status !== 200) throw new Error(`relay fan-out bench: Meta POST answered HTTP ${status}`);
			return performance.now() - started;
		};
		// Warm-up, then alternating rounds (which one goes first alternates too).
		for (let round = 0; round < 20; round++) await Promise.all([timed(one), timed(many)]);
		const oneMs: number[] = [];
		const manyMs: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			if (round % 2) {
				oneMs.push(await timed(one));
				manyMs.push(await timed(many));
			} else {
				manyMs.push(await timed(many));
				oneMs.push(await timed(one));
			}
			await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
		}
		const expected = (20 + ROUNDS) * EVENTS_PER_POST * (1 + MATCHING);
		for (let wait = 0; wait < 100 && delivered < expected; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
		const oneSubscriptionP99Ms = percentile(oneMs, 99);
		const manySubscriptionsP99Ms = percentile(manyMs, 99);
		return { oneSubscriptionP99Ms, manySubscriptionsP99Ms, ratio: manySubscriptionsP99Ms / oneSubscriptionP99Ms, delivered, expected };
	} finally {
		await one.stop();
		await many.stop();
		const closed = new Promise<void>((resolve) => subscriber.close(() => resolve()));
		subscriber.closeAllConnections();
		await closed;
		agent.destroy();
		fs.rmSync(directory, { recursive: true, force: true });
	}
}

/** The one line `npm run bench` prints for this benchmark. */
export function formatFanOutBench(result: FanOutBenchResult): string {
	const ok = result.ratio <= FAN_OUT_REQUIRED_RATIO;
	return `relay fan-out (SQLite): signed POST p99 ${result.oneSubscriptionP99Ms.toFixed(1)} ms with 1 subscription, ${result.manySubscriptionsP99Ms.toFixed(1)} ms with 1,000 (10 matching), ratio ${result.ratio.toFixed(2)} (target <= ${FAN_OUT_REQUIRED_RATIO}) ${ok ? 'OK' : 'ABOVE TARGET'}`;
}

if (require.main === module) {
	benchRelayFanOut().then(
		(result) => process.stdout.write(`${formatFanOutBench(result)}\n  deliveries received: ${result.delivered} of ${result.expected}\n`),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
