/**
 * Subscriptions belong to the API key that created them: each key lists, reads, removes and retries
 * only its own; an admin key (RELAY_ADMIN_API_KEYS) sees and manages every one. Another key's
 * subscription answers exactly like one that does not exist.
 */
import { statusEvent } from './support/events';
import { API_KEY, startTestRelay, TestRelay } from './support/relay';

jest.setTimeout(30_000);

const OTHER_KEY = 'second-key-abcdefghijklmnop';
const ADMIN_KEY = 'relay-test-admin-key-5f2e9c0a7b';
const TARGET = 'https://hooks.zapier.com/hooks/standard/1/abc/';

let relay: TestRelay;

beforeEach(async () => {
	relay = await startTestRelay({ RELAY_ADMIN_API_KEYS: ADMIN_KEY }, { deliver: false });
});
afterEach(async () => {
	await relay.stop();
});

async function subscribe(apiKey: string, target = TARGET): Promise<string> {
	const created = await relay.call('POST', '/subscriptions', { json: { target_url: target, event_type: 'messageStatus' }, apiKey });
	expect(created.status).toBe(201);
	return created.json.id;
}

const idsOf = async (apiKey: string, path = '/subscriptions'): Promise<string[]> => (await relay.call('GET', path, { apiKey })).json.data.map((item: { id: string }) => item.id).sort();

test('each key lists and reads only its own subscriptions; the admin key sees all', async () => {
	const mine = await subscribe(API_KEY);
	const theirs = await subscribe(OTHER_KEY, 'https://hooks.zapier.com/hooks/standard/2/def/');

	expect(await idsOf(API_KEY)).toEqual([mine]);
	expect(await idsOf(OTHER_KEY)).toEqual([theirs]);
	expect(await idsOf(ADMIN_KEY)).toEqual([mine, theirs].sort());

	const own = await relay.call('GET', `/subscriptions/${mine}`);
	expect([own.status, own.json]).toEqual([200, expect.objectContaining({ id: mine, target_url: TARGET, event_types: ['messageStatus'] })]);
	const foreign = await relay.call('GET', `/subscriptions/${theirs}`);
	const missing = await relay.call('GET', '/subscriptions/sub_000000000000000000000000');
	expect([foreign.status, foreign.json]).toEqual([
		404,
		{
			error: {
				code: 'not_found',
				message: `There is no subscription ${theirs} for this API key (it may have been removed already, or after its target answered 410; each key sees only the subscriptions it created).`,
			},
		},
	]);
	// Nothing tells another key's subscription from one that does not exist; its target URL (a secret) never shows.
	expect(missing.json.error.message.replace('sub_000000000000000000000000', theirs)).toBe(foreign.json.error.message);
	expect(foreign.text).not.toContain('/2/def/');
	expect((await relay.call('GET', `/subscriptions/${theirs}`, { apiKey: ADMIN_KEY })).status).toBe(200);
});

test('a key cannot remove another key’s subscription; the admin key can', async () => {
	const mine = await subscribe(API_KEY);
	const theirs = await subscribe(OTHER_KEY);

	const refused = await relay.call('DELETE', `/subscriptions/${theirs}`);
	expect([refused.status, refused.json.error.code]).toEqual([404, 'not_found']);
	expect(await idsOf(OTHER_KEY)).toEqual([theirs]);

	expect((await relay.call('DELETE', `/subscriptions/${mine}`)).json).toEqual({ id: mine, deleted: true });
	expect((await relay.call('DELETE', `/subscriptions/${theirs}`, { apiKey: ADMIN_KEY })).json).toEqual({ id: theirs, deleted: true });
	expect(await idsOf(ADMIN_KEY)).toEqual([]);
});

test('deliveries are listed and retried per key', async () => {
	const mine = await subscribe(API_KEY);
	const theirs = await subscribe(OTHER_KEY);
	const { storage } = relay.relay;
	await storage.acceptEvents([statusEvent(1)], 1_000);
	for (const claim of await storage.claimDeliveries({ now: 1_000, leaseMs: 60_000, owner: 'test', limit: 10 })) {
		await storage.failDelivery(claim.delivery.id, { now: 1_000, owner: 'test', nextAttemptAt: 1_000, park: true, error: 'HTTP 500', status: 500 });
	}
	const deliveriesOf = async (apiKey: string) => (await relay.call('GET', '/deliveries?state=parked', { apiKey })).json.data.map((row: { subscription_id: string; id: number }) => row);

	const [own] = await deliveriesOf(API_KEY);
	const [foreign] = await deliveriesOf(OTHER_KEY);
	expect([own.subscription_id, foreign.subscription_id]).toEqual([mine, theirs]);
	expect((await deliveriesOf(ADMIN_KEY)).map((row: { subscription_id: string }) => row.subscription_id).sort()).toEqual([mine, theirs].sort());

	const refused = await relay.call('POST', `/deliveries/${foreign.id}/retry`);
	expect([refused.status, refused.json.error.code]).toEqual([404, 'not_parked']);
	expect((await relay.call('POST', '/deliveries/retry', { json: { subscription_id: theirs } })).json).toEqual({ retried: 0 });
	expect((await relay.call('POST', '/deliveries/retry', { json: {} })).json).toEqual({ retried: 1 });
	expect(await deliveriesOf(OTHER_KEY)).toHaveLength(1);
	expect((await relay.call('POST', `/deliveries/${foreign.id}/retry`, { apiKey: ADMIN_KEY })).json).toEqual({ retried: 1 });
});

test('the per-key limit counts only the key’s own subscriptions; keys never appear in answers or logs', async () => {
	await relay.stop();
	relay = await startTestRelay({ RELAY_ADMIN_API_KEYS: ADMIN_KEY, RELAY_MAX_SUBSCRIPTIONS_PER_KEY: '1' }, { deliver: false });
	await subscribe(API_KEY);
	await subscribe(OTHER_KEY);
	const over = await relay.call('POST', '/subscriptions', { json: { target_url: TARGET, event_type: 'messageStatus' } });
	expect([over.status, over.json.error.code]).toEqual([409, 'subscription_limit']);
	const answers = JSON.stringify([await relay.call('GET', '/subscriptions', { apiKey: ADMIN_KEY }), over.json]);
	for (const key of [API_KEY, OTHER_KEY, ADMIN_KEY]) {
		expect(answers).not.toContain(key);
		expect(relay.logs.join('\n')).not.toContain(key);
	}
});
