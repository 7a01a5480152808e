/**
 * The credentials' "Test" button as n8n runs it: the test request goes through n8n-core's
 * RoutingNode with the typed-in data (defaults filled in, `authenticate` applied by n8n), then the
 * rules decide what the user reads.
 */
import nock from 'nock';

import { testCredential } from '../support/engine';
import { ACCESS_TOKEN, APP_ID, APP_SECRET, GRAPH, metaError, WABA_ID } from '../support/n8nContext';

describe('WhatsApp Business Numbers API credential test', () => {
	it('reads the WABA with the Bearer token at the default version and base URL and passes', async () => {
		const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/v25.0/${WABA_ID}`)
			.query({ fields: 'id,name' })
			.reply(200, { id: WABA_ID, name: 'Jasper' });

		expect(await testCredential('whatsAppNumbersApi', { accessToken: ACCESS_TOKEN, wabaId: WABA_ID })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	it('says what to do when Meta refuses the token (HTTP 400, error 190)', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}`).query(true).reply(400, metaError(190, 'Error validating access token'));

		expect(await testCredential('whatsAppNumbersApi', { accessToken: 'expired', wabaId: WABA_ID })).toEqual({
			status: 'Error',
			message: 'Meta refused the access token: it is wrong, expired or revoked. Generate a new system-user token in Meta Business Settings and paste it here.',
		});
	});

	it('follows a custom base URL and version (the sandbox)', async () => {
		const scope = nock('http://127.0.0.1:4010').get(`/v24.0/${WABA_ID}`).query({ fields: 'id,name' }).reply(200, { id: WABA_ID });

		expect(await testCredential('whatsAppNumbersApi', { accessToken: ACCESS_TOKEN, wabaId: WABA_ID, apiVersion: 'v24.0', baseUrl: 'http://127.0.0.1:4010/' })).toMatchObject({ status: 'OK' });
		expect(scope.isDone()).toBe(true);
	});
});

describe('WhatsApp Business Numbers App API credential test', () => {
	it('lists the app subscriptions with the app token APP_ID|APP_SECRET as access_token and passes', async () => {
		const scope = nock(GRAPH)
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: `${APP_ID}|${APP_SECRET}` })
			.reply(200, { data: [] });

		expect(await testCredential('whatsAppNumbersAppApi', { appId: APP_ID, appSecret: APP_SECRET, verifyToken: 'phrase' })).toMatchObject({ status: 'OK' });
		expect(scope.isDone()).toBe(true);
	});

	it('says to copy the app ID and secret again when Meta refuses them', async () => {
		nock(GRAPH).get(`/v25.0/${APP_ID}/subscriptions`).query(true).reply(400, metaError(190, 'Invalid OAuth access token signature'));

		expect(await testCredential('whatsAppNumbersAppApi', { appId: APP_ID, appSecret: 'wrong', verifyToken: 'phrase' })).toEqual({
			status: 'Error',
			message: 'Meta refused the app ID and app secret. Copy both again from the Meta App Dashboard (App settings → Basic).',
		});
	});
});
