/**
 * SQLite storage (the default): one file, WAL journal, nothing to install. Meant for one relay
 * process per file; use PostgreSQL to run several instances.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WebhookEvent, WebhookEventType } from '../../shared/webhooks/types';
import {
	DELIVERY_COLUMNS,
	SCHEMA_VERSION,
	clip,
	deliveryFromRow,
	eventFromRow,
	identityHashFromRow,
	newSubscriptionId,
	observedIdentityHash,
	subscriptionFromRow,
	subscriptionMatches,
} from './common';
import type {
	AcceptResult,
	ClaimOptions,
	ClaimedDelivery,
	Delivery,
	DeliveryState,
	FailOptions,
	IdentityHashRecord,
	NewSubscription,
	RelayStorage,
	StoredEvent,
	Subscription,
} from './types';
import { migrations } from './schema';

const MIGRATIONS = migrations('sqlite');

/**
 * Each subscriber's first pending delivery ("outbox head"), found per subscription through the
 * partial index, so the cost grows with the number of subscribers, not of stored deliveries.
 * Use as `${WITH_HEADS} SELECT … ${FROM_HEADS} …`.
 */
const WITH_HEADS = `WITH heads AS MATERIALIZED (
	SELECT s.id AS subscription_id, (SELECT MIN(x.sequence) FROM deliveries x WHERE x.subscription_id = s.id AND x.state = 'pending') AS sequence
	FROM subscriptions s)`;
const FROM_HEADS = 'FROM heads h JOIN deliveries d ON d.subscription_id = h.subscription_id AND d.sequence = h.sequence';

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

export class SqliteStorage implements RelayStorage {
	readonly kind = 'sqlite' as const;
	private readonly db: Database.Database;
	private readonly acceptSynchronous: 'FULL' | 'NORMAL';
	private currentSynchronous = '';

	/** Opens (creating if needed) the file; `:memory:` works for tests. Call `migrate()` before use. */
	constructor(
		readonly file: string,
		options: SqliteStorageOptions = {},
	) {
		if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
		this.db = new Database(file);
		this.db.pragma('journal_mode = WAL');
		this.acceptSynchronous = options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL';
		this.synchronous(this.acceptSynchronous);
		this.db.pragma('foreign_keys = ON');
		this.db.pragma('busy_timeout = 5000');
	}

	private readonly statements = new Map<string, Database.Statement>();

	/** Compiles a statement once and reuses it (compiling costs more than running most of these). */
	private prepare(sql: string): Database.Statement {
		let statement = this.statements.get(sql);
		if (!statement) {
			statement = this.db.prepare(sql);
			this.statements.set(sql, statement);
		}
		return statement;
	}

	/** Sets how the next commits sync (a per-connection setting, cheap to change between transactions). */
	private synchronous(level: 'FULL' | 'NORMAL'): void {
		if (this.currentSynchronous === level) return;
		this.db.pragma(`synchronous = ${level}`);
		this.currentSynchronous = level;
	}

	async migrate(): Promise<void> {
		this.db.exec('CREATE TABLE IF NOT EXISTS relay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
		this.db
			.transaction(() => {
				const row = this.prepare('SELECT version FROM relay_schema WHERE id = 1').get() as { version: number } | undefined;
				const current = row?.version ?? 0;
				if (current > SCHEMA_VERSION) {
					throw new Error(`The relay database has schema version ${current}, newer than this relay (${SCHEMA_VERSION}). Run a newer relay, or point it at another database.`);
				}
				for (let version = current + 1; version <= SCHEMA_VERSION; version++) this.db.exec(MIGRATIONS[version - 1]);
				this.prepare('INSERT INTO relay_schema (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version').run(SCHEMA_VERSION);
			})
			.immediate();
		// One process owns a SQLite file: leases left by a killed predecessor are void.
		this.prepare('UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL').run();
	}

	async acceptEvents(events: WebhookEvent[], receivedAt: number): Promise<AcceptResult> {
		this.synchronous(this.acceptSynchronous);
		const insertEvent = this.prepare(
			'INSERT INTO events (dedupe_key, type, waba_id, phone_number_id, received_at, payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING',
		);
		const nextSequence = this.prepare('UPDATE subscriptions SET last_sequence = last_sequence + 1 WHERE id = ? RETURNING last_sequence');
		const insertDelivery = this.prepare(
			"INSERT INTO deliveries (subscription_id, sequence, event_seq, state, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
		);
		const upsertHash = this.prepare(`
			INSERT INTO identity_hashes (phone_number_id, wa_id, identity_key_hash, source, observed_at, dedupe_key, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
				identity_key_hash = excluded.identity_key_hash, source = excluded.source, observed_at = excluded.observed_at,
				dedupe_key = excluded.dedupe_key, updated_at = excluded.updated_at
			WHERE excluded.observed_at >= identity_hashes.observed_at`);
		return this.db
			.transaction((): AcceptResult => {
				const subscriptions = (this.prepare('SELECT * FROM subscriptions ORDER BY id').all() as Record<string, unknown>[]).map(subscriptionFromRow);
				const result: AcceptResult = { stored: 0, duplicates: 0, deliveriesQueued: 0 };
				for (const event of events) {
					// Before the duplicate check: the newer-observation guard makes a replay harmless.
					const hash = observedIdentityHash(event, receivedAt);
					if (hash) upsertHash.run(hash.phoneNumberId, hash.waId, hash.identityKeyHash, hash.source, hash.observedAt, hash.dedupeKey, receivedAt);
					const inserted = insertEvent.run(event.dedupeKey, event.type, event.wabaId, event.phoneNumberId ?? null, receivedAt, JSON.stringify(event));
					if (inserted.changes === 0) {
						result.duplicates++;
						continue;
					}
					result.stored++;
					const eventSeq = Number(inserted.lastInsertRowid);
					for (const subscription of subscriptions) {
						if (!subscriptionMatches(subscription, event)) continue;
						const { last_sequence: sequence } = nextSequence.get(subscription.id) as { last_sequence: number };
						insertDelivery.run(subscription.id, sequence, eventSeq, receivedAt, receivedAt, receivedAt);
						result.deliveriesQueued++;
					}
				}
				return result;
			})
			.immediate();
	}

	async createSubscription(input: NewSubscription, now: number): Promise<Subscription> {
		this.synchronous(this.acceptSynchronous);
		const subscription: Subscription = { id: newSubscriptionId(), ...input, createdAt: now };
		this
			.prepare('INSERT INTO subscriptions (id, target_url, event_types, phone_number_id, waba_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
			.run(subscription.id, subscription.targetUrl, JSON.stringify(subscription.eventTypes), subscription.phoneNumberId ?? null, subscription.wabaId ?? null, now);
		return subscription;
	}

	async getSubscription(id: string): Promise<Subscription | undefined> {
		const row = this.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as Record<string, unknown> | undefined;
		return row ? subscriptionFromRow(row) : undefined;
	}

	async deleteSubscription(id: string): Promise<boolean> {
		this.synchronous(this.acceptSynchronous);
		return this.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes > 0;
	}

	async listSubscriptions(): Promise<Subscription[]> {
		return (this.prepare('SELECT * FROM subscriptions ORDER BY created_at, id').all() as Record<string, unknown>[]).map(subscriptionFromRow);
	}

	async recentEvents(query: { type?: WebhookEventType; limit: number }): Promise<StoredEvent[]> {
		const rows = query.type
			? this.prepare('SELECT * FROM events WHERE type = ? ORDER BY seq DESC LIMIT ?').all(query.type, query.limit)
			: this.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT ?').all(query.limit);
		return (rows as Record<string, unknown>[]).map(eventFromRow);
	}

	async getIdentityHash(phoneNumberId: string, waId: string): Promise<IdentityHashRecord | undefined> {
		const row = this.prepare('SELECT * FROM identity_hashes WHERE phone_number_id = ? AND wa_id = ?').get(phoneNumberId, waId) as Record<string, unknown> | undefined;
		return row ? identityHashFromRow(row) : undefined;
	}

	async claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
		this.synchronous('NORMAL');
		return this.db
			.transaction((): ClaimedDelivery[] => {
				const ids = (
					this
						.prepare(
							`${WITH_HEADS} SELECT d.id ${FROM_HEADS} WHERE d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?) AND (? IS NULL OR h.subscription_id = ?) ORDER BY d.next_attempt_at, d.id LIMIT ?`,
						)
						.all(options.now, options.now, options.subscriptionId ?? null, options.subscriptionId ?? null, options.limit) as Array<{ id: number }>
				).map((row) => row.id);
				const lease = this.prepare('UPDATE deliveries SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?');
				for (const id of ids) lease.run(options.owner, options.now + options.leaseMs, options.now, id);
				return ids.map((id) => this.loadClaimed(id));
			})
			.immediate();
	}

	private loadClaimed(id: number): ClaimedDelivery {
		const row = this
			.prepare(
				`SELECT ${DELIVERY_COLUMNS}, e.seq AS e_seq, e.waba_id AS e_waba_id, e.phone_number_id AS e_phone_number_id, e.received_at AS e_received_at, e.payload AS e_payload
				FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.id = ?`,
			)
			.get(id) as Record<string, unknown>;
		const delivery = deliveryFromRow(row);
		const subscription = subscriptionFromRow(this.prepare('SELECT * FROM subscriptions WHERE id = ?').get(delivery.subscriptionId) as Record<string, unknown>);
		const event = eventFromRow({
			seq: row.e_seq,
			dedupe_key: row.dedupe_key,
			type: row.event_type,
			waba_id: row.e_waba_id,
			phone_number_id: row.e_phone_number_id,
			received_at: row.e_received_at,
			payload: row.e_payload,
		});
		return { delivery, subscription, event };
	}

	async completeDelivery(id: number, now: number, status: number): Promise<void> {
		this.synchronous('NORMAL');
		this
			.prepare(
				"UPDATE deliveries SET state = 'delivered', delivered_at = ?, updated_at = ?, last_status = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'pending'",
			)
			.run(now, now, status, id);
	}

	async failDelivery(id: number, options: FailOptions): Promise<void> {
		this.synchronous('NORMAL');
		this
			.prepare(
				`UPDATE deliveries SET state = ?, next_attempt_at = ?, last_status = ?, last_error = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
				WHERE id = ? AND state = 'pending' AND lease_owner = ?`,
			)
			.run(options.park ? 'parked' : 'pending', options.park ? options.now : options.nextAttemptAt, options.status ?? null, clip(options.error), options.now, id, options.owner);
	}

	async nextDueAt(): Promise<number | undefined> {
		const row = this.prepare(`${WITH_HEADS} SELECT MIN(MAX(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS due ${FROM_HEADS}`).get() as { due: number | null };
		return row.due === null ? undefined : Number(row.due);
	}

	async listDeliveries(query: { state?: DeliveryState; subscriptionId?: string; limit: number }): Promise<Delivery[]> {
		const where: string[] = [];
		const params: unknown[] = [];
		if (query.state) {
			where.push('d.state = ?');
			params.push(query.state);
		}
		if (query.subscriptionId) {
			where.push('d.subscription_id = ?');
			params.push(query.subscriptionId);
		}
		const rows = this
			.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id DESC LIMIT ?`)
			.all(...params, query.limit) as Record<string, unknown>[];
		return rows.map(deliveryFromRow);
	}

	async retryParked(query: { id?: number; subscriptionId?: string }, now: number): Promise<number> {
		this.synchronous(this.acceptSynchronous);
		const where = ["state = 'parked'"];
		const params: unknown[] = [];
		if (query.id !== undefined) {
			where.push('id = ?');
			params.push(query.id);
		}
		if (query.subscriptionId) {
			where.push('subscription_id = ?');
			params.push(query.subscriptionId);
		}
		return this.prepare(`UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE ${where.join(' AND ')}`).run(now, now, ...params)
			.changes;
	}

	async prune(before: number): Promise<{ events: number; deliveries: number }> {
		return this.db
			.transaction(() => {
				const deliveries = this.prepare("DELETE FROM deliveries WHERE state = 'delivered' AND delivered_at < ?").run(before).changes;
				const events = this.prepare('DELETE FROM events WHERE received_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq)').run(before).changes;
				return { events, deliveries };
			})
			.immediate();
	}

	async close(): Promise<void> {
		if (this.db.open) this.db.close();
	}
}
