/**
 * The instant triggers for messages, statuses and templates, and Find Identity Hash by user ID, run
 * through the real app with createAppTester against a real relay on 127.0.0.1: subscribe, list and
 * search hit its API; perform gets the relay's delivery payload for events parsed from Meta's shapes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { parseWebhook, type WebhookEvent } from '../../shared';
import App from '../../zapier';
import { findIdentityHash, newInboundMessage, newMessageStatus, newTemplateStatus } from '../../zapier/instant';
import { API_KEY, APP_SECRET, startTestRelay, TestRelay } from './support/relay';
import { signature } from './support/events';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zapier = require('zapier-platform-core');
const appTester = zapier.createAppTester(App) as (method: unknown, bundle?: Record<string, unknown>) => Promise<any>;

jest.setTimeout(30_000);

const TARGET = 'https://hooks.zapier.com/hooks/standard/1234/abcdef/';
/** The fixtures' account and number (test/fixtures/webhooks). */
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';
const BSUID = 'US.13491208655302741918';

let relay: TestRelay;
beforeEach(async () => {
	relay = await startTestRelay({}, { deliver: false });
});
afterEach(async () => {
	await relay.stop();
});

const authData = () => ({ access_token: 'EAAGtestTOKEN1234567890abcdefXYZ', waba_id: WABA_ID, relay_url: relay.relay.url, relay_api_key: API_KEY });
const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '..', 'fixtures', 'webhooks', `${name}.json`));

/** Meta's POST of a fixture to the relay (signed), and the events the relay stored from it. */
async function metaSends(name: string | Buffer): Promise<WebhookEvent[]> {
	const body = typeof name === 'string' ? fixture(name) : name;
	const answer = await relay.call('POST', '/meta/webhook', { body: body.toString('utf8'), apiKey: null, headers: { 'x-hub-signature-256': signature(body, APP_SECRET) } });
	expect(answer.status).toBe(200);
	return parseWebhook(body);
}

/** What the relay POSTs to the Zap's hook URL for an event (RelayDeliveryPayload). */
const delivery = (event: WebhookEvent) => ({ id: event.dedupeKey, type: event.type, event, subscription_id: 'sub_0123456789abcdef01234567', sequence: 3, attempt: 1, received_at: '2026-06-28T19:34:49.120Z', delivered_at: '2026-06-28T19:34:49.300Z' });
const eventOf = (name: string, type: string): WebhookEvent => parseWebhook(fixture(name)).find((event) => event.type === type)!;

/** The pointer inside a dehydrated file (`hydrate|||{json}|||hydrate`). */
function pointerOf(file: string): { type: string; method: string; bundle: Record<string, string> } {
	expect(file).toMatch(/^hydrate\|\|\|.*\|\|\|hydrate$/);
	return JSON.parse(file.slice('hydrate|||'.length, -'|||hydrate'.length));
}

async function zapierError(promise: Promise<unknown>): Promise<{ message: string; code: string }> {
	try {
		await promise;
	} catch (error) {
		return JSON.parse((error as Error).message);
	}
	throw new Error('expected the call to fail');
}

describe('New Inbound Message', () => {
	const trigger = newInboundMessage.operation;

	test('subscribes to inbound messages of the chosen number and unsubscribes', async () => {
		const subscribeData = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { phone_number_id: PHONE_NUMBER_ID } });
		expect(subscribeData).toMatchObject({ target_url: TARGET, event_types: ['inboundMessage'], phone_number_id: PHONE_NUMBER_ID, waba_id: null });
		expect(await appTester(trigger.performUnsubscribe, { authData: authData(), subscribeData })).toEqual({ id: subscribeData.id, deleted: true });
		expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([]);
	});

	test('a message from a person who hides their number: the sender is their user ID, with username and name', async () => {
		const event = eventOf('messages-inbound-bsuid-only', 'inboundMessage');
		const items = await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(event) });
		expect(items).toEqual([
			{
				...Object.fromEntries(Object.keys(newInboundMessage.operation.sample).map((key) => [key, null])),
				id: event.dedupeKey,
				message_id: 'wamid.HBgLVVMuMTM0OTEyMDg2NTUzMDI3NDE5MThBQkNERUYA',
				message_type: 'text',
				text: 'Is the blue one back in stock?',
				sender: BSUID,
				user_id: BSUID,
				parent_user_id: 'US.ENT.11815799212886844830',
				username: 'sheena.nelson',
				contact_name: 'Sheena Nelson',
				phone_number_id: PHONE_NUMBER_ID,
				display_phone_number: '15550783881',
				waba_id: WABA_ID,
				occurred_at: '2026-04-01T00:00:00.000Z',
				received_at: '2026-06-28T19:34:49.120Z',
			},
		]);
		expect(Object.keys(items[0]).sort()).toEqual(Object.keys(newInboundMessage.operation.sample).sort());
	});

	test('an image and a button reply in context', async () => {
		const [image] = await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(eventOf('messages-inbound-image', 'inboundMessage')) });
		expect(image).toMatchObject({
			message_type: 'image',
			sender: '16315551181',
			from: '16315551181',
			media_id: '1013859600285441',
			media_mime_type: 'image/jpeg',
			media_caption: 'The box arrived like this',
			media_sha256: 'UPxL1vfYmXl3RaWo4wi+V+3NXb3vrdRkl/ErPu8nd0c=',
			text: null,
		});
		// The download URL needs the access token: it is never handed to the Zap. The file is a dehydrated pointer to the core's download.
		expect(JSON.stringify(image)).not.toContain('lookaside');
		expect(pointerOf(image.media_file)).toEqual({ type: 'file', method: 'hydrators.downloadMedia', bundle: { mediaId: '1013859600285441', fileName: '1013859600285441.jpg' } });
		const [reply] = await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(eventOf('messages-inbound-button-reply', 'inboundMessage')) });
		expect(reply).toMatchObject({
			message_type: 'interactive',
			reply_type: 'button_reply',
			reply_id: 'confirm-4417',
			reply_title: 'Yes, confirm',
			context_message_id: 'wamid.HBgLMTYzMTU1NTExODEVAgARGBJCVVRUT05TMDAwMDAwMDEA',
			context_from: '15550783881',
		});
	});

	test("a document keeps its name, and the file hydrates through the core: Meta's media host gets the token, the Zap gets the bytes", async () => {
		const event = eventOf('messages-inbound-image', 'inboundMessage') as Extract<WebhookEvent, { type: 'inboundMessage' }>;
		const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n');
		const document = { ...event, messageType: 'document', media: { id: '2000000000000001', mimeType: 'application/pdf', filename: 'invoice 42.pdf' } };
		const [item] = await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(document) });
		const pointer = pointerOf(item.media_file);
		expect(pointer.bundle).toEqual({ mediaId: '2000000000000001', fileName: 'invoice 42.pdf' });

		const LOOKASIDE = 'https://lookaside.fbsbx.com';
		const sha256 = createHash('sha256').update(pdf).digest('hex');
		// Inbound media was uploaded by no business number, so the lookup names none (docs/meta-messaging.md §1.3).
		const graph = nock('https://graph.facebook.com', { reqheaders: { authorization: `Bearer ${authData().access_token}` } })
			.get('/v25.0/2000000000000001')
			.query((query) => !('phone_number_id' in query))
			.reply(200, { url: `${LOOKASIDE}/whatsapp_business/attachments/?mid=2000000000000001&ext=1&hash=h`, mime_type: 'application/pdf', sha256, file_size: String(pdf.length), id: '2000000000000001' });
		const host = nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${authData().access_token}` } }).get('/whatsapp_business/attachments/').query(true).reply(200, pdf, { 'content-type': 'application/pdf' });
		const stashed: unknown[][] = [];
		await appTester(
			async (z: any, bundle: any) => {
				z.stashFile = async (...args: unknown[]) => {
					stashed.push(args);
					return 'https://zapier-dev-files.s3.amazonaws.com/cli-platform/abc';
				};
				return (App as any).hydrators[pointer.method.split('.')[1]](z, bundle);
			},
			{ authData: authData(), inputData: pointer.bundle },
		);
		graph.done();
		host.done();
		const [bytes, length, name, type] = stashed[0] as [Buffer, number, string, string];
		expect([bytes.equals(pdf), length, name, type]).toEqual([true, pdf.length, 'invoice 42.pdf', 'application/pdf']);
	});

	test('ignores anything else, and lists recent messages from the relay', async () => {
		expect(await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(eventOf('messages-status-delivered', 'messageStatus')) })).toEqual([]);
		await metaSends('messages-inbound-text');
		await metaSends('messages-inbound-bsuid-only');
		const items = await appTester(trigger.performList, { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID } });
		expect(items.map((item: { sender: string; text: string }) => [item.sender, item.text])).toEqual([
			[BSUID, 'Is the blue one back in stock?'],
			['16505551234', 'Hi, is my order 4417 on its way? Ça va?'],
		]);
		expect(await appTester(trigger.performList, { authData: authData(), inputData: { phone_number_id: '200000000000009' } })).toEqual([]);
	});
});

describe('New Message Status', () => {
	const trigger = newMessageStatus.operation;
	const failed = () => eventOf('messages-status-failed-bsuid', 'messageStatus');

	test('a failed send to a user ID: the error details and the BSUID fields', async () => {
		const event = failed();
		expect(await appTester(trigger.perform, { authData: authData(), inputData: { statuses: ['failed'] }, cleanedRequest: delivery(event) })).toEqual([
			{
				id: event.dedupeKey,
				message_id: 'wamid.HBgLVVMuMTM0OTEyMDg2NTUzMDI3NDE5MTgVAgARGBJCU1VJRDAwMDAwMDAyAA==',
				status: 'failed',
				recipient: BSUID,
				recipient_id: null,
				recipient_user_id: BSUID,
				recipient_parent_user_id: null,
				recipient_username: null,
				error_code: 131062,
				error_title: 'Business-scoped User ID recipients are not supported for this message.',
				error_message: 'Business-scoped User ID recipients are not supported for this message.',
				error_details: 'One-tap, zero-tap and copy-code authentication templates need a phone number.',
				phone_number_id: PHONE_NUMBER_ID,
				display_phone_number: '15550783881',
				waba_id: WABA_ID,
				occurred_at: '2026-04-01T00:06:40.000Z',
				received_at: '2026-06-28T19:34:49.120Z',
			},
		]);
	});

	test('the status filter: only the chosen statuses give an item, none chosen gives all', async () => {
		const delivered = eventOf('messages-status-delivered-bsuid', 'messageStatus');
		const run = (statuses: unknown, event: WebhookEvent) => appTester(trigger.perform, { authData: authData(), inputData: { statuses }, cleanedRequest: delivery(event) });
		expect(await run(['failed'], delivered)).toEqual([]);
		expect((await run(['delivered', 'read'], delivered)).map((item: { status: string; recipient_username: string }) => [item.status, item.recipient_username])).toEqual([['delivered', 'sheena.nelson']]);
		expect(await run(undefined, delivered)).toHaveLength(1);
		expect(await run([], failed())).toHaveLength(1);
		expect((await zapierError(run(['bounced'], delivered))).message).toBe('Status "bounced" is not one of the choices. Pick from: sent, delivered, read, failed, played (or none for all).');
	});

	test('subscribes to statuses and lists the chosen ones from the relay', async () => {
		const subscribeData = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { statuses: ['failed'] } });
		expect(subscribeData).toMatchObject({ event_types: ['messageStatus'], phone_number_id: null });
		expect(await appTester(trigger.performUnsubscribe, { authData: authData(), subscribeData })).toEqual({ id: subscribeData.id, deleted: true });
		await metaSends('messages-status-sent');
		await metaSends('messages-status-failed-bsuid');
		await metaSends('messages-status-delivered');
		const items = await appTester(trigger.performList, { authData: authData(), inputData: { statuses: ['failed', 'sent'] } });
		expect(items.map((item: { status: string; recipient: string }) => [item.status, item.recipient])).toEqual([
			['failed', BSUID],
			['sent', '16505551234'],
		]);
	});

	test('offers the statuses as a multiple choice', () => {
		const [statuses] = newMessageStatus.operation.inputFields as Array<{ key: string; list: boolean; choices: Array<{ value: string }> }>;
		expect([statuses.key, statuses.list, statuses.choices.map((choice) => choice.value)]).toEqual(['statuses', true, ['sent', 'delivered', 'read', 'failed', 'played']]);
	});
});

describe('New Template Status', () => {
	const trigger = newTemplateStatus.operation;

	test("subscribes to the template events the step asks for, on the connection's account", async () => {
		const all = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: {} });
		expect(all).toMatchObject({ event_types: ['templateStatusChanged', 'templateQualityChanged', 'templateCategoryChanged'], waba_id: WABA_ID, phone_number_id: null });
		const rejections = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { events: ['rejected', 'paused'] } });
		expect(rejections.event_types).toEqual(['templateStatusChanged']);
		const quality = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { events: ['quality_changed', 'category_changed'] } });
		expect(quality.event_types).toEqual(['templateQualityChanged', 'templateCategoryChanged']);
		for (const subscribeData of [all, rejections, quality]) expect(await appTester(trigger.performUnsubscribe, { authData: authData(), subscribeData })).toEqual({ id: subscribeData.id, deleted: true });
		expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([]);
		expect((await zapierError(appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { events: ['gone'] } }))).message).toMatch(/^Event "gone" is not one of the choices\. Pick from: approved, rejected, /);
	});

	test('a rejection, with the reason and how to fix it', async () => {
		const event = eventOf('message-template-status-update-rejected', 'templateStatusChanged');
		// The sample is this very rejection: the item is the sample with this event's ID and times.
		expect(await appTester(trigger.perform, { authData: authData(), inputData: { events: ['rejected'] }, cleanedRequest: delivery(event) })).toEqual([
			{ ...newTemplateStatus.operation.sample, id: event.dedupeKey, occurred_at: '2026-04-01T00:11:40.000Z', received_at: '2026-06-28T19:34:49.120Z' },
		]);
	});

	test('filters by event and by template name', async () => {
		const paused = delivery(eventOf('message-template-status-update-paused', 'templateStatusChanged'));
		const quality = delivery(eventOf('message-template-quality-update', 'templateQualityChanged'));
		const run = (inputData: Record<string, unknown>, cleanedRequest: unknown) => appTester(trigger.perform, { authData: authData(), inputData, cleanedRequest });
		expect(await run({ events: ['rejected'] }, paused)).toEqual([]);
		expect(await run({ events: ['quality_changed'] }, paused)).toEqual([]);
		expect((await run({ events: ['paused'] }, paused))[0]).toMatchObject({ status: 'PAUSED', pause_title: 'FIRST_PAUSE' });
		expect(await run({ template_names: ['order_confirmation'] }, paused)).toEqual([]);
		expect((await run({ template_names: ['Summer_Sale'] }, paused))[0]).toMatchObject({ template_name: 'summer_sale' });
		expect((await run({}, quality))[0]).toMatchObject({ change: 'quality', quality_score: 'YELLOW', previous_quality_score: 'GREEN', status: null });
		const recategorized = (await run({ events: ['category_changed'] }, delivery(eventOf('template-category-update-announced', 'templateCategoryChanged'))))[0];
		expect(recategorized).toMatchObject({ change: 'category', category: 'UTILITY', correct_category: 'MARKETING', category_update_at: '2026-04-02T00:18:20.000Z' });
	});

	test("lists recent template changes of the connection's account from the relay", async () => {
		await metaSends('message-template-status-update-rejected');
		await metaSends('message-template-quality-update');
		const otherAccount = JSON.parse(fixture('message-template-status-update-paused').toString('utf8'));
		otherAccount.entry[0].id = '999999999999999';
		await metaSends(Buffer.from(JSON.stringify(otherAccount)));
		const items = await appTester(trigger.performList, { authData: authData(), inputData: {} });
		expect(items.map((item: { change: string; template_name: string }) => [item.change, item.template_name])).toEqual([
			['quality', 'welcome_template'],
			['status', 'abandoned_cart'],
		]);
	});
});

describe('Find Identity Hash by user ID', () => {
	const search = findIdentityHash.operation;

	test('finds the hash of a person who hides their number by their user ID', async () => {
		const body = JSON.parse(fixture('messages-inbound-bsuid-only').toString('utf8'));
		body.entry[0].changes[0].value.contacts[0].identity_key_hash = 'DF2lS5v2W6x=';
		await metaSends(Buffer.from(JSON.stringify(body)));
		expect(await appTester(search.perform, { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, wa_id: BSUID } })).toEqual([
			{
				id: `${PHONE_NUMBER_ID}:${BSUID}`,
				phone_number_id: PHONE_NUMBER_ID,
				wa_id: BSUID,
				user_id: BSUID,
				identity_key_hash: 'DF2lS5v2W6x=',
				source: 'contact',
				observed_at: '2026-04-01T00:00:00.000Z',
				updated_at: expect.any(String),
			},
		]);
	});

	test('refuses a recipient that is neither a number nor a user ID, before calling the relay', async () => {
		const error = await zapierError(appTester(search.perform, { authData: { ...authData(), relay_url: 'http://127.0.0.1:9' }, inputData: { phone_number_id: PHONE_NUMBER_ID, wa_id: 'Sheena Nelson' } }));
		expect(error.message).toBe('Recipient "Sheena Nelson" is neither a WhatsApp number nor a user ID. Enter the number in international format (e.g. +1 650 555 1234), or the user ID as WhatsApp sent it (e.g. US.13491208655302741918).');
	});
});

test('every relay-backed step picks the phone number from the same dropdown as the other steps', () => {
	const app = App as unknown as Record<string, Record<string, { operation: { inputFields: Array<{ key: string; dynamic?: string }> } }>>;
	for (const [kind, key] of [['triggers', 'new_inbound_message'], ['triggers', 'new_message_status'], ['triggers', 'new_identity_mismatch'], ['triggers', 'new_phone_number_event'], ['searches', 'find_identity_hash']]) {
		expect([key, app[kind][key].operation.inputFields.find((field) => field.key === 'phone_number_id')?.dynamic]).toEqual([key, 'phone_number_list.id.label']);
	}
});
