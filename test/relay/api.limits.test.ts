/**
 * The relay's stated limits at its HTTP interface: malformed paths, where subscribers may point
 * deliveries, subscriptions per key, and a Meta POST carrying a change nested far too deeply.
 */
import { signature, statusWebhook } from './support/events';
import { API_KEY, APP_SECRET, startTestRelay, TestRelay } from './support/relay';

jest.setTimeout(30_000);

let relay: TestRelay;

afterEach(async () => {
	await relay?.stop();
});

/** A resolver standing in for DNS: the names the tests use, one of them rebound to the metadata service. */
const resolver = async (host: string): Promise<string[]> => {
	if (host === 'rebound.example.com') return ['93.184.215.14', '169.254.169.254'];
	if (host === 'private.example.com') return ['10.1.2.3'];
	if (host === 'nowhere.example.com') throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example.com'), { code: 'ENOTFOUND' });
	return ['93.184.215.14'];
};

describe('malformed request paths', () => {
	beforeEach(async () => {
		relay = await startTestRelay({}, { deliver: false });
	});

	test.each(['/%', '/subscriptions/%E0%A4%A', '/identity-hashes/%zz/1'])('%s answers 400, with or without an API key, and nothing is logged as a storage failure', async (path) => {
		for (const apiKey of [null, API_KEY]) {
			const answer = await relay.call('GET', path, { apiKey });
			expect([answer.status, answer.json]).toEqual([
				400,
				{ error: { code: 'bad_request', message: 'The request path has a malformed %-escape (a % must be followed by two hexadecimal digits).' } },
			]);
		}
		expect(relay.logs.filter((line) => line.startsWith('error:'))).toEqual([]);
	});
});

describe('where subscribers may point deliveries', () => {
	beforeEach(async () => {
		relay = await startTestRelay({ RELAY_ALLOWED_TARGETS: '' }, { deliver: false, resolveHost: resolver });
	});

	test.each([
		['http://127.0.0.1:8080/hook', 'The target 127.0.0.1 is a loopback address'],
		['http://169.254.169.254/latest/meta-data/', 'The target 169.254.169.254 is a link-local address (the cloud metadata service lives there)'],
		['http://[::1]/hook', 'The target ::1 is a loopback address'],
		['http://10.0.0.5/hook', 'The target 10.0.0.5 is a private address'],
		['http://localhost:8787/subscriptions', 'The target host localhost names this machine'],
		['http://metadata.google.internal/computeMetadata/v1/', 'The target host metadata.google.internal is a cloud metadata or internal name'],
		['https://private.example.com/hook', 'The target private.example.com resolves to 10.1.2.3, a private address'],
		['https://rebound.example.com/hook', 'The target rebound.example.com resolves to 169.254.169.254, a link-local address (the cloud metadata service lives there)'],
	])('refuses %s by default, saying which setting allows it', async (target, start) => {
		const answer = await relay.call('POST', '/subscriptions', { json: { target_url: target, event_type: 'identityMismatch' } });
		expect(answer.status).toBe(400);
		expect(answer.json.error.code).toBe('target_refused');
		expect(answer.json.error.message.startsWith(start)).toBe(true);
		expect(answer.json.error.message).toMatch(/add it to RELAY_ALLOWED_TARGETS\.$/);
		expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([]);
	});

	test('refuses a URL with no host and a host that does not exist', async () => {
		const noHost = await relay.call('POST', '/subscriptions', { json: { target_url: 'http:///nohost', event_type: 'identityMismatch' } });
		expect([noHost.status, noHost.json.error]).toEqual([
			400,
			{ code: 'invalid_input', message: 'target_url has no host name after "://". Give a full address such as https://hooks.zapier.com/hooks/standard/…' },
		]);
		const missing = await relay.call('POST', '/subscriptions', { json: { target_url: 'https://nowhere.example.com/hook', event_type: 'identityMismatch' } });
		expect([missing.status, missing.json.error]).toEqual([400, { code: 'target_refused', message: 'The target host nowhere.example.com does not exist (no DNS record). Check the URL.' }]);
	});

	test('accepts a public target', async () => {
		const answer = await relay.call('POST', '/subscriptions', { json: { target_url: 'https://hooks.zapier.com/hooks/standard/1/abc/', event_type: 'identityMismatch' } });
		expect(answer.status).toBe(201);
	});
});

test('an allow-list entry lets a self-hosted receiver through', async () => {
	relay = await startTestRelay({ RELAY_ALLOWED_TARGETS: '10.0.0.0/8, *.corp.example' }, { deliver: false, resolveHost: async () => ['10.9.8.7'] });
	for (const target of ['http://10.1.2.3/hook', 'https://zaps.corp.example/hook']) {
		expect((await relay.call('POST', '/subscriptions', { json: { target_url: target, event_type: 'identityMismatch' } })).status).toBe(201);
	}
	expect((await relay.call('POST', '/subscriptions', { json: { target_url: 'http://192.168.1.1/hook', event_type: 'identityMismatch' } })).status).toBe(400);
});

test('holds the per-key subscription limit, naming the setting', async () => {
	relay = await startTestRelay({ RELAY_MAX_SUBSCRIPTIONS_PER_KEY: '2' }, { deliver: false });
	const create = (apiKey: string) => relay.call('POST', '/subscriptions', { json: { target_url: 'https://hooks.zapier.com/hooks/standard/1/abc/', event_type: 'identityMismatch' }, apiKey });
	expect((await create(API_KEY)).status).toBe(201);
	expect((await create(API_KEY)).status).toBe(201);
	const third = await create(API_KEY);
	expect([third.status, third.json.error]).toEqual([
		409,
		{
			code: 'subscription_limit',
			message:
				"This API key already has 2 subscriptions, the relay's limit per key. Delete the subscriptions nothing uses any more (GET /subscriptions, DELETE /subscriptions/:id: turning a Zap off does it), or raise RELAY_MAX_SUBSCRIPTIONS_PER_KEY.",
		},
	]);
	expect((await create('second-key-abcdefghijklmnop')).status).toBe(201);
});

describe('a signed Meta POST with a change nested far too deeply', () => {
	beforeEach(async () => {
		relay = await startTestRelay({}, { deliver: false });
	});

	test.each([5_000, 100_000])('depth %i: answered 200, the genuine events stored, the poison change recorded as rejectedChange', async (depth) => {
		const genuine = JSON.parse(statusWebhook([{ id: 'wamid.GOOD', status: 'delivered', timestamp: '1751414400', recipient_id: '16505551234' }])).entry[0].changes[0];
		const body = `{"object":"whatsapp_business_account","entry":[{"id":"100000000000001","time":1751414400,"changes":[${JSON.stringify(genuine)},{"field":"flows","value":${'['.repeat(depth)}${']'.repeat(depth)}}]}]}`;
		const answer = await relay.call('POST', '/meta/webhook', { body, apiKey: null, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(body, APP_SECRET) } });
		expect([answer.status, answer.json]).toEqual([200, { received: 2, stored: 2, duplicates: 0 }]);
		const events = (await relay.call('GET', '/events')).json.data;
		expect(events.map((event: { type: string }) => event.type)).toEqual(['rejectedChange', 'messageStatus']);
		expect(events[0].event).toMatchObject({ type: 'rejectedChange', field: 'flows', entryIndex: 0, changeIndex: 1, raw: null });
		expect(relay.logs).toContain(
			"webhook: skipped part of a POST (entry 0, change 1, field flows): The change is nested more than 64 levels deep (Meta's webhooks nest about 10), so it was not read. The other changes of the same delivery were.",
		);
		// A redelivery is recognised: nothing stored twice.
		const again = await relay.call('POST', '/meta/webhook', { body, apiKey: null, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(body, APP_SECRET) } });
		expect(again.json).toEqual({ received: 2, stored: 0, duplicates: 2 });
	});
});
