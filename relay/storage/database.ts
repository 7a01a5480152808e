/**
 * What the relay's storage needs from a database: statements with `?` placeholders run one at a
 * time or inside one transaction. SQLite (sqlite.ts) and PostgreSQL (postgres.ts) provide it; the
 * logic on top (sqlStorage.ts) is written once.
 */
import type { Row } from './rows';
import type { SqlDialect } from './schema';

export type SqlValue = string | number | null;

export interface SqlSession {
	all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
	get(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
	/** @returns how many rows the statement changed. */
	run(sql: string, params?: readonly SqlValue[]): Promise<number>;
	/** Runs a script of several statements without parameters (migrations), in the dialect's words. */
	exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlSession {
	readonly dialect: SqlDialect;
	/**
	 * Runs `work` in one transaction, committed when it resolves and rolled back when it throws.
	 * `durable`: the commit must survive a power cut (accepting Meta's events before the 200); other
	 * commits may only have to survive a crashed process (delivery bookkeeping: at worst one more delivery).
	 */
	transaction<T>(work: (session: SqlSession) => Promise<T>, options?: { durable?: boolean }): Promise<T>;
	close(): Promise<void>;
}
