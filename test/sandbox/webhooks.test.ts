/**
 * Webhook delivery (docs/meta-api.md §3.1): the verification GET before the first POST, the signature,
 * retries with backoff; where webhooks go (§1.11 overrides, §6 app and WABA subscriptions).
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { Receiver, signatureIsValid, startReceiver } from '../fixtures/sandbox/receiver';

const PN = '200000000000001';
const WABA = '100000000000001';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
const receivers: Receiver[] = [];

async function receiver(token: string, path?: string): Promise<Receiver> {
	const r = await startReceiver(token, path);
	receivers.push(r);
	return r;
}

beforeEach(async () => {
	sb = await startSandbox({ port: 0, statusTiming: { sentMs: 0, stepMs: 2, read: false }, webhookRetry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 40, timeoutMs: 1000 } });
	graph = graphClient(sb);
});
afterEach(async () => {
	await sb.stop();
	await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

const inbound = (text = 'hi') => sb.control.inbound({ phoneNumberId: PN, from: '16505551234', text });
const appToken = () => `${sb.appId}|${sb.appSecret}`;

describe('verification GET and signature', () => {
	it('sends GET ?hub.mode=subscribe&hub.challenge=<int>&hub.verify_token=<token> before the first POST, then only POSTs', async () => {
		const r = await receiver('app-token-1');
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 'app-token-1' });
		inbound('one');
		await r.waitForPost(() => true);
		inbound('two');
		await r.waitForPost((p) => p.raw.toString().includes('two'));
		expect(r.order).toEqual(['GET /webhook', 'POST /webhook', 'POST /webhook']);
		expect(r.gets[0].query).toEqual({ 'hub.mode': 'subscribe', 'hub.challenge': expect.stringMatching(/^\d+$/), 'hub.verify_token': 'app-token-1' });
	});

	it('signs the raw bytes with the app secret: X-Hub-Signature-256: sha256=<lowercase hex>', async () => {
		const r = await receiver('t');
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 't' });
		inbound('Grüße');
		const post = await r.waitForPost(() => true);
		expect(post.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		expect(signatureIsValid('another-secret', post.raw, post.headers['x-hub-signature-256'])).toBe(false);
		// A re-serialization differs from the signed bytes (Meta escapes non-ASCII), so it must fail.
		expect(signatureIsValid(sb.appSecret, Buffer.from(JSON.stringify(post.json)), post.headers['x-hub-signature-256'])).toBe(false);
	});

	it('does not POST to a callback that fails the verification (wrong token → 403), retries, then gives up and logs it', async () => {
		const lines: string[] = [];
		await sb.stop();
		sb = await startSandbox({ port: 0, log: (line) => lines.push(line), webhookRetry: { maxAttempts: 3, initialDelayMs: 5, timeoutMs: 1000 } });
		const r = await receiver('the-right-token');
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 'a-wrong-token' });
		inbound();
		const record = await sb.waitForDelivery(() => true, 3000);
		expect(record).toMatchObject({ status: 'failed', attempts: 3 });
		expect(record.lastError).toContain('HTTP 403');
		expect(r.gets).toHaveLength(3);
		expect(r.posts).toHaveLength(0);
		expect(lines.some((line) => line.includes('failed after 3 attempts'))).toBe(true);
		expect(lines.join('\n')).not.toContain('a-wrong-token');
	});

	it('requires the challenge echoed exactly', async () => {
		const r = await receiver('t');
		r.setChallengeEcho('wrong');
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 't' });
		inbound();
		const record = await sb.waitForDelivery(() => true, 3000);
		expect(record.status).toBe('failed');
		expect(record.lastError).toContain('hub.challenge');
	});

	it('retries a failed POST with backoff and delivers the same signed bytes', async () => {
		const r = await receiver('t');
		r.failNextPosts(2, 503);
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 't' });
		inbound('retry me');
		const record = await sb.waitForDelivery(() => true, 3000);
		expect(record).toMatchObject({ status: 'delivered', attempts: 3 });
		expect(r.posts).toHaveLength(1);
		expect(r.posts[0].raw.toString()).toBe(record.body);
		expect(r.posts[0].headers['x-hub-signature-256']).toBe(record.signature);
	});

	it('delivers nothing when no callback is configured', async () => {
		expect(inbound().delivery).toBeNull();
		expect(sb.deliveries).toHaveLength(0);
	});
});

describe('where webhooks go (§1.11)', () => {
	it('messages: phone-number override, else WABA override, else app callback; the read shape follows', async () => {
		const app = await receiver('app');
		const wabaR = await receiver('waba');
		const numberR = await receiver('number');
		sb.control.setApp({ callbackUrl: app.url, verifyToken: 'app' });

		inbound('to app');
		await app.waitForPost((p) => p.raw.toString().includes('to app'));

		expect((await graph('POST', `/v25.0/${WABA}/subscribed_apps`, { json: { override_callback_uri: wabaR.url, verify_token: 'waba' } })).body).toEqual({ success: true });
		expect(wabaR.gets).toHaveLength(1);
		inbound('to waba');
		await wabaR.waitForPost((p) => p.raw.toString().includes('to waba'));

		const set = await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: numberR.url, verify_token: 'number' } } });
		expect(set.body).toEqual({ success: true });
		expect(numberR.gets).toHaveLength(1);
		inbound('to number');
		await numberR.waitForPost((p) => p.raw.toString().includes('to number'));

		const read = await graph('GET', `/v25.0/${PN}`, { query: { fields: 'webhook_configuration' } });
		expect(read.body).toEqual({ webhook_configuration: { phone_number: numberR.url, whatsapp_business_account: wabaR.url, application: app.url }, id: PN });

		// Signatures still use the app secret with overrides.
		for (const post of [...app.posts, ...wabaR.posts, ...numberR.posts]) expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);

		// Remove the number override: back to the WABA override.
		await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: '' } } });
		inbound('waba again');
		await wabaR.waitForPost((p) => p.raw.toString().includes('waba again'));
		expect((await graph('GET', `/v25.0/${PN}`, { query: { fields: 'webhook_configuration' } })).body).toEqual({
			webhook_configuration: { whatsapp_business_account: wabaR.url, application: app.url },
			id: PN,
		});

		// POST /subscribed_apps with no body removes the WABA override.
		await graph('POST', `/v25.0/${WABA}/subscribed_apps`);
		inbound('app again');
		await app.waitForPost((p) => p.raw.toString().includes('app again'));
	});

	it('sends account-level fields (phone_number_name_update) to the app callback even with overrides', async () => {
		const app = await receiver('app');
		const numberR = await receiver('number');
		sb.control.setApp({ callbackUrl: app.url, verifyToken: 'app' });
		await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: numberR.url, verify_token: 'number' } } });
		sb.control.reviewName(PN, 'APPROVED');
		await app.waitForPost((p) => p.json.entry[0].changes[0].field === 'phone_number_name_update');
		expect(numberR.posts).toHaveLength(0);
	});

	it('refuses an override whose callback fails verification with 2200 and keeps the old one', async () => {
		const r = await receiver('right');
		const answer = await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: r.url, verify_token: 'wrong' } } });
		const error = expectWhatsAppError(answer, 400, 2200);
		expect(error.error_data.details).toContain('HTTP 403');
		expect(answer.raw).not.toContain('"wrong"');
		expect((await graph('GET', `/v25.0/${PN}`, { query: { fields: 'webhook_configuration' } })).body).toEqual({ webhook_configuration: {}, id: PN });
	});

	it('validates override parameters: URL form, 200-character limit, verify_token', async () => {
		expectMetaError(await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: 'not a url', verify_token: 't' } } }), 400, 100);
		expectMetaError(
			await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: `https://example.com/${'a'.repeat(190)}`, verify_token: 't' } } }),
			400,
			100,
		);
		expectMetaError(await graph('POST', `/v25.0/${PN}`, { json: { webhook_configuration: { override_callback_uri: 'https://example.com/hook' } } }), 400, 100);
		expectMetaError(await graph('POST', `/v25.0/${WABA}/subscribed_apps`, { json: { override_callback_uri: 'https://example.com/hook' } }), 400, 100);
	});

	it('reads and removes the WABA subscription: GET data[].whatsapp_business_api_data + override_callback_uri; DELETE stops deliveries', async () => {
		const app = await receiver('app');
		const wabaR = await receiver('waba');
		sb.control.setApp({ callbackUrl: app.url, verifyToken: 'app' });
		await graph('POST', `/v25.0/${WABA}/subscribed_apps`, { json: { override_callback_uri: wabaR.url, verify_token: 'waba' } });
		expect((await graph('GET', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({
			data: [{ whatsapp_business_api_data: { id: sb.appId, link: expect.any(String), name: expect.any(String) }, override_callback_uri: wabaR.url }],
		});
		expect((await graph('DELETE', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
		expect((await graph('GET', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({ data: [] });
		expect(inbound().delivery).toBeNull();
	});
});

describe('app subscription: /<APP_ID>/subscriptions with the app token', () => {
	it('sets the app callback (verification GET during the call) from form fields, lists it, deletes it', async () => {
		const r = await receiver('app-verify');
		const answer = await rawRequest(sb.baseUrl, 'POST', `/v25.0/${sb.appId}/subscriptions`, {
			form: { object: 'whatsapp_business_account', callback_url: r.url, verify_token: 'app-verify', fields: 'messages,account_update', access_token: appToken() },
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ success: true });
		expect(r.gets).toHaveLength(1);
		const list = await rawRequest(sb.baseUrl, 'GET', `/v25.0/${sb.appId}/subscriptions`, { query: { access_token: appToken() } });
		expect(list.body.data).toEqual([
			{ object: 'whatsapp_business_account', callback_url: r.url, active: true, fields: expect.arrayContaining([{ name: 'messages', version: 'v25.0' }]) },
		]);
		inbound('via app subscription');
		const post = await r.waitForPost(() => true);
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		expect(r.gets).toHaveLength(1);

		const removed = await rawRequest(sb.baseUrl, 'DELETE', `/v25.0/${sb.appId}/subscriptions`, { query: { object: 'whatsapp_business_account', access_token: appToken() } });
		expect(removed.body).toEqual({ success: true });
		expect((await rawRequest(sb.baseUrl, 'GET', `/v25.0/${sb.appId}/subscriptions`, { token: appToken() })).body).toEqual({ data: [] });
	});

	it('answers 2200 when the callback does not verify, and requires object, callback_url, verify_token and fields', async () => {
		const r = await receiver('x');
		const post = (form: Record<string, string>) => rawRequest(sb.baseUrl, 'POST', `/v25.0/${sb.appId}/subscriptions`, { form: { ...form, access_token: appToken() } });
		expectWhatsAppError(await post({ object: 'whatsapp_business_account', callback_url: r.url, verify_token: 'y', fields: 'messages' }), 400, 2200);
		expectMetaError(await post({ callback_url: r.url, verify_token: 'x', fields: 'messages' }), 400, 100);
		expectMetaError(await post({ object: 'page', callback_url: r.url, verify_token: 'x', fields: 'messages' }), 400, 100);
		expectMetaError(await post({ object: 'whatsapp_business_account', callback_url: r.url, verify_token: 'x' }), 400, 100);
		expect((await rawRequest(sb.baseUrl, 'GET', '/_sandbox/app')).body.callbackUrl).toBeNull();
	});

	it('delivers only the fields the app subscribed to', async () => {
		const r = await receiver('t');
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 't', fields: ['account_update'] });
		expect(inbound().delivery).toBeNull();
	});

	it('sets the app callback through PUT /_sandbox/app too', async () => {
		const r = await receiver('t');
		const answer = await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/app', { json: { callbackUrl: r.url, verifyToken: 't' } });
		expect(answer.status).toBe(200);
		inbound('via control');
		await r.waitForPost(() => true);
		expect((await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/app', { json: { callbackUrl: 'nope' } })).status).toBe(400);
	});
});

describe('status batching (option webhookBatching, for load tests)', () => {
	it('puts statuses due within the window in one signed POST with several value.statuses', async () => {
		await sb.stop();
		sb = await startSandbox({ port: 0, pairRate: null, statusTiming: { sentMs: 0, stepMs: 1, read: false }, webhookBatching: { windowMs: 30, maxItems: 4 } });
		graph = graphClient(sb);
		const r = await receiver('t');
		sb.control.setApp({ callbackUrl: r.url, verifyToken: 't' });
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			const answer = await graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', to: `+1650555000${i}`, type: 'text', text: { body: 'x' } } });
			ids.push(answer.body.messages[0].id);
		}
		await r.waitForPost(() => r.statuses().length === 6);
		expect(r.posts.length).toBeLessThan(6);
		expect(r.posts.some((post) => post.json.entry[0].changes[0].value.statuses.length > 1)).toBe(true);
		for (const post of r.posts) {
			expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
			expect(post.json.entry).toHaveLength(1);
			expect(post.json.entry[0].changes[0].value.statuses.length).toBeLessThanOrEqual(4);
		}
		expect(new Set(r.statuses().map((s) => `${s.id}:${s.status}`))).toEqual(new Set(ids.flatMap((id) => [`${id}:sent`, `${id}:delivered`])));
	});

	it('refuses bad batching options', async () => {
		await expect(startSandbox({ port: 0, webhookBatching: { windowMs: -1 } })).rejects.toThrow('webhookBatching');
	});
});
