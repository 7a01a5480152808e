/**
 * The storage contract against a real PostgreSQL server (installed and started by the test setup
 * when missing), plus what only PostgreSQL promises: several relay instances sharing one database.
 */
import { Client } from 'pg';
import { PostgresStorage } from '../../relay/storage/postgres';
import { inDialect, MIGRATIONS, SCHEMA_VERSION, TABLES } from '../../relay/storage/schema';
import type { RelayStorage } from '../../relay/storage/types';
import { mismatchEvent, statusEvent } from './support/events';
import { POSTGRES_SETUP_TIMEOUT_MS, startPostgres, TestPostgres } from './support/postgres';
import { describeStorageContract } from './support/storageContract';

let postgres: TestPostgres;
let url: string;

beforeAll(async () => {
	postgres = await startPostgres();
	url = await postgres.createDatabase('relay_storage_test');
}, POSTGRES_SETUP_TIMEOUT_MS);
afterAll(async () => {
	await postgres?.stop();
});

async function emptyDatabase(): Promise<void> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`DROP TABLE IF EXISTS ${[...TABLES].reverse().join(', ')} CASCADE`);
	} finally {
		await client.end();
	}
}

async function open(): Promise<PostgresStorage> {
	const storage = new PostgresStorage(url, { maxConnections: 4 });
	await storage.migrate();
	return storage;
}

describeStorageContract('PostgreSQL', {
	fresh: async () => {
		await emptyDatabase();
		return open();
	},
	another: open,
});

describe('PostgreSQL with several relay instances', () => {
	const handles: RelayStorage[] = [];
	afterEach(async () => {
		for (const handle of handles.splice(0)) await handle.close();
	});
	async function instance(): Promise<PostgresStorage> {
		const storage = new PostgresStorage(url, { maxConnections: 4 });
		handles.push(storage);
		return storage;
	}

	test('instances starting together migrate once, without errors', async () => {
		await emptyDatabase();
		const all = await Promise.all([instance(), instance(), instance()]);
		await Promise.all(all.map((storage) => storage.migrate()));
		const client = new Client({ connectionString: url });
		await client.connect();
		const { rows } = await client.query('SELECT version FROM relay_schema');
		await client.end();
		expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
	});

	test('the same Meta POST reaching two instances at once is stored once', async () => {
		await emptyDatabase();
		const [a, b] = [await instance(), await instance()];
		await a.migrate();
		await a.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, 1);
		const batch = [statusEvent(1), statusEvent(2), statusEvent(3)];
		const results = await Promise.all([a.acceptEvents(batch, 1), b.acceptEvents(batch, 1)]);
		expect(results.map((result) => result.stored).sort()).toEqual([0, 3]);
		expect(results.map((result) => result.duplicates).sort()).toEqual([0, 3]);
		expect((await a.listDeliveries({ limit: 10 })).map((delivery) => delivery.sequence)).toEqual([3, 2, 1]);
	});

	test('concurrent batches from two instances get gapless, unique sequence numbers per subscriber', async () => {
		await emptyDatabase();
		const [a, b] = [await instance(), await instance()];
		await a.migrate();
		const subscription = await a.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, 1);
		await Promise.all(
			Array.from({ length: 10 }, (_, batch) => (batch % 2 ? a : b).acceptEvents([statusEvent(batch * 3), statusEvent(batch * 3 + 1), statusEvent(batch * 3 + 2)], 1)),
		);
		const sequences = (await a.listDeliveries({ subscriptionId: subscription.id, limit: 100 })).map((delivery) => delivery.sequence).sort((x, y) => x - y);
		expect(sequences).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
	});

	test('creations racing on two instances never pass the per-key limit', async () => {
		await emptyDatabase();
		const [a, b] = [await instance(), await instance()];
		await a.migrate();
		const attempts = await Promise.allSettled(
			Array.from({ length: 8 }, (_, index) =>
				(index % 2 ? a : b).createSubscription({ targetUrl: `https://hooks.example.com/${index}`, eventTypes: ['messageStatus'], apiKeyId: 'key_race' }, 1, { maxPerKey: 3 }),
			),
		);
		expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(3);
		expect(attempts.filter((attempt) => attempt.status === 'rejected').map((attempt) => (attempt as PromiseRejectedResult).reason.name)).toEqual(Array(5).fill('SubscriptionLimitError'));
		expect(await a.listSubscriptions()).toHaveLength(3);
	});

	test('instances claiming at the same time never get the same delivery, and a subscriber never has two in flight', async () => {
		await emptyDatabase();
		const workers = [await instance(), await instance(), await instance()];
		await workers[0].migrate();
		const subscriptions = [];
		for (let index = 0; index < 4; index++) {
			subscriptions.push(await workers[0].createSubscription({ targetUrl: `https://hooks.example.com/${index}`, eventTypes: ['messageStatus'] }, 1));
		}
		await workers[0].acceptEvents(Array.from({ length: 5 }, (_, index) => statusEvent(index)), 1);
		const delivered: Record<string, number[]> = {};
		let now = 10;
		for (let round = 0; round < 12; round++) {
			now++;
			const claims = await Promise.all(workers.map((worker, index) => worker.claimDeliveries({ now, leaseMs: 60_000, owner: `worker-${index}`, limit: 10 })));
			const all = claims.flat();
			expect(new Set(all.map((claim) => claim.delivery.id)).size).toBe(all.length);
			expect(new Set(all.map((claim) => claim.subscription.id)).size).toBe(all.length);
			for (const claim of all) {
				(delivered[claim.subscription.id] ??= []).push(claim.delivery.sequence);
				await workers[0].completeDelivery(claim.delivery.id, now, 200);
			}
		}
		for (const subscription of subscriptions) expect(delivered[subscription.id]).toEqual([1, 2, 3, 4, 5]);
	});
});

test('upgrades a version 1 database: routes and due times come from the existing subscriptions and outboxes', async () => {
	await emptyDatabase();
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(inDialect(MIGRATIONS[0], 'postgres'));
		await client.query('CREATE TABLE relay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL); INSERT INTO relay_schema VALUES (1, 1)');
		await client.query("INSERT INTO subscriptions (id, target_url, event_types, phone_number_id, waba_id, created_at, last_sequence) VALUES ('sub_old', 'https://hooks.example.com/old', $1, NULL, NULL, 1, 1)", [
			JSON.stringify(['messageStatus', 'identityMismatch']),
		]);
		await client.query("INSERT INTO events (dedupe_key, type, waba_id, phone_number_id, received_at, payload) VALUES ($1, 'messageStatus', $2, $3, 1, $4)", [
			statusEvent(1).dedupeKey,
			statusEvent(1).wabaId,
			statusEvent(1).phoneNumberId,
			JSON.stringify(statusEvent(1)),
		]);
		await client.query("INSERT INTO deliveries (subscription_id, sequence, event_seq, state, attempts, next_attempt_at, created_at, updated_at) SELECT 'sub_old', 1, seq, 'pending', 2, 500, 1, 1 FROM events");
	} finally {
		await client.end();
	}
	const storage = await open();
	try {
		expect(await storage.nextDueAt()).toBe(500);
		expect(await storage.claimDeliveries({ now: 500, leaseMs: 1_000, owner: 'w', limit: 5, lane: 'healthy' })).toEqual([]);
		const [claim] = await storage.claimDeliveries({ now: 500, leaseMs: 1_000, owner: 'w', limit: 5, lane: 'failing' });
		expect([claim.subscription.id, claim.delivery.sequence, claim.delivery.attempts]).toEqual(['sub_old', 1, 3]);
		expect(await storage.acceptEvents([mismatchEvent(1), statusEvent(2)], 600)).toEqual({ stored: 2, duplicates: 0, deliveriesQueued: 2 });
	} finally {
		await storage.close();
	}
});
