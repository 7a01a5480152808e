/**
 * SQLite storage (the default): one file, WAL journal, nothing to install. Meant for one relay
 * process per file; use PostgreSQL to run several instances.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SqlDatabase, SqlSession, SqlValue } from './database';
import type { Row } from './rows';
import { inDialect } from './schema';
import { SqlStorage } from './sqlStorage';
import { SQL } from './statements';

export interface SqliteStorageOptions {
	/**
	 * For storing accepted events: `FULL` (default) syncs the WAL on every commit, so an accepted
	 * event survives a power cut, not only a crash of the process; `NORMAL` is faster and still
	 * survives a killed process. Delivery bookkeeping always commits with `NORMAL`: losing a
	 * "delivered" mark to a power cut only means one more delivery (at least once), and the next
	 * `FULL` commit syncs the WAL up to that point anyway.
	 */
	synchronous?: 'FULL' | 'NORMAL';
}

/**
 * better-sqlite3 behind the async SqlDatabase. Its calls are synchronous, but a transaction spans
 * awaits, so every use of the connection takes its turn: nothing runs inside another's transaction.
 */
class SqliteDatabase implements SqlDatabase {
	readonly dialect = 'sqlite' as const;
	private readonly statements = new Map<string, Database.Statement>();
	private currentSynchronous = '';
	private turn: Promise<unknown> = Promise.resolve();
	private readonly session: SqlSession;

	constructor(
		readonly connection: Database.Database,
		private readonly durableSynchronous: 'FULL' | 'NORMAL',
	) {
		this.session = {
			all: async (sql, params = []) => this.prepare(sql).all(...params) as Row[],
			get: async (sql, params = []) => this.prepare(sql).get(...params) as Row | undefined,
			run: async (sql, params = []) => this.prepare(sql).run(...params).changes,
			exec: async (script) => void this.connection.exec(inDialect(script, 'sqlite')),
		};
	}

	/** Compiles a statement once and reuses it (compiling costs more than running most of these). */
	private prepare(sql: string): Database.Statement {
		let statement = this.statements.get(sql);
		if (!statement) {
			statement = this.connection.prepare(inDialect(sql, 'sqlite'));
			this.statements.set(sql, statement);
		}
		return statement;
	}

	/** Sets how the next commits sync (a per-connection setting, cheap to change between transactions). */
	private synchronous(level: 'FULL' | 'NORMAL'): void {
		if (this.currentSynchronous === level) return;
		this.connection.pragma(`synchronous = ${level}`);
		this.currentSynchronous = level;
	}

	/** Runs `work` once every earlier use of the connection is done. */
	private inTurn<T>(work: () => Promise<T>): Promise<T> {
		const result = this.turn.then(work);
		this.turn = result.catch(() => undefined);
		return result;
	}

	all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
		return this.inTurn(() => this.session.all(sql, params));
	}

	get(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
		return this.inTurn(() => this.session.get(sql, params));
	}

	run(sql: string, params?: readonly SqlValue[]): Promise<number> {
		return this.inTurn(() => this.session.run(sql, params));
	}

	exec(script: string): Promise<void> {
		return this.inTurn(() => this.session.exec(script));
	}

	transaction<T>(work: (session: SqlSession) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
		return this.inTurn(async () => {
			this.synchronous(options.durable ? this.durableSynchronous : 'NORMAL');
			this.connection.exec('BEGIN IMMEDIATE');
			try {
				const result = await work(this.session);
				this.connection.exec('COMMIT');
				return result;
			} catch (error) {
				if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
				throw error;
			}
		});
	}

	async close(): Promise<void> {
		await this.turn;
		if (this.connection.open) this.connection.close();
	}
}

export class SqliteStorage extends SqlStorage {
	readonly kind = 'sqlite' as const;

	/** Opens (creating if needed) the file; `:memory:` works for tests. Call `migrate()` before use. */
	constructor(
		readonly file: string,
		options: SqliteStorageOptions = {},
	) {
		if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
		const connection = new Database(file);
		connection.pragma('journal_mode = WAL');
		connection.pragma('foreign_keys = ON');
		connection.pragma('busy_timeout = 5000');
		super(new SqliteDatabase(connection, options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'));
	}

	/** The underlying connection (tests read pragmas through it). */
	protected get connection(): Database.Database {
		return (this.db as SqliteDatabase).connection;
	}

	protected override async afterMigration(): Promise<void> {
		// One process owns a SQLite file: leases left by a killed predecessor are void, so their
		// subscriptions are due again now.
		await this.db.transaction(async (session) => {
			if ((await session.run(SQL.clearLeases)) > 0) await session.run(SQL.refreshAllDue);
		});
	}
}
