import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStorage } from '../../relay/storage/sqlite';
import { describeStorageContract } from './support/storageContract';
import { statusEvent } from './support/events';

let directory: string;
let file: string;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-sqlite-'));
	file = path.join(directory, 'relay.sqlite');
});
afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

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
		expect((again as unknown as { db: { pragma(text: string, options: { simple: true }): unknown } }).db.pragma('journal_mode', { simple: true })).toBe('wal');
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
		(storage as unknown as { db: { exec(sql: string): void } }).db.exec('UPDATE relay_schema SET version = 99');
		await expect(storage.migrate()).rejects.toThrow('The relay database has schema version 99, newer than this relay (1). Run a newer relay, or point it at another database.');
		await storage.close();
	});
});
