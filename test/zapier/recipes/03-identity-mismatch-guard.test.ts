/**
 * Recipe 03 (templates/zapier/03-identity-mismatch-guard.md), run step by step against the sandbox
 * behind the relay: a person's identity changes, a send with their old hash fails with 137000, the
 * failed status reaches Zap A through the relay (a local server stands in for the hook URL) and
 * blocks them; once re-verified, Zap B sends without the hash, unblocks them, and the relay
 * records their new identity. Built-ins are simulated by plain code (world.ts): Filter by the
 * recipe's conditions, Storage by a map, Email by an outbox, the Catch Hook as the trigger output.
 */
import { appTester, perform } from '../support';
import { Recipe, recipeText } from './support/recipe';
import { emailBy, filterBy, openRecipe, sandboxCall, Storage, World } from './support/world';
import { hookItems, subscribe } from './support/triggers';
import { Output, runZap, userMessage } from './support/zapRunner';

const SLUG = '03-identity-mismatch-guard';
const PERSON = '16505551234';
const HELLO_WORLD = '700000000000001';

let world: World;
let recipe: Recipe;
let client: Record<string, string>;

jest.setTimeout(60_000);

beforeAll(async () => ({ world, recipe, client } = await openRecipe(SLUG, { relay: true }, (w) => ({ phone_number: w.sandbox.phoneNumberId, unblock_form_url: 'https://forms.example/unblock', followup_template: HELLO_WORLD, notify_email: 'consultant@agency.example' }))));
afterAll(() => world?.stop());

const app = (kind: 'creates' | 'searches', key: string, inputData: Record<string, unknown>) => appTester(perform(kind, key), { authData: world.authData, inputData });
const knownHash = async (): Promise<string | undefined> => ((await app('searches', 'find_identity_hash', { phone_number_id: world.sandbox.phoneNumberId, wa_id: PERSON })) as Output[])[0]?.identity_key_hash as string | undefined;

/** Waits (bounded) until the relay's Find Identity Hash answers something other than `previous`. */
async function hashChangedFrom(previous: string | undefined): Promise<string | undefined> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const hash = await knownHash();
		if (hash !== previous) return hash;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return previous;
}

it('blocks a person whose identity changed, and unblocks them after re-verification with one send without the hash', async () => {
	const { relay, target } = world.relayWorld!;
	// Messages reach the relay through the WABA override; the client's number has the identity check on (recipe 01).
	expect((await relay.call('POST', '/meta/configure', { json: { waba_id: world.sandbox.wabaId, access_token: world.sandbox.accessToken } })).json).toMatchObject({ success: true });
	await app('creates', 'set_identity_check', { phone_number_id: world.sandbox.phoneNumberId, enabled: 'true' });
	const subscription = await subscribe(recipe, 'Zap A', world.authData, client, `${target.url}statuses`);
	expect(subscription).toMatchObject({ event_types: ['messageStatus'], phone_number_id: world.sandbox.phoneNumberId });

	// The person wrote in earlier, so the relay knows their identity hash; then their identity changes.
	await sandboxCall(world, 'POST', '/_sandbox/inbound', { phoneNumberId: world.sandbox.phoneNumberId, from: PERSON, text: 'Hi!' });
	const oldHash = await hashChangedFrom(undefined);
	expect(oldHash).toEqual(world.sandbox.control.contact(PERSON).identityKeyHash);
	const newIdentity = world.sandbox.control.rotateIdentity(PERSON);

	// A send with the old hash (as recipe 04 does) is accepted, then fails with 137000.
	const sent = await app('creates', 'send_message', { phone_number_id: world.sandbox.phoneNumberId, to: PERSON, message_type: 'template', template_id: HELLO_WORLD, recipient_identity_key_hash: oldHash });
	expect(sent).toMatchObject({ message_id: expect.stringMatching(/^wamid\./), identity_hash_checked: true });
	const [delivered] = await target.waitFor(1);
	const items = await hookItems(recipe, 'Zap A', world.authData, client, delivered.body);
	expect(items).toEqual([expect.objectContaining({ message_id: sent.message_id, status: 'failed', recipient: PERSON, error_code: 137000 })]);

	// Zap A: the person is blocked and you are told what to do.
	const storage = new Storage();
	const notices: Array<Record<string, unknown>> = [];
	const blocked = await runZap('Zap A', { recipe, authData: world.authData, client, trigger: items[0], builtins: { mismatch: filterBy, block: storage.set, notify: emailBy(notices) } });
	expect(blocked.ran).toEqual(['status', 'mismatch', 'block', 'notify']);
	expect([...storage.values.keys()]).toEqual([`blocked_${PERSON}`]);
	expect(storage.values.get(`blocked_${PERSON}`)).toBe(`identity changed ${String(items[0].occurred_at)}, message ${String(sent.message_id)}`);
	expect(notices).toHaveLength(1);
	expect(notices[0].subject).toBe(`Blocked ${PERSON}: their WhatsApp identity changed`);
	expect(notices[0].body).toContain(`https://forms.example/unblock?recipient=${PERSON}&phone_number_id=${world.sandbox.phoneNumberId}`);

	// Another kind of failure is not an identity change: the Filter stops the run, nobody is blocked.
	const other = await runZap('Zap A', { recipe, authData: world.authData, client, trigger: { ...items[0], recipient: '16505550000', error_code: 131026 }, builtins: { mismatch: filterBy, block: storage.set, notify: emailBy(notices) } });
	expect(other.stoppedAt).toBe('mismatch');
	expect(storage.values.size).toBe(1);

	// Zap B before re-verification: nothing happens.
	const done: Array<Record<string, unknown>> = [];
	const builtinsB = { confirmed: filterBy, blocked: storage.get, onList: filterBy, unblock: storage.remove, done: emailBy(done) };
	const notYet = await runZap('Zap B', { recipe, authData: world.authData, client, trigger: { recipient: PERSON, phone_number_id: world.sandbox.phoneNumberId, reverified: 'no' }, builtins: builtinsB });
	expect(notYet.stoppedAt).toBe('confirmed');

	// Zap B after re-verification: one send without the hash, the person unblocked, the new identity recorded.
	const unblocked = await runZap('Zap B', { recipe, authData: world.authData, client, trigger: { recipient: PERSON, phone_number_id: world.sandbox.phoneNumberId, reverified: 'yes' }, builtins: builtinsB });
	expect(unblocked.failed).toBeUndefined();
	const followUp = unblocked.outputs.send as Output;
	expect(followUp).toMatchObject({ message_id: expect.stringMatching(/^wamid\./), identity_hash_checked: false });
	expect(await sandboxCall(world, 'GET', `/_sandbox/messages/${encodeURIComponent(String(followUp.message_id))}`)).toMatchObject({ sentWithHash: null, outcome: 'delivered' });
	expect(storage.values.size).toBe(0);
	expect(done).toEqual([{ to: 'consultant@agency.example', subject: `Unblocked ${PERSON}`, body: `Sent ${String(followUp.message_id)} without the identity hash; the relay records the new identity from its delivery.` }]);
	expect(await hashChangedFrom(oldHash)).toBe(newIdentity.identityKeyHash);

	// A person who is not on the list is not "unblocked" (and gets nothing).
	const notListed = await runZap('Zap B', { recipe, authData: world.authData, client, trigger: { recipient: '16505550000', phone_number_id: world.sandbox.phoneNumberId, reverified: 'yes' }, builtins: builtinsB });
	expect(notListed.stoppedAt).toBe('onList');
});

it('quotes the error Zap A gives without the relay as the app words it', async () => {
	let message = '';
	try {
		await subscribe(recipe, 'Zap A', { ...world.authData, relay_url: '', relay_api_key: '' }, client, 'https://hooks.zapier.com/hooks/standard/1/abc/');
	} catch (error) {
		message = userMessage(error as Error);
	}
	const quoted = 'This trigger or search works through your WhatsApp relay, but the connection has no Relay URL and no Relay API Key.';
	expect(message.startsWith(quoted)).toBe(true);
	expect(recipeText(SLUG).replace(/\s+/g, ' ')).toContain(quoted);
});
