/**
 * PostgreSQL storage, used when DATABASE_URL is set: several relay instances can share it.
 * Due subscriptions are claimed with `FOR UPDATE SKIP LOCKED` plus a lease, so two instances never
 * send the same delivery at the same time and a crashed instance's claims expire.
 */
import { Pool, PoolClient } from 'pg';
import type { SqlDatabase, SqlSession, SqlValue } from './database';
import type { Row } from './rows';
import { inDialect } from './schema';
import { SqlStorage } from './sqlStorage';

/** Any constant works; it only has to be the same for every relay instance. */
const MIGRATION_LOCK_KEY = 7_360_214_001;

const TEXT_CACHE_LIMIT = 1_000;

/** The statement in PostgreSQL's words, `?` numbered `$1…` (statements never hold a `?` elsewhere). */
const postgresText = (() => {
	const cache = new Map<string, string>();
	return (sql: string): string => {
		let text = cache.get(sql);
		if (text === undefined) {
			let index = 0;
			text = inDialect(sql, 'postgres').replace(/\?/g, () => `$${++index}`);
			if (cache.size < TEXT_CACHE_LIMIT) cache.set(sql, text);
		}
		return text;
	};
})();

function sessionOf(query: (text: string, params: readonly SqlValue[]) => Promise<{ rows: Row[]; rowCount: number | null }>): SqlSession {
	return {
		all: async (sql, params = []) => (await query(postgresText(sql), params)).rows,
		get: async (sql, params = []) => (await query(postgresText(sql), params)).rows[0],
		run: async (sql, params = []) => (await query(postgresText(sql), params)).rowCount ?? 0,
		exec: async (script) => void (await query(inDialect(script, 'postgres'), [])),
	};
}

class PostgresDatabase implements SqlDatabase {
	readonly dialect = 'postgres' as const;
	private readonly pooled: SqlSession;

	constructor(private readonly pool: Pool) {
		this.pooled = sessionOf((text, params) => pool.query(text, params as unknown[]));
	}

	all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
		return this.pooled.all(sql, params);
	}

	get(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
		return this.pooled.get(sql, params);
	}

	run(sql: string, params?: readonly SqlValue[]): Promise<number> {
		return this.pooled.run(sql, params);
	}

	exec(script: string): Promise<void> {
		return this.pooled.exec(script);
	}

	/** Every commit is durable here (PostgreSQL's default synchronous_commit). */
	async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
		const client: PoolClient = await this.pool.connect();
		try {
			await client.query('BEGIN');
			const result = await work(sessionOf((text, params) => client.query(text, params as unknown[])));
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}

export class PostgresStorage extends SqlStorage {
	readonly kind = 'postgres' as const;

	/** `connectionString` is a postgres:// URL (DATABASE_URL). Call `migrate()` before use. */
	constructor(connectionString: string, options: { maxConnections?: number; log?: (line: string) => void } = {}) {
		const pool = new Pool({ connectionString, max: options.maxConnections ?? 10 });
		// An idle connection dropped by the server must not crash the relay; the next query reconnects.
		pool.on('error', (error) => options.log?.(`postgres: idle connection lost (${error.message})`));
		super(new PostgresDatabase(pool));
	}

	/** Instances starting together take turns, so CREATE TABLE never races. */
	protected override async lockForMigration(session: SqlSession): Promise<void> {
		await session.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
	}

	/** Creations for one key take turns until commit, so two at once cannot both pass the limit. */
	protected override async lockApiKey(session: SqlSession, apiKeyId: string): Promise<void> {
		await session.get('SELECT pg_advisory_xact_lock(hashtext(?))', [apiKeyId]);
	}
}
