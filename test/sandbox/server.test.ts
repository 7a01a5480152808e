/** Paths, auth and Meta's error envelope (docs/meta-api.md §4.1, §4.2 code 190), parameter forms. */
import { createHmac } from 'node:crypto';
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';

let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;

beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
	graph = graphClient(sb);
});
afterAll(() => sb.stop());

describe('startSandbox contract', () => {
	it('listens on 127.0.0.1 with the default seed the brief documents', () => {
		expect(sb.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sb).toMatchObject({
			accessToken: 'sandbox-access-token',
			wabaId: '100000000000001',
			phoneNumberId: '200000000000001',
			appId: '900000000000001',
			appSecret: 'sandbox-app-secret',
		});
	});

	it('answers any /vNN.0/ version', async () => {
		for (const version of ['v21.0', 'v23.0', 'v25.0']) {
			const answer = await graph('GET', `/${version}/200000000000001`, { query: { fields: 'status' } });
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ status: 'CONNECTED', id: '200000000000001' });
		}
	});

	it('serves an unversioned path with the app\'s default version, like Graph', async () => {
		const answer = await graph('GET', '/200000000000001', { query: { fields: 'status' } });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'CONNECTED', id: '200000000000001' });
		expect((await graph('GET', '/100000000000001/message_templates', { query: { fields: 'name', limit: '1' } })).body.paging.next).toContain('/v25.0/100000000000001/message_templates?');
		expectMetaError(await graph('GET', '/200000000000001/no_such_edge'), 400, 2500);
	});
});

describe('authentication (code 190, HTTP 401)', () => {
	it('answers a wrong bearer token with the OAuthException envelope and never echoes the token', async () => {
		const answer = await graph('GET', '/v25.0/200000000000001', { token: 'wrong-token-123' });
		const error = expectMetaError(answer, 401, 190);
		expect(error.type).toBe('OAuthException');
		expect(error.message).toBe('Invalid OAuth access token - Cannot parse access token');
		expect(answer.headers['www-authenticate']).toContain('invalid_token');
		expect(answer.raw).not.toContain('wrong-token-123');
		expect(answer.raw).not.toContain(sb.accessToken);
	});

	it('answers a missing token with HTTP 400, code 104, like Graph (not 401/190)', async () => {
		const answer = await graph('GET', '/v25.0/200000000000001', { token: null });
		const error = expectMetaError(answer, 400, 104);
		expect(error).toEqual({ message: 'An access token is required to request this resource.', type: 'OAuthException', code: 104, fbtrace_id: expect.any(String) });
		expect(answer.headers).not.toHaveProperty('www-authenticate');
	});

	it('checks the token before saying whether an object exists', async () => {
		expectMetaError(await graph('GET', '/v25.0/999999999999999', { token: 'nope' }), 401, 190);
	});

	it('accepts access_token as a query parameter, like Graph', async () => {
		const answer = await rawRequest(sb.baseUrl, 'GET', '/v25.0/200000000000001', { query: { fields: 'id', access_token: sb.accessToken } });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ id: '200000000000001' });
	});

	it('accepts the OAuth scheme name as well as Bearer', async () => {
		const answer = await rawRequest(sb.baseUrl, 'GET', '/v25.0/200000000000001', { headers: { authorization: `OAuth ${sb.accessToken}` } });
		expect(answer.status).toBe(200);
	});

	it('needs the app token APP_ID|APP_SECRET on /<APP_ID>/subscriptions (#15 for a user token, 190 for a wrong one)', async () => {
		const path = `/v25.0/${sb.appId}/subscriptions`;
		expect((await rawRequest(sb.baseUrl, 'GET', path, { query: { access_token: `${sb.appId}|${sb.appSecret}` } })).status).toBe(200);
		expect((await rawRequest(sb.baseUrl, 'GET', path, { token: `${sb.appId}|${sb.appSecret}` })).status).toBe(200);
		const userToken = expectMetaError(await graph('GET', path), 400, 15);
		expect(userToken.message).toContain('app access_token');
		const wrong = await rawRequest(sb.baseUrl, 'GET', path, { query: { access_token: `${sb.appId}|wrong-secret` } });
		expectMetaError(wrong, 401, 190);
		expect(wrong.raw).not.toContain('wrong-secret');
	});

	it('does not accept the app token for WABA and number calls', async () => {
		expectMetaError(await graph('GET', '/v25.0/200000000000001', { token: `${sb.appId}|${sb.appSecret}` }), 401, 190);
	});
});

describe('appsecret_proof (HMAC-SHA256 of the token keyed with the app secret)', () => {
	const proof = (token: string, secret: string) => createHmac('sha256', secret).update(token).digest('hex');

	it('accepts the right proof in the query string or the body, and a call without one', async () => {
		const right = proof(sb.accessToken, sb.appSecret);
		expect((await graph('GET', '/v25.0/200000000000001', { query: { fields: 'id', appsecret_proof: right } })).body).toEqual({ id: '200000000000001' });
		expect((await graph('POST', '/v25.0/200000000000001', { json: { pin: '123456', appsecret_proof: right } })).body).toEqual({ success: true });
		expect((await graph('GET', '/v25.0/200000000000001', { query: { fields: 'id' } })).status).toBe(200);
		const appToken = `${sb.appId}|${sb.appSecret}`;
		expect((await rawRequest(sb.baseUrl, 'GET', `/v25.0/${sb.appId}/subscriptions`, { query: { access_token: appToken, appsecret_proof: proof(appToken, sb.appSecret) } })).status).toBe(200);
	});

	it('refuses a wrong proof with 400, code 100, GraphMethodException, and never echoes it or the secret', async () => {
		const wrong = proof(sb.accessToken, 'another-app-secret');
		const answer = await graph('POST', '/v25.0/200000000000001', { json: { pin: '654321', appsecret_proof: wrong } });
		const error = expectMetaError(answer, 400, 100);
		expect(error).toEqual({ message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100, fbtrace_id: expect.any(String) });
		for (const secret of [wrong, sb.appSecret, sb.accessToken, '654321']) expect(answer.raw).not.toContain(secret);
		// Refused before any work: the PIN did not change (the seeded PIN still registers).
		expect((await graph('POST', '/v25.0/200000000000001/register', { json: { messaging_product: 'whatsapp', pin: '123456' } })).status).toBe(200);
	});

	it('checks the token before the proof: a bad token with a proof is still 190', async () => {
		expectMetaError(await graph('GET', '/v25.0/200000000000001', { token: 'nope', query: { appsecret_proof: proof('nope', sb.appSecret) } }), 401, 190);
	});
});

describe('unknown objects, edges and fields', () => {
	it('answers an unknown ID like Graph: code 100, subcode 33, GraphMethodException', async () => {
		const error = expectMetaError(await graph('GET', '/v25.0/123456789012345'), 400, 100);
		expect(error.type).toBe('GraphMethodException');
		expect(error.error_subcode).toBe(33);
		expect(error.message).toContain("Object with ID '123456789012345' does not exist");
	});

	it('answers an unknown edge with "Unknown path components" (2500)', async () => {
		const error = expectMetaError(await graph('GET', '/v25.0/200000000000001/no_such_edge'), 400, 2500);
		expect(error.message).toBe('Unknown path components: /no_such_edge');
	});

	it('answers a method an edge does not have as unsupported (100/33)', async () => {
		const error = expectMetaError(await graph('GET', '/v25.0/200000000000001/register'), 400, 100);
		expect(error.message).toContain('Unsupported get request');
	});

	it('answers a field the node does not have with Graph\'s "nonexisting field" error', async () => {
		const error = expectMetaError(await graph('GET', '/v25.0/200000000000001', { query: { fields: 'id,statuss' } }), 400, 100);
		expect(error.message).toBe('(#100) Tried accessing nonexisting field (statuss) on node type (WhatsAppBusinessPhoneNumber)');
	});
});

describe('parameters: JSON body, form body and query string all work', () => {
	it('reads the same POST from JSON, form and query', async () => {
		const path = '/v25.0/200000000000001';
		expect((await graph('POST', path, { json: { pin: '123456' } })).body).toEqual({ success: true });
		expect((await graph('POST', path, { form: { pin: '123456' } })).body).toEqual({ success: true });
		expect((await graph('POST', path, { query: { pin: '123456' } })).body).toEqual({ success: true });
	});

	it('reads JSON-encoded object parameters in form bodies', async () => {
		const answer = await graph('POST', '/v25.0/200000000000001/settings', {
			form: { user_identity_change: JSON.stringify({ enable_identity_key_check: false }) },
		});
		expect(answer.body).toEqual({ success: true });
	});

	it('answers a broken JSON body with a 100 error', async () => {
		const answer = await graph('POST', '/v25.0/200000000000001', { headers: { 'content-type': 'application/json' }, rawBody: '{"pin":' });
		const error = expectMetaError(answer, 400, 100);
		expect(error.error_data.details).toContain('not valid JSON');
	});

	it('writes non-ASCII as \\uXXXX escapes, like Meta', async () => {
		const answer = await graph('POST', '/v25.0/100000000000001/phone_numbers', { json: { cc: '49', phone_number: '15123456789', verified_name: 'Bäckerei Müller ☕' } });
		expect(answer.status).toBe(200);
		const read = await graph('GET', `/v25.0/${answer.body.id}`, { query: { fields: 'verified_name' } });
		expect(read.raw).toContain('B\\u00e4ckerei M\\u00fcller \\u2615');
		expect(read.body.verified_name).toBe('Bäckerei Müller ☕');
	});
});

describe('the WhatsApp envelope', () => {
	it('carries message "(#code) title", type, code, error_data.{messaging_product, details} and fbtrace_id, and no deprecated subcode', async () => {
		const answer = await graph('POST', '/v25.0/200000000000001/request_code', { query: { code_method: 'SMS', language: 'en' } });
		const error = expectWhatsAppError(answer, 400, 136024);
		expect(error.message).toBe('(#136024) Request code error');
		expect(error).not.toHaveProperty('error_subcode');
	});

	it('gives a new fbtrace_id per error', async () => {
		const a = await graph('GET', '/v25.0/200000000000001', { token: 'x' });
		const b = await graph('GET', '/v25.0/200000000000001', { token: 'x' });
		expect(a.body.error.fbtrace_id).not.toBe(b.body.error.fbtrace_id);
	});
});

describe('control index', () => {
	it('lists the control endpoints without auth', async () => {
		const answer = await rawRequest(sb.baseUrl, 'GET', '/_sandbox');
		expect(answer.status).toBe(200);
		expect(answer.body.endpoints.join('\n')).toContain('/_sandbox/numbers/:phoneNumberId/code');
		expect(answer.body.wabaIds).toEqual(['100000000000001', '100000000000002']);
	});

	it('answers an unknown control path with 404 and a pointer to the list', async () => {
		const answer = await rawRequest(sb.baseUrl, 'GET', '/_sandbox/nope');
		expect(answer.status).toBe(404);
		expect(answer.body.error.message).toContain('GET /_sandbox lists them');
	});
});
