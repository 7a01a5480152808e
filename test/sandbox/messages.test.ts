/**
 * Sending (docs/meta-api.md §2), limits (§4.2 130429, 131056), status webhooks (§3.4) and the identity
 * change check (§1.10): hashes on statuses and inbound messages, 137000 on a mismatch.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { hasStatus, Receiver, signatureIsValid, startReceiver, statusesOf } from '../fixtures/sandbox/receiver';

const PN = '200000000000001';
const TO = '16505551234';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;

beforeEach(async () => {
	receiver = await startReceiver('verify-me');
	sb = await startSandbox({
		port: 0,
		statusTiming: { sentMs: 0, stepMs: 5 },
		pairRate: { burst: 3, perSeconds: 6 },
		webhookRetry: { maxAttempts: 3, initialDelayMs: 10, timeoutMs: 1000 },
	});
	sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'verify-me' });
	graph = graphClient(sb);
});
afterEach(async () => {
	await sb.stop();
	await receiver.stop();
});

const text = (to: string, extra: Record<string, unknown> = {}) => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to,
	type: 'text',
	text: { preview_url: false, body: 'Your statement is ready' },
	...extra,
});
const send = (body: unknown, pn = PN) => graph('POST', `/v25.0/${pn}/messages`, { json: body });
const enableIdentityCheck = () => graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enable_identity_key_check: true } } });

describe('the accepted response', () => {
	it('answers Meta\'s shape: messaging_product, contacts[{input, wa_id}], messages[{id: wamid.…}]', async () => {
		const answer = await send(text(`+${TO}`));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: `+${TO}`, wa_id: TO }],
			messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/) }],
		});
	});

	it('gives each message its own id', async () => {
		const a = await send(text('+16505550001'));
		const b = await send(text('+16505550002'));
		expect(a.body.messages[0].id).not.toBe(b.body.messages[0].id);
	});

	it('prepends the business number\'s country code when `to` has neither + nor one', async () => {
		const answer = await send(text('6505551234'));
		expect(answer.body.contacts).toEqual([{ input: '6505551234', wa_id: '16505551234' }]);
	});

	it.each([
		['template (seeded)', { type: 'template', template: { name: 'appointment_reminder', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '12 May' }] }] } }],
		['image with a caption', { type: 'image', image: { link: 'https://example.com/receipt.jpg', caption: 'Receipt' } }],
		['image by link', { type: 'image', image: { link: 'https://example.com/a.png' } }],
		['document', { type: 'document', document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' } }],
		['video', { type: 'video', video: { link: 'https://example.com/a.mp4' } }],
		['audio', { type: 'audio', audio: { link: 'https://example.com/a.ogg' } }],
		['interactive buttons', { type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] } } }],
	])('accepts a %s message', async (_name, payload) => {
		const answer = await send({ messaging_product: 'whatsapp', to: `+${TO}`, ...payload });
		expect(answer.status).toBe(200);
		expect(answer.body.messages[0].id).toMatch(/^wamid\./);
	});
});

describe('payload validation (100 / 131008 / 131009)', () => {
	it.each([
		['no messaging_product', { to: `+${TO}`, type: 'text', text: { body: 'x' } }, 100, 'The parameter messaging_product is required.'],
		['no to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 100, 'The parameter to is required.'],
		['an unknown top-level key', { ...text(`+${TO}`), recipient_identity_hash: 'abc=' }, 100, 'recipient_identity_hash'],
		['an unknown type', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'hologram', hologram: {} }, 131009, 'Unsupported message type'],
		['type text without text', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'text' }, 131008, 'The parameter text is required.'],
		['text without body', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'text', text: {} }, 131008, "text['body']"],
		['a body over 4096 characters', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'text', text: { body: 'x'.repeat(4097) } }, 131009, '4096'],
		['a template without name', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'template', template: { language: { code: 'en' } } }, 131008, "template['name']"],
		['a template without language', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'template', template: { name: 'x' } }, 131008, "['language']['code']"],
		['media with neither id nor link', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'image', image: { caption: 'x' } }, 131008, 'either id or link'],
		['media with both id and link', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'image', image: { id: '1', link: 'https://e.com/a.png' } }, 131009, 'not both'],
		['media with a bad link', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'document', document: { link: 'ftp://e.com/a.pdf' } }, 131009, 'http(s) URL'],
		['four reply buttons', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) } } }, 131009, '1 to 3 buttons'],
		['a button title over 20 characters', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } } }, 131009, '20 characters'],
		['buttons without body text', { messaging_product: 'whatsapp', to: `+${TO}`, type: 'interactive', interactive: { type: 'button', action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } }, 131008, "interactive['body']['text']"],
		['a `to` that is not a phone number', text('call me'), 131009, 'phone number'],
	])('rejects %s', async (_name, body, code, detail) => {
		const answer = await send(body);
		const error = expectMetaError(answer, 400, code as number);
		expect(`${error.message} ${error.error_data?.details ?? ''}`).toContain(detail as string);
		if (code !== 100) expectWhatsAppError(answer, 400, code as number);
	});

	it('sends no webhook for a rejected send', async () => {
		await send({ messaging_product: 'whatsapp', to: `+${TO}`, type: 'text' });
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(receiver.posts).toHaveLength(0);
	});
});

describe('number state and limits', () => {
	it('answers 133010 for a number that is not CONNECTED', async () => {
		sb.control.setNumberStatus(PN, { status: 'DISCONNECTED' });
		const error = expectWhatsAppError(await send(text(`+${TO}`)), 400, 133010);
		expect(error.message).toBe('(#133010) The account is not registered');
	});

	it('answers 130429 beyond the number\'s throughput, with Meta\'s example message', async () => {
		// A frozen clock: the bucket refills only when the test moves time, however slow the machine is.
		const frozen = await startSandbox({ port: 0, now: () => 1_800_000_000_000, pairRate: null });
		try {
			const frozenGraph = graphClient(frozen);
			const sendFrozen = (to: string) => frozenGraph('POST', `/v25.0/${PN}/messages`, { json: text(to) });
			frozen.control.setThroughput(PN, 5);
			const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => sendFrozen(`+1650555${String(1000 + i)}`)));
			const refused = answers.filter((a) => a.status !== 200);
			expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
			expect(refused).toHaveLength(3);
			const error = expectWhatsAppError(refused[0], 400, 130429);
			expect(error.message).toBe('(#130429) Rate limit hit');
			expect(error.error_data.details).toContain('Cloud API message throughput has been reached');
			// Still frozen: nothing refills. One second later the bucket is full again.
			expectWhatsAppError(await sendFrozen('+16505559998'), 400, 130429);
			frozen.control.advanceClock(1000);
			expect((await sendFrozen('+16505559999')).status).toBe(200);
		} finally {
			await frozen.stop();
		}
	});

	it('defaults to 80 messages per second per number', async () => {
		// A frozen clock, so the bucket cannot refill while the 81 requests are on their way.
		const frozen = await startSandbox({ port: 0, now: () => 1_800_000_000_000, pairRate: null });
		try {
			const answers: Array<{ status: number; body: any }> = [];
			for (let i = 0; i < 81; i++) answers.push(await graphClient(frozen)('POST', `/v25.0/${PN}/messages`, { json: text(`+1650666${String(1000 + i)}`) }));
			expect(answers.slice(0, 80).every((a) => a.status === 200)).toBe(true);
			expectWhatsAppError(answers[80] as never, 400, 130429);
		} finally {
			await frozen.stop();
		}
	});

	it('answers 131056 for too many messages to one recipient; others are unaffected; it recovers with time', async () => {
		for (let i = 0; i < 3; i++) expect((await send(text(`+${TO}`))).status).toBe(200);
		const error = expectWhatsAppError(await send(text(`+${TO}`)), 400, 131056);
		expect(error.message).toBe('(#131056) (Business Account, Consumer Account) pair rate limit hit');
		expect((await send(text('+16505550000'))).status).toBe(200);
		sb.control.advanceClock(6000);
		expect((await send(text(`+${TO}`))).status).toBe(200);
		expectWhatsAppError(await send(text(`+${TO}`)), 400, 131056);
	});

	it('sets the pair rate through the control endpoint (null turns it off)', async () => {
		expect((await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/pair-rate', { json: { burst: 1, perSeconds: 60 } })).body).toEqual({ pairRate: { burst: 1, perSeconds: 60 } });
		expect((await send(text(`+${TO}`))).status).toBe(200);
		expectWhatsAppError(await send(text(`+${TO}`)), 400, 131056);
		await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/pair-rate', { rawBody: 'null', headers: { 'content-type': 'application/json' } });
		for (let i = 0; i < 5; i++) expect((await send(text(`+${TO}`))).status).toBe(200);
	});
});

describe('status webhooks', () => {
	it('delivers signed sent → delivered → read statuses with Meta\'s shape', async () => {
		const answer = await send(text(`+${TO}`, { biz_opaque_callback_data: 'order-42' }));
		const id = answer.body.messages[0].id;
		await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'read'));
		const posts = receiver.posts.filter((p) => hasStatus(p, (s) => s.id === id));
		expect(posts).toHaveLength(3);
		for (const post of posts) {
			expect(post.headers['content-type']).toBe('application/json');
			expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
			expect(post.json).toEqual({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: '100000000000001',
						changes: [
							{
								field: 'messages',
								value: {
									messaging_product: 'whatsapp',
									metadata: { display_phone_number: '15550100001', phone_number_id: PN },
									statuses: [expect.any(Object)],
								},
							},
						],
					},
				],
			});
		}
		const statuses = posts.flatMap(statusesOf);
		expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
		const sent = statuses.find((s) => s.status === 'sent');
		expect(sent).toEqual({
			id,
			status: 'sent',
			timestamp: expect.stringMatching(/^\d{10}$/),
			recipient_id: TO,
			recipient_user_id: expect.stringMatching(/^US\.\d+$/),
			biz_opaque_callback_data: 'order-42',
			pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
		});
		// Identity check is off: no hash anywhere, and no `conversation` (v24+).
		for (const status of statuses) {
			expect(status).not.toHaveProperty('recipient_identity_key_hash');
			expect(status).not.toHaveProperty('conversation');
		}
	});

	it('records every delivery in the log, readable in-process and from the control endpoint', async () => {
		const id = (await send(text(`+${TO}`))).body.messages[0].id;
		const record = await sb.waitForDelivery((d) => d.field === 'messages' && JSON.stringify(d.payload).includes(id) && d.body.includes('"read"'));
		expect(record).toMatchObject({ status: 'delivered', attempts: 1, url: receiver.url, phoneNumberId: PN });
		const log = await rawRequest(sb.baseUrl, 'GET', '/_sandbox/deliveries', { query: { field: 'messages', status: 'delivered' } });
		expect(log.body.data.length).toBeGreaterThanOrEqual(1);
		expect(log.body.data[0]).toMatchObject({ field: 'messages', status: 'delivered', url: receiver.url });
		expect(JSON.stringify(log.body)).not.toContain('verify-me');
	});
});

describe('identity change check', () => {
	it('puts recipient_identity_key_hash on every status of a send without hash, once the check is on', async () => {
		await enableIdentityCheck();
		const id = (await send(text(`+${TO}`))).body.messages[0].id;
		await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'read'));
		const statuses = receiver.statuses().filter((s) => s.id === id);
		expect(statuses).toHaveLength(3);
		const contact = sb.control.contact(TO);
		expect(contact.identityKeyHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
		for (const status of statuses) expect(status.recipient_identity_key_hash).toBe(contact.identityKeyHash);
	});

	it('delivers a send whose hash matches, and leaves the hash off its statuses', async () => {
		await enableIdentityCheck();
		const hash = sb.control.contact(TO).identityKeyHash;
		const answer = await send(text(`+${TO}`, { recipient_identity_key_hash: hash }));
		expect(answer.status).toBe(200);
		const id = answer.body.messages[0].id;
		await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'read'));
		const statuses = receiver.statuses().filter((s) => s.id === id);
		expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
		for (const status of statuses) expect(status).not.toHaveProperty('recipient_identity_key_hash');
	});

	it('accepts a mismatching send synchronously, then sends one signed failed status with 137000 and nothing else', async () => {
		await enableIdentityCheck();
		const oldHash = sb.control.contact(TO).identityKeyHash;
		const rotated = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/contacts/${TO}/rotate-identity`);
		expect(rotated.body).toEqual({ waId: TO, identityKeyHash: expect.stringMatching(/^[A-Za-z0-9+/]{11}=$/) });
		expect(rotated.body.identityKeyHash).not.toBe(oldHash);

		const answer = await send(text(`+${TO}`, { recipient_identity_key_hash: oldHash }));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: `+${TO}`, wa_id: TO }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
		const id = answer.body.messages[0].id;
		const post = await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id));
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		expect(statusesOf(post)).toEqual([
			{
				id,
				status: 'failed',
				timestamp: expect.stringMatching(/^\d+$/),
				recipient_id: TO,
				errors: [{ code: 137000, title: expect.any(String), message: expect.any(String), error_data: { details: expect.any(String) }, href: expect.any(String) }],
			},
		]);
		// Give sent/delivered/read the time they would need, then check none came.
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(receiver.statuses().filter((s) => s.id === id)).toHaveLength(1);
		expect((await rawRequest(sb.baseUrl, 'GET', `/_sandbox/messages/${encodeURIComponent(id)}`)).body).toMatchObject({ outcome: 'identity_mismatch', waId: TO });
	});

	it('puts identity_key_hash on inbound messages when the check is on, and escapes non-ASCII like Meta', async () => {
		await enableIdentityCheck();
		const answer = await rawRequest(sb.baseUrl, 'POST', '/_sandbox/inbound', { json: { phoneNumberId: PN, from: TO, text: 'Olá 👋', name: 'Sheena' } });
		expect(answer.status).toBe(200);
		const post = await receiver.waitForPost((p) => p.json.entry[0].changes[0].value.messages !== undefined);
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		const raw = post.raw.toString('utf8');
		expect(raw).toContain('Ol\\u00e1 \\ud83d\\udc4b');
		expect(/[^\x00-\x7f]/.test(raw)).toBe(false);
		const value = post.json.entry[0].changes[0].value;
		expect(value).toEqual({
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: '15550100001', phone_number_id: PN },
			contacts: [{ profile: { name: 'Sheena' }, wa_id: TO, identity_key_hash: sb.control.contact(TO).identityKeyHash, user_id: expect.stringMatching(/^US\./) }],
			messages: [{ from: TO, from_user_id: sb.control.contact(TO).userId, id: answer.body.messageId, timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'Olá 👋' } }],
		});
	});

	it('leaves identity_key_hash off inbound messages when the check is off', async () => {
		sb.control.inbound({ phoneNumberId: PN, from: TO, text: 'hi' });
		const post = await receiver.waitForPost((p) => p.json.entry[0].changes[0].value.messages !== undefined);
		expect(post.json.entry[0].changes[0].value.contacts[0]).not.toHaveProperty('identity_key_hash');
	});

	it('validates inbound control input', async () => {
		expect((await rawRequest(sb.baseUrl, 'POST', '/_sandbox/inbound', { json: { phoneNumberId: PN, from: 'abc', text: 'x' } })).status).toBe(400);
		expect((await rawRequest(sb.baseUrl, 'POST', '/_sandbox/inbound', { json: { phoneNumberId: '1', from: TO, text: 'x' } })).status).toBe(404);
	});
});
