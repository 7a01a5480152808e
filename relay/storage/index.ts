/** Picks the database: PostgreSQL when a DATABASE_URL is given, else a SQLite file. */
import { PostgresStorage } from './postgres';
import { SqliteStorage } from './sqlite';
import type { RelayStorage } from './types';

export * from './types';
export { SqliteStorage } from './sqlite';
export { PostgresStorage } from './postgres';

export interface StorageConfig {
	databaseUrl?: string;
	sqlitePath: string;
	sqliteSynchronous?: 'FULL' | 'NORMAL';
}

/** Opens and migrates the configured storage. */
export async function openStorage(config: StorageConfig, log?: (line: string) => void): Promise<RelayStorage> {
	const storage: RelayStorage = config.databaseUrl
		? new PostgresStorage(config.databaseUrl, { log })
		: new SqliteStorage(config.sqlitePath, { synchronous: config.sqliteSynchronous });
	try {
		await storage.migrate();
	} catch (error) {
		await storage.close().catch(() => undefined);
		throw error;
	}
	return storage;
}
