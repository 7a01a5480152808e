/**
 * Inbound messages of every type (docs/meta-messaging.md §3) and read receipts with the typing
 * indicator (§4): media arrives with a media ID the business can look up and download, and marking
 * an incoming message read answers {success:true}.
 */
import { createHash } from 'node:crypto';
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { Receiver, signatureIsValid, startReceiver } from '../fixtures/sandbox/receiver';

const PN = '200000000000001';
const USER = '16505551234';
const T0 = 1_800_000_000_000;
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;

beforeEach(async () => {
	receiver = await startReceiver('verify-me');
	sb = await startSandbox({ port: 0, now: () => T0, webhookRetry: { maxAttempts: 2, initialDelayMs: 10, timeoutMs: 1000 } });
	sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'verify-me' });
	graph = graphClient(sb);
});
afterEach(async () => {
	await sb.stop();
	await receiver.stop();
});

const inbound = (body: Record<string, unknown>) => rawRequest(sb.baseUrl, 'POST', '/_sandbox/inbound', { json: { phoneNumberId: PN, from: USER, ...body } });

async function webhookMessage(messageId: string): Promise<any> {
	const post = await receiver.waitForPost((p) => p.raw.toString().includes(messageId));
	expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
	return post.json.entry[0].changes[0].value;
}

describe('inbound media', () => {
	it('sends an image with caption, mime_type, base64 sha256, media id and url; the business can fetch and download it', async () => {
		const bytes = Buffer.from('a photo of a plant');
		const answer = await inbound({ media: { type: 'image', dataBase64: bytes.toString('base64'), caption: 'My plant' } });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ messageId: expect.stringMatching(/^wamid\./), mediaId: expect.stringMatching(/^\d{16}$/), deliveryId: expect.any(Number) });
		const value = await webhookMessage(answer.body.messageId);
		const contact = sb.control.contact(USER);
		expect(value.messages).toEqual([
			{
				from: USER,
				from_user_id: contact.userId,
				id: answer.body.messageId,
				timestamp: String(T0 / 1000),
				type: 'image',
				image: {
					caption: 'My plant',
					mime_type: 'image/jpeg',
					sha256: createHash('sha256').update(bytes).digest('base64'),
					id: answer.body.mediaId,
					url: expect.stringMatching(new RegExp(`^${sb.baseUrl}/whatsapp_business/attachments/\\?mid=${answer.body.mediaId}&`)),
				},
			},
		]);
		const media = await graph('GET', `/v25.0/${answer.body.mediaId}`);
		expect(media.body).toMatchObject({ mime_type: 'image/jpeg', file_size: String(bytes.length), sha256: createHash('sha256').update(bytes).digest('hex') });
		const download = await rawRequest(sb.baseUrl, 'GET', media.body.url.slice(sb.baseUrl.length), { token: sb.accessToken });
		expect(download.bytes.equals(bytes)).toBe(true);
		// The webhook's own url works too, within its 5 minutes.
		expect((await rawRequest(sb.baseUrl, 'GET', value.messages[0].image.url.slice(sb.baseUrl.length), { token: sb.accessToken })).status).toBe(200);
	});

	it('rejects phone_number_id on inbound media: no business number uploaded it', async () => {
		const { mediaId } = (await inbound({ media: { type: 'image' } })).body;
		expectMetaError(await graph('GET', `/v25.0/${mediaId}`, { query: { phone_number_id: PN } }), 400, 100);
	});

	it('expires inbound media IDs after 7 days', async () => {
		const { mediaId } = (await inbound({ media: { type: 'audio' } })).body;
		sb.control.advanceClock(7 * 24 * 60 * 60 * 1000);
		expect(expectMetaError(await graph('GET', `/v25.0/${mediaId}`), 400, 100).error_subcode).toBe(33);
	});

	it.each([
		['a document with filename', { type: 'document', filename: 'invoice.pdf', caption: 'Invoice' }, 'document', { caption: 'Invoice', filename: 'invoice.pdf', mime_type: 'application/pdf' }],
		['a voice note', { type: 'audio', voice: true }, 'audio', { mime_type: 'audio/ogg; codecs=opus', voice: true }],
		['a video', { type: 'video' }, 'video', { mime_type: 'video/mp4' }],
		['a sticker', { type: 'sticker' }, 'sticker', { mime_type: 'image/webp', animated: false }],
	])('sends %s in Meta\'s shape', async (_name, media, type, expected) => {
		const { messageId, mediaId } = (await inbound({ media })).body;
		const value = await webhookMessage(messageId);
		expect(value.messages[0].type).toBe(type);
		expect(value.messages[0][type]).toMatchObject({ ...expected, id: mediaId, sha256: expect.any(String) });
	});

	it.each([
		['an unknown media type', { type: 'hologram' }, 'media.type must be one of'],
		['a MIME type the media type does not take', { type: 'image', mimeType: 'image/gif' }, 'image media must be one of'],
		['an image over 5 MB', { type: 'image', dataBase64: Buffer.alloc(5 * 1024 * 1024 + 1).toString('base64') }, 'must be 1 to 5242880 bytes'],
	])('refuses %s (control 400)', async (_name, media, message) => {
		const answer = await inbound({ media });
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain(message);
	});
});

describe('other inbound types', () => {
	it('sends a location', async () => {
		const { messageId } = (await inbound({ location: { latitude: 37.48, longitude: -122.14, name: 'Philz Coffee', address: '101 Forest Ave' } })).body;
		expect((await webhookMessage(messageId)).messages[0]).toMatchObject({ type: 'location', location: { latitude: 37.48, longitude: -122.14, name: 'Philz Coffee', address: '101 Forest Ave' } });
	});

	it('sends a reaction', async () => {
		const { messageId } = (await inbound({ reaction: { messageId: 'wamid.ABC', emoji: '❤️' } })).body;
		expect((await webhookMessage(messageId)).messages[0]).toMatchObject({ type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '❤️' } });
	});

	it('sends button and list replies in context of the business message', async () => {
		const button = (await inbound({ reply: { type: 'button', id: 'yes', title: 'Yes' }, contextMessageId: 'wamid.SENT' })).body.messageId;
		expect((await webhookMessage(button)).messages[0]).toMatchObject({
			context: { from: '15550100001', id: 'wamid.SENT' },
			type: 'interactive',
			interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
		});
		const row = (await inbound({ reply: { type: 'list', id: 'priority', title: 'Priority Mail', description: 'Next day' } })).body.messageId;
		expect((await webhookMessage(row)).messages[0].interactive).toEqual({ type: 'list_reply', list_reply: { id: 'priority', title: 'Priority Mail', description: 'Next day' } });
	});

	it.each([
		['nothing to say', {}],
		['two kinds at once', { text: 'hi', location: { latitude: 1, longitude: 1 } }],
	])('refuses %s (control 400)', async (_name, body) => {
		const answer = await inbound(body);
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain('exactly one of text, media, location, reaction or reply');
	});

	it('refuses a reply without id and title', async () => {
		expect((await inbound({ reply: { type: 'button' } })).status).toBe(400);
	});
});

describe('read receipts and the typing indicator', () => {
	const markRead = (body: Record<string, unknown>, pn = PN) => graph('POST', `/v25.0/${pn}/messages`, { json: { messaging_product: 'whatsapp', ...body } });

	it('marks an incoming message read: {success:true}, recorded with the time', async () => {
		const { messageId } = (await inbound({ text: 'hello' })).body;
		const answer = await markRead({ status: 'read', message_id: messageId });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ success: true });
		expect((await rawRequest(sb.baseUrl, 'GET', `/_sandbox/inbound/${encodeURIComponent(messageId)}`)).body).toMatchObject({ id: messageId, readAt: T0, typingUntil: null });
	});

	it('shows the typing indicator for 25 seconds', async () => {
		const { messageId } = (await inbound({ text: 'are you there?' })).body;
		expect((await markRead({ status: 'read', message_id: messageId, typing_indicator: { type: 'text' } })).body).toEqual({ success: true });
		expect(sb.control.messaging.inboundMessage(messageId)).toMatchObject({ readAt: T0, typingUntil: T0 + 25_000 });
	});

	it('sends no webhook for a read receipt and does not count as a message', async () => {
		const { messageId } = (await inbound({ text: 'hello' })).body;
		await receiver.waitForPost((p) => p.raw.toString().includes(messageId));
		const before = receiver.posts.length;
		await markRead({ status: 'read', message_id: messageId });
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(receiver.posts).toHaveLength(before);
	});

	it.each([
		['an unknown message id', { status: 'read', message_id: 'wamid.NOPE' }, 'is not a message this phone number received'],
		['a status other than read', { status: 'delivered', message_id: 'wamid.X' }, 'The parameter status must be read.'],
		['a typing indicator of another type', { status: 'read', message_id: 'wamid.X', typing_indicator: { type: 'audio' } }, "typing_indicator['type'] must be text"],
		['an unknown parameter', { status: 'read', message_id: 'wamid.X', to: USER }, 'Unknown parameter to'],
	])('refuses %s with 100', async (_name, body, detail) => {
		const error = expectMetaError(await markRead(body), 400, 100);
		expect(`${error.message} ${error.error_data?.details ?? ''}`).toContain(detail);
	});

	it('requires message_id and messaging_product', async () => {
		expect(expectMetaError(await markRead({ status: 'read' }), 400, 100).message).toBe('(#100) The parameter message_id is required.');
		const answer = await graph('POST', `/v25.0/${PN}/messages`, { json: { status: 'read', message_id: 'wamid.X' } });
		expect(expectMetaError(answer, 400, 100).message).toBe('(#100) The parameter messaging_product is required.');
	});

	it('refuses a message another number received', async () => {
		const other = await startSandbox({
			port: 0,
			seed: { wabas: [{ id: '1', numbers: [{ id: '2', displayPhoneNumber: '+1 555-010-0009', status: 'CONNECTED' }, { id: '3', displayPhoneNumber: '+1 555-010-0008', status: 'CONNECTED' }] }] },
		});
		try {
			const { messageId: toTwo } = other.control.inbound({ phoneNumberId: '2', from: USER, text: 'hi' });
			const answer = await graphClient(other)('POST', '/v25.0/3/messages', { json: { messaging_product: 'whatsapp', status: 'read', message_id: toTwo } });
			expectMetaError(answer, 400, 100);
		} finally {
			await other.stop();
		}
	});
});
