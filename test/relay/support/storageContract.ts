/**
 * The behaviour every RelayStorage must have, run against SQLite (unit) and a real PostgreSQL
 * server (e2e). `fresh()` returns a migrated, empty storage; the suite closes what it opens.
 */
import { RelayStorage, SubscriptionLimitError } from '../../../relay/storage/types';
import { hashEvent, mismatchEvent, OTHER_PHONE_NUMBER_ID, PHONE_NUMBER_ID, qualityEvent, statusEvent, WABA_ID } from './events';

export interface StorageFactory {
	fresh(): Promise<RelayStorage>;
	/** Opens a second handle on the same database (a restarted or second relay instance). */
	another(): Promise<RelayStorage>;
}

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const LEASE = { leaseMs: 30_000, owner: 'worker-a', limit: 10 };

export function describeStorageContract(name: string, factory: StorageFactory): void {
	describe(`${name} storage`, () => {
		let storage: RelayStorage;
		const opened: RelayStorage[] = [];

		beforeEach(async () => {
			storage = await factory.fresh();
			opened.push(storage);
		});
		afterEach(async () => {
			for (const handle of opened.splice(0)) await handle.close();
		});

		async function other(): Promise<RelayStorage> {
			const handle = await factory.another();
			opened.push(handle);
			return handle;
		}

		test('migrating again (a restart, or a second instance) keeps the data', async () => {
			await storage.acceptEvents([statusEvent(1)], T0);
			await storage.migrate();
			const second = await other();
			await second.migrate();
			expect((await second.recentEvents({ limit: 10 })).map((event) => event.dedupeKey)).toEqual([statusEvent(1).dedupeKey]);
		});

		test('stores new events once: a redelivered event is counted as a duplicate and queues nothing', async () => {
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			expect(await storage.acceptEvents([statusEvent(1), statusEvent(2)], T0)).toEqual({ stored: 2, duplicates: 0, deliveriesQueued: 2 });
			expect(await storage.acceptEvents([statusEvent(2), statusEvent(3)], T0 + 1)).toEqual({ stored: 1, duplicates: 1, deliveriesQueued: 1 });
			const events = await storage.recentEvents({ limit: 10 });
			expect(events.map((event) => event.dedupeKey)).toEqual([3, 2, 1].map((index) => statusEvent(index).dedupeKey));
			expect(events[2]).toMatchObject({ type: 'messageStatus', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, receivedAt: T0, event: statusEvent(1) });
			expect((await storage.listDeliveries({ limit: 10 })).map((delivery) => delivery.sequence)).toEqual([3, 2, 1]);
		});

		test('queues a delivery only for subscribers whose type and filters match, numbered per subscriber', async () => {
			const statuses = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/statuses', eventTypes: ['messageStatus'] }, T0);
			const mine = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/mine', eventTypes: ['messageStatus', 'identityMismatch'], phoneNumberId: PHONE_NUMBER_ID }, T0);
			const otherWaba = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/other', eventTypes: ['messageStatus'], wabaId: '999' }, T0);
			const result = await storage.acceptEvents([statusEvent(1), mismatchEvent(1), statusEvent(2, { phoneNumberId: OTHER_PHONE_NUMBER_ID }), qualityEvent(1)], T0);
			expect(result).toEqual({ stored: 4, duplicates: 0, deliveriesQueued: 4 });
			const bySubscriber = async (id: string) =>
				(await storage.listDeliveries({ subscriptionId: id, limit: 10 })).reverse().map((delivery) => [delivery.sequence, delivery.dedupeKey, delivery.eventType, delivery.state]);
			expect(await bySubscriber(statuses.id)).toEqual([
				[1, statusEvent(1).dedupeKey, 'messageStatus', 'pending'],
				[2, statusEvent(2).dedupeKey, 'messageStatus', 'pending'],
			]);
			expect(await bySubscriber(mine.id)).toEqual([
				[1, statusEvent(1).dedupeKey, 'messageStatus', 'pending'],
				[2, mismatchEvent(1).dedupeKey, 'identityMismatch', 'pending'],
			]);
			expect(await bySubscriber(otherWaba.id)).toEqual([]);
		});

		test('claims only the first pending delivery of each outbox, and nothing while it is leased', async () => {
			const a = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			const b = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/b', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1), statusEvent(2), statusEvent(3)], T0);
			const first = await storage.claimDeliveries({ ...LEASE, now: T0 });
			expect(first.map((claim) => [claim.subscription.id, claim.delivery.sequence, claim.delivery.attempts]).sort()).toEqual(
				[
					[a.id, 1, 1],
					[b.id, 1, 1],
				].sort(),
			);
			expect(first[0].event.event).toEqual(statusEvent(1));
			expect(first[0].subscription.targetUrl).toMatch(/^https:\/\/hooks\.example\.com\/[ab]$/);
			expect(await storage.claimDeliveries({ ...LEASE, now: T0 + 1, owner: 'worker-b' })).toEqual([]);

			const claimOfA = first.find((claim) => claim.subscription.id === a.id)!;
			await storage.completeDelivery(claimOfA.delivery.id, T0 + 2, 200);
			const next = await storage.claimDeliveries({ ...LEASE, now: T0 + 3 });
			expect(next.map((claim) => [claim.subscription.id, claim.delivery.sequence])).toEqual([[a.id, 2]]);
			expect((await storage.listDeliveries({ state: 'delivered', limit: 10 }))[0]).toMatchObject({ id: claimOfA.delivery.id, deliveredAt: T0 + 2, lastStatus: 200 });
		});

		test('a claim can be limited to one subscriber', async () => {
			const a = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/b', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1)], T0);
			expect((await storage.claimDeliveries({ ...LEASE, now: T0, subscriptionId: a.id })).map((claim) => claim.subscription.id)).toEqual([a.id]);
		});

		test('an expired lease (a crashed worker) makes the delivery claimable again', async () => {
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1)], T0);
			expect(await storage.claimDeliveries({ ...LEASE, now: T0 })).toHaveLength(1);
			expect(await storage.claimDeliveries({ ...LEASE, owner: 'worker-b', now: T0 + LEASE.leaseMs - 1 })).toEqual([]);
			const again = await storage.claimDeliveries({ ...LEASE, owner: 'worker-b', now: T0 + LEASE.leaseMs });
			expect(again.map((claim) => claim.delivery.attempts)).toEqual([2]);
		});

		test('a failed attempt waits for its next attempt time; only the lease holder can record it', async () => {
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1), statusEvent(2)], T0);
			const [claim] = await storage.claimDeliveries({ ...LEASE, now: T0 });
			await storage.failDelivery(claim.delivery.id, { now: T0, owner: 'someone-else', nextAttemptAt: T0 + 5, park: false, error: 'HTTP 500', status: 500 });
			expect((await storage.listDeliveries({ limit: 10 })).find((delivery) => delivery.id === claim.delivery.id)?.lastError).toBeUndefined();
			await storage.failDelivery(claim.delivery.id, { now: T0, owner: 'worker-a', nextAttemptAt: T0 + 1_000, park: false, error: 'HTTP 500', status: 500 });
			expect(await storage.nextDueAt()).toBe(T0 + 1_000);
			// The later delivery waits behind the failing one: order per subscriber.
			expect(await storage.claimDeliveries({ ...LEASE, now: T0 + 999 })).toEqual([]);
			const retried = await storage.claimDeliveries({ ...LEASE, now: T0 + 1_000 });
			expect(retried.map((item) => [item.delivery.sequence, item.delivery.attempts, item.delivery.lastStatus, item.delivery.lastError])).toEqual([[1, 2, 500, 'HTTP 500']]);
		});

		test('a parked delivery steps aside, is listed, and comes back first when retried', async () => {
			const a = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1), statusEvent(2)], T0);
			const [claim] = await storage.claimDeliveries({ ...LEASE, now: T0 });
			await storage.failDelivery(claim.delivery.id, { now: T0 + 1, owner: 'worker-a', nextAttemptAt: T0 + 99, park: true, error: 'HTTP 503', status: 503 });
			const parked = await storage.listDeliveries({ state: 'parked', limit: 10 });
			expect(parked.map((delivery) => [delivery.sequence, delivery.state, delivery.lastStatus, delivery.lastError])).toEqual([[1, 'parked', 503, 'HTTP 503']]);
			const [second] = await storage.claimDeliveries({ ...LEASE, now: T0 + 2 });
			expect(second.delivery.sequence).toBe(2);
			await storage.completeDelivery(second.delivery.id, T0 + 3, 200);
			await storage.acceptEvents([statusEvent(3)], T0 + 4);

			expect(await storage.retryParked({ id: 999_999 }, T0 + 5)).toBe(0);
			expect(await storage.retryParked({ id: claim.delivery.id }, T0 + 5)).toBe(1);
			const [back] = await storage.claimDeliveries({ ...LEASE, now: T0 + 5 });
			expect([back.delivery.sequence, back.delivery.attempts, back.event.dedupeKey]).toEqual([1, 1, statusEvent(1).dedupeKey]);
			await storage.failDelivery(back.delivery.id, { now: T0 + 6, owner: 'worker-a', nextAttemptAt: T0 + 7, park: true, error: 'HTTP 500' });
			expect(await storage.retryParked({ subscriptionId: a.id }, T0 + 8)).toBe(1);
			expect(await storage.retryParked({ subscriptionId: a.id }, T0 + 8)).toBe(0);
		});

		test('deleting a subscription removes its outbox; later events are not queued for it', async () => {
			const a = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1)], T0);
			expect(await storage.getSubscription(a.id)).toEqual(a);
			expect(await storage.listSubscriptions()).toEqual([a]);
			expect(await storage.deleteSubscription(a.id)).toBe(true);
			expect(await storage.deleteSubscription(a.id)).toBe(false);
			expect(await storage.getSubscription(a.id)).toBeUndefined();
			expect(await storage.listDeliveries({ limit: 10 })).toEqual([]);
			expect(await storage.acceptEvents([statusEvent(2)], T0)).toEqual({ stored: 1, duplicates: 0, deliveriesQueued: 0 });
			expect(await storage.claimDeliveries({ ...LEASE, now: T0 })).toEqual([]);
		});

		test('keeps the newest identity hash per phone number and WhatsApp ID; an older replay does not win', async () => {
			await storage.acceptEvents([hashEvent('16505551234', 'FIRSThash111=', '2026-06-01T10:00:00.000Z')], T0);
			await storage.acceptEvents([hashEvent('16505551234', 'NEWERhash222=', '2026-06-02T10:00:00.000Z', { source: 'status' })], T0 + 1);
			await storage.acceptEvents([hashEvent('16505551234', 'OLDERhash000=', '2026-05-01T10:00:00.000Z')], T0 + 2);
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, '16505551234')).toEqual({
				phoneNumberId: PHONE_NUMBER_ID,
				waId: '16505551234',
				identityKeyHash: 'NEWERhash222=',
				source: 'status',
				observedAt: Date.parse('2026-06-02T10:00:00.000Z'),
				dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:16505551234:NEWERhash222=`,
				updatedAt: T0 + 1,
			});
			// A hash that comes back (a duplicate event) still counts when it is the newest observation.
			await storage.acceptEvents([hashEvent('16505551234', 'FIRSThash111=', '2026-06-03T10:00:00.000Z')], T0 + 3);
			expect((await storage.getIdentityHash(PHONE_NUMBER_ID, '16505551234'))?.identityKeyHash).toBe('FIRSThash111=');
			expect(await storage.getIdentityHash(OTHER_PHONE_NUMBER_ID, '16505551234')).toBeUndefined();
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, '19995550000')).toBeUndefined();
		});

		test('finds a hash by phone number or by BSUID, the newest of the person with and without their number', async () => {
			const BSUID = 'US.13491208655302741918';
			await storage.acceptEvents([hashEvent('16505551234', 'WITHphone111=', '2026-06-01T10:00:00.000Z', { userId: BSUID })], T0);
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, BSUID)).toMatchObject({ waId: '16505551234', userId: BSUID, identityKeyHash: 'WITHphone111=' });
			// The person hides their number (a username, 2026): Meta names them by BSUID only.
			await storage.acceptEvents([hashEvent(BSUID, 'NOphone22222=', '2026-06-02T10:00:00.000Z', { userId: BSUID })], T0 + 1);
			const newest = {
				phoneNumberId: PHONE_NUMBER_ID,
				waId: BSUID,
				userId: BSUID,
				identityKeyHash: 'NOphone22222=',
				source: 'contact',
				observedAt: Date.parse('2026-06-02T10:00:00.000Z'),
				dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:${BSUID}:NOphone22222=`,
				updatedAt: T0 + 1,
			};
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, BSUID)).toEqual(newest);
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, '16505551234')).toEqual(newest);
			// Seen with the number again later: that is the newest, by either ID.
			await storage.acceptEvents([hashEvent('16505551234', 'BACKagain33=', '2026-06-03T10:00:00.000Z', { userId: BSUID })], T0 + 2);
			expect((await storage.getIdentityHash(PHONE_NUMBER_ID, BSUID))?.identityKeyHash).toBe('BACKagain33=');
			expect((await storage.getIdentityHash(PHONE_NUMBER_ID, '16505551234'))?.identityKeyHash).toBe('BACKagain33=');
			// A hash seen without a BSUID keeps the one stored before.
			await storage.acceptEvents([hashEvent('16505551234', 'NObsuid4444=', '2026-06-04T10:00:00.000Z')], T0 + 3);
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, BSUID)).toMatchObject({ waId: '16505551234', userId: BSUID, identityKeyHash: 'NObsuid4444=' });
			expect(await storage.getIdentityHash(OTHER_PHONE_NUMBER_ID, BSUID)).toBeUndefined();
			expect(await storage.getIdentityHash(PHONE_NUMBER_ID, 'US.99999999999999999999')).toBeUndefined();
		});

		test('lists recent events of one phone number', async () => {
			await storage.acceptEvents([statusEvent(1), statusEvent(2, { phoneNumberId: OTHER_PHONE_NUMBER_ID }), mismatchEvent(1), qualityEvent(1)], T0);
			expect((await storage.recentEvents({ phoneNumberId: PHONE_NUMBER_ID, limit: 10 })).map((event) => event.dedupeKey)).toEqual([mismatchEvent(1).dedupeKey, statusEvent(1).dedupeKey]);
			expect((await storage.recentEvents({ type: 'messageStatus', phoneNumberId: OTHER_PHONE_NUMBER_ID, limit: 10 })).map((event) => event.dedupeKey)).toEqual([
				statusEvent(2, { phoneNumberId: OTHER_PHONE_NUMBER_ID }).dedupeKey,
			]);
		});

		test('scopes subscriptions and their deliveries to the key that created them; older keyless ones to every key', async () => {
			const ofA = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'], apiKeyId: 'key_a' }, T0);
			const ofB = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/b', eventTypes: ['messageStatus'], apiKeyId: 'key_b' }, T0 + 1);
			const keyless = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/old', eventTypes: ['messageStatus'] }, T0 + 2);
			const a = { apiKeyId: 'key_a' };
			expect(await storage.listSubscriptions(a)).toEqual([ofA, keyless]);
			expect(await storage.listSubscriptions({ apiKeyId: 'key_b' })).toEqual([ofB, keyless]);
			expect(await storage.listSubscriptions()).toEqual([ofA, ofB, keyless]);
			expect(await storage.getSubscription(ofB.id, a)).toBeUndefined();
			expect(await storage.getSubscription(ofA.id, a)).toEqual(ofA);
			expect(await storage.getSubscription(keyless.id, a)).toEqual(keyless);

			await storage.acceptEvents([statusEvent(1)], T0);
			const claims = await storage.claimDeliveries({ ...LEASE, now: T0 });
			for (const claim of claims) await storage.failDelivery(claim.delivery.id, { now: T0, owner: 'worker-a', nextAttemptAt: T0, park: true, error: 'HTTP 500', status: 500 });
			const subscriptionsOf = async (owner?: { apiKeyId: string }) => (await storage.listDeliveries({ owner, limit: 10 })).map((delivery) => delivery.subscriptionId).sort();
			expect(await subscriptionsOf(a)).toEqual([ofA.id, keyless.id].sort());
			expect(await subscriptionsOf()).toEqual([ofA.id, ofB.id, keyless.id].sort());
			const parkedOfB = claims.find((claim) => claim.subscription.id === ofB.id)!.delivery.id;
			expect(await storage.retryParked({ id: parkedOfB, owner: a }, T0 + 1)).toBe(0);
			expect(await storage.retryParked({ subscriptionId: ofB.id, owner: a }, T0 + 1)).toBe(0);
			expect(await storage.retryParked({ owner: a }, T0 + 1)).toBe(2);
			expect((await storage.listDeliveries({ state: 'parked', limit: 10 })).map((delivery) => delivery.subscriptionId)).toEqual([ofB.id]);

			expect(await storage.deleteSubscription(ofB.id, a)).toBe(false);
			expect(await storage.getSubscription(ofB.id)).toEqual(ofB);
			expect(await storage.deleteSubscription(ofB.id, { apiKeyId: 'key_b' })).toBe(true);
			expect(await storage.deleteSubscription(keyless.id, a)).toBe(true);
		});

		test('lists recent events newest first, by type, up to the limit', async () => {
			await storage.acceptEvents([statusEvent(1), mismatchEvent(1), statusEvent(2), mismatchEvent(2), mismatchEvent(3)], T0);
			expect((await storage.recentEvents({ type: 'identityMismatch', limit: 2 })).map((event) => event.dedupeKey)).toEqual([mismatchEvent(3).dedupeKey, mismatchEvent(2).dedupeKey]);
			expect((await storage.recentEvents({ limit: 1 })).map((event) => event.dedupeKey)).toEqual([mismatchEvent(3).dedupeKey]);
			expect(await storage.recentEvents({ type: 'nameReviewed', limit: 5 })).toEqual([]);
		});

		test('retention removes old delivered rows and events nothing needs, and keeps the rest', async () => {
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1), statusEvent(2), mismatchEvent(1)], T0);
			const [claim] = await storage.claimDeliveries({ ...LEASE, now: T0 });
			await storage.completeDelivery(claim.delivery.id, T0 + 10, 200);
			expect(await storage.prune(T0 + 11)).toEqual({ deliveries: 1, events: 2 });
			expect((await storage.recentEvents({ limit: 10 })).map((event) => event.dedupeKey)).toEqual([statusEvent(2).dedupeKey]);
			expect((await storage.listDeliveries({ limit: 10 })).map((delivery) => delivery.state)).toEqual(['pending']);
		});

		test('holds the per-key subscription limit; other keys and keyless callers are not counted against it', async () => {
			const limits = { maxPerKey: 2 };
			const first = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/1', eventTypes: ['messageStatus'], apiKeyId: 'key_a' }, T0, limits);
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/2', eventTypes: ['messageStatus'], apiKeyId: 'key_a' }, T0, limits);
			await expect(storage.createSubscription({ targetUrl: 'https://hooks.example.com/3', eventTypes: ['messageStatus'], apiKeyId: 'key_a' }, T0, limits)).rejects.toThrow(
				new SubscriptionLimitError(2),
			);
			await storage.createSubscription({ targetUrl: 'https://hooks.example.com/4', eventTypes: ['messageStatus'], apiKeyId: 'key_b' }, T0, limits);
			expect(await storage.deleteSubscription(first.id)).toBe(true);
			const again = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/5', eventTypes: ['messageStatus'], apiKeyId: 'key_a' }, T0, limits);
			expect(await storage.getSubscription(again.id)).toEqual(again);
			expect((await storage.listSubscriptions()).map((subscription) => subscription.targetUrl).sort()).toEqual(['https://hooks.example.com/2', 'https://hooks.example.com/4', 'https://hooks.example.com/5']);
			// The refused one left no route behind: an event reaches the three that exist.
			expect((await storage.acceptEvents([statusEvent(1)], T0)).deliveriesQueued).toBe(3);
		});

		test('a subscriber whose last attempt failed is claimed in the failing lane until an attempt succeeds', async () => {
			const a = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/a', eventTypes: ['messageStatus'] }, T0);
			const b = await storage.createSubscription({ targetUrl: 'https://hooks.example.com/b', eventTypes: ['messageStatus'] }, T0);
			await storage.acceptEvents([statusEvent(1), statusEvent(2)], T0);
			const [first] = await storage.claimDeliveries({ ...LEASE, now: T0, subscriptionId: a.id });
			await storage.failDelivery(first.delivery.id, { now: T0, owner: 'worker-a', nextAttemptAt: T0 + 10, park: false, error: 'HTTP 500', status: 500 });
			expect((await storage.claimDeliveries({ ...LEASE, now: T0 + 10, lane: 'healthy' })).map((claim) => claim.subscription.id)).toEqual([b.id]);
			const [retry] = await storage.claimDeliveries({ ...LEASE, now: T0 + 10, lane: 'failing' });
			expect([retry.subscription.id, retry.delivery.sequence, retry.delivery.attempts]).toEqual([a.id, 1, 2]);
			expect(await storage.nextDueAt()).toBe(T0 + 10 + LEASE.leaseMs);
			await storage.completeDelivery(retry.delivery.id, T0 + 11, 200);
			expect(await storage.claimDeliveries({ ...LEASE, now: T0 + 12, lane: 'failing' })).toEqual([]);
			expect((await storage.claimDeliveries({ ...LEASE, now: T0 + 12, lane: 'healthy' })).map((claim) => [claim.subscription.id, claim.delivery.sequence])).toEqual([[a.id, 2]]);
		});

		test('nextDueAt is empty without pending deliveries', async () => {
			expect(await storage.nextDueAt()).toBeUndefined();
		});
	});
}
