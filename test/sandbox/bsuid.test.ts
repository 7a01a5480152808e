/**
 * Business-scoped user IDs (docs/meta-bsuid.md): username adopters without a phone number in
 * webhooks, sends by `recipient` (phone wins over it), statuses of BSUID sends, and BSUID changes as
 * `user_changed_user_id` / `user_changed_number` system messages.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { hasStatus, Receiver, startReceiver } from '../fixtures/sandbox/receiver';

const PN = '200000000000001';
const USER = '16505551234';
const T0 = 1_800_000_000_000;
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;

beforeEach(async () => {
	receiver = await startReceiver('verify-me');
	sb = await startSandbox({ port: 0, now: () => T0, statusTiming: { sentMs: 0, stepMs: 5 }, webhookRetry: { maxAttempts: 2, initialDelayMs: 10, timeoutMs: 1000 } });
	sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'verify-me' });
	graph = graphClient(sb);
});
afterEach(async () => {
	await sb.stop();
	await receiver.stop();
});

const send = (recipient: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', recipient_type: 'individual', ...recipient, type: 'text', text: { body: 'Your order shipped' }, ...extra } });

async function valueWith(text: string): Promise<any> {
	return (await receiver.waitForPost((p) => p.raw.toString().includes(text))).json.entry[0].changes[0].value;
}

describe('webhooks of username adopters', () => {
	it('leaves out wa_id and from when the phone is hidden; carries user_id, from_user_id and profile.username', async () => {
		const answer = await rawRequest(sb.baseUrl, 'POST', '/_sandbox/inbound', {
			json: { phoneNumberId: PN, from: USER, text: 'hi from a username', name: 'Sheena', username: 'sheena.nelson', hidePhone: true },
		});
		const userId = sb.control.contact(USER).userId;
		const value = await valueWith(answer.body.messageId);
		expect(value.contacts).toEqual([{ profile: { name: 'Sheena', username: 'sheena.nelson' }, user_id: userId }]);
		expect(value.messages).toEqual([{ from_user_id: userId, id: answer.body.messageId, timestamp: String(T0 / 1000), type: 'text', text: { body: 'hi from a username' } }]);
	});

	it('shows wa_id and from again once the phone is no longer hidden, keeping the username', async () => {
		sb.control.messaging.setUser(USER, { username: 'sheena.nelson', hidePhone: true });
		const shown = await rawRequest(sb.baseUrl, 'PUT', `/_sandbox/contacts/${USER}/user`, { json: { hidePhone: false } });
		expect(shown.body).toEqual({ waId: USER, userId: sb.control.contact(USER).userId, username: 'sheena.nelson', phoneHidden: false });
		const { messageId } = sb.control.inbound({ phoneNumberId: PN, from: USER, text: 'visible again' });
		const value = await valueWith(messageId);
		expect(value.contacts[0]).toEqual({ profile: { name: expect.any(String), username: 'sheena.nelson' }, wa_id: USER, user_id: sb.control.contact(USER).userId });
		expect(value.messages[0].from).toBe(USER);
	});

	it('validates usernames like business usernames, and keeps them in saved state', async () => {
		const bad = await rawRequest(sb.baseUrl, 'PUT', `/_sandbox/contacts/${USER}/user`, { json: { username: 'www.shop' } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toContain('must not start with www');
		sb.control.messaging.setUser(USER, { username: 'sheena_n', hidePhone: true });
		expect(sb.control.snapshot().messaging?.users).toEqual({ [USER]: { username: 'sheena_n', phoneHidden: true } });
		expect((await rawRequest(sb.baseUrl, 'PUT', `/_sandbox/contacts/${USER}/user`, { json: { username: null } })).body.username).toBeNull();
	});
});

describe('sending to a BSUID', () => {
	it('answers contacts[{input, user_id}] and statuses carry recipient_user_id without recipient_id', async () => {
		const userId = sb.control.contact(USER).userId;
		const answer = await send({ recipient: userId });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: userId, user_id: userId }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
		const id = answer.body.messages[0].id;
		await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'read'));
		const statuses = receiver.statuses().filter((s) => s.id === id);
		expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
		for (const status of statuses) {
			expect(status.recipient_user_id).toBe(userId);
			expect(status).not.toHaveProperty('recipient_id');
		}
	});

	it('goes by the phone number when both to and recipient are given', async () => {
		const userId = sb.control.contact(USER).userId;
		const answer = await send({ to: `+${USER}`, recipient: 'US.99999999999999999999' });
		expect(answer.body.contacts).toEqual([{ input: `+${USER}`, wa_id: USER }]);
		const id = answer.body.messages[0].id;
		const post = await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'sent'));
		expect(post.json.entry[0].changes[0].value.statuses[0]).toMatchObject({ recipient_id: USER, recipient_user_id: userId });
	});

	it('refuses a BSUID no user of this business has (100), a malformed one (131009), and neither to nor recipient (100)', async () => {
		const unknown = expectMetaError(await send({ recipient: 'US.12345678901234567890' }), 400, 100);
		expect(unknown.error_data.details).toContain('US.12345678901234567890');
		expect(expectWhatsAppError(await send({ recipient: '16505551234' }), 400, 131009).error_data.details).toContain('business-scoped user ID');
		expect(expectMetaError(await send({}), 400, 100).message).toBe('(#100) The parameter to is required.');
	});

	it('keeps recipient_user_id (and no recipient_id) on the failed status of a BSUID send', async () => {
		await graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enable_identity_key_check: true } } });
		const { userId, identityKeyHash } = sb.control.contact(USER);
		sb.control.rotateIdentity(USER);
		const id = (await send({ recipient: userId }, { recipient_identity_key_hash: identityKeyHash })).body.messages[0].id;
		const post = await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id));
		const failed = post.json.entry[0].changes[0].value.statuses[0];
		expect(failed).toMatchObject({ status: 'failed', recipient_user_id: userId, errors: [{ code: 137000 }] });
		expect(failed).not.toHaveProperty('recipient_id');
	});
});

describe('BSUID changes', () => {
	it('reports a BSUID-only change as user_changed_user_id: no phone number, no contacts[]', async () => {
		const previous = sb.control.contact(USER).userId;
		const answer = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/contacts/${USER}/change-user-id`, { json: { phoneNumberId: PN } });
		expect(answer.status).toBe(200);
		const { userId, messageId } = answer.body;
		expect(answer.body).toEqual({ waId: USER, userId: expect.stringMatching(/^US\.\d{20}$/), previousUserId: previous, messageId: expect.stringMatching(/^wamid\./), deliveryId: expect.any(Number) });
		expect(userId).not.toBe(previous);
		const value = await valueWith(messageId);
		expect(value).not.toHaveProperty('contacts');
		expect(value.messages).toEqual([
			{
				from_user_id: previous,
				id: messageId,
				timestamp: String(T0 / 1000),
				type: 'system',
				system: { body: expect.stringContaining('business-scoped user ID'), type: 'user_changed_user_id', user_id: userId, previous_user_id: previous },
			},
		]);
		// The old BSUID no longer reaches anyone; the new one does.
		expectMetaError(await send({ recipient: previous }), 400, 100);
		expect((await send({ recipient: userId })).status).toBe(200);
	});

	it('reports a phone number change as user_changed_number with the new wa_id and both BSUIDs', async () => {
		const previous = sb.control.contact(USER).userId;
		const { body } = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/contacts/${USER}/change-user-id`, { json: { phoneNumberId: PN, newPhone: '16505559999' } });
		const value = await valueWith(body.messageId);
		expect(value.messages[0]).toEqual({
			from: USER,
			from_user_id: previous,
			id: body.messageId,
			timestamp: String(T0 / 1000),
			type: 'system',
			system: {
				body: `User ${sb.control.contact('16505559999').name} changed from ${USER} to 16505559999`,
				wa_id: '16505559999',
				type: 'user_changed_number',
				user_id: body.userId,
				previous_user_id: previous,
			},
		});
		expect(sb.control.contact('16505559999').userId).toBe(body.userId);
	});

	it.each([
		['the same phone number', { phoneNumberId: PN, newPhone: USER }, 400],
		["another contact's phone number", { phoneNumberId: PN, newPhone: '16505550000' }, 409],
		['an unknown business number', { phoneNumberId: '999' }, 404],
	])('refuses %s', async (_name, body, status) => {
		sb.control.contact('16505550000');
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/contacts/${USER}/change-user-id`, { json: body })).status).toBe(status);
	});
});
