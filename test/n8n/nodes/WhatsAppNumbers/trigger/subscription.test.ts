/** Each subscription mode's checkExists / create / delete: the exact Graph requests, nothing more. */
import nock from 'nock';
import type { IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WhatsAppNumbersTrigger } from '../../../../../nodes/WhatsAppNumbers/WhatsAppNumbersTrigger.node';
import { ACCESS_TOKEN, APP_ID, APP_SECRET, byId, GRAPH, hookContext, metaError, PHONE_ID, VERIFY_TOKEN, WABA_ID } from '../../../support/n8nContext';

const URL = 'https://n8n.example.com/webhook/abc-123/webhook';
const OTHER_URL = 'https://old.example.com/webhook/xyz/webhook';
const methods = new WhatsAppNumbersTrigger().webhookMethods.default;

/** Graph with the system-user token (overrides, WABA subscription). */
const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` }, badheaders: [] });
/** Graph with the app token in the query and no Authorization header (app subscription). */
const app = () => nock(GRAPH, { badheaders: ['authorization'] });
const appToken = `${APP_ID}|${APP_SECRET}`;

const call = async (method: 'checkExists' | 'create' | 'delete', parameters: Record<string, unknown>) => {
	const context = hookContext(parameters, URL);
	return { result: await methods[method].call(context as unknown as IHookFunctions), context };
};
const fails = async (method: 'checkExists' | 'create' | 'delete', parameters: Record<string, unknown>): Promise<Error> =>
	await methods[method].call(hookContext(parameters, URL) as unknown as IHookFunctions).then(
		() => {
			throw new Error('expected the lifecycle step to fail');
		},
		(error: Error) => error,
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

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`The Meta app ${APP_ID} already sends its WhatsApp webhooks to another URL: ${OTHER_URL}`);
		expect((error as NodeOperationError).description).toMatch(/Phone Number Override/);
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

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Callback verification failed');
		expect(JSON.stringify({ message: error.message, description: (error as NodeApiError).description })).not.toContain(APP_SECRET);
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

	it('needs a phone number', async () => {
		const error = await fails('create', { ...numberMode, phoneNumberId: byId('') });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Phone Number: /);
	});
});

describe('Already Configured', () => {
	it('changes nothing at Meta', async () => {
		const mode = { subscriptionMode: 'none', events: ['identityMismatch'] };
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			const { result, context } = await call(method, mode);
			expect(result).toBe(true);
			expect(context.sent).toEqual([]);
		}
	});
});
