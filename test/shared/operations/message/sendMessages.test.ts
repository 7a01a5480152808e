import nock from 'nock';
import { GraphClient } from '../../../../shared/client';
import { WhatsAppError } from '../../../../shared/errors';
import { nodeTransport } from '../../../../shared/node/runtime';
import { runOperation } from '../../../../shared/run';
import { sendMessages } from '../../../../shared/operations/message/sendMessages';

const BASE = 'https://graph.facebook.com';
const TOKEN = 'EAAGsendMessagesToken0123456789abcd';
const SENDER = '106540352242922';

function setup() {
	const sleeps: number[] = [];
	let clock = 0;
	const client = new GraphClient(
		{ accessToken: TOKEN },
		{
			transport: nodeTransport,
			now: () => clock,
			random: () => 0,
			sleep: async (ms) => {
				sleeps.push(ms);
				clock += ms;
			},
		},
	);
	return { client, sleeps };
}

const accepted = (to: string, id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.slice(1) }], messages: [{ id }] });

describe('sendMessages operation', () => {
	it('is declared with the messages list and the pacing options', () => {
		expect(sendMessages.id).toBe('sendMessages');
		expect(sendMessages.fields.map((field) => [field.key, field.type, field.required, field.default])).toEqual([
			['messages', 'json', true, undefined],
			['phoneNumberId', 'string', false, undefined],
			['ratePerSecond', 'number', false, 80],
			['concurrency', 'number', false, 200],
			['recipientSpacingMs', 'number', false, 6000],
			['sendOnlyIfAllValid', 'boolean', false, false],
			['templateCheck', 'boolean', false, true],
		]);
	});

	it('sends each valid item exactly as a single send would and returns one result per item, in order', async () => {
		const { client, sleeps } = setup();
		const scope = nock(BASE)
			// Each sender's throughput, read once per run: where its pace starts.
			.get(`/v25.0/${SENDER}`)
			.query({ fields: 'id,throughput,is_on_biz_app' })
			.reply(200, { id: SENDER, throughput: { level: 'STANDARD' }, is_on_biz_app: false })
			.get('/v25.0/106540352242999')
			.query({ fields: 'id,throughput,is_on_biz_app' })
			.reply(200, { id: '106540352242999', throughput: { level: 'STANDARD' }, is_on_biz_app: false })
			.post(`/v25.0/${SENDER}/messages`, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				recipient_identity_key_hash: 'DF2lS5v2W6x=',
				type: 'template',
				template: { name: 'order_ready', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-17' }] }] },
			})
			.reply(200, accepted('+16505551234', 'wamid.ONE'))
			.post('/v25.0/106540352242999/messages', {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+447700900123',
				type: 'image',
				image: { link: 'https://example.com/a.jpg', caption: 'Hi' },
			})
			.reply(200, accepted('+447700900123', 'wamid.TWO'));
		const output = await runOperation(sendMessages, client, {
			phoneNumberId: SENDER,
			messages: JSON.stringify([
				{ to: '+1 650 555 1234', message_type: 'template', template_name: 'order_ready', template_language: 'en_US', template_parameters: ['A-17'], recipient_identity_key_hash: 'DF2lS5v2W6x=', template_check: false },
				{ to: '+1 650 555 1234', messageType: 'text' },
				{ phoneNumberId: '106540352242999', to: '+44 7700 900123', messageType: 'image', mediaUrl: 'https://example.com/a.jpg', caption: 'Hi' },
			]),
		});
		expect(scope.isDone()).toBe(true);
		expect(sleeps).toEqual([]);
		expect(output).toEqual({
			total: 3,
			sent: 2,
			failed: 1,
			invalid: 1,
			results: [
				{
					index: 0,
					ok: true,
					output: {
						messageId: 'wamid.ONE',
						waId: '16505551234',
						input: '+16505551234',
						messageStatus: null,
						identityHashChecked: true,
						recipientIdentityKeyHash: 'DF2lS5v2W6x=',
						sentTo: 'phone_number',
						userId: null,
						phoneNumberId: SENDER,
						to: '+16505551234',
						uploadedMediaId: null,
						sentVia: 'messages',
					},
				},
				{
					index: 1,
					ok: false,
					error: {
						message: "Text: is required. The message text (up to 4096 characters; above reply buttons, a link button or a location request, up to 1024). WhatsApp formatting such as *bold* works.",
						category: 'invalid_input',
						nextStep: 'The message text (up to 4096 characters; above reply buttons, a link button or a location request, up to 1024). WhatsApp formatting such as *bold* works.',
						retry: { action: 'fix_and_retry' },
						field: 'Text',
						operation: 'sendMessage',
					},
				},
				{
					index: 2,
					ok: true,
					output: {
						messageId: 'wamid.TWO',
						waId: '447700900123',
						input: '+447700900123',
						messageStatus: null,
						identityHashChecked: false,
						recipientIdentityKeyHash: null,
						sentTo: 'phone_number',
						userId: null,
						phoneNumberId: '106540352242999',
						to: '+447700900123',
						uploadedMediaId: null,
						sentVia: 'messages',
					},
				},
			],
		});
	});

	it.each([
		{ number: 'a coexistence number', meta: { throughput: { level: 'STANDARD' }, is_on_biz_app: true }, minMs: 2_500, maxMs: 3_100 },
		{ number: 'a standard number', meta: { throughput: { level: 'STANDARD' }, is_on_biz_app: false }, minMs: 0, maxMs: 800 },
	])('paces $number at its own throughput whatever the rate field says (60 messages at rate 80)', async ({ meta, minMs, maxMs }) => {
		const { client, sleeps } = setup();
		let sends = 0;
		const scope = nock(BASE)
			.get(`/v25.0/${SENDER}`)
			.query({ fields: 'id,throughput,is_on_biz_app' })
			.reply(200, { id: SENDER, ...meta })
			.post(`/v25.0/${SENDER}/messages`)
			.times(60)
			.reply(200, (_uri, body) => {
				sends++;
				const to = (body as { to: string }).to;
				return accepted(to, `wamid.${sends}`);
			});
		const messages = Array.from({ length: 60 }, (_, index) => ({ to: `+1650555${String(1000 + index)}`, text: `Hi ${index}` }));
		const output = await runOperation(sendMessages, client, { phoneNumberId: SENDER, ratePerSecond: 80, messages: JSON.stringify(messages) });
		expect(scope.isDone()).toBe(true);
		expect(output).toMatchObject({ total: 60, sent: 60, failed: 0 });
		// Time here is the injected clock: the batch waits only through `sleep`.
		const waited = sleeps.reduce((sum, ms) => sum + ms, 0);
		expect(waited).toBeGreaterThanOrEqual(minMs);
		expect(waited).toBeLessThanOrEqual(maxMs);
	});

	it('shows in its sample the error a real invalid item produces', async () => {
		const { client } = setup();
		const output = await runOperation<{ results: unknown[] }>(sendMessages, client, { phoneNumberId: SENDER, messages: [{ to: '12', text: 'Hi' }] });
		expect(output.results[0]).toEqual({ ...sendMessages.sample.results[1], index: 0 });
	});

	it('reports an item without any sender as invalid', async () => {
		const { client } = setup();
		const output = await runOperation<{ results: Array<{ ok: boolean; error?: { field?: string } }> }>(sendMessages, client, { messages: [{ to: '+16505551234', text: 'Hi' }] });
		expect(output.results).toEqual([expect.objectContaining({ index: 0, ok: false, error: expect.objectContaining({ field: 'Phone Number', message: expect.stringMatching(/^Phone Number: is required/) }) })]);
	});

	it.each([
		[{ messages: '{"to": "+16505551234"}' }, 'Messages', /is not a list/],
		[{ messages: '[{"to": ' }, 'Messages', /is not valid JSON/],
		[{ messages: [{ to: '+16505551234' }], ratePerSecond: 1001 }, 'Rate Limit (Messages per Second)', /above the maximum/],
		[{ messages: [{ to: '+16505551234' }], concurrency: 0 }, 'Concurrency', /below the minimum/],
		[{ messages: [{ to: '+16505551234' }], recipientSpacingMs: 'soon' }, 'Recipient Spacing (ms)', /is not a number/],
	])('rejects wrong batch input before sending: %j', async (input, field, message) => {
		const { client } = setup();
		const error = await runOperation(sendMessages, client, input).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(WhatsAppError);
		expect(error).toMatchObject({ category: 'invalid_input', field, operation: 'sendMessages' });
		expect((error as WhatsAppError).message).toMatch(message);
	});
});
