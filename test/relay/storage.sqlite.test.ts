import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStorage } from '../../relay/storage/sqlite';
import { inDialect, MIGRATIONS } from '../../relay/storage/schema';
import { describeStorageContract } from './support/storageContract';
import { mismatchEvent, PHONE_NUMBER_ID, statusEvent } from './support/events';

let directory: string;
let file: string;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-sqlite-'));
	file = path.join(directory, 'relay.sqlite');
});
afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

/** The better-sqlite3 connection under the storage. */
function connectionOf(storage: SqliteStorage): Database.Database {
	return (storage as unknown as { connection: Database.Database }).connection;
}

async function open(): Promise<SqliteStorage> {
	const storage = new SqliteStorage(file);
	await storage.migrate();
	return storage;
}

describeStorageContract('SQLite', { fresh: open, another: open });

describe('SQLite specifics', () => {
	test('creates the file and its folder, in WAL mode', async () => {
		file = path.join(directory, 'nested', 'relay.sqlite');
		const storage = await open();
		await storage.acceptEvents([statusEvent(1)], 1);
		await storage.close();
		expect(fs.existsSync(file)).toBe(true);
		const again = await open();
		expect(connectionOf(again).pragma('journal_mode', { simple: true })).toBe('wal');
		await again.close();
	});

	test('a restarted relay (same file) takes over deliveries leased by its killed predecessor at once', async () => {
		const first = await open();
		await first.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, 1);
		await first.acceptEvents([statusEvent(1)], 1);
		expect(await first.claimDeliveries({ now: 1, leaseMs: 60_000, owner: 'dead', limit: 5 })).toHaveLength(1);
		await first.close();
		const second = await open();
		expect((await second.claimDeliveries({ now: 2, leaseMs: 60_000, owner: 'alive', limit: 5 })).map((claim) => claim.delivery.attempts)).toEqual([2]);
		await second.close();
	});

	test('refuses a database written by a newer relay', async () => {
		const storage = await open();
		connectionOf(storage).exec('UPDATE relay_schema SET version = 99');
		await expect(storage.migrate()).rejects.toThrow('The relay database has schema version 99, newer than this relay (3). Run a newer relay, or point it at another database.');
		await storage.close();
	});

	test('upgrades a version 1 database: routes and due times come from the existing subscriptions and outboxes', async () => {
		const old = new Database(file);
		old.exec(inDialect(MIGRATIONS[0], 'sqlite'));
		old.exec('CREATE TABLE relay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL); INSERT INTO relay_schema VALUES (1, 1)');
		old.prepare("INSERT INTO subscriptions (id, target_url, event_types, phone_number_id, waba_id, created_at, last_sequence) VALUES ('sub_old', 'https://hooks.example.com/old', ?, NULL, NULL, 1, 1)").run(
			JSON.stringify(['messageStatus', 'identityMismatch']),
		);
		old.prepare("INSERT INTO events (dedupe_key, type, waba_id, phone_number_id, received_at, payload) VALUES (?, 'messageStatus', ?, ?, 1, ?)").run(
			statusEvent(1).dedupeKey,
			statusEvent(1).wabaId,
			statusEvent(1).phoneNumberId,
			JSON.stringify(statusEvent(1)),
		);
		old.exec("INSERT INTO deliveries (subscription_id, sequence, event_seq, state, attempts, next_attempt_at, created_at, updated_at) VALUES ('sub_old', 1, 1, 'pending', 2, 500, 1, 1)");
		old.close();

		const storage = await open();
		expect(await storage.nextDueAt()).toBe(500);
		expect(await storage.claimDeliveries({ now: 499, leaseMs: 1_000, owner: 'w', limit: 5, lane: 'healthy' })).toEqual([]);
		const [claim] = await storage.claimDeliveries({ now: 500, leaseMs: 1_000, owner: 'w', limit: 5, lane: 'failing' });
		expect([claim.subscription.id, claim.delivery.sequence, claim.delivery.attempts, claim.event.dedupeKey]).toEqual(['sub_old', 1, 3, statusEvent(1).dedupeKey]);
		expect(await storage.acceptEvents([mismatchEvent(1), statusEvent(2)], 600)).toEqual({ stored: 2, duplicates: 0, deliveriesQueued: 2 });
		expect((await storage.listDeliveries({ subscriptionId: 'sub_old', limit: 5 })).map((delivery) => delivery.sequence)).toEqual([3, 2, 1]);
		await storage.close();
	});

	test('upgrades a version 2 database: hashes stored under a BSUID can be found by it, keys recorded before keep their subscriptions', async () => {
		const old = new Database(file);
		old.exec(inDialect(MIGRATIONS[0], 'sqlite'));
		old.exec(inDialect(MIGRATIONS[1], 'sqlite'));
		old.exec('CREATE TABLE relay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL); INSERT INTO relay_schema VALUES (1, 2)');
		const insertHash = old.prepare(`INSERT INTO identity_hashes (phone_number_id, wa_id, identity_key_hash, source, observed_at, dedupe_key, updated_at) VALUES ('${PHONE_NUMBER_ID}', ?, ?, 'contact', 1, 'k', 1)`);
		insertHash.run('US.13491208655302741918', 'BSUIDhash11=');
		insertHash.run('16505551234', 'PHONEhash22=');
		old.exec("INSERT INTO subscriptions (id, target_url, event_types, created_at, api_key_id) VALUES ('sub_of_a', 'https://hooks.example.com/a', '[\"messageStatus\"]', 1, 'key_a')");
		old.close();

		const storage = await open();
		expect(await storage.getIdentityHash(PHONE_NUMBER_ID, 'US.13491208655302741918')).toMatchObject({ waId: 'US.13491208655302741918', userId: 'US.13491208655302741918', identityKeyHash: 'BSUIDhash11=' });
		expect(await storage.getIdentityHash(PHONE_NUMBER_ID, '16505551234')).not.toHaveProperty('userId');
		expect((await storage.listSubscriptions({ apiKeyId: 'key_a' })).map((subscription) => subscription.id)).toEqual(['sub_of_a']);
		expect(await storage.listSubscriptions({ apiKeyId: 'key_b' })).toEqual([]);
		await storage.close();
	});
});
