/**
 * Message resource: several items go to Meta through the core's batch send, each result returns to
 * its own item, and a refused message (identity mismatch, throttling) is reported on that item only.
 */
import nock from 'nock';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WhatsAppNumbers } from '../../../../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { ACCESS_TOKEN, byId, executeContext, ExecuteOptions, GRAPH, metaError, PHONE_ID } from '../../../support/n8nContext';

const PATH = `/v25.0/${PHONE_ID}/messages`;
const HASH_A = 'DF2lS5v2W6x=';
const HASH_B = 'Zm9vYmFyMTIz';
const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' } });

const accepted = (to: string, waId: string, id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId }], messages: [{ id }] });

const textBody = (to: string, text: string, hash?: string) => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to,
	type: 'text',
	...(hash ? { recipient_identity_key_hash: hash } : {}),
	text: { preview_url: false, body: text },
});

const rows = [
	{ to: '+1 631 555 0001', text: 'Your order shipped', hash: HASH_A },
	{ to: '+1 631 555 0002', text: 'Your order shipped', hash: HASH_B },
	{ to: '+1 631 555 0003', text: 'Your order shipped', hash: '' },
];

const sendParameters = (itemIndex: number, extra: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation: 'sendMessage',
	phoneNumberId: byId(PHONE_ID),
	to: rows[itemIndex].to,
	messageType: 'text',
	text: rows[itemIndex].text,
	recipientIdentityKeyHash: rows[itemIndex].hash,
	...extra,
});

async function run(options: ExecuteOptions) {
	const context = executeContext(options);
	return (await new WhatsAppNumbers().execute.call(context as unknown as IExecuteFunctions))[0];
}

async function failure(options: ExecuteOptions): Promise<Error> {
	const context = executeContext(options);
	return await new WhatsAppNumbers().execute.call(context as unknown as IExecuteFunctions).then(
		() => {
			throw new Error('expected the node to fail');
		},
		(error: Error) => error,
	);
}

const items = rows.map((_, index) => ({ json: { row: index } }));

describe('Message → Send Message with several items', () => {
	it('sends every item, maps each result to its item and reports a mismatch on that item only', async () => {
		const scope = api()
			.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
			.reply(200, accepted('+16315550001', '16315550001', 'wamid.A'))
			.post(PATH, textBody('+16315550002', 'Your order shipped', HASH_B))
			.reply(400, metaError(137000, 'Identity key hash mismatch'))
			.post(PATH, textBody('+16315550003', 'Your order shipped'))
			.reply(200, accepted('+16315550003', '16315550003', 'wamid.C'));

		const output = await run({ parameters: (itemIndex) => sendParameters(itemIndex), items, continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(3);
		expect(output[0]).toEqual({
			json: {
				messageId: 'wamid.A',
				waId: '16315550001',
				input: '+16315550001',
				messageStatus: null,
				identityHashChecked: true,
				recipientIdentityKeyHash: HASH_A,
				sentTo: 'phone_number',
				userId: null,
				phoneNumberId: PHONE_ID,
				to: '+16315550001',
				uploadedMediaId: null,
				sentVia: 'messages',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[1].json).toMatchObject({ errorCode: 137000, errorCategory: 'identity', identityMismatch: true, retryAction: 'do_not_retry', httpStatus: 400, operation: 'sendMessage' });
		expect(String(output[1].json.nextStep)).toMatch(/Re-verify the person/);
		expect(output[2]).toEqual({
			json: {
				messageId: 'wamid.C',
				waId: '16315550003',
				input: '+16315550003',
				messageStatus: null,
				identityHashChecked: false,
				recipientIdentityKeyHash: null,
				sentTo: 'phone_number',
				userId: null,
				phoneNumberId: PHONE_ID,
				to: '+16315550003',
				uploadedMediaId: null,
				sentVia: 'messages',
			},
			pairedItem: { item: 2 },
		});
	});

	it('keeps an invalid row on its own item and still sends the others (continue on fail)', async () => {
		const scope = api()
			.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
			.reply(200, accepted('+16315550001', '16315550001', 'wamid.A'))
			.post(PATH, textBody('+16315550003', 'Your order shipped'))
			.reply(200, accepted('+16315550003', '16315550003', 'wamid.C'));

		const output = await run({ parameters: (itemIndex) => (itemIndex === 1 ? sendParameters(1, { to: '12' }) : sendParameters(itemIndex)), items, continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.messageId).toBe('wamid.A');
		expect(output[1].json).toMatchObject({ errorCategory: 'invalid_input', field: 'To', errorCode: null, identityMismatch: false });
		expect(String(output[1].json.error)).toMatch(/^To: /);
		expect(output[2].json.messageId).toBe('wamid.C');
	});

	it('without continue on fail, a bad row stops the run before anything is sent', async () => {
		const error = await failure({ parameters: (itemIndex) => (itemIndex === 1 ? sendParameters(1, { to: '12' }) : sendParameters(itemIndex)), items });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(error.message).toMatch(/^To: /);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('without continue on fail, a refused message fails on its item and says which were already accepted', async () => {
		api()
			.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
			.reply(200, accepted('+16315550001', '16315550001', 'wamid.A'))
			.post(PATH, textBody('+16315550002', 'Your order shipped', HASH_B))
			.reply(400, metaError(137000, 'Identity key hash mismatch'))
			.post(PATH, textBody('+16315550003', 'Your order shipped'))
			.reply(200, accepted('+16315550003', '16315550003', 'wamid.C'));

		const error = await failure({ parameters: (itemIndex) => sendParameters(itemIndex), items });

		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.context.itemIndex).toBe(1);
		expect(apiError.httpCode).toBe('400');
		expect(apiError.message).toMatch(/identity changed/);
		expect(apiError.description).toContain('Meta error code 137000');
		expect(apiError.description).toContain('Meta already accepted 2 other message(s) of this run (items 0, 2); do not send those again.');
	});

	it('reports a per-recipient throttle (131056) on its item so the workflow can branch', async () => {
		api()
			.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
			.once()
			.reply(400, metaError(131056, '(Business Account, Consumer Account) pair rate limit hit'));

		const output = await run({ parameters: () => sendParameters(0), continueOnFail: true });

		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({ errorCode: 131056, errorCategory: 'throttling' });
	});

	it('checks the Rate Limit option before sending anything', async () => {
		const error = await failure({ parameters: () => sendParameters(0, { options: { ratePerSecond: 5000 } }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Rate Limit (Messages per Second): 5000 is above the maximum. Enter at most 1000.');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('sends a template with its parameters, one per line, and the tracking data from Options', async () => {
		const scope = api()
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16315550001',
				type: 'template',
				biz_opaque_callback_data: 'spring-campaign',
				template: {
					name: 'order_confirmation',
					language: { code: 'en_US' },
					components: [{ type: 'body', parameters: [{ type: 'text', text: 'Jasper' }, { type: 'text', text: '12345' }] }],
				},
			})
			.reply(200, accepted('+16315550001', '16315550001', 'wamid.T'));

		const output = await run({
			parameters: {
				resource: 'message',
				operation: 'sendMessage',
				phoneNumberId: byId(PHONE_ID),
				to: '+1 631 555 0001',
				messageType: 'template',
				templateName: 'order_confirmation',
				templateLanguage: 'en_US',
				templateParameters: 'Jasper\n12345',
				templateHeaderType: 'none',
				options: { bizOpaqueCallbackData: 'spring-campaign', ratePerSecond: 10 },
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					messageId: 'wamid.T',
					waId: '16315550001',
					input: '+16315550001',
					messageStatus: null,
					identityHashChecked: false,
					recipientIdentityKeyHash: null,
					sentTo: 'phone_number',
					userId: null,
					phoneNumberId: PHONE_ID,
					to: '+16315550001',
					uploadedMediaId: null,
					sentVia: 'messages',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Message → Send Messages (JSON list)', () => {
	it('sends the list in one item and outputs the summary with one result per message', async () => {
		const scope = api()
			.post(PATH, textBody('+16315550001', 'Hi'))
			.reply(200, accepted('+16315550001', '16315550001', 'wamid.1'));

		const output = await run({
			parameters: {
				resource: 'message',
				operation: 'sendMessages',
				messages: JSON.stringify([{ to: '+16315550001', messageType: 'text', text: 'Hi' }, { to: '12', text: 'Hi' }]),
				phoneNumberId: byId(PHONE_ID),
				ratePerSecond: 80,
				options: {},
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({ total: 2, sent: 1, failed: 1, invalid: 1 });
		expect((output[0].json.results as Array<{ ok: boolean }>).map((result) => result.ok)).toEqual([true, false]);
	});
});
