/**
 * End to end, all on 127.0.0.1: the sandbox (standing in for Meta) → the relay → a local server
 * standing in for Zapier's hook URL → the Zapier trigger's perform.
 * The relay configures the sandbox's WABA override itself (Meta's GET challenge included); the
 * identity check is on; a person writes in (the relay stores their hash, Find Identity Hash returns
 * it); their identity changes; a send with the stale hash fails with 137000; the relay delivers
 * that to the subscribed Zap. A forged POST is refused and never delivered.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Sandbox } from '../../sandbox';
import { createClient } from '../../shared/run';
import { nodeRuntime } from '../../shared/node/runtime';
import { findIdentityHash, newIdentityMismatch } from '../../zapier/instant';
import { mismatchStatus, signature, statusWebhook } from './support/events';
import { API_KEY, startTarget, TestRelay, VERIFY_TOKEN } from './support/relay';
import { appTester, SandboxRelay, startSandboxRelay } from './support/sandboxRelay';

const RECIPIENT = '16505551234';

jest.setTimeout(60_000);

let world: SandboxRelay;
let sandbox: Sandbox;
let relay: TestRelay;
let target: Awaited<ReturnType<typeof startTarget>>;

beforeAll(async () => {
	world = await startSandboxRelay();
	({ sandbox, relay, target } = world);
});
afterAll(async () => {
	await world?.stop();
});

test('a 137000 failure reaches the Zap as a New Identity Mismatch item; a forged POST is refused and never delivered', async () => {
	const authData = { access_token: sandbox.accessToken, waba_id: sandbox.wabaId, base_url: sandbox.baseUrl, relay_url: relay.relay.url, relay_api_key: API_KEY };
	const graph = createClient({ accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, baseUrl: sandbox.baseUrl }, nodeRuntime());

	// 1. The Zap subscribes its hook URL at the relay.
	const subscribeData = await appTester(newIdentityMismatch.operation.performSubscribe, { authData, targetUrl: target.url, inputData: { phone_number_id: sandbox.phoneNumberId } });
	expect(subscribeData.id).toMatch(/^sub_/);

	// 2. The relay points the WABA's webhook override at itself; the sandbox checks it with Meta's GET challenge.
	const configured = await relay.call('POST', '/meta/configure', { json: { waba_id: sandbox.wabaId, access_token: sandbox.accessToken } });
	expect([configured.status, configured.json]).toEqual([200, { success: true, waba_id: sandbox.wabaId, callback_url: `${relay.config.publicUrl}/meta/webhook`, confirmed: true }]);
	expect(relay.logs).toContain("webhook: answered Meta's verification request");
	const apps = await graph.request<{ data: Array<{ override_callback_uri?: string }> }>({ method: 'GET', path: `${sandbox.wabaId}/subscribed_apps`, retry: 'read' });
	expect(apps.data[0].override_callback_uri).toBe(`${relay.config.publicUrl}/meta/webhook`);

	// 3. Identity check on; the person writes in; the relay keeps their hash for Find Identity Hash.
	await graph.request({ method: 'POST', path: `${sandbox.phoneNumberId}/settings`, json: { user_identity_change: { enable_identity_key_check: true } }, retry: 'never' });
	const inbound = await fetch(`${sandbox.baseUrl}/_sandbox/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phoneNumberId: sandbox.phoneNumberId, from: RECIPIENT, text: 'Hi!' }) });
	expect(inbound.status).toBe(200);
	await sandbox.waitForDelivery((delivery) => delivery.status === 'delivered' && delivery.url.startsWith(relay.relay.url));
	const [stored] = await appTester(findIdentityHash.operation.perform, { authData, inputData: { phone_number_id: sandbox.phoneNumberId, wa_id: `+${RECIPIENT}` } });
	const state = (await (await fetch(`${sandbox.baseUrl}/_sandbox/state`)).json()) as { contacts: Array<{ waId: string; identityKeyHash: string }> };
	const firstHash = state.contacts.find((contact) => contact.waId === RECIPIENT)!.identityKeyHash;
	expect(stored).toMatchObject({ phone_number_id: sandbox.phoneNumberId, wa_id: RECIPIENT, identity_key_hash: firstHash, source: 'contact' });

	// 4. Their identity changes; a send with the stored (now stale) hash fails with 137000.
	const rotated = await fetch(`${sandbox.baseUrl}/_sandbox/contacts/${RECIPIENT}/rotate-identity`, { method: 'POST' });
	expect(((await rotated.json()) as { identityKeyHash: string }).identityKeyHash).not.toBe(firstHash);
	const send = async (text: string) =>
		(
			await graph.request<{ messages: Array<{ id: string }> }>({
				method: 'POST',
				path: `${sandbox.phoneNumberId}/messages`,
				json: { messaging_product: 'whatsapp', to: RECIPIENT, type: 'text', text: { body: text }, recipient_identity_key_hash: stored.identity_key_hash },
				retry: 'never',
			})
		).messages[0].id;
	const firstMessage = await send('Your order has shipped.');

	// 5. The relay delivers it to the Zap's hook URL; the trigger's perform makes the item.
	const [received] = await target.waitFor(1);
	expect(received.body).toMatchObject({ id: `identityMismatch:${firstMessage}`, type: 'identityMismatch', subscription_id: subscribeData.id, sequence: 1, attempt: 1 });
	const items = await appTester(newIdentityMismatch.operation.perform, { authData, cleanedRequest: received.body });
	expect(items).toEqual([
		{
			id: `identityMismatch:${firstMessage}`,
			message_id: firstMessage,
			recipient_id: RECIPIENT,
			recipient_user_id: null,
			phone_number_id: sandbox.phoneNumberId,
			display_phone_number: expect.stringMatching(/^\d+$/),
			waba_id: sandbox.wabaId,
			error_code: 137000,
			error_title: expect.any(String),
			error_message: expect.any(String),
			error_details: expect.any(String),
			next_step: expect.stringContaining('Re-verify the person outside WhatsApp'),
			occurred_at: expect.any(String),
			received_at: expect.any(String),
		},
	]);

	// 6. A forged POST (right shape, wrong signature) is refused: not stored, never delivered.
	const forgedBody = statusWebhook([mismatchStatus('wamid.FORGED')], sandbox.phoneNumberId);
	const forged = await relay.call('POST', '/meta/webhook', { body: forgedBody, apiKey: null, headers: { 'x-hub-signature-256': signature(forgedBody, 'not-the-app-secret') } });
	expect(forged.status).toBe(403);
	// The next real mismatch is delivered right after the first: had the forged one been stored, it would come in between.
	const secondMessage = await send('Your invoice is ready.');
	const all = await target.waitFor(2);
	expect(all.map((request) => request.body.id)).toEqual([`identityMismatch:${firstMessage}`, `identityMismatch:${secondMessage}`]);
	expect((await relay.call('GET', '/events?type=identityMismatch')).json.data.map((event: { id: string }) => event.id)).toEqual([
		`identityMismatch:${secondMessage}`,
		`identityMismatch:${firstMessage}`,
	]);

	// 7. Turning the Zap off removes the subscription.
	expect(await appTester(newIdentityMismatch.operation.performUnsubscribe, { authData, subscribeData })).toEqual({ id: subscribeData.id, deleted: true });
});

test('`npm run relay -- configure-meta` sets the override from the command line', async () => {
	// Clear the override set above, so this run has something to do.
	const graph = createClient({ accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, baseUrl: sandbox.baseUrl }, nodeRuntime());
	await graph.request({ method: 'POST', path: `${sandbox.wabaId}/subscribed_apps`, retry: 'never' });
	const before = await graph.request<{ data: Array<{ override_callback_uri?: string }> }>({ method: 'GET', path: `${sandbox.wabaId}/subscribed_apps`, retry: 'read' });
	expect(before.data[0].override_callback_uri).toBeUndefined();

	const root = path.resolve(__dirname, '../..');
	const child = spawn(process.execPath, ['-r', path.join(__dirname, 'support/tsRegister.js'), path.join(root, 'relay/cli.ts'), 'configure-meta'], {
		cwd: root,
		env: {
			PATH: process.env.PATH ?? '',
			META_APP_SECRET: sandbox.appSecret,
			META_VERIFY_TOKEN: VERIFY_TOKEN,
			RELAY_API_KEYS: API_KEY,
			RELAY_PUBLIC_URL: relay.config.publicUrl!,
			META_ACCESS_TOKEN: sandbox.accessToken,
			META_WABA_ID: sandbox.wabaId,
			META_GRAPH_URL: sandbox.baseUrl,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	expect([code, output]).toEqual([0, expect.stringContaining(`meta: the webhook override of WABA ${sandbox.wabaId} now points at ${relay.config.publicUrl}/meta/webhook (success: true, confirmed by reading it back: true)`)]);
	expect(output).not.toContain(sandbox.accessToken);
	const after = await graph.request<{ data: Array<{ override_callback_uri?: string }> }>({ method: 'GET', path: `${sandbox.wabaId}/subscribed_apps`, retry: 'read' });
	expect(after.data[0].override_callback_uri).toBe(`${relay.config.publicUrl}/meta/webhook`);
});
