/**
 * The webhook plumbing operations: the app subscription (app token), subscribing the WABA to the
 * app, and reading where the webhooks of a number or account go. Exact requests, exact outputs.
 */
import nock from 'nock';
import { createClient, runOperation, WhatsAppError } from '../../../../shared';
import { nodeRuntime } from '../../../../shared/node/runtime';
import { GRAPH, PHONE_ID, testClient, TOKEN, VERSION, WABA_ID } from '../../../support/core';

const APP_ID = '900000000000001';
const APP_TOKEN = `${APP_ID}|app-secret-for-tests`;
const URL = 'https://n8n.example.com/webhook/abc/webhook';
const OTHER_URL = 'https://relay.example.com/meta/webhook';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
/** The app token travels as the client's access token here (n8n adds it as `access_token` itself). */
const appApi = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${APP_TOKEN}` } });
const appClient = () => createClient({ accessToken: APP_TOKEN, retry: { maxAttempts: 1 } }, nodeRuntime({ sleep: async () => undefined }));

const failure = async (promise: Promise<unknown>): Promise<WhatsAppError> => (await promise.then(() => undefined, (error: unknown) => error)) as WhatsAppError;

describe('getAppSubscription', () => {
	it('reads the WhatsApp Business Account subscription of the app', async () => {
		const scope = appApi()
			.get(`/${VERSION}/${APP_ID}/subscriptions`)
			.reply(200, {
				data: [
					{ object: 'page', callback_url: 'https://pages.example.com', active: true, fields: [{ name: 'feed' }] },
					{ object: 'whatsapp_business_account', callback_url: URL, active: true, fields: [{ name: 'messages', version: 'v25.0' }, 'account_update'] },
				],
			});
		expect(await runOperation('getAppSubscription', appClient(), { appId: APP_ID })).toEqual({
			appId: APP_ID,
			subscribed: true,
			callbackUrl: URL,
			active: true,
			fields: ['messages', 'account_update'],
		});
		scope.done();
	});

	it('says "not subscribed" when the app has no WhatsApp subscription', async () => {
		appApi().get(`/${VERSION}/${APP_ID}/subscriptions`).reply(200, { data: [] });
		expect(await runOperation('getAppSubscription', appClient(), { appId: APP_ID })).toEqual({ appId: APP_ID, subscribed: false, callbackUrl: null, active: null, fields: [] });
	});

	it('refuses an App ID that is not a Meta ID before sending anything', async () => {
		const error = await failure(runOperation('getAppSubscription', appClient(), { appId: 'my app' }));
		expect(error.message).toBe('App ID: "my app" is not a Meta app ID. Copy the App ID from the App Dashboard (App settings → Basic), digits only.');
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('setAppSubscription', () => {
	it('posts object, callback URL, verify token, the fields and include_values, never echoing the token', async () => {
		const scope = appApi()
			.post(`/${VERSION}/${APP_ID}/subscriptions`, {
				object: 'whatsapp_business_account',
				callback_url: URL,
				verify_token: 'verify-phrase-7781',
				fields: 'messages,account_update',
				include_values: true,
			})
			.reply(200, { success: true });
		const output = await runOperation('setAppSubscription', appClient(), { appId: APP_ID, callbackUrl: URL, verifyToken: 'verify-phrase-7781', fields: 'messages, account_update\nmessages' });
		expect(output).toEqual({ success: true, appId: APP_ID, callbackUrl: URL, fields: ['messages', 'account_update'] });
		scope.done();
	});

	it('checks the URL and the field names before sending', async () => {
		expect((await failure(runOperation('setAppSubscription', appClient(), { appId: APP_ID, callbackUrl: 'http://n8n.example.com/x', verifyToken: 't', fields: ['messages'] }))).message).toBe(
			'Callback URL: must use https. Meta only calls https URLs with a valid certificate.',
		);
		expect((await failure(runOperation('setAppSubscription', appClient(), { appId: APP_ID, callbackUrl: URL, verifyToken: 't', fields: ['Messages!'] }))).message).toBe(
			'Webhook Fields: "Messages!" is not a webhook field name. Use Meta’s field names in lower case, e.g. messages, account_update, phone_number_quality_update.',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('deleteAppSubscription', () => {
	it('deletes the WhatsApp Business Account subscription only', async () => {
		const scope = appApi().delete(`/${VERSION}/${APP_ID}/subscriptions`).query({ object: 'whatsapp_business_account' }).reply(200, { success: true });
		expect(await runOperation('deleteAppSubscription', appClient(), { appId: APP_ID })).toEqual({ success: true, appId: APP_ID });
		scope.done();
	});
});

describe('addAppToBusinessAccount', () => {
	it('subscribes the WABA with a bare POST when the app is not listed yet', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [{ whatsapp_business_api_data: { id: '111', name: 'Other app' } }] })
			.post(`/${VERSION}/${WABA_ID}/subscribed_apps`, (body) => body === '' || Object.keys(body).length === 0)
			.reply(200, { success: true });
		expect(await runOperation('addAppToBusinessAccount', client, { appId: APP_ID })).toEqual({ success: true, wabaId: WABA_ID, appId: APP_ID, alreadySubscribed: false });
		scope.done();
	});

	it('sends nothing when the app is subscribed already (a bare POST would drop its override)', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [{ whatsapp_business_api_data: { id: APP_ID, name: 'App' }, override_callback_uri: OTHER_URL }] });
		expect(await runOperation('addAppToBusinessAccount', client, { appId: APP_ID })).toEqual({ success: true, wabaId: WABA_ID, appId: APP_ID, alreadySubscribed: true });
		scope.done();
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('needs the WABA ID in the credentials', async () => {
		const { client } = testClient({ wabaId: null });
		expect((await failure(runOperation('addAppToBusinessAccount', client, { appId: APP_ID }))).message).toBe(
			'WhatsApp Business Account ID is missing. Add the WABA ID to the client settings (createClient) (WhatsApp Manager → Account tools → Business account ID).',
		);
	});
});

describe('getWebhookConfiguration', () => {
	it('phone number: its override, the account override and the app callback behind it', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${PHONE_ID}`)
			.query({ fields: 'webhook_configuration' })
			.reply(200, { webhook_configuration: { whatsapp_business_account: URL, application: OTHER_URL }, id: PHONE_ID });
		expect(await runOperation('getWebhookConfiguration', client, { level: 'phoneNumber', phoneNumberId: PHONE_ID })).toEqual({
			level: 'phoneNumber',
			targetId: PHONE_ID,
			callbackUrl: null,
			effectiveCallbackUrl: URL,
			wabaCallbackUrl: URL,
			appCallbackUrl: OTHER_URL,
			subscribedApps: [],
		});
		scope.done();
	});

	it('whole account: the override of the chosen app, and every subscribed app', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${WABA_ID}/subscribed_apps`)
			.reply(200, {
				data: [
					{ whatsapp_business_api_data: { id: '111', name: 'Other app', link: 'https://x' }, override_callback_uri: OTHER_URL },
					{ whatsapp_business_api_data: { id: APP_ID, name: 'App' } },
				],
			});
		expect(await runOperation('getWebhookConfiguration', client, { level: 'waba', appId: APP_ID })).toEqual({
			level: 'waba',
			targetId: WABA_ID,
			callbackUrl: null,
			effectiveCallbackUrl: null,
			wabaCallbackUrl: null,
			appCallbackUrl: null,
			subscribedApps: [
				{ appId: '111', name: 'Other app', overrideCallbackUrl: OTHER_URL },
				{ appId: APP_ID, name: 'App', overrideCallbackUrl: null },
			],
		});
		scope.done();
	});

	it('whole account without an App ID: the first override found', async () => {
		const { client } = testClient();
		api().get(`/${VERSION}/${WABA_ID}/subscribed_apps`).reply(200, { data: [{ whatsapp_business_api_data: { id: APP_ID } }, { whatsapp_business_api_data: { id: '111' }, override_callback_uri: OTHER_URL }] });
		expect(await runOperation('getWebhookConfiguration', client, { level: 'waba' })).toMatchObject({ callbackUrl: OTHER_URL, effectiveCallbackUrl: OTHER_URL, wabaCallbackUrl: OTHER_URL });
	});

	it('needs a phone number ID at phone-number level, before sending anything', async () => {
		const { client } = testClient();
		expect((await failure(runOperation('getWebhookConfiguration', client, { level: 'phoneNumber' }))).message).toMatch(/^Phone Number: is required\./);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
