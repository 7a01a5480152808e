/**
 * A parameter that only references a string field of the item (`={{ $json.to }}`) is taken from the
 * item itself, not evaluated by n8n's expression engine (about 1 ms per evaluation on n8n 2.41): the
 * message Meta receives is the one n8n's evaluation would give, and anything else (another
 * expression, a value that is not a string) still goes through n8n.
 */
import nock from 'nock';
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { executeNode, recordRequests } from '../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID } from '../support/fixtures';

const PATH = `/v25.0/${PHONE_ID}/messages`;
const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });
const recipient = (n: number) => `+1631555${String(n).padStart(4, '0')}`;

const numberRead = () => api().get(`/v25.0/${PHONE_ID}`).query({ fields: 'id,throughput,is_on_biz_app' }).once().reply(200, { id: PHONE_ID, throughput: { level: 'STANDARD' }, is_on_biz_app: false });

const parameters = (to: string, text: string): INodeParameters => ({
	resource: 'message',
	operation: 'sendMessage',
	phoneNumberId: byId(PHONE_ID),
	to,
	messageType: 'text',
	text,
	options: {},
});

/** The names of the parameters n8n was asked for, one entry per call (ExecuteContext binds `getNodeParameter` to this per instance). */
function parameterReads(): { names: () => string[] } {
	const prototype = ExecuteContext.prototype as unknown as { _getNodeParameter: (name: string) => unknown };
	const spy = jest.spyOn(prototype, '_getNodeParameter');
	return { names: () => spy.mock.calls.map((call) => String(call[0])) };
}

async function sendAll(to: string, text: string, items: IDataObject[]) {
	numberRead();
	const log = recordRequests(api().post(PATH).times(items.length).reply(200, (_uri, sent) => ({ messaging_product: 'whatsapp', contacts: [{ input: (sent as { to: string }).to }], messages: [{ id: `wamid.${(sent as { to: string }).to}` }] })));
	const reads = parameterReads();
	const run = await executeNode({ node: 'whatsAppNumbers', typeVersion: 3, parameters: parameters(to, text), credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS }, items: items.map((json) => ({ json })), continueOnFail: true });
	log.stop();
	const bodies = log.sent.filter((request) => request.method === 'POST').map((request) => JSON.parse(request.body) as { to: string; text: { body: string } });
	return { run, bodies, reads: reads.names() };
}

afterEach(() => {
	jest.restoreAllMocks();
	nock.cleanAll();
});

describe('Send Message: parameters that reference a field of the item', () => {
	it('takes nested and bracketed string fields from the item, without asking n8n per item', async () => {
		const items = [0, 1, 2].map((n) => ({ contact: { phone: recipient(n) }, 'first line': `Hello ${n}` }));

		const { run, bodies, reads } = await sendAll('={{ $json.contact.phone }}', '={{ $json["first line"] }}', items);

		expect(run.error).toBeUndefined();
		expect(bodies.map((body) => [body.to, body.text.body])).toEqual([
			[recipient(0), 'Hello 0'],
			[recipient(1), 'Hello 1'],
			[recipient(2), 'Hello 2'],
		]);
		expect(run.items.map((item) => item.json.messageId)).toEqual([0, 1, 2].map((n) => `wamid.${recipient(n)}`));
		expect(reads.filter((name) => name === 'to' || name === 'text')).toEqual([]);
	});

	it('leaves other expressions and values that are not strings to n8n, item by item', async () => {
		const items = [
			{ to: recipient(0), text: 'hello 0' },
			{ to: Number(recipient(1).slice(1)), text: 'hello 1' },
		];

		const { run, bodies, reads } = await sendAll('={{ $json.to }}', '={{ $json.text.toUpperCase() }}', items);

		expect(run.error).toBeUndefined();
		expect(bodies.map((body) => [body.to, body.text.body])).toEqual([
			[recipient(0), 'HELLO 0'],
			[recipient(1), 'HELLO 1'],
		]);
		// `to` of item 1 is a number: n8n evaluates it; `text` is more than a reference: n8n every time.
		expect(reads.filter((name) => name === 'to')).toEqual(['to']);
		expect(reads.filter((name) => name === 'text')).toEqual(['text', 'text']);
	});
});
