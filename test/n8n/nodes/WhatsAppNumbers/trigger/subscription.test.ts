/**
 * Each subscription mode's checkExists / create / delete as n8n runs them for an active workflow
 * (real HookContexts: this workflow's production URL, the credentials' tokens added by n8n): the
 * exact Graph requests, nothing more; and a whole activation and deactivation.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { DEFAULT_EVENTS, subscriptionFields } from '../../../../../nodes/WhatsAppNumbers/trigger/events';
import { WHATSAPP_WEBHOOK_OBJECT } from '../../../../../shared';
import { activateWebhookTrigger, callWebhookMethod, DEFAULT_WEBHOOK_ID, errorText, INSTANCE_URL, recordRequests, type HookMethod, type StoredNodeError } from '../../../support/engine';
import { ACCESS_TOKEN, APP_CREDENTIALS, APP_ID, APP_SECRET, byId, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID, VERIFY_TOKEN, WABA_ID } from '../../../support/fixtures';

/** This workflow's production webhook URL, as n8n builds it. */
const URL = `${INSTANCE_URL}/webhook/${DEFAULT_WEBHOOK_ID}/webhook`;
const OTHER_URL = 'https://old.example.com/webhook/xyz/webhook';
const credentials = { whatsAppNumbersAppApi: APP_CREDENTIALS, whatsAppNumbersApi: GRAPH_CREDENTIALS };

/** Graph with the system-user token (overrides, WABA subscription). */
const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` }, badheaders: [] });
/** Graph with the app token in the query and no Authorization header (app subscription). */
const app = () => nock(GRAPH, { badheaders: ['authorization'] });
const appToken = `${APP_ID}|${APP_SECRET}`;

const call = async (method: HookMethod, parameters: INodeParameters) => ({ result: await callWebhookMethod({ node: 'whatsAppNumbersTrigger', parameters, credentials, method }) });
const fails = async (method: HookMethod, parameters: INodeParameters): Promise<StoredNodeError> =>
	await callWebhookMethod({ node: 'whatsAppNumbersTrigger', parameters, credentials, method }).then(
		() => {
			throw new Error('expected the lifecycle step to fail');
		},
		(error: StoredNodeError) => error,
	);

const appMode = { subscriptionMode: 'appSubscription', events: ['identityMismatch', 'statusChanged'], replaceExistingCallback: false, subscribeBusinessAccount: true };
const subscription = (callbackUrl: string, fields: string[]) => ({ data: [{ object: 'whatsapp_business_account', callback_url: callbackUrl, active: true, fields: fields.map((name) => ({ name, version: 'v25.0' })) }] });

describe('Manage Meta App Subscription', () => {
	it('checkExists: true when the app already calls this URL with the needed fields', async () => {
		const scope = app().get(`/v25.0/${APP_ID}/subscriptions`).query({ access_token: appToken }).reply(200, subscription(URL, ['account_update', 'business_status_update', 'messages', 'security']));

		const { result } = await call('checkExists', appMode);

		expect(scope.isDone()).toBe(true);
		expect(result).toBe(true);
	});

	it('checkExists: false when a needed field is missing, so create adds it', async () => {
		app().get(`/v25.0/${APP_ID}/subscriptions`).query({ access_token: appToken }).reply(200, subscription(URL, ['messages']));

		expect((await call('checkExists', appMode)).result).toBe(false);
	});

	it('checkExists: refuses to take over another URL and explains the override modes', async () => {
		app().get(`/v25.0/${APP_ID}/subscriptions`).query({ access_token: appToken }).reply(200, subscription(OTHER_URL, ['messages']));

		const error = await fails('checkExists', appMode);

		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe(`The Meta app ${APP_ID} already sends its WhatsApp webhooks to another URL: ${OTHER_URL}`);
		expect(error.description).toMatch(/Phone Number Override/);
	});

	it('checkExists: with Replace Existing Callback URL, answers false so create takes over', async () => {
		app().get(`/v25.0/${APP_ID}/subscriptions`).query({ access_token: appToken }).reply(200, subscription(OTHER_URL, ['messages']));

		expect((await call('checkExists', { ...appMode, replaceExistingCallback: true })).result).toBe(false);
	});

	it('create: subscribes the app with the app token, then subscribes the WABA when it is not yet', async () => {
		const appScope = app()
			.post(`/v25.0/${APP_ID}/subscriptions`, {
				object: 'whatsapp_business_account',
				callback_url: URL,
				verify_token: VERIFY_TOKEN,
				fields: 'account_update,business_status_update,messages',
				include_values: true,
			})
			.query({ access_token: appToken })
			.reply(200, { success: true });
		const wabaScope = graph()
			.get(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [] })
			.post(`/v25.0/${WABA_ID}/subscribed_apps`, (body) => body === '' || Object.keys(body).length === 0)
			.reply(200, { success: true });

		const { result } = await call('create', appMode);

		expect(appScope.isDone()).toBe(true);
		expect(wabaScope.isDone()).toBe(true);
		expect(result).toBe(true);
	});

	it('create: leaves an already subscribed WABA alone (a bare POST would drop its override)', async () => {
		app().post(`/v25.0/${APP_ID}/subscriptions`).query({ access_token: appToken }).reply(200, { success: true });
		const wabaScope = graph()
			.get(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [{ whatsapp_business_api_data: { id: APP_ID, name: 'App' }, override_callback_uri: OTHER_URL }] });

		await call('create', appMode);

		expect(wabaScope.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('create: reports Meta refusing the callback URL as NodeApiError with the core message', async () => {
		app()
			.post(`/v25.0/${APP_ID}/subscriptions`)
			.query(true)
			.reply(400, metaError(2200, 'Callback verification failed with the following errors: HTTP Status Code = 403'));

		const error = await fails('create', { ...appMode, subscribeBusinessAccount: false });

		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '400', errorResponse: { code: 2200 } });
		expect(error.message).toContain('Callback verification failed');
		expect(errorText(error)).not.toContain(APP_SECRET);
		expect(errorText(error)).not.toContain(VERIFY_TOKEN);
	});

	it('delete: removes the subscription only while it still points here', async () => {
		const scope = app()
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: appToken })
			.reply(200, subscription(URL, ['messages']))
			.delete(`/v25.0/${APP_ID}/subscriptions`)
			.query({ object: 'whatsapp_business_account', access_token: appToken })
			.reply(200, { success: true });

		expect((await call('delete', appMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});

	it("delete: leaves another receiver's subscription in place", async () => {
		app().get(`/v25.0/${APP_ID}/subscriptions`).query({ access_token: appToken }).reply(200, subscription(OTHER_URL, ['messages']));

		expect((await call('delete', appMode)).result).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('Business Account Override', () => {
	const wabaMode = { subscriptionMode: 'wabaOverride', events: ['identityMismatch'] };

	it('checkExists reads subscribed_apps and matches this app and URL', async () => {
		const scope = graph()
			.get(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [{ whatsapp_business_api_data: { id: APP_ID }, override_callback_uri: URL }] });

		expect((await call('checkExists', wabaMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});

	it('create sets the override through the core with the credential verify token', async () => {
		const scope = graph()
			.post(`/v25.0/${WABA_ID}/subscribed_apps`, { override_callback_uri: URL, verify_token: VERIFY_TOKEN })
			.reply(200, { success: true });

		expect((await call('create', wabaMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});

	it('delete clears it with a bare POST, only when it is still ours', async () => {
		const scope = graph()
			.get(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [{ whatsapp_business_api_data: { id: APP_ID }, override_callback_uri: URL }] })
			.post(`/v25.0/${WABA_ID}/subscribed_apps`, (body) => body === '' || Object.keys(body).length === 0)
			.reply(200, { success: true });

		expect((await call('delete', wabaMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Phone Number Override', () => {
	const numberMode = { subscriptionMode: 'phoneNumberOverride', phoneNumberId: byId(PHONE_ID), events: ['identityMismatch'] };

	it('checkExists reads webhook_configuration of the number', async () => {
		const scope = graph()
			.get(`/v25.0/${PHONE_ID}`)
			.query({ fields: 'webhook_configuration' })
			.reply(200, { webhook_configuration: { phone_number: URL, application: OTHER_URL }, id: PHONE_ID });

		expect((await call('checkExists', numberMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});

	it('checkExists is false when only the app callback is set', async () => {
		graph().get(`/v25.0/${PHONE_ID}`).query({ fields: 'webhook_configuration' }).reply(200, { webhook_configuration: { application: OTHER_URL }, id: PHONE_ID });

		expect((await call('checkExists', numberMode)).result).toBe(false);
	});

	it('create posts webhook_configuration with the URL and verify token', async () => {
		const scope = graph()
			.post(`/v25.0/${PHONE_ID}`, { webhook_configuration: { override_callback_uri: URL, verify_token: VERIFY_TOKEN } })
			.reply(200, { success: true });

		expect((await call('create', numberMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});

	it('delete sets an empty override_callback_uri, only when it is still ours', async () => {
		const scope = graph()
			.get(`/v25.0/${PHONE_ID}`)
			.query({ fields: 'webhook_configuration' })
			.reply(200, { webhook_configuration: { phone_number: URL }, id: PHONE_ID })
			.post(`/v25.0/${PHONE_ID}`, { webhook_configuration: { override_callback_uri: '' } })
			.reply(200, { success: true });

		expect((await call('delete', numberMode)).result).toBe(true);
		expect(scope.isDone()).toBe(true);
	});

	it("delete leaves another workflow's override alone", async () => {
		graph().get(`/v25.0/${PHONE_ID}`).query({ fields: 'webhook_configuration' }).reply(200, { webhook_configuration: { phone_number: OTHER_URL }, id: PHONE_ID });

		expect((await call('delete', numberMode)).result).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('needs a phone number (one from an expression that comes out empty)', async () => {
		const error = await fails('create', { ...numberMode, phoneNumberId: byId('={{ "" }}') });

		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/^Phone Number: /);
	});
});

describe('Already Configured', () => {
	it('changes nothing at Meta', async () => {
		const mode = { subscriptionMode: 'none', events: ['identityMismatch'] };
		const requests = recordRequests();
		try {
			for (const method of ['checkExists', 'create', 'delete'] as const) expect((await call(method, mode)).result).toBe(true);
			expect(requests.unmatched).toEqual([]);
		} finally {
			requests.stop();
		}
	});
});

describe('a whole activation (Manage Meta App Subscription, the defaults)', () => {
	it("points the app's callback URL at this workflow's production URL and subscribes the WABA; deactivation removes it", async () => {
		const appToken = `${APP_ID}|${APP_SECRET}`;
		const appScope = app()
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: appToken })
			.reply(200, { data: [] })
			.post(`/v25.0/${APP_ID}/subscriptions`, {
				object: WHATSAPP_WEBHOOK_OBJECT,
				callback_url: URL,
				verify_token: VERIFY_TOKEN,
				fields: subscriptionFields(DEFAULT_EVENTS).join(','),
				include_values: true,
			})
			.query({ access_token: appToken })
			.reply(200, { success: true });
		const wabaScope = graph().get(`/v25.0/${WABA_ID}/subscribed_apps`).reply(200, { data: [] }).post(`/v25.0/${WABA_ID}/subscribed_apps`).reply(200, { success: true });

		const trigger = await activateWebhookTrigger({ node: 'whatsAppNumbersTrigger', credentials });

		expect(appScope.isDone()).toBe(true);
		expect(wabaScope.isDone()).toBe(true);
		expect(trigger.webhookUrl('default')).toBe(URL);
		expect(trigger.calls).toEqual([
			{ webhook: 'default', method: 'checkExists', result: false },
			{ webhook: 'default', method: 'create', result: true },
		]);

		const removal = app()
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: appToken })
			.reply(200, { data: [{ object: WHATSAPP_WEBHOOK_OBJECT, callback_url: URL, active: true, fields: [] }] })
			.delete(`/v25.0/${APP_ID}/subscriptions`)
			.query({ object: WHATSAPP_WEBHOOK_OBJECT, access_token: appToken })
			.reply(200, { success: true });
		await trigger.deactivate();
		expect(removal.isDone()).toBe(true);
		expect(trigger.calls.at(-1)).toEqual({ webhook: 'default', method: 'delete', result: true });
	});
});
