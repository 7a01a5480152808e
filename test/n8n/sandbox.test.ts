/**
 * The nodes against the sandbox (Meta's side, written independently of the core), run by n8n-core's
 * engine: onboarding a number, the identity check end to end through the trigger (hash seen →
 * identity rotated → 137000 mismatch event), a forged webhook, the phone-number override lifecycle,
 * the app subscription and the status poll. The trigger is an active workflow; n8n's HTTP server,
 * which n8n-core does not include, is a nock route on the instance's webhook URLs handing each of the
 * sandbox's requests to the workflow that registered it. (The same flows in a real n8n are the e2e suite's job.)
 */
import * as https from 'node:https';

import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { type Sandbox, startSandbox } from '../../sandbox';
import { activatePollingTrigger, activateWebhookTrigger, callWebhookMethod, DEFAULT_WEBHOOK_ID, executeNode, INSTANCE_URL, requestProductionWebhook, type ActiveWebhookTrigger } from './support/engine';
import { byId } from './support/fixtures';

const VERIFY_TOKEN = 'sandbox-verify-phrase';
const CUSTOMER = '16315550123';
const WEBHOOK_URL = `${INSTANCE_URL}/webhook/${DEFAULT_WEBHOOK_ID}/webhook`;

let sandbox: Sandbox;
let credentials: Record<string, IDataObject>;
/** The active trigger workflow, if any. */
let active: ActiveWebhookTrigger | undefined;
const executions: INodeExecutionData[][] = [];

/**
 * n8n's HTTP server for production webhooks: hands each request to the active workflow that
 * registered its URL and answers as n8n does (what the node wrote, or 200 once an execution
 * started; 404 for an URL no active workflow has).
 */
function serveWebhookUrls(): void {
	async function answer(this: nock.ReplyFnContext, uri: string, body: nock.Body): Promise<nock.ReplyFnResult> {
		// The sandbox sends JSON text, which nock hands over as the string it was.
		const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
		const delivered = await requestProductionWebhook({ method: this.req.method, url: `${INSTANCE_URL}${uri}`, headers: this.req.headers, body: bytes });
		if (!delivered) return [404, '{"message":"The requested webhook is not registered."}'];
		const { result, response } = delivered;
		if (result.noWebhookResponse) return [response.statusCode ?? 500, String(response.body)];
		if (result.workflowData) executions.push(result.workflowData[0]);
		return [200, '{"message":"Workflow was started"}'];
	}
	nock(INSTANCE_URL).persist().get(/^\/webhook\//).reply(answer).post(/^\/webhook\//).reply(answer);
}

async function runNode(parameters: INodeParameters): Promise<INodeExecutionData[]> {
	const run = await executeNode({ node: 'whatsAppNumbers', parameters, credentials: { whatsAppNumbersApi: credentials.whatsAppNumbersApi } });
	expect(run.error).toBeUndefined();
	return run.items;
}

const overrideParameters = (): INodeParameters => ({ subscriptionMode: 'phoneNumberOverride', phoneNumberId: byId(sandbox.phoneNumberId), events: ['identityMismatch', 'identityHashObserved'], options: {} });
const appParameters: INodeParameters = { subscriptionMode: 'appSubscription', events: ['inboundMessage'], options: {} };
const checkExists = async (parameters: INodeParameters) => await callWebhookMethod({ node: 'whatsAppNumbersTrigger', parameters, credentials, method: 'checkExists' });

async function waitForEvent(type: string, predicate: (json: IDataObject) => boolean = () => true): Promise<IDataObject> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const found = executions.flat().find((item) => item.json.type === type && predicate(item.json));
		if (found) return found.json;
		await sleep(20);
	}
	throw new Error(`no ${type} event reached the trigger`);
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	credentials = {
		whatsAppNumbersApi: { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, apiVersion: 'v25.0', baseUrl: sandbox.baseUrl },
		whatsAppNumbersAppApi: { appId: sandbox.appId, appSecret: sandbox.appSecret, verifyToken: VERIFY_TOKEN, apiVersion: 'v25.0', baseUrl: sandbox.baseUrl },
	};
});

// Set before each test: the setup file clears nock's interceptors after each one.
beforeEach(() => serveWebhookUrls());

afterAll(async () => {
	await active?.deactivate();
	await sandbox.stop();
});

describe('the nodes against the sandbox', () => {
	it('onboards a number from added to CONNECTED and turns the identity check on', async () => {
		const [added] = await runNode({ resource: 'phoneNumber', operation: 'addPhoneNumber', cc: '1', phoneNumber: '555 010 0777', verifiedName: 'Jasper Test' });
		const phoneNumberId = String(added.json.phoneNumberId);
		await runNode({ resource: 'phoneNumber', operation: 'requestVerificationCode', phoneNumberId: byId(phoneNumberId), codeMethod: 'SMS', language: 'en_US' });
		const code = sandbox.control.verificationCode(phoneNumberId);
		expect(code).toMatch(/^\d{6}$/);
		const [verified] = await runNode({ resource: 'phoneNumber', operation: 'verifyCode', phoneNumberId: byId(phoneNumberId), code });
		expect(JSON.stringify(verified.json)).not.toContain(String(code));
		await runNode({ resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: byId(phoneNumberId), pin: '654321' });
		const [identity] = await runNode({ resource: 'settings', operation: 'setIdentityCheck', phoneNumberId: byId(phoneNumberId), enabled: true });
		const [number] = await runNode({ resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'displayNumber', displayPhoneNumber: '+1 555 010 0777' });

		// Whether Meta reports the flag back is an open question (docs/meta-api.md §7.2); the sandbox does not.
		expect(identity.json).toMatchObject({ success: true, phoneNumberId, enabled: true });
		expect(number.json).toMatchObject({ id: phoneNumberId, status: 'CONNECTED', found: true });
	});

	it('sets the phone-number override on activation (answering the challenge), then reports the identity hash and a 137000 mismatch', async () => {
		active = await activateWebhookTrigger({ node: 'whatsAppNumbersTrigger', parameters: overrideParameters(), credentials });
		expect(active.calls).toEqual([
			{ webhook: 'default', method: 'checkExists', result: false },
			{ webhook: 'default', method: 'create', result: true },
		]);
		expect(await checkExists(overrideParameters())).toBe(true);
		await runNode({ resource: 'settings', operation: 'setIdentityCheck', phoneNumberId: byId(sandbox.phoneNumberId), enabled: true });

		const message = { resource: 'message', operation: 'sendMessage', phoneNumberId: byId(sandbox.phoneNumberId), to: `+${CUSTOMER}`, messageType: 'text', text: 'Hello' };
		await runNode(message);
		const observed = await waitForEvent('identityHashObserved', (json) => json.waId === CUSTOMER);
		const storedHash = String(observed.identityKeyHash);

		sandbox.control.rotateIdentity(CUSTOMER);
		const [sent] = await runNode({ ...message, recipientIdentityKeyHash: storedHash });
		expect(sent.json).toMatchObject({ identityHashChecked: true, recipientIdentityKeyHash: storedHash });
		const mismatch = await waitForEvent('identityMismatch', (json) => json.messageId === sent.json.messageId);

		expect(mismatch).toMatchObject({ phoneNumberId: sandbox.phoneNumberId, recipientId: CUSTOMER, error: { code: 137000 }, field: 'messages' });
		expect((mismatch.change as IDataObject).field).toBe('messages');
	});

	it('refuses a forged webhook with 403 and starts nothing', async () => {
		// A well-formed delivery that would start the workflow if its signature were accepted.
		const forgedWaId = '19999999999';
		const body = JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: sandbox.wabaId,
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550100001', phone_number_id: sandbox.phoneNumberId },
								contacts: [{ wa_id: forgedWaId, identity_key_hash: 'Zm9yZ2VkaGFzaA==', profile: { name: 'Mallory' } }],
								messages: [{ from: forgedWaId, id: 'wamid.forged', timestamp: '1767225600', type: 'text', text: { body: 'hi' } }],
							},
						},
					],
				},
			],
		});
		const status = await new Promise<number>((resolve, reject) => {
			const request = https.request(WEBHOOK_URL, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			request.on('error', reject);
			request.end(body);
		});

		expect(status).toBe(403);
		expect(executions.flat().filter((item) => item.json.waId === forgedWaId)).toEqual([]);
	});

	it('removes the override on deactivation', async () => {
		await active?.deactivate();
		expect(active?.calls.at(-1)).toEqual({ webhook: 'default', method: 'delete', result: true });
		active = undefined;
		expect(await checkExists(overrideParameters())).toBe(false);
	});

	it('manages the app subscription (with the app token) and receives an inbound message there', async () => {
		expect(await checkExists(appParameters)).toBe(false);
		active = await activateWebhookTrigger({ node: 'whatsAppNumbersTrigger', parameters: appParameters, credentials });
		expect(active.calls.map((call) => [call.method, call.result])).toEqual([
			['checkExists', false],
			['create', true],
		]);
		expect(await checkExists(appParameters)).toBe(true);

		sandbox.control.inbound({ phoneNumberId: sandbox.phoneNumberId, from: CUSTOMER, text: 'Is my order on its way?' });
		const inbound = await waitForEvent('inboundMessage', (json) => json.text === 'Is my order on its way?');
		expect(inbound).toMatchObject({ from: CUSTOMER, messageType: 'text', phoneNumberId: sandbox.phoneNumberId });

		await active.deactivate();
		active = undefined;
		expect(await checkExists(appParameters)).toBe(false);
	});

	it('polls status changes', async () => {
		const trigger = await activatePollingTrigger({
			node: 'whatsAppNumbersStatusTrigger',
			parameters: { watchedFields: ['qualityRating', 'status'], phoneNumberIds: sandbox.phoneNumberId },
			credentials: { whatsAppNumbersApi: credentials.whatsAppNumbersApi },
		});
		try {
			expect(trigger.emitted).toEqual([]);
			sandbox.control.setNumberStatus(sandbox.phoneNumberId, { qualityRating: 'YELLOW' });

			await trigger.poll();

			expect(trigger.errors).toEqual([]);
			expect(trigger.emitted.map((run) => run[0].map((item) => item.json.changes))).toEqual([[[{ field: 'qualityRating', from: 'GREEN', to: 'YELLOW' }]]]);
		} finally {
			await trigger.deactivate();
		}
	});
});
