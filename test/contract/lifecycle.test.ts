/**
 * The contract suite : the CORE, not raw HTTP, drives a number through its whole
 * lifecycle against the sandbox, and every Meta error the issue names reaches the core as the right
 * WhatsAppError. Webhooks land on a local receiver and are checked with the core's own
 * verifySignature and parseWebhook, so a disagreement between the two sides about Meta shows here.
 */
import { createClient, GraphClient, parseWebhook, runOperation, verifySignature, WebhookEvent, WhatsAppError } from '../../shared';
import { nodeRuntime } from '../../shared/node/runtime';
import { startSandbox, Sandbox } from '../../sandbox';
import { ReceivedPost, Receiver, startReceiver } from '../fixtures/sandbox/receiver';

const RECIPIENT = '+16505551234';
const RECIPIENT_WA_ID = '16505551234';

function clientFor(sb: Sandbox, overrides: { accessToken?: string } = {}): GraphClient {
	// One attempt: throttling answers must surface here, not be retried away.
	return createClient({ accessToken: sb.accessToken, wabaId: sb.wabaId, baseUrl: sb.baseUrl, retry: { maxAttempts: 1 }, ...overrides }, nodeRuntime());
}

/** The WhatsAppError a core call fails with (fails the test if it succeeds or throws something else). */
async function failure(promise: Promise<unknown>): Promise<WhatsAppError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(WhatsAppError);
		return error as WhatsAppError;
	}
	throw new Error('expected the operation to fail');
}

/** The core's view of a received webhook: the signature must hold, then the events. */
function eventsOf(post: ReceivedPost, appSecret: string): WebhookEvent[] {
	expect(verifySignature(post.raw, post.headers['x-hub-signature-256'], appSecret)).toEqual({ ok: true });
	return parseWebhook(post.raw);
}

function statusEvents(receiver: Receiver, appSecret: string, messageId: string): WebhookEvent[] {
	return receiver.posts.flatMap((post) => eventsOf(post, appSecret)).filter((event) => 'messageId' in event && event.messageId === messageId);
}

describe('the whole lifecycle through the core', () => {
	let sb: Sandbox;
	let client: GraphClient;
	let receiver: Receiver;
	let phoneNumberId: string;
	let observedHash: string;

	beforeAll(async () => {
		sb = await startSandbox({ port: 0, statusTiming: { sentMs: 0, stepMs: 5 }, webhookRetry: { maxAttempts: 2, initialDelayMs: 10, timeoutMs: 2000 } });
		client = clientFor(sb);
		receiver = await startReceiver('contract-verify-token');
	});
	afterAll(async () => {
		await sb.stop();
		await receiver.stop();
	});

	it('adds a number (addPhoneNumber)', async () => {
		const added = await runOperation<{ phoneNumberId: string }>('addPhoneNumber', client, { cc: '1', phoneNumber: '555 010 0002', verifiedName: 'Contract Co' });
		expect(added.phoneNumberId).toBe('200000000000002');
		phoneNumberId = added.phoneNumberId;
		const read = await runOperation<Record<string, unknown>>('getPhoneNumber', client, { lookupBy: 'id', phoneNumberId });
		expect(read).toMatchObject({ id: phoneNumberId, status: 'PENDING', codeVerificationStatus: 'UNVERIFIED', twoStepEnabled: false, displayPhoneNumber: '+1 555-010-0002' });
	});

	it('requests a code and verifies it (read from the control endpoint)', async () => {
		const requested = await runOperation<{ success: boolean }>('requestVerificationCode', client, { phoneNumberId, codeMethod: 'SMS', language: 'en_US' });
		expect(requested.success).toBe(true);
		const code = await fetch(`${sb.baseUrl}/_sandbox/numbers/${phoneNumberId}/code`).then((r) => r.json() as Promise<{ code: string }>);
		expect(code.code).toMatch(/^\d{6}$/);
		const verified = await runOperation<{ success: boolean }>('verifyCode', client, { phoneNumberId, code: code.code });
		expect(verified.success).toBe(true);
		expect(await runOperation('getPhoneNumber', client, { lookupBy: 'id', phoneNumberId })).toMatchObject({ codeVerificationStatus: 'VERIFIED' });
	});

	it('registers it with a PIN → CONNECTED with two-step on (getPhoneNumber)', async () => {
		// The register's own output already carries the state read right after it.
		expect(await runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '246810' })).toEqual({
			success: true,
			phoneNumberId,
			status: 'CONNECTED',
			codeVerificationStatus: 'VERIFIED',
			nameStatus: 'PENDING_REVIEW',
			twoStepEnabled: true,
			stateKnown: true,
			stateNote: null,
		});
		expect(await runOperation('getPhoneNumber', client, { lookupBy: 'id', phoneNumberId })).toMatchObject({ status: 'CONNECTED', twoStepEnabled: true, found: true });
	});

	it('points the number\'s webhooks at our receiver (setWebhookOverride; Meta\'s GET challenge first)', async () => {
		const result = await runOperation('setWebhookOverride', client, { level: 'phoneNumber', phoneNumberId, callbackUrl: receiver.url, verifyToken: 'contract-verify-token' });
		expect(result).toMatchObject({ success: true, level: 'phoneNumber', targetId: phoneNumberId });
		expect(receiver.gets).toHaveLength(1);
	});

	it('turns the identity check on (setIdentityCheck)', async () => {
		const result = await runOperation<{ success: boolean; enabled: boolean }>('setIdentityCheck', client, { phoneNumberId, enabled: true });
		expect(result).toMatchObject({ success: true, enabled: true });
	});

	it('sends without a hash; the status webhooks carry recipient_identity_key_hash (signed, parsed by the core)', async () => {
		const sent = await runOperation<{ messageId: string; waId: string; identityHashChecked: boolean }>('sendMessage', client, {
			phoneNumberId,
			to: RECIPIENT,
			messageType: 'text',
			text: 'Your statement is ready',
		});
		expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), waId: RECIPIENT_WA_ID, identityHashChecked: false });
		await receiver.waitForPost((post) => post.raw.toString().includes(sent.messageId) && post.raw.toString().includes('"read"'));
		const events = statusEvents(receiver, sb.appSecret, sent.messageId);
		const statuses = events.filter((event) => event.type === 'messageStatus');
		expect(statuses.map((event) => (event as { status: string }).status).sort()).toEqual(['delivered', 'read', 'sent']);
		const hashes = new Set(statuses.map((event) => (event as { recipientIdentityKeyHash?: string }).recipientIdentityKeyHash));
		expect(hashes.size).toBe(1);
		observedHash = [...hashes][0] as string;
		expect(observedHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
		const all = receiver.posts.flatMap((post) => eventsOf(post, sb.appSecret));
		expect(all).toContainEqual(expect.objectContaining({ type: 'identityHashObserved', waId: RECIPIENT_WA_ID, identityKeyHash: observedHash, source: 'status' }));
	});

	it('sends with that hash: accepted and delivered, no failure', async () => {
		const sent = await runOperation<{ messageId: string; identityHashChecked: boolean }>('sendMessage', client, {
			phoneNumberId,
			to: RECIPIENT,
			messageType: 'text',
			text: 'Checked send',
			recipientIdentityKeyHash: observedHash,
		});
		expect(sent.identityHashChecked).toBe(true);
		await receiver.waitForPost((post) => post.raw.toString().includes(sent.messageId) && post.raw.toString().includes('"read"'));
		const events = statusEvents(receiver, sb.appSecret, sent.messageId);
		expect(events.map((event) => event.type)).not.toContain('identityMismatch');
		expect(events.filter((event) => event.type === 'messageStatus').map((event) => (event as { status: string }).status).sort()).toEqual(['delivered', 'read', 'sent']);
	});

	it('after the identity rotates, a send with the old hash is accepted, then a signed failed status 137000 arrives', async () => {
		const rotated = await fetch(`${sb.baseUrl}/_sandbox/contacts/${RECIPIENT_WA_ID}/rotate-identity`, { method: 'POST' }).then(
			(r) => r.json() as Promise<{ identityKeyHash: string }>,
		);
		expect(rotated.identityKeyHash).not.toBe(observedHash);
		const sent = await runOperation<{ messageId: string; identityHashChecked: boolean }>('sendMessage', client, {
			phoneNumberId,
			to: RECIPIENT,
			messageType: 'text',
			text: 'Checked send after the phone changed hands',
			recipientIdentityKeyHash: observedHash,
		});
		expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), identityHashChecked: true });
		const post = await receiver.waitForPost((p) => p.raw.toString().includes(sent.messageId));
		const events = eventsOf(post, sb.appSecret);
		expect(events).toContainEqual(
			expect.objectContaining({ type: 'identityMismatch', messageId: sent.messageId, recipientId: RECIPIENT_WA_ID, error: expect.objectContaining({ code: 137000 }) }),
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const later = statusEvents(receiver, sb.appSecret, sent.messageId);
		expect(later.filter((event) => event.type === 'messageStatus' && ['sent', 'delivered', 'read'].includes((event as { status: string }).status))).toEqual([]);
	});

	it('an inbound message carries the new identity hash (parsed by the core)', async () => {
		await fetch(`${sb.baseUrl}/_sandbox/inbound`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phoneNumberId, from: RECIPIENT_WA_ID, text: 'It is me, new phone 📱' }),
		});
		const post = await receiver.waitForPost((p) => p.raw.toString().includes('new phone'));
		const events = eventsOf(post, sb.appSecret);
		const current = sb.control.contact(RECIPIENT_WA_ID).identityKeyHash;
		expect(events).toContainEqual(expect.objectContaining({ type: 'inboundMessage', from: RECIPIENT_WA_ID, text: 'It is me, new phone 📱', identityKeyHash: current }));
	});
});

describe('every error of the issue, through the core', () => {
	let sb: Sandbox;
	let client: GraphClient;
	let requestLog: string[];
	beforeEach(async () => {
		requestLog = [];
		sb = await startSandbox({ port: 0, statusTiming: { sentMs: 0, stepMs: 5, read: false }, logRequests: true, log: (line) => requestLog.push(line) });
		client = clientFor(sb);
	});
	afterEach(() => sb.stop());

	async function verifiedNumber(): Promise<string> {
		const { phoneNumberId } = await runOperation<{ phoneNumberId: string }>('addPhoneNumber', client, { cc: '1', phoneNumber: '5550100002', verifiedName: 'Errors Co' });
		await runOperation('requestVerificationCode', client, { phoneNumberId, codeMethod: 'SMS', language: 'en' });
		await runOperation('verifyCode', client, { phoneNumberId, code: sb.control.verificationCode(phoneNumberId)! });
		return phoneNumberId;
	}

	it('136024: request_code on a verified number', async () => {
		const phoneNumberId = await verifiedNumber();
		const error = await failure(runOperation('requestVerificationCode', client, { phoneNumberId, codeMethod: 'SMS', language: 'en' }));
		expect(error).toMatchObject({ code: 136024, httpStatus: 400, operation: 'requestVerificationCode' });
	});

	it('136025: a wrong verification code', async () => {
		const { phoneNumberId } = await runOperation<{ phoneNumberId: string }>('addPhoneNumber', client, { cc: '1', phoneNumber: '5550100002', verifiedName: 'Errors Co' });
		await runOperation('requestVerificationCode', client, { phoneNumberId, codeMethod: 'SMS', language: 'en' });
		const code = sb.control.verificationCode(phoneNumberId)!;
		const error = await failure(runOperation('verifyCode', client, { phoneNumberId, code: code === '000000' ? '111111' : '000000' }));
		expect(error).toMatchObject({ code: 136025, httpStatus: 400 });
		expect(error.message).not.toContain(code);
	});

	it('133005: register with another PIN once two-step is on (the PIN never shows in the error)', async () => {
		const phoneNumberId = await verifiedNumber();
		await runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '246810' });
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '135791' }));
		expect(error).toMatchObject({ code: 133005, httpStatus: 400 });
		expect(JSON.stringify(error.toJSON())).not.toMatch(/135791|246810/);
	});

	it('133006: register before verifying', async () => {
		const { phoneNumberId } = await runOperation<{ phoneNumberId: string }>('addPhoneNumber', client, { cc: '1', phoneNumber: '5550100002', verifiedName: 'Errors Co' });
		expect(await failure(runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '246810' }))).toMatchObject({ code: 133006 });
	});

	it('133016: the 11th register in 72 hours (never retried by the core: exactly 11 calls reach the sandbox)', async () => {
		const phoneNumberId = await verifiedNumber();
		for (let i = 0; i < 10; i++) await runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '246810' });
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '246810' }));
		expect(error).toMatchObject({ code: 133016, httpStatus: 400 });
		expect(requestLog.filter((line) => line.startsWith(`POST /v25.0/${phoneNumberId}/register `))).toHaveLength(11);
		// Moving the sandbox clock past the block lets it through again.
		sb.control.advanceClock(72 * 60 * 60 * 1000 + 1000);
		expect(await runOperation('registerPhoneNumber', client, { phoneNumberId, pin: '246810' })).toMatchObject({ success: true, phoneNumberId, status: 'CONNECTED' });
	});

	it('133016 for deregister too', async () => {
		const phoneNumberId = await verifiedNumber();
		for (let i = 0; i < 10; i++) await runOperation('deregisterPhoneNumber', client, { phoneNumberId });
		expect(await failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId }))).toMatchObject({ code: 133016 });
		expect(requestLog.filter((line) => line.startsWith(`POST /v25.0/${phoneNumberId}/deregister `))).toHaveLength(11);
	});

	it('130429: beyond the number\'s throughput', async () => {
		sb.control.setThroughput(sb.phoneNumberId, 2);
		sb.control.setPairRate(null);
		const send = (i: number) => runOperation('sendMessage', client, { phoneNumberId: sb.phoneNumberId, to: `+1650555100${i}`, messageType: 'text', text: 'hi' });
		await send(1);
		await send(2);
		const error = await failure(send(3));
		expect(error).toMatchObject({ code: 130429, httpStatus: 400, category: 'throttling' });
	});

	it('131056: too many messages to one recipient', async () => {
		sb.control.setPairRate({ burst: 2, perSeconds: 6 });
		const send = () => runOperation('sendMessage', client, { phoneNumberId: sb.phoneNumberId, to: RECIPIENT, messageType: 'text', text: 'hi' });
		await send();
		await send();
		expect(await failure(send())).toMatchObject({ code: 131056, httpStatus: 400 });
		// Another recipient is unaffected.
		expect(await runOperation('sendMessage', client, { phoneNumberId: sb.phoneNumberId, to: '+16505550000', messageType: 'text', text: 'hi' })).toMatchObject({
			messageId: expect.stringMatching(/^wamid\./),
		});
	});

	it('190: a wrong access token (and the token never shows in the error)', async () => {
		const wrong = clientFor(sb, { accessToken: 'EAAB-wrong-token-123' });
		const error = await failure(runOperation('getPhoneNumber', wrong, { lookupBy: 'id', phoneNumberId: sb.phoneNumberId }));
		expect(error).toMatchObject({ code: 190, httpStatus: 401 });
		expect(JSON.stringify(error.toJSON())).not.toContain('EAAB-wrong-token-123');
		expect(error.message).not.toContain('EAAB-wrong-token-123');
	});

	it('133010: sending from a number that is not registered', async () => {
		const phoneNumberId = await verifiedNumber();
		const error = await failure(runOperation('sendMessage', client, { phoneNumberId, to: RECIPIENT, messageType: 'text', text: 'hi' }));
		expect(error).toMatchObject({ code: 133010 });
	});
});
