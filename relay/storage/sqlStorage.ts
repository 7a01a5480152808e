/**
 * The relay's storage logic, once for both databases (statements.ts holds the SQL, database.ts the
 * little each database provides).
 *
 * Fan-out reads `subscription_routes` by event type, phone number and WABA, so storing an event
 * costs what it matches. Each subscription carries `next_due_at`, when its outbox head can next be
 * claimed (its next attempt, or the end of its lease), kept in step by every write that moves the
 * head; a claim reads only due subscriptions.
 */
import { randomBytes } from 'node:crypto';
import type { WebhookEvent, WebhookEventType } from '../../shared/webhooks/types';
import type { SqlDatabase, SqlSession, SqlValue } from './database';
import { newest, observedIdentityHash } from './identityHashes';
import { claimedFromRow, deliveryFromRow, eventFromRow, identityHashFromRow, Row, subscriptionFromRow } from './rows';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';
import { SQL } from './statements';
import {
	AcceptResult,
	ClaimedDelivery,
	ClaimOptions,
	Delivery,
	DeliveryState,
	FailOptions,
	IdentityHashRecord,
	NewSubscription,
	Owner,
	RelayStorage,
	StoredEvent,
	Subscription,
	SubscriptionLimitError,
	SubscriptionLimits,
} from './types';

/** Rows per multi-row INSERT (6 parameters each; far below either database's parameter limit). */
const INSERT_CHUNK = 200;

/** The `failing` values each lane takes. */
const LANES = { any: [0, 1], healthy: [0, 0], failing: [1, 1] } as const;

export function newSubscriptionId(): string {
	return `sub_${randomBytes(12).toString('hex')}`;
}

/** The error text stored with a failed attempt: short, and never the target URL (Zapier hook URLs are secrets). */
export function clip(text: string, max = 500): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `base`, then `WHERE` with the conditions that apply (each with one `?` and its value), then `end`. */
function filtered(base: string, conditions: Array<readonly [string, SqlValue] | undefined | '' | false>, end: string): { sql: string; params: SqlValue[] } {
	const applied = conditions.filter((condition): condition is readonly [string, SqlValue] => !!condition);
	const where = applied.length ? ` WHERE ${applied.map(([condition]) => condition).join(' AND ')}` : '';
	return { sql: `${base}${where}${end}`, params: applied.map(([, value]) => value) };
}

export abstract class SqlStorage implements RelayStorage {
	abstract readonly kind: 'sqlite' | 'postgres';

	constructor(protected readonly db: SqlDatabase) {}

	/** Serializes concurrent migrations (PostgreSQL: instances starting together); nothing by default. */
	protected async lockForMigration(_session: SqlSession): Promise<void> {}

	/** Runs once the schema is current (SQLite clears leases of a killed predecessor). */
	protected async afterMigration(): Promise<void> {}

	async migrate(): Promise<void> {
		await this.db.transaction(async (session) => {
			await this.lockForMigration(session);
			await session.run(SQL.createVersionTable);
			const current = Number((await session.get(SQL.schemaVersion))?.version ?? 0);
			if (current > SCHEMA_VERSION) {
				throw new Error(`The relay database has schema version ${current}, newer than this relay (${SCHEMA_VERSION}). Run a newer relay, or point it at another database.`);
			}
			for (let version = current + 1; version <= SCHEMA_VERSION; version++) await session.exec(MIGRATIONS[version - 1]);
			await session.run(SQL.setSchemaVersion, [SCHEMA_VERSION]);
		}, { durable: true });
		await this.afterMigration();
	}

	async acceptEvents(events: WebhookEvent[], receivedAt: number): Promise<AcceptResult> {
		return this.db.transaction(async (session) => {
			const result: AcceptResult = { stored: 0, duplicates: 0, deliveriesQueued: 0 };
			// Subscriber → the events queued for it, in body order; matches cached per (type, number, WABA).
			const queued = new Map<string, number[]>();
			const matches = new Map<string, string[]>();
			for (const event of events) {
				// Before the duplicate check: the newer-observation guard makes a replay harmless.
				const hash = observedIdentityHash(event, receivedAt);
				if (hash) {
					await session.run(SQL.upsertIdentityHash, [hash.phoneNumberId, hash.waId, hash.identityKeyHash, hash.source, hash.observedAt, hash.dedupeKey, receivedAt, hash.userId ?? null]);
				}
				const inserted = await session.get(SQL.insertEvent, [event.dedupeKey, event.type, event.wabaId, event.phoneNumberId ?? null, receivedAt, JSON.stringify(event)]);
				if (!inserted) {
					result.duplicates++;
					continue;
				}
				result.stored++;
				const route = `${event.type}\n${event.phoneNumberId ?? ''}\n${event.wabaId}`;
				let subscribers = matches.get(route);
				if (!subscribers) {
					const rows = await session.all(SQL.matchingSubscriptions, [event.type, event.phoneNumberId ?? '', event.wabaId]);
					subscribers = rows.map((row) => String(row.subscription_id));
					matches.set(route, subscribers);
				}
				for (const subscriber of subscribers) {
					const list = queued.get(subscriber);
					if (list) list.push(Number(inserted.seq));
					else queued.set(subscriber, [Number(inserted.seq)]);
				}
			}
			// The row lock taken by this UPDATE (PostgreSQL) is held until COMMIT, so a subscriber's
			// sequence numbers become visible in order; subscriptions are taken in id order so batches
			// cannot deadlock.
			for (const subscriptionId of [...queued.keys()].sort()) {
				const eventSeqs = queued.get(subscriptionId) ?? [];
				const bumped = await session.get(SQL.takeSequences, [eventSeqs.length, receivedAt, subscriptionId]);
				if (!bumped) continue; // deleted meanwhile
				const first = Number(bumped.last_sequence) - eventSeqs.length + 1;
				await this.insertDeliveries(session, subscriptionId, first, eventSeqs, receivedAt);
				result.deliveriesQueued += eventSeqs.length;
			}
			return result;
		}, { durable: true });
	}

	private async insertDeliveries(session: SqlSession, subscriptionId: string, firstSequence: number, eventSeqs: number[], at: number): Promise<void> {
		for (let start = 0; start < eventSeqs.length; start += INSERT_CHUNK) {
			const chunk = eventSeqs.slice(start, start + INSERT_CHUNK);
			const params: SqlValue[] = [];
			chunk.forEach((eventSeq, index) => params.push(subscriptionId, firstSequence + start + index, eventSeq, at, at, at));
			await session.run(SQL.insertDeliveries + chunk.map(() => SQL.insertDeliveriesRow).join(', '), params);
		}
	}

	async createSubscription(input: NewSubscription, now: number, limits?: SubscriptionLimits): Promise<Subscription> {
		const subscription: Subscription = { id: newSubscriptionId(), ...input, createdAt: now };
		return this.db.transaction(async (session) => {
			if (limits && input.apiKeyId !== undefined) {
				await this.lockApiKey(session, input.apiKeyId);
				const held = Number((await session.get(SQL.countSubscriptionsOfKey, [input.apiKeyId]))?.count ?? 0);
				if (held >= limits.maxPerKey) throw new SubscriptionLimitError(limits.maxPerKey);
			}
			await session.run(SQL.insertSubscription, [
				subscription.id,
				subscription.targetUrl,
				JSON.stringify(subscription.eventTypes),
				subscription.phoneNumberId ?? null,
				subscription.wabaId ?? null,
				now,
				subscription.apiKeyId ?? null,
			]);
			for (const type of new Set(subscription.eventTypes)) {
				await session.run(SQL.insertRoute, [type, subscription.phoneNumberId ?? '', subscription.wabaId ?? '', subscription.id]);
			}
			return subscription;
		}, { durable: true });
	}

	/** Makes concurrent creations for one key take turns, so the limit holds (PostgreSQL); nothing by default. */
	protected async lockApiKey(_session: SqlSession, _apiKeyId: string): Promise<void> {}

	async getSubscription(id: string, owner?: Owner): Promise<Subscription | undefined> {
		const row = await this.db.get(SQL.subscription, [id]);
		const subscription = row ? subscriptionFromRow(row) : undefined;
		return subscription && (!owner || subscription.apiKeyId === undefined || subscription.apiKeyId === owner.apiKeyId) ? subscription : undefined;
	}

	async deleteSubscription(id: string, owner?: Owner): Promise<boolean> {
		const deleted = await this.db.transaction(
			async (session) => (owner ? session.run(SQL.deleteSubscriptionOfKey, [id, owner.apiKeyId]) : session.run(SQL.deleteSubscription, [id])),
			{ durable: true },
		);
		return deleted > 0;
	}

	async listSubscriptions(owner?: Owner): Promise<Subscription[]> {
		return (owner ? await this.db.all(SQL.subscriptionsOfKey, [owner.apiKeyId]) : await this.db.all(SQL.subscriptions)).map(subscriptionFromRow);
	}

	async recentEvents(query: { type?: WebhookEventType; phoneNumberId?: string; limit: number }): Promise<StoredEvent[]> {
		const { sql, params } = filtered(SQL.recentEvents, [query.type && ['type = ?', query.type], query.phoneNumberId && ['phone_number_id = ?', query.phoneNumberId]], SQL.recentEventsEnd);
		return (await this.db.all(sql, [...params, query.limit])).map(eventFromRow);
	}

	async getIdentityHash(phoneNumberId: string, id: string): Promise<IdentityHashRecord | undefined> {
		const found = (await this.db.all(SQL.identityHashesOf, [phoneNumberId, id, id])).map(identityHashFromRow);
		// The same person under their other ID: a hash stored while Meta left the phone number out, or the reverse.
		for (const userId of new Set(found.map((record) => record.userId).filter((userId): userId is string => userId !== undefined && userId !== id))) {
			found.push(...(await this.db.all(SQL.identityHashesOfUser, [phoneNumberId, userId])).map(identityHashFromRow));
		}
		return newest(found);
	}

	async claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]> {
		const { now, owner } = options;
		const leaseUntil = now + options.leaseMs;
		return this.db.transaction(async (session) => {
			const due = options.subscriptionId
				? await session.all(SQL.dueSubscription, [now, options.subscriptionId])
				: await session.all(SQL.dueSubscriptions, [now, ...LANES[options.lane ?? 'any'], options.limit]);
			const claimed: ClaimedDelivery[] = [];
			for (const { id: subscriptionId } of due) {
				const head = await session.get(SQL.outboxHead, [String(subscriptionId)]);
				const leased = head ? await session.run(SQL.lease, [owner, leaseUntil, now, Number(head.id), now, now]) : 0;
				if (!head || leased === 0) {
					// The head moved without its subscription knowing (a parked row retried by hand, a lost update): repair.
					await session.run(SQL.refreshDueKeepFailing, [String(subscriptionId)]);
					continue;
				}
				// Not claimable again before the lease ends: a crashed worker's delivery comes back then.
				await session.run(SQL.setDue, [leaseUntil, String(subscriptionId)]);
				claimed.push(claimedFromRow((await session.get(SQL.claimed, [Number(head.id)])) as Row));
			}
			return claimed;
		});
	}

	async completeDelivery(id: number, now: number, status: number): Promise<void> {
		await this.db.transaction(async (session) => {
			await session.get(SQL.lockSubscriptionOfDelivery, [id]);
			const done = await session.get(SQL.complete, [now, now, status, id]);
			if (done) await session.run(SQL.refreshDue, [0, String(done.subscription_id)]);
		});
	}

	async failDelivery(id: number, options: FailOptions): Promise<void> {
		await this.db.transaction(async (session) => {
			await session.get(SQL.lockSubscriptionOfDelivery, [id]);
			const failed = await session.get(SQL.fail, [
				options.park ? 'parked' : 'pending',
				options.park ? options.now : options.nextAttemptAt,
				options.status ?? null,
				clip(options.error),
				options.now,
				id,
				options.owner,
			]);
			if (failed) await session.run(SQL.refreshDue, [1, String(failed.subscription_id)]);
		});
	}

	async nextDueAt(): Promise<number | undefined> {
		const row = await this.db.get(SQL.nextDue);
		return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
	}

	async listDeliveries(query: { state?: DeliveryState; subscriptionId?: string; owner?: Owner; limit: number }): Promise<Delivery[]> {
		const { sql, params } = filtered(
			SQL.listDeliveries,
			[
				query.owner && [`d.subscription_id ${SQL.subscriptionOfKey}`, query.owner.apiKeyId],
				query.state && ['d.state = ?', query.state],
				query.subscriptionId && ['d.subscription_id = ?', query.subscriptionId],
			],
			SQL.listDeliveriesEnd,
		);
		return (await this.db.all(sql, [...params, query.limit])).map(deliveryFromRow);
	}

	async retryParked(query: { id?: number; subscriptionId?: string; owner?: Owner }, now: number): Promise<number> {
		const conditions: string[] = [];
		const params: SqlValue[] = [now, now];
		if (query.owner) {
			conditions.push(` AND subscription_id ${SQL.subscriptionOfKey}`);
			params.push(query.owner.apiKeyId);
		}
		if (query.id !== undefined) {
			conditions.push(' AND id = ?');
			params.push(query.id);
		}
		if (query.subscriptionId) {
			conditions.push(' AND subscription_id = ?');
			params.push(query.subscriptionId);
		}
		return this.db.transaction(async (session) => {
			const rows = await session.all(`${SQL.retryParked}${conditions.join('')} RETURNING subscription_id`, params);
			for (const subscriptionId of new Set(rows.map((row) => String(row.subscription_id)))) await session.run(SQL.refreshDueKeepFailing, [subscriptionId]);
			return rows.length;
		}, { durable: true });
	}

	async prune(before: number): Promise<{ events: number; deliveries: number }> {
		return this.db.transaction(async (session) => {
			const deliveries = await session.run(SQL.pruneDeliveries, [before]);
			const events = await session.run(SQL.pruneEvents, [before]);
			return { events, deliveries };
		});
	}

	async close(): Promise<void> {
		await this.db.close();
	}
}
