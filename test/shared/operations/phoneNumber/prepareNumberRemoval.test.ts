/**
 * Prepare Number Removal: what still points at a number (registration, its webhook override, relay
 * subscriptions naming it), the optional override clear and deregister (counted: sent once, never
 * retried), and the steps left in WhatsApp Manager.
 */
import nock from 'nock';
import { createClient, HttpTransport, PrepareNumberRemovalOutput, runOperation, TransportFailure, WhatsAppError } from '../../../../shared';
import { nodeRuntime, nodeTransport } from '../../../../shared/node/runtime';
import { PHONE_NUMBER_FIELDS } from '../../../../shared/operations/phoneNumber/model';
import { GRAPH, metaError, PHONE_ID, STATE_QUERY, testClient, TOKEN, VERSION, WABA_ID } from '../../../support/core';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
const RELAY = 'https://relay.example.com';
const RELAY_KEY = 'relay-key-5f0c9e1d2b7a';
const OVERRIDE = 'https://hooks.example.com/whatsapp/main';

const connected = { id: PHONE_ID, display_phone_number: '+1 631-555-5555', verified_name: "Jasper's Market", status: 'CONNECTED', is_on_biz_app: false };

function numberRead(number: Record<string, unknown> = connected): nock.Scope {
	return api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, number);
}

function webhookRead(override: string | null = OVERRIDE): nock.Scope {
	const configuration: Record<string, string> = { application: 'https://relay.example.com/meta/webhook' };
	if (override) configuration.phone_number = override;
	return api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: 'webhook_configuration' }).reply(200, { webhook_configuration: configuration, id: PHONE_ID });
}

const subscription = (id: string, phoneNumberId: string | null, eventTypes: string[]) => ({
	id,
	target_url: `https://hooks.zapier.com/hooks/standard/42/${id}-secret/`,
	event_type: eventTypes.join(','),
	event_types: eventTypes,
	phone_number_id: phoneNumberId,
	waba_id: null,
	created_at: '2026-11-20T08:00:00.000Z',
});

/** The relay's GET /subscriptions, which must carry the relay key and never Meta's token. */
function relayList(status: number, body: unknown, headers: Record<string, string> = {}): nock.Scope {
	return nock(RELAY, { reqheaders: { 'x-api-key': RELAY_KEY }, badheaders: ['authorization'] }).get('/subscriptions').reply(status, body as nock.Body, headers);
}

const prepare = (input: Record<string, unknown>, client = testClient().client) => runOperation<PrepareNumberRemovalOutput>('prepareNumberRemoval', client, { phoneNumberId: PHONE_ID, ...input });

describe('prepareNumberRemoval: what still points at the number', () => {
	it('finds the registration, the override and the relay subscriptions naming the number, and changes nothing when asked nothing', async () => {
		const meta = numberRead();
		webhookRead();
		const relay = relayList(200, {
			data: [subscription('sub_a', PHONE_ID, ['inboundMessage', 'messageStatus']), subscription('sub_b', '299999999999999', ['inboundMessage']), subscription('sub_c', null, ['qualityChanged'])],
		});
		const report = await prepare({ relayUrl: `${RELAY}/`, relayApiKey: RELAY_KEY });
		meta.done();
		relay.done();
		expect(report).toEqual({
			phoneNumberId: PHONE_ID,
			displayPhoneNumber: '+1 631-555-5555',
			status: 'CONNECTED',
			coexistence: false,
			registered: true,
			webhookOverrideUrl: OVERRIDE,
			webhooksGoTo: OVERRIDE,
			relayChecked: true,
			relayNote: null,
			relaySubscriptions: [{ id: 'sub_a', eventTypes: 'inboundMessage, messageStatus', targetHost: 'hooks.zapier.com', createdAt: '2026-11-20T08:00:00.000Z' }],
			found: [
				{ kind: 'registration', description: 'The number is registered with the Cloud API (status CONNECTED): it can still send and receive.' },
				{ kind: 'webhookOverride', description: `Its message webhooks go to its own override: ${OVERRIDE}.` },
				{ kind: 'relaySubscription', description: 'Relay subscription sub_a (inboundMessage, messageStatus) sends its events to hooks.zapier.com.' },
			],
			actions: [],
			remainingSteps: [
				'Turn off every workflow or Zap that sends from this number: its messages fail once the number is gone.',
				'Remove its webhook override: run this step again with clearOverride on.',
				'Turn off the Zaps behind the relay subscriptions listed here (Zapier then removes their subscriptions), or delete them at the relay (DELETE /subscriptions/<id>).',
				'Optional: deregister it before deleting if another provider or account will use the number (deregisterNumber). Meta counts it toward 10 register or deregister requests per 72 hours.',
				'Delete it in WhatsApp Manager: Account tools → Phone numbers → select the number → delete (trash icon). Only a business portfolio admin can.',
				"WhatsApp Manager asks for the number's 6-digit two-step PIN to delete a connected number: have it ready (set a new one with setTwoStepPin if nobody knows it).",
				'Keep its two-step PIN: if the number is added again later, registering it may ask for the old PIN, and fails for about 5 minutes right after the deletion (error 133015).',
			],
			commonBlockers: [
				'No delete (trash) icon: you need admin (full control) access to the business portfolio; or the number belongs to another portfolio or is managed by a partner, who must release or delete it.',
				'Paid messages in the last 30 days block the deletion: WhatsApp Manager shows the date of the last paid message (Insights); delete it 30 days after that date.',
				'A restricted or disabled account, an open review or an unpaid bill can block it: check Account quality and Billing in WhatsApp Manager first.',
			],
			summary:
				'+1 631-555-5555: found 3 things still tied to it (its registration, a webhook override, relay subscriptions). Next: Turn off every workflow or Zap that sends from this number: its messages fail once the number is gone.',
		});
		// The hook URL is a secret of the Zap: only its host is reported.
		expect(JSON.stringify(report)).not.toContain('sub_a-secret');
		expect(JSON.stringify(report)).not.toContain(RELAY_KEY);
	});

	it('without a relay, says so and how to add one', async () => {
		numberRead({ ...connected, status: 'PENDING' });
		webhookRead(null);
		const report = await prepare({});
		expect(report).toMatchObject({ registered: false, webhookOverrideUrl: null, webhooksGoTo: 'https://relay.example.com/meta/webhook', relayChecked: false, relayNote: 'No relay was given, so relay subscriptions were not checked.', found: [] });
		expect(report.remainingSteps).toContain('If you use a WhatsApp relay, set relayUrl and relayApiKey so this step also lists the Zap subscriptions that listen to the number.');
		expect(report.remainingSteps.join(' ')).not.toContain('two-step PIN to delete a connected number');
		expect(report.summary).toMatch(/^\+1 631-555-5555: nothing found still tied to it\. Next: /);
	});

	it('refuses a relay URL without its key, and a relay URL that is not an address, before any request', async () => {
		const { client } = testClient();
		await expect(prepare({ relayUrl: RELAY }, client)).rejects.toMatchObject({ category: 'invalid_input', field: 'Relay API Key' });
		await expect(prepare({ relayUrl: 'relay.example.com', relayApiKey: RELAY_KEY }, client)).rejects.toMatchObject({
			category: 'invalid_input',
			message: 'Relay URL: "relay.example.com" is not a web address. Enter the address of your WhatsApp relay with https://, e.g. https://relay.example.com.',
		});
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('prepareNumberRemoval: the relay lookup', () => {
	it('tries a failing relay once more after a short pause, then lists it', async () => {
		numberRead();
		webhookRead(null);
		const relay = relayList(503, { error: { code: 'unavailable', message: 'starting' } }).get('/subscriptions').reply(200, { data: [subscription('sub_a', PHONE_ID, ['identityMismatch'])] });
		const { client, sleeps } = testClient();
		const report = await prepare({ relayUrl: RELAY, relayApiKey: RELAY_KEY }, client);
		relay.done();
		expect(sleeps).toEqual([375]);
		expect(report.relaySubscriptions.map((entry) => entry.id)).toEqual(['sub_a']);
	});

	it('reports a refused key in the relay note, without the key, and still gives the rest of the report', async () => {
		numberRead();
		webhookRead(null);
		const relay = relayList(401, { error: { code: 'unauthorized', message: `Missing or wrong API key ${RELAY_KEY}.` } });
		const report = await prepare({ relayUrl: RELAY, relayApiKey: RELAY_KEY });
		relay.done();
		expect(report).toMatchObject({
			relayChecked: false,
			relayNote: "Could not list the relay's subscriptions: The relay refused relayApiKey. Use one of the keys in the relay's RELAY_API_KEYS setting.",
			relaySubscriptions: [],
		});
		expect(report.remainingSteps).toContain('Fix what the relay note says, then run this step again to list the Zap subscriptions that listen to the number.');
		expect(report.found.map((finding) => finding.kind)).toEqual(['registration']);
	});

	it('reports an unreachable relay after two attempts', async () => {
		numberRead();
		webhookRead(null);
		nock(RELAY).get('/subscriptions').times(2).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
		const { client, sleeps } = testClient();
		const report = await prepare({ relayUrl: RELAY, relayApiKey: RELAY_KEY }, client);
		expect(sleeps).toHaveLength(1);
		expect(report.relayNote).toBe(
			"Could not list the relay's subscriptions: Could not reach the relay (refused): connection refused. Check relayUrl and that the relay is running and reachable, then run this step again.",
		);
	});
});

describe('prepareNumberRemoval: clearing the override', () => {
	it('clears the override with the documented empty override and reports it done', async () => {
		numberRead();
		webhookRead();
		const clear = api().post(`/${VERSION}/${PHONE_ID}`, { webhook_configuration: { override_callback_uri: '' } }).reply(200, { success: true });
		const report = await prepare({ clearOverride: true });
		clear.done();
		expect(report.actions).toEqual([{ action: 'clearOverride', result: 'done', detail: "Cleared the number's webhook override: its webhooks go to the account's or the app's callback URL now." }]);
		expect(report.remainingSteps.join(' ')).not.toContain('Remove its webhook override');
		expect(report.summary).toContain('This run: clearing the webhook override: done.');
	});

	it('skips the clear when the number has no override of its own', async () => {
		numberRead();
		webhookRead(null);
		const report = await prepare({ clearOverride: true });
		expect(report.actions).toEqual([{ action: 'clearOverride', result: 'skipped', detail: 'The number has no webhook override of its own: nothing to clear.' }]);
	});
});

describe('prepareNumberRemoval: deregistering (counted by Meta)', () => {
	it('deregisters once after the reads and reports the state left', async () => {
		const meta = numberRead();
		webhookRead(null);
		const deregister = api()
			.post(`/${VERSION}/${PHONE_ID}/deregister`)
			.once()
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, { id: PHONE_ID, status: 'DISCONNECTED' });
		const report = await prepare({ deregisterNumber: true });
		meta.done();
		deregister.done();
		expect(report).toMatchObject({ status: 'DISCONNECTED', registered: false });
		expect(report.actions).toEqual([
			{
				action: 'deregister',
				result: 'done',
				detail: "Deregistered (status now DISCONNECTED): the number no longer sends or receives through the API. This counted toward Meta's 10 register or deregister requests per 72 hours.",
			},
		]);
		expect(report.remainingSteps.join(' ')).not.toMatch(/Optional: deregister|two-step PIN to delete a connected number/);
	});

	it('after a 500: sent exactly once, never retried, reported as unknown with "check before repeating"', async () => {
		numberRead();
		webhookRead(null);
		api().post(`/${VERSION}/${PHONE_ID}/deregister`).times(3).reply(500, metaError(131000, 'Something went wrong'));
		const { client, sleeps } = testClient();
		const report = await prepare({ deregisterNumber: true }, client);
		expect(nock.pendingMocks()).toEqual([`POST ${GRAPH}:443/${VERSION}/${PHONE_ID}/deregister`]);
		expect(sleeps).toEqual([]);
		expect(report.status).toBe('CONNECTED');
		expect(report.actions[0]).toMatchObject({ action: 'deregister', result: 'unknown' });
		expect(report.actions[0].detail).toBe(
			'Something went wrong at WhatsApp. The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it. It was not repeated: Meta counts every deregister request.',
		);
	});

	it('after a connection dropped once the request left: sent exactly once, never retried, reported as unknown', async () => {
		numberRead();
		webhookRead(null);
		const sent: string[] = [];
		const sleeps: number[] = [];
		// A reset after the body went out, as the node transport reports it once connected (nock cannot drop a connected socket).
		const transport: HttpTransport = {
			send: (request) => {
				sent.push(`${request.method} ${request.url}`);
				return request.method === 'POST' ? Promise.reject(new TransportFailure('connection dropped', 'reset', true)) : nodeTransport.send(request);
			},
		};
		const client = createClient({ accessToken: TOKEN, wabaId: WABA_ID }, nodeRuntime({ transport, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 }));
		const report = await prepare({ deregisterNumber: true }, client);
		expect(sent.filter((line) => line.startsWith('POST'))).toEqual([`POST ${GRAPH}/${VERSION}/${PHONE_ID}/deregister`]);
		expect(sleeps).toEqual([]);
		expect(report.status).toBe('CONNECTED');
		expect(report.actions).toHaveLength(1);
		expect(report.actions[0]).toMatchObject({ action: 'deregister', result: 'unknown' });
		expect(report.actions[0].detail.startsWith('Could not reach Meta (reset): connection dropped.')).toBe(true);
		expect(report.actions[0].detail).toContain('The request may have reached Meta: check the result');
		expect(report.actions[0].detail).toMatch(/It was not repeated: Meta counts every deregister request\.$/);
	});

	it("reports Meta's refusal (133016) as failed, with what to do", async () => {
		numberRead();
		webhookRead(null);
		api().post(`/${VERSION}/${PHONE_ID}/deregister`).once().reply(400, metaError(133016, 'Rate limit'));
		const report = await prepare({ deregisterNumber: true });
		expect(report.actions[0]).toEqual({
			action: 'deregister',
			result: 'failed',
			detail:
				'This number reached the limit of 10 register or deregister requests in 72 hours and is blocked from registering for up to 72 hours. Wait 72 hours before registering or deregistering this number again. Do not retry in a loop: every attempt counts. Meta counts every deregister request: fix the cause before asking again.',
		});
	});

	it('does not deregister a number that is not registered', async () => {
		numberRead({ ...connected, status: 'PENDING' });
		webhookRead(null);
		const counted = api().post(`/${VERSION}/${PHONE_ID}/deregister`).reply(200, { success: true });
		const report = await prepare({ deregisterNumber: true });
		expect(counted.isDone()).toBe(false);
		expect(report.actions).toEqual([{ action: 'deregister', result: 'skipped', detail: 'The number is not registered (status PENDING): nothing to deregister. No deregister request was sent.' }]);
	});

	it('refuses to deregister a coexistence number with no request beyond the first read, and gives the way out through the app', async () => {
		const meta = api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).once().reply(200, { ...connected, is_on_biz_app: true, platform_type: 'CLOUD_API' });
		webhookRead(null);
		const counted = api().post(`/${VERSION}/${PHONE_ID}/deregister`).reply(200, { success: true });
		const report = await prepare({ deregisterNumber: true });
		meta.done();
		expect(counted.isDone()).toBe(false);
		expect(report.coexistence).toBe(true);
		expect(report.found[0]).toEqual({ kind: 'coexistence', description: 'The number is shared with the WhatsApp Business app (coexistence): it leaves the API by disconnecting in the app.' });
		expect(report.actions).toEqual([
			{
				action: 'deregister',
				result: 'refused',
				detail:
					'This number is shared with the WhatsApp Business app (coexistence), and Meta does not allow deregistering such a number. The deregister request was not sent. To take it off the API, disconnect it in the WhatsApp Business app on the phone (Settings → Account → Business Platform → Disconnect); the app keeps working with its chats. To only stop sending through the API, turn off the steps that send from it.',
			},
		]);
		expect(report.remainingSteps).toEqual([
			'Turn off every workflow or Zap that sends from this number: its messages fail once the number is gone.',
			'If you use a WhatsApp relay, set relayUrl and relayApiKey so this step also lists the Zap subscriptions that listen to the number.',
			'To take it off the API, disconnect it in the WhatsApp Business app on the phone (Settings → Account → Business Platform → Disconnect); the app keeps working with its chats. Do not deregister it: Meta does not allow that for a number shared with the WhatsApp Business app.',
			'To remove it from the business account too, an admin deletes it in WhatsApp Manager (Account tools → Phone numbers) once it is disconnected.',
			'Keep its two-step PIN: if the number is added again later, registering it may ask for the old PIN, and fails for about 5 minutes right after the deletion (error 133015).',
		]);
	});

	it('stops with the error when the number cannot be read, before any change', async () => {
		api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(400, metaError(100, 'Unsupported get request', undefined, { error_subcode: 33 }));
		const counted = api().post(`/${VERSION}/${PHONE_ID}/deregister`).reply(200, { success: true });
		const error = await prepare({ deregisterNumber: true, clearOverride: true }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WhatsAppError);
		expect(error).toMatchObject({ category: 'not_found', operation: 'prepareNumberRemoval' });
		expect(counted.isDone()).toBe(false);
	});
});
