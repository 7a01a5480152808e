/**
 * The nodes against the sandbox (Meta's side, written independently of the core): onboarding a
 * number, the identity check end to end through the trigger (hash seen → identity rotated → 137000
 * mismatch event), a forged webhook, the phone-number override lifecycle and the status poll.
 * The n8n side is the fake contexts; a small loopback server stands in for n8n's webhook endpoint.
 * (The same flows in a real n8n are the e2e suite's job.)
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, IExecuteFunctions, IHookFunctions, INodeExecutionData, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { WhatsAppNumbers } from '../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { WhatsAppNumbersStatusTrigger } from '../../nodes/WhatsAppNumbers/WhatsAppNumbersStatusTrigger.node';
import { WhatsAppNumbersTrigger } from '../../nodes/WhatsAppNumbers/WhatsAppNumbersTrigger.node';
import { type Sandbox, startSandbox } from '../../sandbox';
import { byId, executeContext, hookContext, pollContext, webhookContext } from './support/n8nContext';

const VERIFY_TOKEN = 'sandbox-verify-phrase';
const CUSTOMER = '16315550123';

let sandbox: Sandbox;
let graphCredentials: IDataObject;
let appCredentials: IDataObject;
let receiver: http.Server;
let webhookUrl: string;
const executions: INodeExecutionData[][] = [];
const answers: number[] = [];
const triggerParameters: Record<string, unknown> = { subscriptionMode: 'phoneNumberOverride', phoneNumberId: byId(''), events: ['identityMismatch', 'identityHashObserved'], options: {} };

/** Stands in for n8n's webhook endpoint: hands each request to the trigger's webhook(), like n8n does. */
function startReceiver(): Promise<void> {
	const trigger = new WhatsAppNumbersTrigger();
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const context = webhookContext({
				webhookName: req.method === 'GET' ? 'setup' : 'default',
				query: Object.fromEntries(url.searchParams),
				headers: req.headers as Record<string, string>,
				rawBody: Buffer.concat(chunks),
				parameters: triggerParameters,
				appCredentials,
				graphCredentials,
			});
			trigger.webhook.call(context as unknown as IWebhookFunctions).then(
				(result) => {
					if (result.noWebhookResponse) {
						answers.push(context.response.statusCode ?? 0);
						res.writeHead(context.response.statusCode ?? 500, { 'content-type': 'text/plain' }).end(String(context.response.body));
						return;
					}
					if (result.workflowData) executions.push(result.workflowData[0]);
					answers.push(200);
					res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Workflow was started"}');
				},
				(error: Error) => res.writeHead(500).end(error.message),
			);
		});
	});
	return new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
}

async function runNode(parameters: Record<string, unknown>): Promise<INodeExecutionData[]> {
	const context = executeContext({ parameters, credentials: { whatsAppNumbersApi: graphCredentials } });
	return (await new WhatsAppNumbers().execute.call(context as unknown as IExecuteFunctions))[0];
}

const hook = () => hookContext(triggerParameters, webhookUrl, { whatsAppNumbersApi: graphCredentials, whatsAppNumbersAppApi: appCredentials }) as unknown as IHookFunctions;

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
	graphCredentials = { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, apiVersion: 'v25.0', baseUrl: sandbox.baseUrl };
	appCredentials = { appId: sandbox.appId, appSecret: sandbox.appSecret, verifyToken: VERIFY_TOKEN, apiVersion: 'v25.0', baseUrl: sandbox.baseUrl };
	triggerParameters.phoneNumberId = byId(sandbox.phoneNumberId);
	await startReceiver();
	webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/test-id/webhook`;
});

afterAll(async () => {
	await new Promise((resolve) => receiver.close(resolve));
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

	it('sets the phone-number override (answering the challenge), then reports the identity hash and a 137000 mismatch', async () => {
		expect(await new WhatsAppNumbersTrigger().webhookMethods.default.create.call(hook())).toBe(true);
		expect(await new WhatsAppNumbersTrigger().webhookMethods.default.checkExists.call(hook())).toBe(true);
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
			const request = http.request(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } }, (res) => {
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
		expect(await new WhatsAppNumbersTrigger().webhookMethods.default.delete.call(hook())).toBe(true);
		expect(await new WhatsAppNumbersTrigger().webhookMethods.default.checkExists.call(hook())).toBe(false);
	});

	it('manages the app subscription (with the app token) and receives an inbound message there', async () => {
		triggerParameters.subscriptionMode = 'appSubscription';
		triggerParameters.events = ['inboundMessage'];
		try {
			const methods = new WhatsAppNumbersTrigger().webhookMethods.default;
			expect(await methods.checkExists.call(hook())).toBe(false);
			expect(await methods.create.call(hook())).toBe(true);
			expect(await methods.checkExists.call(hook())).toBe(true);

			sandbox.control.inbound({ phoneNumberId: sandbox.phoneNumberId, from: CUSTOMER, text: 'Is my order on its way?' });
			const inbound = await waitForEvent('inboundMessage', (json) => json.text === 'Is my order on its way?');
			expect(inbound).toMatchObject({ from: CUSTOMER, messageType: 'text', phoneNumberId: sandbox.phoneNumberId });

			expect(await methods.delete.call(hook())).toBe(true);
			expect(await methods.checkExists.call(hook())).toBe(false);
		} finally {
			triggerParameters.subscriptionMode = 'phoneNumberOverride';
			triggerParameters.events = ['identityMismatch', 'identityHashObserved'];
		}
	});

	it('polls status changes', async () => {
		const staticData: IDataObject = {};
		const poll = async () =>
			await new WhatsAppNumbersStatusTrigger().poll.call(
				pollContext({ watchedFields: ['qualityRating', 'status'], phoneNumberIds: sandbox.phoneNumberId }, 'trigger', staticData, { whatsAppNumbersApi: graphCredentials }) as unknown as IPollFunctions,
			);
		expect(await poll()).toBeNull();
		sandbox.control.setNumberStatus(sandbox.phoneNumberId, { qualityRating: 'YELLOW' });

		const result = await poll();

		expect(result?.[0].map((item) => item.json.changes)).toEqual([[{ field: 'qualityRating', from: 'GREEN', to: 'YELLOW' }]]);
	});
});
