/**
 * The webhook trigger as an active workflow in n8n: activation and deactivation through real
 * HookContexts (the app credential's token is added by n8n as `access_token`), and Meta's requests
 * through a real WebhookContext: the GET verification and the signature check of every POST.
 */
import nock from 'nock';

import { DEFAULT_EVENTS, subscriptionFields } from '../../../nodes/WhatsAppNumbers/trigger/events';
import { signBody, WHATSAPP_WEBHOOK_OBJECT } from '../../../shared';
import { activateWebhookTrigger, clearRecords, DEFAULT_WEBHOOK_ID, INSTANCE_URL, logLines, receiveWebhook } from '../support/engine';
import { ACCESS_TOKEN, APP_CREDENTIALS, APP_ID, APP_SECRET, GRAPH, GRAPH_CREDENTIALS, PHONE_ID, VERIFY_TOKEN, WABA_ID } from '../support/n8nContext';

const APP_TOKEN = `${APP_ID}|${APP_SECRET}`;
const CALLBACK_URL = `${INSTANCE_URL}/webhook/${DEFAULT_WEBHOOK_ID}/webhook`;
const credentials = { whatsAppNumbersAppApi: APP_CREDENTIALS, whatsAppNumbersApi: GRAPH_CREDENTIALS };

const mismatch = {
	object: WHATSAPP_WEBHOOK_OBJECT,
	entry: [
		{
			id: WABA_ID,
			time: 1767225600,
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '15550100001', phone_number_id: PHONE_ID },
						statuses: [{ id: 'wamid.X', status: 'failed', timestamp: '1767225600', recipient_id: '16315550002', errors: [{ code: 137000, title: 'Identity key mismatch' }] }],
					},
				},
			],
		},
	],
};

beforeEach(() => clearRecords());

describe('activation (Subscription: Manage Meta App Subscription)', () => {
	it("points the app's callback URL at this workflow's production URL and subscribes the WABA; deactivation removes it", async () => {
		const app = nock(GRAPH)
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: APP_TOKEN })
			.reply(200, { data: [] })
			.post(`/v25.0/${APP_ID}/subscriptions`, {
				object: WHATSAPP_WEBHOOK_OBJECT,
				callback_url: CALLBACK_URL,
				verify_token: VERIFY_TOKEN,
				fields: subscriptionFields(DEFAULT_EVENTS).join(','),
				include_values: true,
			})
			.query({ access_token: APP_TOKEN })
			.reply(200, { success: true });
		const waba = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { data: [] })
			.post(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(200, { success: true });

		const trigger = await activateWebhookTrigger({ node: 'whatsAppNumbersTrigger', credentials });

		expect(app.isDone()).toBe(true);
		expect(waba.isDone()).toBe(true);
		expect(trigger.webhookUrl('default')).toBe(CALLBACK_URL);
		expect(trigger.calls).toEqual([
			{ webhook: 'default', method: 'checkExists', result: false },
			{ webhook: 'default', method: 'create', result: true },
		]);

		const removal = nock(GRAPH)
			.get(`/v25.0/${APP_ID}/subscriptions`)
			.query({ access_token: APP_TOKEN })
			.reply(200, { data: [{ object: WHATSAPP_WEBHOOK_OBJECT, callback_url: CALLBACK_URL, active: true, fields: [] }] })
			.delete(`/v25.0/${APP_ID}/subscriptions`)
			.query({ object: WHATSAPP_WEBHOOK_OBJECT, access_token: APP_TOKEN })
			.reply(200, { success: true });
		await trigger.deactivate();
		expect(removal.isDone()).toBe(true);
	});
});

describe("Meta's requests", () => {
	const deliver = (request: Parameters<typeof receiveWebhook>[0]['request']) =>
		receiveWebhook({ node: 'whatsAppNumbersTrigger', parameters: { subscriptionMode: 'none' }, credentials, request });

	it('answers the GET verification with the raw challenge when the verify token matches', async () => {
		const { result, response } = await deliver({
			webhookName: 'setup',
			query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' },
		});

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ statusCode: 200, contentType: 'text/plain', body: '1158201444', ended: true });
	});

	it('starts the workflow with the event for a correctly signed POST', async () => {
		const rawBody = Buffer.from(JSON.stringify(mismatch));

		const { result, response } = await deliver({ webhookName: 'default', headers: { 'X-Hub-Signature-256': signBody(rawBody, APP_SECRET) }, body: rawBody });

		expect(response.ended).toBe(false);
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ type: 'identityMismatch', wabaId: WABA_ID, phoneNumberId: PHONE_ID, messageId: 'wamid.X', recipientId: '16315550002' }),
		]);
	});

	it('refuses a POST signed with another secret (403), starts nothing, and never shows or logs the secret', async () => {
		const rawBody = Buffer.from(JSON.stringify(mismatch));

		const { result, response } = await deliver({ webhookName: 'default', headers: { 'x-hub-signature-256': signBody(rawBody, 'not-the-app-secret') }, body: rawBody });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(403);
		expect(String(response.body)).toMatch(/signature does not match/);
		expect(logLines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([expect.stringMatching(/refused a webhook request \(403\)/)]);
		expect(JSON.stringify({ body: response.body, logLines })).not.toContain(APP_SECRET);
	});

	it('refuses a POST without signature (401) and a body changed after signing (403)', async () => {
		const rawBody = Buffer.from(JSON.stringify(mismatch));
		const tampered = Buffer.from(rawBody.toString('utf8').replace('wamid.X', 'wamid.Y'));

		const unsigned = await deliver({ webhookName: 'default', body: rawBody });
		const changed = await deliver({ webhookName: 'default', headers: { 'x-hub-signature-256': signBody(rawBody, APP_SECRET) }, body: tampered });

		expect([unsigned.response.statusCode, unsigned.result.workflowData]).toEqual([401, undefined]);
		expect([changed.response.statusCode, changed.result.workflowData]).toEqual([403, undefined]);
	});
});
