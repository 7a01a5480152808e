/**
 * Send Message over many items in node version 3, run by n8n-core's WorkflowExecute: items are read
 * while earlier ones are sent, each result goes back to its own item in input order, the credential
 * is read once per run (n8n gets it back with each request instead of decrypting it again), the
 * number's throughput is read once, a failure without "On Error: Continue" stops the run and says
 * exactly what Meta accepted and what was never read, and the totals show as a hint and, as an
 * option, a summary item.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { executeNode, failureOf, recordRequests, type ExecuteSetup } from '../support/engine';
import { HarnessCredentialsHelper } from '../support/engine/credentialsHelper';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID } from '../support/fixtures';
import { itemRanges } from '../../../nodes/WhatsAppNumbers/actions/summary';
import * as batchRunner from '../../../shared/messaging/batch';

// The core's batch runner, unchanged, watched for the settings the node gives it.
jest.mock('../../../shared/messaging/batch', () => {
	const actual = jest.requireActual<typeof import('../../../shared/messaging/batch')>('../../../shared/messaging/batch');
	return { ...actual, runBatch: jest.fn(actual.runBatch) };
});

const PATH = `/v25.0/${PHONE_ID}/messages`;
const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });
const recipient = (n: number) => `+1631555${String(n).padStart(4, '0')}`;
const accepted = (to: string, id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.slice(1) }], messages: [{ id }] });
const body = (to: string, text: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body: text } });

/** Meta's answer to the one read of the number's throughput per run. */
const numberRead = (level = 'STANDARD') =>
	api().get(`/v25.0/${PHONE_ID}`).query({ fields: 'id,throughput,is_on_biz_app' }).once().reply(200, { id: PHONE_ID, throughput: { level }, is_on_biz_app: false });

const rows = (count: number, change: (index: number) => Record<string, string> = () => ({})) =>
	Array.from({ length: count }, (_, index) => ({ json: { to: recipient(index), text: `Hello ${index}`, ...change(index) } }));

const parameters = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendMessage',
	phoneNumberId: byId(PHONE_ID),
	to: '={{ $json.to }}',
	messageType: 'text',
	text: '={{ $json.text }}',
	options,
});

const setup = (extra: Partial<ExecuteSetup>): ExecuteSetup => ({
	node: 'whatsAppNumbers',
	typeVersion: 3,
	parameters: parameters(),
	credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
	...extra,
});

afterEach(() => {
	jest.restoreAllMocks();
});

describe('Send Message, version 3: many items', () => {
	it('returns each result on its own item in input order although Meta answers out of order, reading the credential and the number once per run', async () => {
		const decrypted = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		const read = numberRead();
		const sends = [0, 1, 2, 3, 4, 5].map((n) =>
			api()
				.post(PATH, body(recipient(n), `Hello ${n}`))
				// Later items answer sooner.
				.delay(300 - n * 50)
				.reply(n === 2 ? 400 : 200, n === 2 ? metaError(131026, 'Message undeliverable') : accepted(recipient(n), `wamid.${n}`)),
		);

		const run = await executeNode(setup({ items: rows(6), continueOnFail: true }));

		expect(run.error).toBeUndefined();
		read.done();
		sends.forEach((scope) => scope.done());
		expect(run.items.map((item) => [item.pairedItem, item.json.messageId ?? item.json.errorCode])).toEqual([
			[{ item: 0 }, 'wamid.0'],
			[{ item: 1 }, 'wamid.1'],
			[{ item: 2 }, 131026],
			[{ item: 3 }, 'wamid.3'],
			[{ item: 4 }, 'wamid.4'],
			[{ item: 5 }, 'wamid.5'],
		]);
		// Once by the node (getCredentials); n8n's request helper gets it back with each of the 7 requests.
		expect(decrypted).toHaveBeenCalledTimes(1);
	});

	it('without "On Error: Continue", an invalid item stops the run: the messages before it are sent, none after it is read, and the error says which Meta accepted', async () => {
		numberRead();
		const log = recordRequests(api().post(PATH).times(8).reply(200, (_uri, sent) => accepted((sent as { to: string }).to, `wamid.${(sent as { to: string }).to}`)));

		const error = await failureOf(setup({ items: rows(8, (index): Record<string, string> => (index === 3 ? { to: '12' } : {})) }));
		log.stop();

		expect(log.sent.filter((request) => request.method === 'POST').map((request) => (JSON.parse(request.body) as { to: string }).to)).toEqual([recipient(0), recipient(1), recipient(2)]);
		expect(log.unmatched).toEqual([]);
		expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 3 } });
		expect(error.message).toMatch(/^To: /);
		expect(error.description).toContain('Meta already accepted 3 other message(s) of this run (items 0–2); do not send those again.');
		expect(error.description).toContain('The run stopped at this failure: items 4–7 were not read nor sent.');
	});

	it('without "On Error: Continue", a refused message stops the run and names exactly the messages Meta accepted and those never read', async () => {
		numberRead();
		const refused = api().post(PATH, body(recipient(1), 'Hello 1')).reply(400, metaError(131026, 'Message undeliverable'));
		const log = recordRequests(
			api()
				.post(PATH)
				.times(5)
				.reply(200, (_uri, sent) => accepted((sent as { to: string }).to, `wamid.${(sent as { to: string }).to}`)),
		);

		const error = await failureOf(setup({ items: rows(6) }));
		log.stop();

		refused.done();
		expect(error).toMatchObject({ name: 'NodeApiError', context: { itemIndex: 1 }, errorResponse: { code: 131026 } });
		// Items read before the refusal came back still went out (none is left in doubt); the note names them.
		const sent = log.sent.map((request) => Number((JSON.parse(request.body) as { to: string }).to.slice(-4))).sort((a, b) => a - b);
		expect(sent[0]).toBe(0);
		expect(error.description).toContain(`Meta already accepted ${sent.length} other message(s) of this run (items ${itemRanges(sent)}); do not send those again.`);
		const notRead = [2, 3, 4, 5].filter((index) => !sent.includes(index));
		if (notRead.length) expect(error.description).toContain(`The run stopped at this failure: items ${itemRanges(notRead)} were not read nor sent.`);
		else expect(error.description).not.toContain('were not read');
		nock.cleanAll();
	});

	it('adds the totals as an execution hint and, with Add Summary Item, as one more item linked to every input; a 130429 is absorbed and counted', async () => {
		numberRead();
		api().post(PATH, body(recipient(0), 'Hello 0')).reply(200, accepted(recipient(0), 'wamid.0'));
		api().post(PATH, body(recipient(1), 'Hello 1')).reply(400, metaError(130429, 'Rate limit hit'));
		api().post(PATH, body(recipient(1), 'Hello 1')).reply(200, accepted(recipient(1), 'wamid.1'));
		api().post(PATH, body(recipient(2), 'Hello 2')).reply(200, accepted(recipient(2), 'wamid.2'));

		const run = await executeNode(setup({ parameters: parameters({ summaryItem: true }), items: rows(3) }));

		expect(run.error).toBeUndefined();
		expect(nock.pendingMocks()).toEqual([]);
		expect(run.items.slice(0, 3).map((item) => [item.pairedItem, item.json.messageId])).toEqual([
			[{ item: 0 }, 'wamid.0'],
			[{ item: 1 }, 'wamid.1'],
			[{ item: 2 }, 'wamid.2'],
		]);
		expect(run.items[3]).toEqual({
			json: {
				summary: {
					total: 3,
					sent: 3,
					failed: 0,
					invalid: 0,
					notSent: 0,
					failedByCategory: {},
					throughputRefusals: 1,
					sentAfterThroughputRefusal: 1,
					senders: [{ phoneNumberId: PHONE_ID, startRate: 80, finalRate: expect.any(Number), lowestRate: 56, maxRate: 80 }],
				},
			},
			pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
		});
		const hints = run.run.data.resultData.runData['WhatsApp Business Numbers']?.[0]?.hints ?? Object.values(run.run.data.resultData.runData)[0]?.[0]?.hints;
		expect(hints).toEqual([
			{
				message: expect.stringMatching(
					new RegExp(
						`^Sent 3 of 3 message\\(s\\)\\. Meta answered 1 time\\(s\\) that a number was sending too fast; the step slowed down and sent those messages again \\(1 went through\\)\\. Number ${PHONE_ID} started at 80/s and ended at [\\d.]+/s \\(lowest 56/s, at most 80/s\\)\\.$`,
					),
				),
				type: 'info',
				location: 'outputPane',
			},
		]);
		expect(JSON.stringify(run.items)).not.toContain(ACCESS_TOKEN);
		expect(JSON.stringify(hints)).not.toContain(ACCESS_TOKEN);
	});

	it('without Add Summary Item, outputs exactly one item per input (as versions 1 and 2)', async () => {
		numberRead('HIGH');
		api()
			.post(PATH)
			.times(2)
			.reply(200, (_uri, sent) => accepted((sent as { to: string }).to, 'wamid.x'));

		const run = await executeNode(setup({ items: rows(2) }));

		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Send Message: sends under way at once (concurrency)', () => {
	/** Runs two items in `typeVersion` and returns the concurrency the core's batch was given. */
	const concurrencyOf = async (typeVersion: number, options: INodeParameters = {}): Promise<number | undefined> => {
		const runBatch = jest.mocked(batchRunner.runBatch);
		runBatch.mockClear();
		numberRead('HIGH');
		api()
			.post(PATH)
			.times(2)
			.reply(200, (_uri, sent) => accepted((sent as { to: string }).to, 'wamid.x'));

		const run = await executeNode(setup({ typeVersion, items: rows(2), parameters: parameters(options) }));

		expect(run.status).toBe('success');
		expect(runBatch).toHaveBeenCalledTimes(1);
		return runBatch.mock.calls[0][3]?.concurrency;
	};

	it('defaults to 400 in version 3, so a busy n8n (answers slower than 200 ms) still reaches 1,000 per second', async () => {
		expect(await concurrencyOf(3)).toBe(400);
	});

	it('keeps the default of 200 in versions 1 and 2', async () => {
		expect(await concurrencyOf(1)).toBe(200);
		expect(await concurrencyOf(2)).toBe(200);
	});

	it('uses the Concurrency option when set, in every version', async () => {
		expect(await concurrencyOf(3, { concurrency: 150 })).toBe(150);
		expect(await concurrencyOf(2, { concurrency: 150 })).toBe(150);
	});
});
