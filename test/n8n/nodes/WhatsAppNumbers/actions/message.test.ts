/**
 * Message resource as n8n runs it: several items go to Meta through the core's batch send (each
 * item's fields resolved by n8n from its own data), each result returns to its own item, and a
 * refused message (identity mismatch, throttling) is reported on that item only.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { executeNode, failureOf, outputOf, recordRequests, type ExecuteSetup } from '../../../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID } from '../../../support/fixtures';

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

/** The input items: one row per message, as a spreadsheet or an earlier node would hand them over. */
const rows = [
	{ to: '+1 631 555 0001', text: 'Your order shipped', hash: HASH_A },
	{ to: '+1 631 555 0002', text: 'Your order shipped', hash: HASH_B },
	{ to: '+1 631 555 0003', text: 'Your order shipped', hash: '' },
];
const items = (list: Array<Record<string, string>> = rows) => list.map((json) => ({ json }));

/** Send Message with each item's fields mapped by expressions, as a user maps columns. */
const sendParameters = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendMessage',
	phoneNumberId: byId(PHONE_ID),
	to: '={{ $json.to }}',
	messageType: 'text',
	text: '={{ $json.text }}',
	recipientIdentityKeyHash: '={{ $json.hash }}',
	...extra,
});

/** Version 1 of the node unless said otherwise (Send Message as existing workflows have it), the rows as input. */
const setup = (parameters: INodeParameters, extra: Partial<ExecuteSetup> = {}): ExecuteSetup => ({
	node: 'whatsAppNumbers',
	typeVersion: 1,
	parameters,
	items: items(),
	credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
	...extra,
});
const run = async (parameters: INodeParameters, extra?: Partial<ExecuteSetup>) => await outputOf(setup(parameters, extra));
const failure = async (parameters: INodeParameters, extra?: Partial<ExecuteSetup>) => await failureOf(setup(parameters, extra));

/** Meta accepts the messages of rows 0 and 2 and refuses row 1's: the identity behind its hash changed. */
const secondRefused = () =>
	api()
		.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
		.reply(200, accepted('+16315550001', '16315550001', 'wamid.A'))
		.post(PATH, textBody('+16315550002', 'Your order shipped', HASH_B))
		.reply(400, metaError(137000, 'Identity key hash mismatch'))
		.post(PATH, textBody('+16315550003', 'Your order shipped'))
		.reply(200, accepted('+16315550003', '16315550003', 'wamid.C'));

/** The rows with a phone number on the second that is too short to be one. */
const badSecondRow = () => items(rows.map((row, index) => (index === 1 ? { ...row, to: '12' } : row)));

describe('Message → Send Message with several items', () => {
	it('sends every item, maps each result to its item and reports a mismatch on that item only', async () => {
		const scope = secondRefused();

		const output = await run(sendParameters(), { continueOnFail: true });

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

	it('with "Continue (using error output)" puts each failed item on the error output with its error fields, the sent ones on the success output', async () => {
		secondRefused();

		const run = await executeNode(setup(sendParameters(), { onError: 'continueErrorOutput' }));

		expect(run.error).toBeUndefined();
		expect(run.outputs).toHaveLength(2);
		expect(run.outputs[0].map((item) => [item.pairedItem, item.json.messageId])).toEqual([
			[{ item: 0 }, 'wamid.A'],
			[{ item: 2 }, 'wamid.C'],
		]);
		expect(run.outputs[1]).toHaveLength(1);
		expect(run.outputs[1][0]).toEqual({
			json: {
				message: expect.stringMatching(/identity changed/),
				error: expect.objectContaining({ error: expect.stringMatching(/identity changed/), errorCode: 137000, errorCategory: 'identity', identityMismatch: true, retryAction: 'do_not_retry', httpStatus: 400 }),
			},
			pairedItem: { item: 1 },
		});
	});

	it('keeps an invalid row on its own item and still sends the others (continue on fail)', async () => {
		const scope = api()
			.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
			.reply(200, accepted('+16315550001', '16315550001', 'wamid.A'))
			.post(PATH, textBody('+16315550003', 'Your order shipped'))
			.reply(200, accepted('+16315550003', '16315550003', 'wamid.C'));

		const output = await run(sendParameters(), { items: badSecondRow(), continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.messageId).toBe('wamid.A');
		expect(output[1].json).toMatchObject({ errorCategory: 'invalid_input', field: 'To', errorCode: null, identityMismatch: false });
		expect(String(output[1].json.error)).toMatch(/^To: /);
		expect(output[2].json.messageId).toBe('wamid.C');
	});

	it('without continue on fail, a bad row stops the run before anything is sent', async () => {
		const log = recordRequests(api().post(PATH).times(3).reply(200, accepted('+16315550001', '16315550001', 'wamid.X')));

		const error = await failure(sendParameters(), { items: badSecondRow() });
		log.stop();

		expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 1 } });
		expect(error.message).toMatch(/^To: /);
		expect([log.sent, log.unmatched]).toEqual([[], []]);
	});

	it('without continue on fail, a refused message fails on its item and says which were already accepted', async () => {
		secondRefused();

		const error = await failure(sendParameters());

		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '400', context: { itemIndex: 1 }, errorResponse: { code: 137000, category: 'identity' } });
		expect(error.message).toMatch(/identity changed/);
		expect(error.description).toContain('Meta error code 137000');
		expect(error.description).toContain('Meta already accepted 2 other message(s) of this run (items 0, 2); do not send those again.');
	});

	it('reports a per-recipient throttle (131056) on its item so the workflow can branch', async () => {
		api()
			.post(PATH, textBody('+16315550001', 'Your order shipped', HASH_A))
			.once()
			.reply(400, metaError(131056, '(Business Account, Consumer Account) pair rate limit hit'));

		const output = await run(sendParameters(), { items: items([rows[0]]), continueOnFail: true });

		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({ errorCode: 131056, errorCategory: 'throttling' });
	});

	it('checks the Rate Limit option before sending anything', async () => {
		const scope = api().post(PATH).reply(200, accepted('+16315550001', '16315550001', 'wamid.X'));

		const error = await failure(sendParameters({ options: { ratePerSecond: 5000 } }), { items: items([rows[0]]) });

		expect(error).toMatchObject({ name: 'NodeOperationError', message: 'Rate Limit (Messages per Second): 5000 is above the maximum. Enter at most 1000.' });
		expect(scope.isDone()).toBe(false);
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

		const output = await run(
			{
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
			{ items: items([rows[0]]) },
		);

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

		const output = await run(
			{
				resource: 'message',
				operation: 'sendMessages',
				messages: JSON.stringify([{ to: '+16315550001', messageType: 'text', text: 'Hi' }, { to: '12', text: 'Hi' }]),
				phoneNumberId: byId(PHONE_ID),
				ratePerSecond: 80,
				options: {},
			},
			{ items: [{ json: {} }] },
		);

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({ total: 2, sent: 1, failed: 1, invalid: 1 });
		expect((output[0].json.results as Array<{ ok: boolean }>).map((result) => result.ok)).toEqual([true, false]);
	});
});
