/**
 * PostgreSQL storage, used when DATABASE_URL is set: several relay instances can share it.
 * Deliveries are claimed with `FOR UPDATE SKIP LOCKED` plus a lease, so two instances never send
 * the same delivery at the same time and a crashed instance's claims expire.
 */
import { Pool, PoolClient } from 'pg';
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

const MIGRATIONS = migrations('postgres');

/** Any constant works; it only has to be the same for every relay instance. */
const MIGRATION_LOCK_KEY = 7_360_214_001;

/**
 * Each subscriber's first pending delivery ("outbox head"), found per subscription through the
 * partial index, so the cost grows with the number of subscribers, not of stored deliveries.
 * Use as `${WITH_HEADS} SELECT … ${FROM_HEADS} …`.
 */
const WITH_HEADS = `WITH heads AS MATERIALIZED (
	SELECT s.id AS subscription_id, (SELECT MIN(x.sequence) FROM deliveries x WHERE x.subscription_id = s.id AND x.state = 'pending') AS sequence
	FROM subscriptions s)`;
const FROM_HEADS = 'FROM heads h JOIN deliveries d ON d.subscription_id = h.subscription_id AND d.sequence = h.sequence';

type Row = Record<string, unknown>;

export class PostgresStorage implements RelayStorage {
	readonly kind = 'postgres' as const;
	private readonly pool: Pool;

	/** `connectionString` is a postgres:// URL (DATABASE_URL). Call `migrate()` before use. */
	constructor(connectionString: string, options: { maxConnections?: number; log?: (line: string) => void } = {}) {
		this.pool = new Pool({ connectionString, max: options.maxConnections ?? 10 });
		// An idle connection dropped by the server must not crash the relay; the next query reconnects.
		this.pool.on('error', (error) => options.log?.(`postgres: idle connection lost (${error.message})`));
	}

	private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('BEGIN');
			const result = await work(client);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
	}

	async migrate(): Promise<void> {
		await this.transaction(async (client) => {
			// Instances starting together take turns, so CREATE TABLE never races.
			await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
			await client.query('CREATE TABLE IF NOT EXISTS relay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
			const { rows } = await client.query('SELECT version FROM relay_schema WHERE id = 1');
			const current = rows.length ? Number(rows[0].version) : 0;
			if (current > SCHEMA_VERSION) {
				throw new Error(`The relay database has schema version ${current}, newer than this relay (${SCHEMA_VERSION}). Run a newer relay, or point it at another database.`);
			}
			for (let version = current + 1; version <= SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version - 1]);
			await client.query('INSERT INTO relay_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version', [SCHEMA_VERSION]);
		});
	}

	async acceptEvents(events: WebhookEvent[], receivedAt: number): Promise<AcceptResult> {
		return this.transaction(async (client) => {
			const result: AcceptResult = { stored: 0, duplicates: 0, deliveriesQueued: 0 };
			const subscriptions = (await client.query('SELECT * FROM subscriptions ORDER BY id')).rows.map(subscriptionFromRow);
			const queued = new Map<string, number[]>();
			for (const event of events) {
				// Before the duplicate check: the newer-observation guard makes a replay harmless.
				const hash = observedIdentityHash(event, receivedAt);
				if (hash) {
					await client.query(
						`INSERT INTO identity_hashes (phone_number_id, wa_id, identity_key_hash, source, observed_at, dedupe_key, updated_at)
						VALUES ($1, $2, $3, $4, $5, $6, $7)
						ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
							identity_key_hash = excluded.identity_key_hash, source = excluded.source, observed_at = excluded.observed_at,
							dedupe_key = excluded.dedupe_key, updated_at = excluded.updated_at
						WHERE excluded.observed_at >= identity_hashes.observed_at`,
						[hash.phoneNumberId, hash.waId, hash.identityKeyHash, hash.source, hash.observedAt, hash.dedupeKey, receivedAt],
					);
				}
				const inserted = await client.query(
					'INSERT INTO events (dedupe_key, type, waba_id, phone_number_id, received_at, payload) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING seq',
					[event.dedupeKey, event.type, event.wabaId, event.phoneNumberId ?? null, receivedAt, JSON.stringify(event)],
				);
				if (inserted.rowCount === 0) {
					result.duplicates++;
					continue;
				}
				result.stored++;
				const eventSeq = Number(inserted.rows[0].seq);
				for (const subscription of subscriptions) {
					if (!subscriptionMatches(subscription, event)) continue;
					const list = queued.get(subscription.id) ?? [];
					list.push(eventSeq);
					queued.set(subscription.id, list);
				}
			}
			// The row lock taken by this UPDATE is held until COMMIT, so a subscriber's sequence numbers
			// become visible in order; subscriptions are locked in id order so batches cannot deadlock.
			for (const subscriptionId of [...queued.keys()].sort()) {
				const eventSeqs = queued.get(subscriptionId) ?? [];
				const bumped = await client.query('UPDATE subscriptions SET last_sequence = last_sequence + $2 WHERE id = $1 RETURNING last_sequence', [
					subscriptionId,
					eventSeqs.length,
				]);
				if (bumped.rowCount === 0) continue; // deleted meanwhile
				const last = Number(bumped.rows[0].last_sequence);
				const sequences = eventSeqs.map((_, index) => last - eventSeqs.length + 1 + index);
				await client.query(
					`INSERT INTO deliveries (subscription_id, sequence, event_seq, state, attempts, next_attempt_at, created_at, updated_at)
					SELECT $1, q.sequence, q.event_seq, 'pending', 0, $4, $4, $4 FROM unnest($2::bigint[], $3::bigint[]) AS q (sequence, event_seq)`,
					[subscriptionId, sequences, eventSeqs, receivedAt],
				);
				result.deliveriesQueued += eventSeqs.length;
			}
			return result;
		});
	}

	async createSubscription(input: NewSubscription, now: number): Promise<Subscription> {
		const subscription: Subscription = { id: newSubscriptionId(), ...input, createdAt: now };
		await this.pool.query('INSERT INTO subscriptions (id, target_url, event_types, phone_number_id, waba_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
			subscription.id,
			subscription.targetUrl,
			JSON.stringify(subscription.eventTypes),
			subscription.phoneNumberId ?? null,
			subscription.wabaId ?? null,
			now,
		]);
		return subscription;
	}

	async getSubscription(id: string): Promise<Subscription | undefined> {
		const { rows } = await this.pool.query('SELECT * FROM subscriptions WHERE id = $1', [id]);
		return rows.length ? subscriptionFromRow(rows[0]) : undefined;
	}

	async deleteSubscription(id: string): Promise<boolean> {
		return ((await this.pool.query('DELETE FROM subscriptions WHERE id = $1', [id])).rowCount ?? 0) > 0;
	}

	async listSubscriptions(): Promise<Subscription[]> {
		return (await this.pool.query('SELECT * FROM subscriptions ORDER BY created_at, id')).rows.map(subscriptionFromRow);
	}

	async recentEvents(query: { type?: WebhookEventType; limit: number }): Promise<StoredEvent[]> {
		const { rows } = query.type
			? await this.pool.query('SELECT * FROM events WHERE type = $1 ORDER BY seq DESC LIMIT $2', [query.type, query.limit])
			: await this.pool.query('SELECT * FROM events ORDER BY seq DESC LIMIT $1', [query.limit]);
		return rows.map(eventFromRow);
	}

	async getIdentityHash(phoneNumberId: string, waId: string): Promise<IdentityHashRecord | undefined> {
		const { rows } = await this.pool.query('SELECT * FROM identity_hashes WHERE phone_number_id = $1 AND wa_id = $2', [phoneNumberId, waId]);
		return rows.length ? identityHashFromRow(rows[0]) : undefined;
	}

	async claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
		const claimed = await this.pool.query(
			`${WITH_HEADS}, due AS (
				SELECT d.id ${FROM_HEADS}
				WHERE d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1) AND ($5::text IS NULL OR h.subscription_id = $5)
				ORDER BY d.next_attempt_at, d.id
				LIMIT $2
				FOR UPDATE OF d SKIP LOCKED
			)
			UPDATE deliveries d SET lease_owner = $3, lease_until = $4, attempts = d.attempts + 1, updated_at = $1
			FROM due WHERE d.id = due.id
			RETURNING d.id`,
			[options.now, options.limit, options.owner, options.now + options.leaseMs, options.subscriptionId ?? null],
		);
		if (!claimed.rowCount) return [];
		const ids = claimed.rows.map((row: Row) => Number(row.id));
		const { rows } = await this.pool.query(
			`SELECT ${DELIVERY_COLUMNS}, e.seq AS e_seq, e.waba_id AS e_waba_id, e.phone_number_id AS e_phone_number_id, e.received_at AS e_received_at, e.payload AS e_payload,
				s.id AS s_id, s.target_url AS s_target_url, s.event_types AS s_event_types, s.phone_number_id AS s_phone_number_id, s.waba_id AS s_waba_id, s.created_at AS s_created_at
			FROM deliveries d JOIN events e ON e.seq = d.event_seq JOIN subscriptions s ON s.id = d.subscription_id
			WHERE d.id = ANY($1::bigint[]) ORDER BY d.next_attempt_at, d.id`,
			[ids],
		);
		return rows.map((row: Row) => ({
			delivery: deliveryFromRow(row),
			subscription: subscriptionFromRow({
				id: row.s_id,
				target_url: row.s_target_url,
				event_types: row.s_event_types,
				phone_number_id: row.s_phone_number_id,
				waba_id: row.s_waba_id,
				created_at: row.s_created_at,
			}),
			event: eventFromRow({
				seq: row.e_seq,
				dedupe_key: row.dedupe_key,
				type: row.event_type,
				waba_id: row.e_waba_id,
				phone_number_id: row.e_phone_number_id,
				received_at: row.e_received_at,
				payload: row.e_payload,
			}),
		}));
	}

	async completeDelivery(id: number, now: number, status: number): Promise<void> {
		await this.pool.query(
			"UPDATE deliveries SET state = 'delivered', delivered_at = $2, updated_at = $2, last_status = $3, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND state = 'pending'",
			[id, now, status],
		);
	}

	async failDelivery(id: number, options: FailOptions): Promise<void> {
		await this.pool.query(
			`UPDATE deliveries SET state = $2, next_attempt_at = $3, last_status = $4, last_error = $5, updated_at = $6, lease_owner = NULL, lease_until = NULL
			WHERE id = $1 AND state = 'pending' AND lease_owner = $7`,
			[id, options.park ? 'parked' : 'pending', options.park ? options.now : options.nextAttemptAt, options.status ?? null, clip(options.error), options.now, options.owner],
		);
	}

	async nextDueAt(): Promise<number | undefined> {
		const { rows } = await this.pool.query(`${WITH_HEADS} SELECT MIN(GREATEST(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS due ${FROM_HEADS}`);
		return rows[0].due === null ? undefined : Number(rows[0].due);
	}

	async listDeliveries(query: { state?: DeliveryState; subscriptionId?: string; limit: number }): Promise<Delivery[]> {
		const where: string[] = [];
		const params: unknown[] = [];
		if (query.state) {
			params.push(query.state);
			where.push(`d.state = $${params.length}`);
		}
		if (query.subscriptionId) {
			params.push(query.subscriptionId);
			where.push(`d.subscription_id = $${params.length}`);
		}
		params.push(query.limit);
		const { rows } = await this.pool.query(
			`SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id DESC LIMIT $${params.length}`,
			params,
		);
		return rows.map(deliveryFromRow);
	}

	async retryParked(query: { id?: number; subscriptionId?: string }, now: number): Promise<number> {
		const params: unknown[] = [now];
		const where = ["state = 'parked'"];
		if (query.id !== undefined) {
			params.push(query.id);
			where.push(`id = $${params.length}`);
		}
		if (query.subscriptionId) {
			params.push(query.subscriptionId);
			where.push(`subscription_id = $${params.length}`);
		}
		const result = await this.pool.query(`UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1 WHERE ${where.join(' AND ')}`, params);
		return result.rowCount ?? 0;
	}

	async prune(before: number): Promise<{ events: number; deliveries: number }> {
		return this.transaction(async (client) => {
			const deliveries = (await client.query("DELETE FROM deliveries WHERE state = 'delivered' AND delivered_at < $1", [before])).rowCount ?? 0;
			const events = (await client.query('DELETE FROM events WHERE received_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq)', [before])).rowCount ?? 0;
			return { events, deliveries };
		});
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}
