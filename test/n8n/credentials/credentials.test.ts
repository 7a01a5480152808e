/**
 * Both credentials: fields, authentication, and the credential test run the way n8n's tester runs
 * it (request with the credential's authentication, then the body rules in order).
 */
import nock from 'nock';
import type { ICredentialTestRequest, ICredentialType, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { WhatsAppNumbersApi } from '../../../credentials/WhatsAppNumbersApi.credentials';
import { WhatsAppNumbersAppApi } from '../../../credentials/WhatsAppNumbersAppApi.credentials';
import { ACCESS_TOKEN, APP_CREDENTIALS, APP_ID, APP_SECRET, authenticatedRequester, GRAPH, GRAPH_CREDENTIALS, makeNode, metaError, WABA_ID } from '../support/n8nContext';

/** n8n expressions `={{ js }}` with `$credentials`, evaluated like n8n's expression engine would. */
function evaluate(template: string, credentials: IDataObject): string {
	const body = template.startsWith('=') ? template.slice(1) : template;
	return body.replace(/\{\{([\s\S]+?)\}\}/g, (_, expression: string) => String(new Function('$credentials', `return (${expression});`)(credentials)));
}

const get = (data: unknown, path: string) => path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);

/** What n8n shows after "Test": 'OK' or the first matching rule's message. */
async function runCredentialTest(type: ICredentialType, credentials: IDataObject): Promise<string> {
	const test = type.test as ICredentialTestRequest;
	const request = test.request as IHttpRequestOptions;
	const requester = authenticatedRequester(makeNode('whatsAppNumbers'), { [type.name]: credentials }, []);
	const response = (await requester(type.name, { ...request, url: evaluate(String(request.url), credentials), returnFullResponse: true })) as { body: string };
	const data = JSON.parse(response.body);
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(data, rule.properties.key) === rule.properties.value) return rule.properties.message;
	}
	return 'OK';
}

describe('WhatsAppNumbersApi', () => {
	const type = new WhatsAppNumbersApi();

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

	it('authenticates with a Bearer header', () => {
		expect(type.authenticate).toEqual({ type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } } });
	});

	it('test: reads the WABA with the token and passes', async () => {
		const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/v25.0/${WABA_ID}`)
			.query({ fields: 'id,name' })
			.reply(200, { id: WABA_ID, name: 'Jasper' });

		expect(await runCredentialTest(type, GRAPH_CREDENTIALS)).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});

	it('test: calls the sandbox when the Base URL says so (trailing slash tolerated)', async () => {
		const scope = nock('http://127.0.0.1:4010').get(`/v25.0/${WABA_ID}`).query({ fields: 'id,name' }).reply(200, { id: WABA_ID });

		expect(await runCredentialTest(type, { ...GRAPH_CREDENTIALS, baseUrl: 'http://127.0.0.1:4010/' })).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		[190, 'Meta refused the access token: it is wrong, expired or revoked.'],
		[100, 'Meta cannot find this WhatsApp Business Account ID for this token.'],
		[200, 'The token lacks a permission.'],
	])("test: Meta's error %s becomes a clear message", async (code, start) => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}`).query(true).reply(400, metaError(code, 'Meta text'));

		expect(await runCredentialTest(type, GRAPH_CREDENTIALS)).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
	});

	it('test: an answer that is not the WABA fails too', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}`).query(true).reply(404, { something: 'else' });

		expect(await runCredentialTest(type, GRAPH_CREDENTIALS)).toMatch(/^The answer was not a WhatsApp Business Account/);
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

	it('test: lists the app subscriptions with the app token in the query and no Authorization header', async () => {
		const scope = nock(GRAPH, { badheaders: ['authorization'] })
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: `${APP_ID}|${APP_SECRET}` })
			.reply(200, { data: [] });

		expect(await runCredentialTest(type, APP_CREDENTIALS)).toBe('OK');
		expect(scope.isDone()).toBe(true);
	});

	it('test: a wrong secret gets a clear message', async () => {
		nock(GRAPH).get(`/v25.0/${APP_ID}/subscriptions`).query(true).reply(400, metaError(190, 'Invalid OAuth access token signature.'));

		expect(await runCredentialTest(type, APP_CREDENTIALS)).toBe('Meta refused the app ID and app secret. Copy both again from the Meta App Dashboard (App settings → Basic).');
	});
});
