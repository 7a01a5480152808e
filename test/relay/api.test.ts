/** The relay's HTTP interface, in-process on 127.0.0.1 with a temp SQLite file. */
import nock from 'nock';
import { parseWebhook } from '../../shared/webhooks';
import type { RelayStorage } from '../../relay/storage/types';
import { SqliteStorage } from '../../relay/storage/sqlite';
import { inboundWebhook, mismatchStatus, PHONE_NUMBER_ID, signature, statusWebhook, WABA_ID } from './support/events';
import { API_KEY, APP_SECRET, startTarget, startTestRelay, TestRelay, VERIFY_TOKEN } from './support/relay';

// Each test starts a relay; a busy shared machine can stall one for seconds.
jest.setTimeout(30_000);

let relay: TestRelay;

afterEach(async () => {
	await relay?.stop();
});

const MISMATCH_BODY = statusWebhook([mismatchStatus('wamid.MISMATCH1')]);

function postWebhook(body: string, signatureHeader: string | null = signature(body, APP_SECRET)) {
	return relay.call('POST', '/meta/webhook', { body, apiKey: null, headers: { 'content-type': 'application/json', ...(signatureHeader ? { 'x-hub-signature-256': signatureHeader } : {}) } });
}

describe("Meta's callback", () => {
	beforeEach(async () => {
		relay = await startTestRelay({}, { deliver: false });
	});

	test('answers the verification GET with the challenge when the verify token matches, and refuses otherwise', async () => {
		const ok = await relay.call('GET', `/meta/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`, { apiKey: null });
		expect([ok.status, ok.headers.get('content-type'), ok.text]).toEqual([200, 'text/plain; charset=utf-8', '1158201444']);

		const wrong = await relay.call('GET', '/meta/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444', { apiKey: null });
		expect(wrong.status).toBe(403);
		expect(wrong.json.error.code).toBe('verification_failed');
		expect(wrong.text).not.toContain(VERIFY_TOKEN);
		expect(wrong.text).not.toContain('1158201444');

		const incomplete = await relay.call('GET', '/meta/webhook?hub.mode=subscribe', { apiKey: null });
		expect(incomplete.status).toBe(400);
	});

	test('stores each event of a signed POST before answering 200, and lists them newest first', async () => {
		const answer = await postWebhook(MISMATCH_BODY);
		expect([answer.status, answer.json]).toEqual([200, { received: 2, stored: 2, duplicates: 0 }]);

		const events = await relay.call('GET', '/events?type=identityMismatch');
		const [expected] = parseWebhook(MISMATCH_BODY).filter((event) => event.type === 'identityMismatch');
		expect(events.json).toEqual({ data: [{ id: 'identityMismatch:wamid.MISMATCH1', type: 'identityMismatch', event: expected, received_at: expect.any(String) }] });
		expect(expected).toMatchObject({ messageId: 'wamid.MISMATCH1', recipientId: '16505551234', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, error: { code: 137000 } });
		const all = await relay.call('GET', '/events?limit=5');
		expect(all.json.data.map((event: { id: string }) => event.id)).toEqual(['identityMismatch:wamid.MISMATCH1', 'messageStatus:wamid.MISMATCH1:failed']);
	});

	test('lists recent events of one phone number', async () => {
		await postWebhook(MISMATCH_BODY);
		await postWebhook(statusWebhook([mismatchStatus('wamid.ELSEWHERE')], '200000000000009'));
		const mine = await relay.call('GET', `/events?type=identityMismatch&phone_number_id=${PHONE_NUMBER_ID}`);
		expect(mine.json.data.map((event: { id: string }) => event.id)).toEqual(['identityMismatch:wamid.MISMATCH1']);
		const bad = await relay.call('GET', '/events?phone_number_id=abc');
		expect([bad.status, bad.json.error.code]).toEqual([400, 'invalid_input']);
	});

		test("drops Meta's redeliveries: the same events are not stored or queued twice", async () => {
		const target = await startTarget();
		try {
			await relay.call('POST', '/subscriptions', { json: { target_url: target.url, event_type: 'identityMismatch' } });
			await postWebhook(MISMATCH_BODY);
			const again = await postWebhook(MISMATCH_BODY);
			expect([again.status, again.json]).toEqual([200, { received: 2, stored: 0, duplicates: 2 }]);
			const deliveries = await relay.call('GET', '/deliveries');
			expect(deliveries.json.data.map((delivery: { event_id: string; state: string }) => [delivery.event_id, delivery.state])).toEqual([['identityMismatch:wamid.MISMATCH1', 'pending']]);
		} finally {
			await target.stop();
		}
	});

	test.each([
		['a forged signature', signature(MISMATCH_BODY, 'not-the-app-secret'), 403],
		['a malformed signature', 'sha256=xyz', 403],
		['no signature', null, 401],
	])('refuses a POST with %s: nothing stored, nothing queued', async (_label, header, status) => {
		await relay.call('POST', '/subscriptions', { json: { target_url: 'https://hooks.zapier.com/hooks/standard/1/abc/', event_type: 'identityMismatch' } });
		const answer = await postWebhook(MISMATCH_BODY, header);
		expect(answer.status).toBe(status);
		expect(answer.json.error.code).toBe('bad_signature');
		expect((await relay.call('GET', '/events')).json).toEqual({ data: [] });
		expect((await relay.call('GET', '/deliveries')).json).toEqual({ data: [] });
		expect(relay.logs.join('\n')).not.toContain(APP_SECRET);
		expect(answer.text).not.toContain(APP_SECRET);
	});

	test('a signed body that is not a WhatsApp webhook gets 400', async () => {
		const body = JSON.stringify({ object: 'page', entry: [] });
		const answer = await postWebhook(body);
		expect(answer.status).toBe(400);
		expect(answer.json.error.code).toBe('not_a_whatsapp_webhook');
	});

	test('answers 503 (so Meta retries) when the event cannot be stored', async () => {
		await relay.stop();
		const storage = new SqliteStorage(':memory:');
		await storage.migrate();
		const failing: RelayStorage = Object.assign(Object.create(Object.getPrototypeOf(storage)), storage, {
			acceptEvents: () => Promise.reject(new Error('disk I/O error')),
		});
		relay = await startTestRelay({}, { deliver: false, storage: failing });
		const answer = await postWebhook(MISMATCH_BODY);
		expect(answer.status).toBe(503);
		expect(answer.json.error.message).toBe('The relay could not save or read its data just now. Try again shortly; Meta retries webhooks by itself.');
		expect(relay.logs).toContain('error: disk I/O error');
		await storage.close();
	});

	test('refuses bodies over the size limit', async () => {
		const answer = await postWebhook('x'.repeat(5 * 1024 * 1024 + 1));
		expect(answer.status).toBe(413);
	});
});

describe('identity hashes', () => {
	beforeEach(async () => {
		relay = await startTestRelay({}, { deliver: false });
	});

	test('keeps the latest hash per phone number and WhatsApp ID from inbound contacts', async () => {
		await postWebhook(inboundWebhook('16505551234', 'DF2lS5v2W6x=', 'wamid.IN1', '1750030073'));
		await postWebhook(inboundWebhook('16505551234', 'NEWhash9Zq1=', 'wamid.IN2', '1750030999'));
		const found = await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/16505551234`);
		expect([found.status, found.json]).toEqual([
			200,
			{
				phone_number_id: PHONE_NUMBER_ID,
				wa_id: '16505551234',
				user_id: null,
				identity_key_hash: 'NEWhash9Zq1=',
				source: 'contact',
				observed_at: new Date(1750030999 * 1000).toISOString(),
				updated_at: expect.any(String),
				event_id: `identityHashObserved:${PHONE_NUMBER_ID}:16505551234:NEWhash9Zq1=`,
			},
		]);
		expect((await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/%2B16505551234`)).json.identity_key_hash).toBe('NEWhash9Zq1=');
	});

	test('finds a hash by BSUID for a person who hides their phone number, and by phone number once it is known', async () => {
		const BSUID = 'US.13491208655302741918';
		const withoutPhone = JSON.parse(inboundWebhook('16505551234', 'NOphone111=', 'wamid.IN1', '1750030073'));
		const value = withoutPhone.entry[0].changes[0].value;
		value.contacts[0] = { profile: { name: 'Sheena', username: 'sheena.n' }, user_id: BSUID, identity_key_hash: 'NOphone111=' };
		value.messages[0] = { from_user_id: BSUID, id: 'wamid.IN1', timestamp: '1750030073', type: 'text', text: { body: 'hi' } };
		await postWebhook(JSON.stringify(withoutPhone));
		const found = await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/${BSUID}`);
		expect([found.status, found.json]).toEqual([
			200,
			{
				phone_number_id: PHONE_NUMBER_ID,
				wa_id: BSUID,
				user_id: BSUID,
				identity_key_hash: 'NOphone111=',
				source: 'contact',
				observed_at: new Date(1750030073 * 1000).toISOString(),
				updated_at: expect.any(String),
				event_id: `identityHashObserved:${PHONE_NUMBER_ID}:${BSUID}:NOphone111=`,
			},
		]);
		expect((await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/16505551234`)).status).toBe(404);

		// Later the number shows again, with the BSUID: one person, found by either ID.
		const withPhone = JSON.parse(inboundWebhook('16505551234', 'PHONE22222=', 'wamid.IN2', '1750030999'));
		withPhone.entry[0].changes[0].value.contacts[0].user_id = BSUID;
		await postWebhook(JSON.stringify(withPhone));
		for (const id of [BSUID, '16505551234', '%2B16505551234']) {
			expect((await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/${id}`)).json).toMatchObject({ wa_id: '16505551234', user_id: BSUID, identity_key_hash: 'PHONE22222=' });
		}
	});

	test('says clearly when none is stored, and checks the phone number ID', async () => {
		const missing = await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/19995550000`);
		expect([missing.status, missing.json]).toEqual([
			404,
			{
				error: {
					code: 'not_found',
					message: `No identity hash is stored for 19995550000 on phone number ${PHONE_NUMBER_ID}. The relay learns it from that person's next message to the number, or from a status webhook, while the identity check is on for the number.`,
				},
			},
		]);
		const bad = await relay.call('GET', '/identity-hashes/abc/19995550000');
		expect([bad.status, bad.json.error.message]).toEqual([400, 'phone_number_id "abc" is not a Meta ID: use the numeric ID from WhatsApp Manager (digits only), or leave it out.']);
		const person = await relay.call('GET', `/identity-hashes/${PHONE_NUMBER_ID}/sheena%20nelson`);
		expect([person.status, person.json.error.message]).toEqual([
			400,
			'Name the person by their WhatsApp number in international form, digits only (e.g. 16505551234), or by their business-scoped user ID as Meta sent it (e.g. US.13491208655302741918).',
		]);
	});
});

describe('subscription API', () => {
	beforeEach(async () => {
		relay = await startTestRelay({}, { deliver: false });
	});

	test.each([
		['no key', null],
		['a wrong key', 'relay-test-api-key-0123456789abcdeX'],
	])('refuses %s with 401 on every endpoint', async (_label, apiKey) => {
		for (const [method, path] of [
			['GET', '/subscriptions'],
			['POST', '/subscriptions'],
			['DELETE', '/subscriptions/sub_1'],
			['GET', '/events'],
			['GET', `/identity-hashes/${PHONE_NUMBER_ID}/16505551234`],
			['GET', '/deliveries'],
			['POST', '/deliveries/1/retry'],
			['POST', '/meta/configure'],
		]) {
			const answer = await relay.call(method, path, { apiKey });
			expect([method, path, answer.status, answer.json]).toEqual([
				method,
				path,
				401,
				{ error: { code: 'unauthorized', message: "Missing or wrong API key. Send one of the keys from the relay's RELAY_API_KEYS setting in the X-Api-Key header." } },
			]);
		}
	});

	test('creates, lists and deletes subscriptions', async () => {
		const created = await relay.call('POST', '/subscriptions', {
			json: { target_url: 'https://hooks.zapier.com/hooks/standard/1/abc/', event_type: 'identityMismatch', phone_number_id: PHONE_NUMBER_ID },
		});
		expect(created.status).toBe(201);
		expect(created.json).toEqual({
			id: expect.stringMatching(/^sub_[0-9a-f]{24}$/),
			target_url: 'https://hooks.zapier.com/hooks/standard/1/abc/',
			event_type: 'identityMismatch',
			event_types: ['identityMismatch'],
			phone_number_id: PHONE_NUMBER_ID,
			waba_id: null,
			created_at: expect.any(String),
		});
		const several = await relay.call('POST', '/subscriptions', { json: { target_url: 'https://example.com/hook', event_type: 'qualitychanged, nameReviewed', waba_id: WABA_ID } });
		expect(several.json).toMatchObject({ event_type: 'qualityChanged,nameReviewed', event_types: ['qualityChanged', 'nameReviewed'], waba_id: WABA_ID });

		expect((await relay.call('GET', '/subscriptions')).json.data.map((subscription: { id: string }) => subscription.id).sort()).toEqual([created.json.id, several.json.id].sort());
		expect(await relay.call('DELETE', `/subscriptions/${created.json.id}`).then((answer) => [answer.status, answer.json])).toEqual([200, { id: created.json.id, deleted: true }]);
		const again = await relay.call('DELETE', `/subscriptions/${created.json.id}`);
		expect([again.status, again.json.error.code]).toEqual([404, 'not_found']);
		expect((await relay.call('GET', '/subscriptions')).json.data).toHaveLength(1);
	});

	test.each([
		[{ event_type: 'identityMismatch' }, 'target_url is required: the URL the relay should POST each event to (Zapier provides it as bundle.targetUrl).'],
		[{ target_url: 'hooks.zapier.com/x', event_type: 'identityMismatch' }, 'target_url is not a URL. Give a full address such as https://hooks.zapier.com/hooks/standard/…'],
		[{ target_url: 'ftp://example.com/x', event_type: 'identityMismatch' }, 'target_url must start with https:// (or http:// for a local test).'],
		[{ target_url: 'https://example.com/x' }, expect.stringMatching(/^event_type is required: the kind of event to receive, one of statusChanged, identityMismatch, /)],
		[{ target_url: 'https://example.com/x', event_type: 'mismatch' }, expect.stringMatching(/^event_type "mismatch" is not an event type\. Use one of: statusChanged, identityMismatch, /)],
		[{ target_url: 'https://example.com/x', event_type: 'identityMismatch', phone_number_id: '+1 555' }, 'phone_number_id "+1 555" is not a Meta ID: use the numeric ID from WhatsApp Manager (digits only), or leave it out.'],
	])('refuses a bad subscription %j with 400 naming the field', async (json, message) => {
		const answer = await relay.call('POST', '/subscriptions', { json });
		expect([answer.status, answer.json]).toEqual([400, { error: { code: 'invalid_input', message } }]);
		expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([]);
	});

	test('refuses a body that is not JSON', async () => {
		const answer = await relay.call('POST', '/subscriptions', { body: 'target_url=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect([answer.status, answer.json.error.code]).toEqual([400, 'invalid_json']);
	});

	test('checks list parameters', async () => {
		expect((await relay.call('GET', '/events?limit=0')).json.error.message).toBe('limit must be a whole number from 1 to 100 (got "0").');
		expect((await relay.call('GET', '/events?type=foo')).status).toBe(400);
		expect((await relay.call('GET', '/deliveries?state=lost')).json.error.message).toBe('state must be one of pending, delivered, parked (got "lost").');
		expect((await relay.call('GET', '/nothing-here')).status).toBe(404);
		expect((await relay.call('GET', '/health', { apiKey: null })).json).toEqual({ ok: true, storage: 'sqlite' });
	});
});

describe('parked deliveries', () => {
	test('are listed and can be retried through the API', async () => {
		let up = false;
		const target = await startTarget(() => (up ? 200 : 500));
		relay = await startTestRelay({ RELAY_MAX_ATTEMPTS: '2', RELAY_RETRY_BASE_MS: '1', RELAY_RETRY_MAX_MS: '5' });
		try {
			await relay.call('POST', '/subscriptions', { json: { target_url: target.url, event_type: 'identityMismatch' } });
			await postWebhook(MISMATCH_BODY);
			await target.waitFor(2);
			let parked: any[] = [];
			for (let round = 0; round < 200 && parked.length === 0; round++) {
				parked = (await relay.call('GET', '/deliveries?state=parked')).json.data;
				if (!parked.length) await new Promise((resolve) => setTimeout(resolve, 10));
			}
			expect(parked).toEqual([
				{
					id: expect.any(Number),
					subscription_id: expect.stringMatching(/^sub_/),
					sequence: 1,
					event_id: 'identityMismatch:wamid.MISMATCH1',
					event_type: 'identityMismatch',
					state: 'parked',
					attempts: 2,
					next_attempt_at: null,
					last_status: 500,
					last_error: 'HTTP 500',
					created_at: expect.any(String),
					delivered_at: null,
				},
			]);
			expect((await relay.call('POST', '/deliveries/999/retry')).json.error.message).toBe('Delivery 999 is not parked (only parked deliveries can be retried; see GET /deliveries?state=parked).');
			up = true;
			expect((await relay.call('POST', `/deliveries/${parked[0].id}/retry`)).json).toEqual({ retried: 1 });
			const received = await target.waitFor(3);
			expect(received.map((request) => [request.body.id, request.body.attempt, request.status])).toEqual([
				['identityMismatch:wamid.MISMATCH1', 1, 500],
				['identityMismatch:wamid.MISMATCH1', 2, 500],
				['identityMismatch:wamid.MISMATCH1', 1, 200],
			]);
		} finally {
			await target.stop();
		}
	});
});

describe('configuring Meta', () => {
	const TOKEN = 'EAAGtestAccessToken1234567890abcdef';

	beforeEach(async () => {
		relay = await startTestRelay({ RELAY_PUBLIC_URL: 'https://relay.example.com/', META_ACCESS_TOKEN: TOKEN, META_WABA_ID: WABA_ID }, { deliver: false });
	});

	test("sets the WABA's callback override to the relay's public URL through the core", async () => {
		const graph = nock('https://graph.facebook.com', { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.post(`/v25.0/${WABA_ID}/subscribed_apps`, { override_callback_uri: 'https://relay.example.com/meta/webhook', verify_token: VERIFY_TOKEN })
			.reply(200, { success: true })
			.get(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [{ whatsapp_business_api_data: { id: '900000000000001', name: 'App' }, override_callback_uri: 'https://relay.example.com/meta/webhook' }] });
		const answer = await relay.call('POST', '/meta/configure', { json: {} });
		expect([answer.status, answer.json]).toEqual([200, { success: true, waba_id: WABA_ID, callback_url: 'https://relay.example.com/meta/webhook', confirmed: true }]);
		expect(graph.isDone()).toBe(true);
		const everything = `${answer.text}\n${relay.logs.join('\n')}`;
		for (const secret of [TOKEN, VERIFY_TOKEN, APP_SECRET, API_KEY]) expect(everything).not.toContain(secret);
		expect(relay.logs).toContain(`meta: the webhook override of WABA ${WABA_ID} now points at https://relay.example.com/meta/webhook`);
	});

	test("passes Meta's refusal on with what to do, without the token", async () => {
		nock('https://graph.facebook.com')
			.post(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(400, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'AbCdEf' } });
		const answer = await relay.call('POST', '/meta/configure', { json: {} });
		expect(answer.status).toBe(502);
		expect(answer.json.error.code).toBe('meta_error');
		expect(answer.json.error.meta).toMatchObject({ code: 190, operation: 'setWebhookOverride' });
		expect(answer.text).not.toContain(TOKEN);
	});

	test('names the missing setting before sending anything', async () => {
		await relay.stop();
		relay = await startTestRelay({ RELAY_PUBLIC_URL: 'https://relay.example.com' }, { deliver: false });
		const answer = await relay.call('POST', '/meta/configure', { json: { waba_id: WABA_ID } });
		expect(answer.status).toBe(400);
		expect(answer.json.error.message).toBe(
			'Meta access token (META_ACCESS_TOKEN): is not set. Set META_ACCESS_TOKEN (or send access_token) to a system-user token with whatsapp_business_management for the WABA.',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('delivery to a subscriber', () => {
	test('a stored event reaches the target URL as the relay payload', async () => {
		const target = await startTarget();
		relay = await startTestRelay();
		try {
			const subscription = await relay.call('POST', '/subscriptions', { json: { target_url: target.url, event_type: 'identityMismatch', phone_number_id: PHONE_NUMBER_ID } });
			await postWebhook(MISMATCH_BODY);
			const [received] = await target.waitFor(1);
			const [expected] = parseWebhook(MISMATCH_BODY).filter((event) => event.type === 'identityMismatch');
			expect(received.body).toEqual({
				id: 'identityMismatch:wamid.MISMATCH1',
				type: 'identityMismatch',
				event: expected,
				subscription_id: subscription.json.id,
				sequence: 1,
				attempt: 1,
				received_at: expect.any(String),
				delivered_at: expect.any(String),
			});
			expect(received.headers['x-relay-event-id']).toBe('identityMismatch:wamid.MISMATCH1');
		} finally {
			await target.stop();
		}
	});
});
