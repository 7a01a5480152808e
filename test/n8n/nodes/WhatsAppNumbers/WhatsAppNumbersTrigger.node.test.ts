/**
 * The trigger's webhook as n8n hands Meta's requests to it (a real WebhookContext of an active
 * workflow, the request as n8n's server leaves it, raw bytes kept): the GET challenge, the signature
 * on every POST, event and phone filters, and what the node answers and logs.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WhatsAppNumbersTrigger } from '../../../../nodes/WhatsAppNumbers/WhatsAppNumbersTrigger.node';
import { DEFAULT_EVENTS, subscriptionFields } from '../../../../nodes/WhatsAppNumbers/trigger/events';
import { signBody, WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES_V1 } from '../../../../shared';
import { clearRecords, logLines, receiveWebhook, type WebhookRequest } from '../../support/engine';
import { APP_CREDENTIALS, APP_SECRET, PHONE_ID, VERIFY_TOKEN, WABA_ID } from '../../support/fixtures';

const trigger = new WhatsAppNumbersTrigger();

/**
 * One request to the trigger, set to "Already Configured" (the subscription modes are the lifecycle
 * tests' concern; the webhook itself only needs the app credential).
 */
async function call(request: WebhookRequest, parameters: INodeParameters = {}, appCredentials: IDataObject = APP_CREDENTIALS) {
	return await receiveWebhook({
		node: 'whatsAppNumbersTrigger',
		parameters: { subscriptionMode: 'none', ...parameters },
		credentials: { whatsAppNumbersAppApi: appCredentials },
		request,
	});
}

const warnings = () => logLines.filter((line) => line.level === 'warn').map((line) => line.message);

beforeEach(() => clearRecords());

const statusChange = (phoneNumberId: string, messageId: string, status: string, errors?: unknown[]) => ({
	field: 'messages',
	value: {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550100001', phone_number_id: phoneNumberId },
		statuses: [{ id: messageId, status, timestamp: '1767225600', recipient_id: '16315550002', ...(errors ? { errors } : {}) }],
	},
});

const mismatchError = { code: 137000, title: 'Identity key mismatch', message: 'Identity key mismatch', error_data: { details: 'The identity key hash does not match' } };
const accountUpdate = { field: 'account_update', value: { event: 'ACCOUNT_RESTRICTION', phone_number: '15550100001' } };

const envelope = (...changes: unknown[]) => ({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, time: 1767225600, changes }] });

/** A POST as Meta sends it: the body's exact bytes (a non-ASCII character escaped, which re-serialising would lose), signed. */
function signed(body: unknown, secret = APP_SECRET): WebhookRequest & { body: Buffer } {
	const raw = Buffer.from(JSON.stringify(body).replace('Identity key mismatch', 'Identity key mismatch \\u00e9'), 'utf8');
	return { webhookName: 'default', body: raw, headers: { 'X-Hub-Signature-256': signBody(raw, secret) } };
}

describe('GET: Meta verification', () => {
	it('answers the raw challenge when the verify token matches', async () => {
		const { result, response } = await call({ webhookName: 'setup', query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' } });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: '1158201444', headers: {}, ended: true });
		expect(warnings()).toEqual([]);
	});

	it('answers 403 with a reason, never the configured token, when the token is wrong', async () => {
		const { result, response } = await call({ webhookName: 'setup', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' } });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(403);
		expect(String(response.body)).toMatch(/verify token Meta sent does not match/);
		expect(String(response.body)).not.toContain(VERIFY_TOKEN);
		expect(warnings()).toEqual([expect.stringMatching(/^WhatsApp Business Numbers Trigger refused a verification request \(403\): /)]);
		expect(JSON.stringify(logLines)).not.toContain(VERIFY_TOKEN);
	});

	it('answers 500 and says what to fix when the credential has no verify token', async () => {
		const { response } = await call({ webhookName: 'setup', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'x', 'hub.challenge': '1' } }, {}, { ...APP_CREDENTIALS, verifyToken: '' });

		expect(response.statusCode).toBe(500);
		expect(String(response.body)).toMatch(/^verifyToken: is empty/);
	});
});

describe('POST: signed webhooks', () => {
	it('outputs the identity mismatch event with its raw change for a valid signature', async () => {
		const change = statusChange(PHONE_ID, 'wamid.X', 'failed', [mismatchError]);

		const { result, response } = await call(signed(envelope(change)), { events: DEFAULT_EVENTS, options: {} });

		// Nothing written: n8n answers Meta itself (200, "Workflow was started") and starts the run.
		expect(response).toEqual({ headers: {}, ended: false });
		expect(result.workflowData).toHaveLength(1);
		const items = result.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			type: 'identityMismatch',
			dedupeKey: 'identityMismatch:wamid.X',
			wabaId: WABA_ID,
			phoneNumberId: PHONE_ID,
			field: 'messages',
			messageId: 'wamid.X',
			recipientId: '16315550002',
			error: { code: 137000 },
		});
		expect(String(items[0].json.nextStep)).toMatch(/Re-verify the person/);
		// The raw change as Meta sent it (the escaped character decoded, as JSON.parse does).
		expect(items[0].json.change).toEqual({
			...change,
			value: { ...change.value, statuses: [{ ...change.value.statuses[0], errors: [{ ...mismatchError, title: 'Identity key mismatch é' }] }] },
		});
	});

	it('refuses a forged signature with 403, starts nothing, and never shows or logs the secret', async () => {
		const { result, response } = await call(signed(envelope(statusChange(PHONE_ID, 'wamid.X', 'failed', [mismatchError])), 'not-the-app-secret'), { events: DEFAULT_EVENTS });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(403);
		expect(String(response.body)).toMatch(/signature does not match/);
		expect(warnings()).toEqual([expect.stringMatching(/refused a webhook request \(403\)/)]);
		expect(JSON.stringify({ body: response.body, logLines })).not.toContain(APP_SECRET);
	});

	it('refuses a request without signature with 401 and starts nothing', async () => {
		const { body } = signed(envelope(accountUpdate));

		const { result, response } = await call({ webhookName: 'default', body }, { events: DEFAULT_EVENTS });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});

	it('refuses a body changed after signing', async () => {
		const { body, headers } = signed(envelope(accountUpdate));
		const tampered = Buffer.from(body.toString('utf8').replace('ACCOUNT_RESTRICTION', 'ACCOUNT_RECONNECTED'));

		const { result, response } = await call({ webhookName: 'default', body: tampered, headers }, { events: DEFAULT_EVENTS });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(403);
	});

	it('answers 400 for a signed body that is not a WhatsApp webhook', async () => {
		const raw = Buffer.from(JSON.stringify({ object: 'page', entry: [] }));

		const { result, response } = await call({ webhookName: 'default', body: raw, headers: { 'x-hub-signature-256': signBody(raw, APP_SECRET) } }, { events: DEFAULT_EVENTS });

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
	});

	it('outputs only the chosen events', async () => {
		const body = envelope(statusChange(PHONE_ID, 'wamid.X', 'failed', [mismatchError]), statusChange(PHONE_ID, 'wamid.Y', 'delivered'), accountUpdate);

		const { result } = await call(signed(body), { events: ['statusChanged', 'messageStatus'] });

		expect(result.workflowData![0].map((item) => [item.json.type, item.json.dedupeKey])).toEqual([
			['messageStatus', 'messageStatus:wamid.X:failed'],
			['messageStatus', 'messageStatus:wamid.Y:delivered'],
			['statusChanged', expect.stringMatching(/^statusChanged:account_update:/)],
		]);
		expect(result.workflowData![0][2].json.change).toEqual(accountUpdate);
	});

	it('keeps only the chosen phone numbers, and account-level events', async () => {
		const other = '200000000000009';
		const body = envelope(statusChange(other, 'wamid.O', 'failed', [mismatchError]), statusChange(PHONE_ID, 'wamid.X', 'failed', [mismatchError]), accountUpdate);

		const { result } = await call(signed(body), { events: ['identityMismatch', 'statusChanged'], options: { phoneNumberIds: ` ${PHONE_ID}, 200000000000005` } });

		expect(result.workflowData![0].map((item) => [item.json.type, item.json.phoneNumberId])).toEqual([
			['identityMismatch', PHONE_ID],
			['statusChanged', undefined],
		]);
	});

	it('starts nothing (but lets n8n answer 200) when no chosen event is in the delivery', async () => {
		const { result, response } = await call(signed(envelope(statusChange(PHONE_ID, 'wamid.Y', 'read'))), { events: ['identityMismatch'] });

		expect(result).toEqual({});
		expect(response).toEqual({ headers: {}, ended: false });
	});

	it('drops an event Meta repeats inside one delivery', async () => {
		const change = statusChange(PHONE_ID, 'wamid.X', 'failed', [mismatchError]);

		const { result } = await call(signed(envelope(change, change)), { events: ['identityMismatch'] });

		expect(result.workflowData![0]).toHaveLength(1);
	});
});

describe('POST: a change nested far too deeply', () => {
	/** The genuine mismatch change, then a template change 100,000 levels deep, as Meta's bytes. */
	function poisoned(): WebhookRequest {
		const genuine = JSON.stringify(statusChange(PHONE_ID, 'wamid.X', 'failed', [mismatchError]));
		const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
		const raw = Buffer.from(
			`{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","time":1767225600,"changes":[${genuine},{"field":"message_template_status_update","value":{"event":"APPROVED","x":${deep}}}]}]}`,
		);
		return { webhookName: 'default', body: raw, headers: { 'x-hub-signature-256': signBody(raw, APP_SECRET) } };
	}

	it('lets n8n answer 200, starts the workflow with the genuine events and logs the skipped part', async () => {
		const { result, response } = await call(poisoned(), { events: DEFAULT_EVENTS, options: {} });

		expect(response.ended).toBe(false);
		expect(result.workflowData![0].map((item) => item.json.type)).toEqual(['identityMismatch']);
		expect(warnings()).toEqual([
			"WhatsApp Business Numbers Trigger skipped part of a webhook (entry 0, change 1, field message_template_status_update): The change is nested more than 64 levels deep (Meta's webhooks nest about 10), so it was not read. The other changes of the same delivery were.",
		]);
	});

	it('outputs the rejected part, without the change, when "Unreadable Webhook Part" is chosen', async () => {
		const { result } = await call(poisoned(), { events: ['rejectedChange'], options: {} });

		const items = result.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ type: 'rejectedChange', field: 'message_template_status_update', entryIndex: 0, changeIndex: 1, raw: null, change: null });
		expect(() => JSON.stringify(items)).not.toThrow();
	});
});

describe('description', () => {
	it('keeps the literal default events equal to DEFAULT_EVENTS', () => {
		const events = trigger.description.properties.find((property) => property.name === 'events');
		expect(events?.default).toEqual(DEFAULT_EVENTS);
		expect(events?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(
			expect.arrayContaining(['identityMismatch', 'identityHashObserved', 'statusChanged', 'messageStatus', 'inboundMessage', 'other']),
		);
	});

	it('offers version 1 the events of its release and version 2 every event, with the same default', () => {
		const [v1, v2] = trigger.description.properties.filter((property) => property.name === 'events');
		const values = (property: typeof v1) => (property.options ?? []).map((option) => ('value' in option ? option.value : undefined)).sort();
		expect(trigger.description.version).toEqual([1, 2]);
		expect([v1.displayOptions, v2.displayOptions]).toEqual([{ show: { '@version': [1] } }, { show: { '@version': [{ _cnd: { gte: 2 } }] } }]);
		expect(values(v1)).toEqual([...WEBHOOK_EVENT_TYPES_V1].sort());
		expect(values(v2)).toEqual([...WEBHOOK_EVENT_TYPES].sort());
		expect(v2.default).toEqual(v1.default);
	});

	it('subscribes version 1 to the fields of its release, version 2 to the template fields too', () => {
		const v1 = ['account_review_update', 'account_update', 'business_capability_update', 'business_status_update', 'business_username_updates', 'messages', 'phone_number_name_update', 'phone_number_quality_update'];
		expect(subscriptionFields(['other'], 1)).toEqual(v1);
		expect(subscriptionFields(['other'], 2)).toEqual([...v1, 'message_template_quality_update', 'message_template_status_update', 'template_category_update'].sort());
		expect(subscriptionFields(['templateStatusChanged', 'userIdChanged'], 2)).toEqual(['message_template_status_update', 'messages']);
		// A version 2 choice saved in a version 1 workflow (it cannot be chosen there) asks for nothing more.
		expect(subscriptionFields(['templateStatusChanged', 'identityMismatch'], 1)).toEqual(['messages']);
	});

	it('is a trigger with two webhooks on one path and no usableAsTool', () => {
		expect(trigger.description.inputs).toEqual([]);
		expect(trigger.description.usableAsTool).toBeUndefined();
		expect(trigger.description.webhooks).toEqual([
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		]);
		expect(trigger.description.credentials?.map((credential) => credential.name)).toEqual(['whatsAppNumbersAppApi', 'whatsAppNumbersApi']);
	});
});
