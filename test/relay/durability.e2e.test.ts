/**
 * Durability: the relay process is killed (SIGKILL, no shutdown code) after it accepted events and
 * before it delivered them; after a restart on the same database every event reaches the
 * subscriber, in order, and is accepted (2xx) by the subscriber exactly once. Repeated attempts are
 * only those the subscriber saw fail or never answered (at least once, visible to the test).
 * Run against the default SQLite file and against PostgreSQL (DATABASE_URL).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRelayProcess, RelayProcess } from './support/child';
import { signature, statusWebhook } from './support/events';
import { POSTGRES_SETUP_TIMEOUT_MS, startPostgres, TestPostgres } from './support/postgres';
import { startTarget } from './support/relay';

const APP_SECRET = 'durability-app-secret';
const API_KEY = 'durability-api-key-0123456789';
const BATCHES = 5;
const PER_BATCH = 4;

jest.setTimeout(120_000);

let postgres: TestPostgres | undefined;
afterAll(async () => {
	await postgres?.stop();
});

function batch(index: number): string {
	return statusWebhook(
		Array.from({ length: PER_BATCH }, (_, item) => ({ id: `wamid.DUR${index}x${item}`, status: 'delivered', timestamp: String(1_750_000_000 + index * 10 + item), recipient_id: '16505551234' })),
	);
}
const expectedIds = Array.from({ length: BATCHES * PER_BATCH }, (_, n) => `messageStatus:wamid.DUR${Math.floor(n / PER_BATCH)}x${n % PER_BATCH}:delivered`);

async function call(relay: RelayProcess, method: string, route: string, init: { body?: string; headers?: Record<string, string> } = {}) {
	const response = await fetch(`${relay.url}${route}`, { method, body: init.body, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
	return { status: response.status, json: (await response.json()) as any };
}

async function postMeta(relay: RelayProcess, body: string) {
	return call(relay, 'POST', '/meta/webhook', { body, headers: { 'x-hub-signature-256': signature(body, APP_SECRET) } });
}

describe.each(['SQLite', 'PostgreSQL'])('%s: killed between accepting and delivering', (kind) => {
	let directory: string;
	beforeAll(async () => {
		if (kind === 'PostgreSQL') postgres ??= await startPostgres();
	}, POSTGRES_SETUP_TIMEOUT_MS);
	beforeEach(() => {
		directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-durability-'));
	});
	afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

	async function environment(): Promise<Record<string, string>> {
		const storage: Record<string, string> =
			kind === 'SQLite' ? { RELAY_SQLITE_PATH: path.join(directory, 'relay.sqlite') } : { DATABASE_URL: await postgres!.createDatabase(`relay_durability_${Date.now()}`) };
		return {
			...storage,
			META_APP_SECRET: APP_SECRET,
			META_VERIFY_TOKEN: 'durability-verify-token',
			RELAY_API_KEYS: API_KEY,
			RELAY_RETRY_BASE_MS: '20',
			RELAY_RETRY_MAX_MS: '200',
			RELAY_MAX_ATTEMPTS: '100000',
			// On PostgreSQL a delivery cut off by the kill is claimable again once its lease ends; keep it short.
			RELAY_DELIVERY_TIMEOUT_MS: '500',
			RELAY_LEASE_MS: '1500',
			// The subscriber stands in on loopback, which the relay refuses unless allowed.
			RELAY_ALLOWED_TARGETS: '127.0.0.1',
		};
	}

	test('every accepted event is delivered after a restart, accepted once, in order', async () => {
		// The subscriber is down first (503), then hangs on one request while the relay is killed, then recovers.
		let mode: 'down' | 'hang' | 'up' = 'down';
		const target = await startTarget(() => (mode === 'down' ? 503 : mode === 'hang' ? 'hold' : 200));
		const env = await environment();
		let relay = await startRelayProcess(env);
		try {
			const subscription = await call(relay, 'POST', '/subscriptions', { body: JSON.stringify({ target_url: target.url, event_type: 'messageStatus' }) });
			expect(subscription.status).toBe(201);
			for (let index = 0; index < BATCHES; index++) {
				expect(await postMeta(relay, batch(index))).toEqual({ status: 200, json: { received: PER_BATCH, stored: PER_BATCH, duplicates: 0 } });
			}
			await target.waitFor(2); // the relay is trying, and failing
			mode = 'hang';
			const before = target.received.length;
			await target.waitFor(before + 1); // one attempt is in flight, unanswered
			await relay.kill9();
			expect(relay.child.signalCode).toBe('SIGKILL');
			const attemptsBeforeRestart = target.received.length;
			expect(target.received.every((request) => request.status !== 200)).toBe(true);

			mode = 'up';
			relay = await startRelayProcess(env);
			// Meta redelivers a batch it already had a 200 for (its own at-least-once): stored once.
			expect(await postMeta(relay, batch(0))).toEqual({ status: 200, json: { received: PER_BATCH, stored: 0, duplicates: PER_BATCH } });

			for (let round = 0; round < 600 && target.received.filter((request) => request.status === 200).length < expectedIds.length; round++) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			const accepted = target.received.filter((request) => request.status === 200).map((request) => request.body.id);
			expect(accepted).toEqual(expectedIds);
			// Nothing is accepted twice; the only repeats are attempts the subscriber failed or never answered.
			expect(new Set(accepted).size).toBe(accepted.length);
			expect(target.received.slice(0, attemptsBeforeRestart).every((request) => request.status === 503 || request.status === 0)).toBe(true);
			expect(target.received.every((request) => expectedIds.includes(request.body.id))).toBe(true);
			expect(target.received.filter((request) => request.status === 200).map((request) => request.body.sequence)).toEqual(expectedIds.map((_, index) => index + 1));

			const deliveries = await call(relay, 'GET', '/deliveries?limit=100');
			expect(deliveries.json.data.map((delivery: { state: string }) => delivery.state)).toEqual(expectedIds.map(() => 'delivered'));
			expect(await relay.terminate()).toBe(0);
			expect(relay.output()).toContain('relay: stopped');
			expect(relay.output()).not.toContain(APP_SECRET);
			expect(relay.output()).not.toContain(API_KEY);
		} finally {
			if (relay.child.exitCode === null && relay.child.signalCode === null) await relay.kill9();
			await target.stop();
		}
	});
});
