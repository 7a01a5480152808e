/**
 * The relay's Zapier triggers and search, run through the real app with createAppTester against a
 * real relay on 127.0.0.1 (no mock of the relay: subscribe, list and search hit its API).
 */
import App from '../../zapier';
import { findIdentityHash, newIdentityMismatch, newPhoneNumberEvent } from '../../zapier/instant';
import { inboundWebhook, mismatchEvent, mismatchStatus, PHONE_NUMBER_ID, qualityEvent, signature, statusEvent, statusWebhook, WABA_ID } from './support/events';
import { API_KEY, APP_SECRET, startTestRelay, TestRelay } from './support/relay';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zapier = require('zapier-platform-core');
const appTester = zapier.createAppTester(App) as (method: unknown, bundle?: Record<string, unknown>) => Promise<any>;

const TARGET = 'https://hooks.zapier.com/hooks/standard/1234/abcdef/';
// Each test starts a relay; a busy shared machine can stall one for seconds.
jest.setTimeout(30_000);

let relay: TestRelay;

beforeEach(async () => {
	relay = await startTestRelay({}, { deliver: false });
});
afterEach(async () => {
	await relay.stop();
});

const authData = (overrides: Record<string, string> = {}) => ({
	access_token: 'EAAGtestTOKEN1234567890abcdefXYZ',
	waba_id: WABA_ID,
	relay_url: `${relay.relay.url}/`,
	relay_api_key: API_KEY,
	...overrides,
});

/** Zapier's z.errors.Error carries JSON {message, code, status} as its message: what the user sees. */
async function zapierError(promise: Promise<unknown>): Promise<{ message: string; code: string; status?: number }> {
	try {
		await promise;
	} catch (error) {
		return JSON.parse((error as Error).message);
	}
	throw new Error('expected the call to fail');
}

async function postToRelay(body: string): Promise<void> {
	const answer = await relay.call('POST', '/meta/webhook', { body, apiKey: null, headers: { 'x-hub-signature-256': signature(body, APP_SECRET) } });
	expect(answer.status).toBe(200);
}

/** What the relay POSTs to a Zap's hook URL (RelayDeliveryPayload, shared/relayContract.ts). */
function delivery(event: ReturnType<typeof mismatchEvent> | ReturnType<typeof qualityEvent> | ReturnType<typeof statusEvent>) {
	return { id: event.dedupeKey, type: event.type, event, subscription_id: 'sub_0123456789abcdef01234567', sequence: 7, attempt: 1, received_at: '2026-06-28T19:34:49.120Z', delivered_at: '2026-06-28T19:34:49.300Z' };
}

describe('New Identity Mismatch', () => {
	const trigger = newIdentityMismatch.operation;

	test('subscribes the Zap at the relay, filtered to the phone number, and unsubscribes it', async () => {
		const subscribeData = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { phone_number_id: PHONE_NUMBER_ID } });
		expect(subscribeData).toMatchObject({ id: expect.stringMatching(/^sub_/), target_url: TARGET, event_types: ['identityMismatch'], phone_number_id: PHONE_NUMBER_ID });
		expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([subscribeData]);

		expect(await appTester(trigger.performUnsubscribe, { authData: authData(), subscribeData })).toEqual({ id: subscribeData.id, deleted: true });
		expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([]);
		// Already gone (e.g. removed after a 410): unsubscribing still succeeds.
		expect(await appTester(trigger.performUnsubscribe, { authData: authData(), subscribeData })).toEqual({ id: subscribeData.id, deleted: false });
	});

	test("turns the relay's delivery into one item whose id is the event's dedupe key", async () => {
		const event = mismatchEvent(1);
		const items = await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(event) });
		expect(items).toEqual([
			{
				id: 'identityMismatch:wamid.MISMATCH000001',
				message_id: 'wamid.MISMATCH000001',
				recipient_id: '16505551234',
				recipient_user_id: null,
				phone_number_id: PHONE_NUMBER_ID,
				display_phone_number: '15550100001',
				waba_id: WABA_ID,
				error_code: 137000,
				error_title: 'Identity key mismatch',
				error_message: null,
				error_details: null,
				next_step: event.nextStep,
				occurred_at: '2026-06-28T19:34:48.000Z',
				received_at: '2026-06-28T19:34:49.120Z',
			},
		]);
		expect(Object.keys(items[0]).sort()).toEqual(Object.keys(newIdentityMismatch.operation.sample).sort());
	});

	test('ignores anything that is not an identity mismatch delivery', async () => {
		expect(await appTester(trigger.perform, { authData: authData(), cleanedRequest: delivery(statusEvent(1)) })).toEqual([]);
		expect(await appTester(trigger.perform, { authData: authData(), cleanedRequest: { hello: 'world' } })).toEqual([]);
	});

	test('lists recent mismatches from the relay for the Zap editor, newest first, filtered by number', async () => {
		await postToRelay(statusWebhook([mismatchStatus('wamid.FIRST')]));
		await postToRelay(statusWebhook([mismatchStatus('wamid.SECOND')]));
		await postToRelay(statusWebhook([mismatchStatus('wamid.ELSEWHERE')], '200000000000009'));
		const items = await appTester(trigger.performList, { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID }, meta: { isLoadingSample: true } });
		expect(items.map((item: { id: string; error_code: number; recipient_id: string }) => [item.id, item.error_code, item.recipient_id])).toEqual([
			['identityMismatch:wamid.SECOND', 137000, '16505551234'],
			['identityMismatch:wamid.FIRST', 137000, '16505551234'],
		]);
	});

	test('says where to add the relay when the connection has no relay settings', async () => {
		for (const operation of [trigger.performSubscribe, trigger.performList, findIdentityHash.operation.perform]) {
			expect((await zapierError(appTester(operation, { authData: authData({ relay_url: '', relay_api_key: '' }), targetUrl: TARGET, inputData: { phone_number_id: PHONE_NUMBER_ID, wa_id: '1' } }))).message).toBe('This trigger or search works through your WhatsApp relay, but the connection has no Relay URL and no Relay API Key. Edit the connection (My Apps → WhatsApp) and fill in Relay URL and Relay API Key: the address of your relay and one of its RELAY_API_KEYS.');
		}
	});

	test('explains a refused API key and an unreachable relay', async () => {
		expect((await zapierError(appTester(trigger.performSubscribe, { authData: authData({ relay_api_key: 'wrong-key-0000000000000' }), targetUrl: TARGET, inputData: {} }))).message).toBe("Your relay refused the Relay API Key. Edit the connection and enter one of the keys from the relay's RELAY_API_KEYS setting.");
		const url = relay.relay.url;
		await relay.stop();
		expect((await zapierError(appTester(trigger.performSubscribe, { authData: authData({ relay_url: url }), targetUrl: TARGET, inputData: {} }))).message).toBe(`Zapier could not reach your relay at ${url}. Check that the relay is running and reachable from the internet at that address (Relay URL in the connection).`);
		relay = await startTestRelay({}, { deliver: false });
	});

	test("passes the relay's own explanation on", async () => {
		expect((await zapierError(appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { phone_number_id: 'abc' } }))).message).toBe('Phone Number ID "abc" is not a Meta ID. Pick the number from the list (or use the numeric ID from WhatsApp Manager), or leave it empty for all numbers.');
		expect((await zapierError(appTester(trigger.performSubscribe, { authData: authData(), targetUrl: 'not a url', inputData: {} }))).message).toBe('The relay answered: target_url is not a URL. Give a full address such as https://hooks.zapier.com/hooks/standard/…');
	});
});

describe('New Phone Number Event', () => {
	const trigger = newPhoneNumberEvent.operation;

	test('subscribes to the chosen kind of event', async () => {
		const subscribeData = await appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { event_type: 'quality' } });
		expect(subscribeData).toMatchObject({ target_url: TARGET, event_types: ['qualityChanged'], phone_number_id: null });
		expect((await zapierError(appTester(trigger.performSubscribe, { authData: authData(), targetUrl: TARGET, inputData: { event_type: 'everything' } }))).message).toBe('Event "everything" is not one of the choices. Pick one of: status, quality, name_review, capability.');
	});

	test('turns a delivery of the chosen kind into an item, and ignores other kinds', async () => {
		const items = await appTester(trigger.perform, { authData: authData(), inputData: { event_type: 'quality' }, cleanedRequest: delivery(qualityEvent(1)) });
		expect(items).toEqual([
			{
				id: 'qualityChanged:phone_number_quality_update:1',
				event_type: 'quality',
				type: 'qualityChanged',
				waba_id: WABA_ID,
				phone_number_id: null,
				display_phone_number: '15550100001',
				field: 'phone_number_quality_update',
				occurred_at: '2026-06-28T19:34:48.000Z',
				event: 'THROUGHPUT_UPGRADE',
				current_limit: 'TIER_10K',
				received_at: '2026-06-28T19:34:49.120Z',
			},
		]);
		expect(await appTester(trigger.perform, { authData: authData(), inputData: { event_type: 'name_review' }, cleanedRequest: delivery(qualityEvent(1)) })).toEqual([]);
	});

	test('lists recent events of the chosen kind from the relay', async () => {
		await postToRelay(
			JSON.stringify({
				object: 'whatsapp_business_account',
				entry: [{ id: WABA_ID, time: 1751142888, changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '15550100001', event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_10K' } }] }],
			}),
		);
		const items = await appTester(trigger.performList, { authData: authData(), inputData: { event_type: 'quality' } });
		expect(items.map((item: Record<string, unknown>) => [item.event_type, item.event, item.current_limit, item.display_phone_number])).toEqual([['quality', 'THROUGHPUT_UPGRADE', 'TIER_10K', '15550100001']]);
		expect(await appTester(trigger.performList, { authData: authData(), inputData: { event_type: 'capability' } })).toEqual([]);
	});
});

describe('Find Identity Hash', () => {
	const search = findIdentityHash.operation;

	test("returns the latest hash the relay saw for the recipient, or nothing (not an error) when there is none", async () => {
		await postToRelay(inboundWebhook('16505551234', 'DF2lS5v2W6x=', 'wamid.IN1'));
		const found = await appTester(search.perform, { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, wa_id: '+1 650-555-1234' } });
		expect(found).toEqual([
			{
				id: `${PHONE_NUMBER_ID}:16505551234`,
				phone_number_id: PHONE_NUMBER_ID,
				wa_id: '16505551234',
				user_id: null,
				identity_key_hash: 'DF2lS5v2W6x=',
				source: 'contact',
				observed_at: new Date(1750030073 * 1000).toISOString(),
				updated_at: expect.any(String),
			},
		]);
		expect(await appTester(search.perform, { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, wa_id: '19995550000' } })).toEqual([]);
	});

	test('checks the phone number ID before calling the relay', async () => {
		expect((await zapierError(appTester(search.perform, { authData: authData(), inputData: { phone_number_id: 'my number', wa_id: '1' } }))).message).toBe('Phone Number ID "my number" is not a Meta ID. Pick the number from the list (or use the numeric ID from WhatsApp Manager).');
	});
});

describe('definition', () => {
	test('the app with the relay triggers and search passes the Zapier schema validation', async () => {
		const response = await zapier.createAppHandler(App)({ command: 'validate' });
		expect(response.results).toEqual([]);
		const app = App as unknown as Record<string, Record<string, { display: { label: string } }>>;
		expect(app.triggers.new_identity_mismatch.display.label).toBe('New Identity Mismatch');
		expect(app.triggers.new_phone_number_event.display.label).toBe('New Phone Number Event');
		expect(app.searches.find_identity_hash.display.label).toBe('Find Identity Hash');
		const fields = (App as unknown as { authentication: { fields: Array<{ key: string; required?: boolean }> } }).authentication.fields;
		expect(fields.filter((field) => field.key.startsWith('relay_'))).toEqual([
			expect.objectContaining({ key: 'relay_url', required: false }),
			expect.objectContaining({ key: 'relay_api_key', required: false, type: 'password' }),
		]);
	});
});
