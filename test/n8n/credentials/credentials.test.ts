/**
 * Both credentials: their fields and authentication, and the "Test" button as n8n runs it: the test
 * request through n8n-core's RoutingNode with the typed-in data (defaults filled in, `authenticate`
 * applied by n8n), then the rules decide what the user reads.
 */
import nock from 'nock';

import { WhatsAppNumbersApi } from '../../../credentials/WhatsAppNumbersApi.credentials';
import { WhatsAppNumbersAppApi } from '../../../credentials/WhatsAppNumbersAppApi.credentials';
import { testCredential } from '../support/engine';
import { ACCESS_TOKEN, APP_ID, APP_SECRET, GRAPH, GRAPH_CREDENTIALS, metaError, WABA_ID } from '../support/fixtures';

describe('WhatsAppNumbersApi', () => {
	const type = new WhatsAppNumbersApi();
	/** Only what a user types: the API version and base URL come from the credential's defaults. */
	const typedIn = { accessToken: ACCESS_TOKEN, wabaId: WABA_ID };

	it('has the fields the issue names, with the token masked and v25.0 by default', () => {
		expect(type.name).toBe('whatsAppNumbersApi');
		expect(type.displayName).toBe('WhatsApp Business Numbers API');
		expect(type.properties.map((property) => [property.name, property.default])).toEqual([
			['accessToken', ''],
			['wabaId', ''],
			['apiVersion', 'v25.0'],
			['baseUrl', 'https://graph.facebook.com'],
			['appId', ''],
		]);
		expect(type.properties[0].typeOptions?.password).toBe(true);
		expect(type.properties[4].required).toBeUndefined();
		expect(type.properties[3].description).toMatch(/sandbox/);
	});

	it('authenticates with a Bearer header built in code (no expression for n8n to evaluate per request), keeping the other headers', async () => {
		expect(typeof type.authenticate).toBe('function');
		const authenticate = type.authenticate as unknown as (credentials: Record<string, unknown>, options: Record<string, unknown>) => Promise<Record<string, unknown>>;
		expect(await authenticate({ accessToken: ACCESS_TOKEN, wabaId: WABA_ID }, { url: 'https://graph.facebook.com/v25.0/x', headers: { accept: 'application/json' } })).toEqual({
			url: 'https://graph.facebook.com/v25.0/x',
			headers: { accept: 'application/json', Authorization: `Bearer ${ACCESS_TOKEN}` },
		});
	});

	it('test: reads the WABA with the Bearer token at the default version and base URL and passes', async () => {
		const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/v25.0/${WABA_ID}`)
			.query({ fields: 'id,name' })
			.reply(200, { id: WABA_ID, name: 'Jasper' });

		expect(await testCredential('whatsAppNumbersApi', typedIn)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('test: calls the sandbox when the Base URL and version say so (trailing slash tolerated)', async () => {
		const scope = nock('http://127.0.0.1:4010').get(`/v24.0/${WABA_ID}`).query({ fields: 'id,name' }).reply(200, { id: WABA_ID });

		expect(await testCredential('whatsAppNumbersApi', { ...typedIn, apiVersion: 'v24.0', baseUrl: 'http://127.0.0.1:4010/' })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		[190, 'Meta refused the access token: it is wrong, expired or revoked. Generate a new system-user token in Meta Business Settings and paste it here.'],
		[100, 'Meta cannot find this WhatsApp Business Account ID for this token.'],
		[200, 'The token lacks a permission.'],
	])("test: Meta's error %s (HTTP 400) becomes a clear message", async (code, start) => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}`).query(true).reply(400, metaError(code, 'Meta text'));

		const result = await testCredential('whatsAppNumbersApi', GRAPH_CREDENTIALS);

		expect(result.status).toBe('Error');
		expect(result.message.startsWith(start)).toBe(true);
	});

	it('test: an answer that is not the WABA fails too', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}`).query(true).reply(404, { something: 'else' });

		expect(await testCredential('whatsAppNumbersApi', GRAPH_CREDENTIALS)).toEqual({ status: 'Error', message: expect.stringMatching(/^The answer was not a WhatsApp Business Account/) });
	});
});

describe('WhatsAppNumbersAppApi', () => {
	const type = new WhatsAppNumbersAppApi();

	it('has app ID, masked app secret and verify token, version and base URL', () => {
		expect(type.name).toBe('whatsAppNumbersAppApi');
		expect(type.properties.map((property) => [property.name, property.typeOptions?.password === true])).toEqual([
			['appId', false],
			['appSecret', true],
			['verifyToken', true],
			['apiVersion', false],
			['baseUrl', false],
		]);
	});

	it('test: lists the app subscriptions with the app token APP_ID|APP_SECRET as access_token, no Authorization header, and passes', async () => {
		const scope = nock(GRAPH, { badheaders: ['authorization'] })
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: `${APP_ID}|${APP_SECRET}` })
			.reply(200, { data: [] });

		expect(await testCredential('whatsAppNumbersAppApi', { appId: APP_ID, appSecret: APP_SECRET, verifyToken: 'phrase' })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('test: says to copy the app ID and secret again when Meta refuses them', async () => {
		nock(GRAPH).get(`/v25.0/${APP_ID}/subscriptions`).query(true).reply(400, metaError(190, 'Invalid OAuth access token signature.'));

		expect(await testCredential('whatsAppNumbersAppApi', { appId: APP_ID, appSecret: 'wrong', verifyToken: 'phrase' })).toEqual({
			status: 'Error',
			message: 'Meta refused the app ID and app secret. Copy both again from the Meta App Dashboard (App settings → Basic).',
		});
	});
});
