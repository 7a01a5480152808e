/**
 * End to end, all on 127.0.0.1: the sandbox (standing in for Meta) → the relay → a local server
 * standing in for Zapier's hook URLs → the Zapier triggers' perform. A person who hides their phone
 * number writes in (their message reaches New Inbound Message named by their user ID), and a
 * reviewer rejects a template (the app-level webhook reaches New Template Status).
 */
import { newInboundMessage, newTemplateStatus } from '../../zapier/instant';
import { VERIFY_TOKEN } from './support/relay';
import { appTester, SandboxRelay, startSandboxRelay } from './support/sandboxRelay';

const SENDER = '16505551234';

jest.setTimeout(60_000);

let world: SandboxRelay;
beforeAll(async () => {
	world = await startSandboxRelay();
});
afterAll(async () => {
	await world?.stop();
});

async function sandboxCall(method: string, path: string, body?: unknown): Promise<any> {
	const { sandbox } = world;
	const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const json = await response.json();
	expect([response.status, path]).toEqual([200, path]);
	return json;
}

test('a BSUID-only inbound message and a template rejection reach their Zaps through the relay', async () => {
	const { sandbox, relay, target, authData } = world;
	const callbackUrl = `${relay.config.publicUrl}/meta/webhook`;

	// 1. Messages reach the relay through the WABA override, template webhooks through the app callback (Meta's GET challenge both times).
	expect((await relay.call('POST', '/meta/configure', { json: { waba_id: sandbox.wabaId, access_token: sandbox.accessToken } })).json).toMatchObject({ success: true, confirmed: true });
	const appToken = encodeURIComponent(`${sandbox.appId}|${sandbox.appSecret}`);
	const fields = 'message_template_status_update,message_template_quality_update,template_category_update';
	await sandboxCall('POST', `/v25.0/${sandbox.appId}/subscriptions?access_token=${appToken}&object=whatsapp_business_account&callback_url=${encodeURIComponent(callbackUrl)}&verify_token=${VERIFY_TOKEN}&fields=${fields}`);

	// 2. Two Zaps subscribe their hook URLs.
	const inboundZap = await appTester(newInboundMessage.operation.performSubscribe, { authData, targetUrl: `${target.url}inbound`, inputData: { phone_number_id: sandbox.phoneNumberId } });
	const templateZap = await appTester(newTemplateStatus.operation.performSubscribe, { authData, targetUrl: `${target.url}templates`, inputData: { events: ['rejected'] } });
	expect([inboundZap.event_types, templateZap.event_types, templateZap.waba_id]).toEqual([['inboundMessage'], ['templateStatusChanged'], sandbox.wabaId]);

	// 3. A person with a username who hides their number writes in.
	const inbound = await sandboxCall('POST', '/_sandbox/inbound', { phoneNumberId: sandbox.phoneNumberId, from: SENDER, text: 'Is the blue one back in stock?', name: 'Sheena Nelson', username: 'sheena.nelson', hidePhone: true });
	const [received] = await target.waitFor(1);
	expect(received.body).toMatchObject({ type: 'inboundMessage', subscription_id: inboundZap.id, sequence: 1 });
	const [message] = await appTester(newInboundMessage.operation.perform, { authData, cleanedRequest: received.body });
	const state = await sandboxCall('GET', '/_sandbox/state');
	const userId = state.contacts.find((contact: { waId: string }) => contact.waId === SENDER).userId;
	expect(userId).toMatch(/^US\.\d{20}$/);
	expect(message).toMatchObject({
		id: `inboundMessage:${inbound.messageId}`,
		message_id: inbound.messageId,
		message_type: 'text',
		text: 'Is the blue one back in stock?',
		sender: userId,
		from: null,
		user_id: userId,
		username: 'sheena.nelson',
		contact_name: 'Sheena Nelson',
		phone_number_id: sandbox.phoneNumberId,
		waba_id: sandbox.wabaId,
	});
	// The sender's number never reached the Zap: only the BSUID names them.
	expect(JSON.stringify(received.body)).not.toContain(SENDER);

	// 4. A template is created and rejected by the reviewer.
	const created = await sandboxCall('POST', `/v25.0/${sandbox.wabaId}/message_templates?access_token=${encodeURIComponent(sandbox.accessToken)}`, {
		name: 'blue_restock',
		language: 'en_US',
		category: 'MARKETING',
		components: [{ type: 'BODY', text: 'The blue one is back in stock. Reply STOP to opt out.' }],
	});
	await sandboxCall('POST', `/_sandbox/templates/${created.id}/review`, { decision: 'REJECTED', reason: 'PROMOTIONAL' });
	const all = await target.waitFor(2);
	const delivered = all.find((request) => request.body.type === 'templateStatusChanged')!;
	expect(delivered.body).toMatchObject({ subscription_id: templateZap.id, sequence: 1 });
	expect(await appTester(newTemplateStatus.operation.perform, { authData, inputData: { events: ['rejected'] }, cleanedRequest: delivered.body })).toEqual([
		expect.objectContaining({ change: 'status', template_id: created.id, template_name: 'blue_restock', template_language: 'en_US', status: 'REJECTED', reason: 'PROMOTIONAL', category: 'MARKETING' }),
	]);

	// 5. Turning the Zaps off removes their subscriptions.
	for (const subscribeData of [inboundZap, templateZap]) {
		expect(await appTester(newInboundMessage.operation.performUnsubscribe, { authData, subscribeData })).toEqual({ id: subscribeData.id, deleted: true });
	}
	expect((await relay.call('GET', '/subscriptions')).json.data).toEqual([]);
});
