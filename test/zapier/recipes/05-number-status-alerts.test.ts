/**
 * Recipe 05 (templates/zapier/05-number-status-alerts.md), run step by step against the sandbox.
 * Zap A: the polling trigger with Zapier's deduplication (the first poll only records), then a
 * client number is flagged with red quality and exactly one alert goes out, by email and WhatsApp.
 * Zap B: Meta rejects a display name; the sandbox's signed webhook goes through the relay to a
 * local server standing in for the Zap's hook URL, and the delivered event runs the Zap.
 * Built-ins are simulated by plain code: Lookup Table a map lookup, Email by Zapier an outbox.
 */
import { ERROR_CATALOG } from '../../../shared';
import { appTester, perform } from '../support';
import { VERIFY_TOKEN } from '../../relay/support/relay';
import { Recipe, recipeText } from './support/recipe';
import { emailBy, lookupTable, openRecipe, sandboxCall, World } from './support/world';
import { hookItems, poll, PollingDedupe, subscribe } from './support/triggers';
import { Output, runZap, userMessage } from './support/zapRunner';

const SLUG = '05-number-status-alerts';
const ALERT_TO = '+1 555 777 0101';

/** The consultant's alert number is another number of the account, live. */
async function alertClient(world: World): Promise<Record<string, string>> {
	const added = await appTester(perform('creates', 'add_phone_number'), { authData: world.authData, inputData: { cc: '1', phone_number: '555 010 0066', verified_name: 'Agency Alerts' } });
	world.sandbox.control.setNumberStatus(String(added.phone_number_id), { status: 'CONNECTED', codeVerificationStatus: 'VERIFIED', nameStatus: 'APPROVED' });
	return { alert_to_email: 'consultant@agency.example', alert_sender: String(added.phone_number_id), alert_to_whatsapp: ALERT_TO };
}

let world: World;
let recipe: Recipe;
let client: Record<string, string>;

jest.setTimeout(60_000);

beforeAll(async () => ({ world, recipe, client } = await openRecipe(SLUG, { relay: true }, alertClient)));
afterAll(() => world?.stop());

const normalized = (text: string) => text.replace(/\s+/g, ' ');

it('Zap A: the first poll only records; a flagged number then alerts once, by email and WhatsApp', async () => {
	const dedupe = new PollingDedupe();
	expect(dedupe.newItems(await poll(recipe, 'Zap A', world.authData, client))).toEqual([]);
	expect(dedupe.newItems(await poll(recipe, 'Zap A', world.authData, client))).toEqual([]);

	world.sandbox.control.setNumberStatus(world.sandbox.phoneNumberId, { status: 'FLAGGED', qualityRating: 'RED' });
	const fresh = dedupe.newItems(await poll(recipe, 'Zap A', world.authData, client));
	expect(fresh.map((item) => [item.phone_number_id, item.status, item.quality_rating])).toEqual([[world.sandbox.phoneNumberId, 'FLAGGED', 'RED']]);

	const outbox: Array<Record<string, unknown>> = [];
	const run = await runZap('Zap A', { recipe, authData: world.authData, client, trigger: fresh[0], builtins: { words: lookupTable, email: emailBy(outbox) } });
	expect(run.failed).toBeUndefined();
	const summary = 'Not ready: Meta marked the number flagged. Next: Open Account Quality in WhatsApp Manager to see why and request a review.';
	expect(run.outputs.readiness).toMatchObject({ verdict: 'not_ready', summary });
	expect(outbox).toEqual([
		{
			to: 'consultant@agency.example',
			subject: `ACTION NEEDED: ${fresh[0].display_phone_number} is FLAGGED`,
			body: `Status FLAGGED, display name ${fresh[0].name_status}, quality RED, code verification ${fresh[0].code_verification_status} (seen ${fresh[0].detected_at}).\nWhat to do: ${summary}`,
		},
	]);
	const sent = run.outputs.whatsapp as Output;
	expect(sent).toMatchObject({ message_id: expect.stringMatching(/^wamid\./), to: '+15557770101', phone_number_id: client.alert_sender });
	const stored = await sandboxCall(world, 'GET', `/_sandbox/messages/${encodeURIComponent(String(sent.message_id))}`);
	expect(JSON.stringify(stored)).toContain(`ACTION NEEDED: ${fresh[0].display_phone_number} is FLAGGED. ${summary}`);

	// The next poll sees nothing new: one alert per change.
	expect(dedupe.newItems(await poll(recipe, 'Zap A', world.authData, client))).toEqual([]);
});

it('Zap B: a rejected display name reaches the Zap through the relay and the alert says what to do', async () => {
	const relayWorld = world.relayWorld!;
	const callbackUrl = `${relayWorld.relay.config.publicUrl}/meta/webhook`;
	const appToken = encodeURIComponent(`${world.sandbox.appId}|${world.sandbox.appSecret}`);
	await sandboxCall(world, 'POST', `/v25.0/${world.sandbox.appId}/subscriptions?access_token=${appToken}&object=whatsapp_business_account&callback_url=${encodeURIComponent(callbackUrl)}&verify_token=${VERIFY_TOKEN}&fields=phone_number_name_update`);
	const subscription = await subscribe(recipe, 'Zap B', world.authData, client, `${relayWorld.target.url}names`);
	expect(subscription.event_types).toEqual(['nameReviewed']);

	world.sandbox.control.reviewName(world.sandbox.phoneNumberId, 'REJECTED', 'NAME_FORMAT_UNACCEPTABLE');
	const [delivered] = await relayWorld.target.waitFor(1);
	const items = await hookItems(recipe, 'Zap B', world.authData, client, delivered.body);
	expect(items).toHaveLength(1);

	const outbox: Array<Record<string, unknown>> = [];
	const run = await runZap('Zap B', { recipe, authData: world.authData, client, trigger: items[0], builtins: { email: emailBy(outbox) } });
	expect(run.failed).toBeUndefined();
	expect(run.outputs.number).toMatchObject({ id: world.sandbox.phoneNumberId, found: true });
	expect(outbox).toHaveLength(1);
	expect(outbox[0]).toMatchObject({ to: 'consultant@agency.example', subject: `Display name REJECTED for ${String(items[0].requested_verified_name)}` });
	expect(outbox[0].body).toBe(
		`Number ${String(items[0].display_phone_number)}. Reason: NAME_FORMAT_UNACCEPTABLE.\nMeta declined the display name. Change the display name in WhatsApp Manager following Meta's display name guidelines.`,
	);
});

it('quotes the failures as the app words them', async () => {
	const withoutRelay = { ...world.authData, relay_url: '', relay_api_key: '' };
	let message = '';
	try {
		await subscribe(recipe, 'Zap B', withoutRelay, client, 'https://hooks.zapier.com/hooks/standard/1/abc/');
	} catch (error) {
		message = userMessage(error as Error);
	}
	const text = normalized(recipeText(SLUG));
	expect(message).toMatch(/^This trigger or search works through your WhatsApp relay, but the connection has no Relay URL and no Relay API Key\. /);
	expect(text).toContain('This trigger or search works through your WhatsApp relay, but the connection has no Relay URL and no Relay API Key.');
	expect(text).toContain(ERROR_CATALOG[131047].message);
});
