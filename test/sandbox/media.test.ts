/**
 * Media (docs/meta-messaging.md §1): multipart upload with Meta's type and size checks, the media
 * node (URL valid 5 minutes on the sandbox clock, hex sha256, file_size), the Bearer-only download
 * host, delete, expiry after 30 days, and media IDs in sends.
 */
import { createHash } from 'node:crypto';
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, graphClient, rawRequest, RawAnswer } from '../fixtures/sandbox/http';
import { mediaUpload, multipart } from '../fixtures/sandbox/multipart';

const PN = '200000000000001';
const OTHER_PN = '200000000000002';
const T0 = 1_800_000_000_000;
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
	sb = await startSandbox({
		port: 0,
		now: () => T0,
		statusTiming: { sentMs: 0, stepMs: 1, read: false },
		seed: {
			wabas: [
				{
					id: '100000000000001',
					numbers: [
						{ id: PN, displayPhoneNumber: '+1 555-010-0001', status: 'CONNECTED', codeVerificationStatus: 'VERIFIED' },
						{ id: OTHER_PN, displayPhoneNumber: '+1 555-010-0002', status: 'CONNECTED', codeVerificationStatus: 'VERIFIED' },
					],
				},
			],
		},
	});
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('sandbox jpeg bytes'), Buffer.from([0xff, 0xd9])]);

function upload(form: { body: Buffer; contentType: string }, pn = PN): Promise<RawAnswer> {
	return graph('POST', `/v25.0/${pn}/media`, { rawBody: form.body, headers: { 'content-type': form.contentType } });
}

async function uploaded(data: Buffer = JPEG, mimeType = 'image/jpeg', pn = PN): Promise<string> {
	const answer = await upload(mediaUpload(data, mimeType, 'photo.jpg'), pn);
	expect(answer.status).toBe(200);
	return answer.body.id;
}

/** The download URL's path and query, to call on the sandbox with our own headers. */
const pathOf = (url: string): string => url.slice(sb.baseUrl.length);

/** A WebP whose VP8X chunk has the animation flag. */
function webp(size: number, animated: boolean): Buffer {
	const data = Buffer.alloc(size);
	data.write('RIFF', 0, 'latin1');
	data.write('WEBPVP8X', 8, 'latin1');
	data[20] = animated ? 0x02 : 0x00;
	return data;
}

describe('POST /<PHONE_NUMBER_ID>/media', () => {
	it('stores a multipart upload and answers {id} with a 16-digit media ID', async () => {
		const answer = await upload(mediaUpload(JPEG, 'image/jpeg', 'photo.jpg'));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ id: expect.stringMatching(/^\d{16}$/) });
	});

	it.each([
		['audio/opus (in Meta\'s list, not in its table)', 'audio/opus'],
		['a PDF', 'application/pdf'],
		['a 3GPP video', 'video/3gpp'],
		['a Word document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
	])('accepts %s', async (_name, mimeType) => {
		expect((await upload(mediaUpload(Buffer.from('bytes'), mimeType))).status).toBe(200);
	});

	it("refuses a file part of an unsupported type with Meta's whole sentence in message", async () => {
		const error = expectMetaError(await upload(mediaUpload(Buffer.from('a,b'), 'text/csv')), 400, 100);
		expect(error.message).toMatch(/^\(#100\) Param file must be a file with one of the following types: audio\/aac, audio\/mp4, .*video\/3gpp\. Received file of type 'text\/csv'\.$/);
	});

	it('judges the file part\'s Content-Type, not the type field: a part without one is application/octet-stream', async () => {
		const form = multipart([
			{ name: 'messaging_product', value: 'whatsapp' },
			{ name: 'type', value: 'image/jpeg' },
			{ name: 'file', value: JPEG, filename: 'photo.jpg' },
		]);
		const error = expectMetaError(await upload(form), 400, 100);
		expect(error.message).toContain("Received file of type 'application/octet-stream'.");
	});

	it.each([
		['messaging_product', [{ name: 'type', value: 'image/jpeg' }, { name: 'file', value: JPEG, filename: 'a.jpg', contentType: 'image/jpeg' }]],
		['file', [{ name: 'messaging_product', value: 'whatsapp' }, { name: 'type', value: 'image/jpeg' }]],
		['type', [{ name: 'messaging_product', value: 'whatsapp' }, { name: 'file', value: JPEG, filename: 'a.jpg', contentType: 'image/jpeg' }]],
	])('requires %s (100)', async (name, parts) => {
		const error = expectMetaError(await upload(multipart(parts)), 400, 100);
		expect(error.message).toBe(`(#100) The parameter ${name} is required.`);
	});

	it('refuses a file sent as a text field, and a JSON body', async () => {
		const asText = multipart([{ name: 'messaging_product', value: 'whatsapp' }, { name: 'type', value: 'image/jpeg' }, { name: 'file', value: 'not a file' }]);
		expect(expectMetaError(await upload(asText), 400, 100).error_data.details).toContain('file part of a multipart/form-data body');
		expect(expectMetaError(await graph('POST', `/v25.0/${PN}/media`, { json: { messaging_product: 'whatsapp', type: 'image/jpeg' } }), 400, 100).message).toBe('(#100) The parameter file is required.');
	});

	it('refuses a malformed multipart body with 100', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/media`, { rawBody: 'no boundary here', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } });
		expect(expectMetaError(answer, 400, 100).error_data.details).toContain('boundary');
	});

	it.each([
		['an image over 5 MB', 'image/jpeg', Buffer.alloc(5 * 1024 * 1024 + 1), '5242880'],
		['a static sticker over 100 KB', 'image/webp', webp(100 * 1024 + 1, false), '102400'],
		['an animated sticker over 500 KB', 'image/webp', webp(500 * 1024 + 1, true), '512000'],
		['an empty file', 'image/png', Buffer.alloc(0), 'empty'],
	])('refuses %s (100, the limit in details)', async (_name, mimeType, data, detail) => {
		expect(expectMetaError(await upload(mediaUpload(data, mimeType)), 400, 100).error_data.details).toContain(detail);
	});

	it('takes an image of exactly 5 MB and an animated sticker of 200 KB', async () => {
		expect((await upload(mediaUpload(Buffer.alloc(5 * 1024 * 1024), 'image/jpeg'))).status).toBe(200);
		expect((await upload(mediaUpload(webp(200 * 1024, true), 'image/webp'))).status).toBe(200);
	});
});

describe('GET /<MEDIA_ID> and the download URL', () => {
	it("answers Meta's shape: hex sha256, file_size as a string, a URL on the download host", async () => {
		const id = await uploaded();
		const answer = await graph('GET', `/v25.0/${id}`);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			messaging_product: 'whatsapp',
			url: expect.stringMatching(new RegExp(`^${sb.baseUrl}/whatsapp_business/attachments/\\?mid=${id}&ext=\\d+&hash=[\\w-]+$`)),
			mime_type: 'image/jpeg',
			sha256: createHash('sha256').update(JPEG).digest('hex'),
			file_size: String(JPEG.length),
			id,
		});
		expect(Object.keys(answer.body)).toEqual(['messaging_product', 'url', 'mime_type', 'sha256', 'file_size', 'id']);
	});

	it('downloads the exact bytes with the Bearer token', async () => {
		const { url } = (await graph('GET', `/v25.0/${await uploaded()}`)).body;
		const download = await rawRequest(sb.baseUrl, 'GET', pathOf(url), { token: sb.accessToken });
		expect(download.status).toBe(200);
		expect(download.headers['content-type']).toBe('image/jpeg');
		expect(download.bytes.equals(JPEG)).toBe(true);
	});

	it('refuses a download without the token, or with another one (401, code 190)', async () => {
		const { url } = (await graph('GET', `/v25.0/${await uploaded()}`)).body;
		const none = await rawRequest(sb.baseUrl, 'GET', pathOf(url));
		expect(expectMetaError(none, 401, 190).message).toBe('An access token is required to request this resource.');
		expect(none.headers['www-authenticate']).toContain('invalid_token');
		expectMetaError(await rawRequest(sb.baseUrl, 'GET', pathOf(url), { token: 'not-the-token' }), 401, 190);
		// The token in the query string is not enough for the download host.
		expectMetaError(await rawRequest(sb.baseUrl, 'GET', `${pathOf(url)}&access_token=${sb.accessToken}`), 401, 190);
	});

	it('expires the URL after 5 minutes on the sandbox clock; a fresh GET gives a working one', async () => {
		const id = await uploaded();
		const { url } = (await graph('GET', `/v25.0/${id}`)).body;
		sb.control.advanceClock(5 * 60 * 1000 - 1000);
		expect((await rawRequest(sb.baseUrl, 'GET', pathOf(url), { token: sb.accessToken })).status).toBe(200);
		sb.control.advanceClock(1000);
		const expired = await rawRequest(sb.baseUrl, 'GET', pathOf(url), { token: sb.accessToken });
		expect(expectMetaError(expired, 404, 100).message).toContain('expired');
		const fresh = (await graph('GET', `/v25.0/${id}`)).body.url;
		expect(fresh).not.toBe(url);
		expect((await rawRequest(sb.baseUrl, 'GET', pathOf(fresh), { token: sb.accessToken })).bytes.equals(JPEG)).toBe(true);
	});

	it('refuses a URL whose signature was tampered with', async () => {
		const { url } = (await graph('GET', `/v25.0/${await uploaded()}`)).body;
		expectMetaError(await rawRequest(sb.baseUrl, 'GET', pathOf(url).replace(/hash=.*/, 'hash=forged'), { token: sb.accessToken }), 404, 100);
	});

	it('checks phone_number_id against the number that uploaded the media', async () => {
		const id = await uploaded();
		expect((await graph('GET', `/v25.0/${id}`, { query: { phone_number_id: PN } })).status).toBe(200);
		const error = expectMetaError(await graph('GET', `/v25.0/${id}`, { query: { phone_number_id: OTHER_PN } }), 400, 100);
		expect(error.message).toBe('(#100) Param phone_number_id is not a valid whatsapp business phone number id ID');
	});

	it('forgets uploads after 30 days (unknown object, 100/33)', async () => {
		const id = await uploaded();
		sb.control.advanceClock(30 * 24 * 60 * 60 * 1000 - 1);
		expect((await graph('GET', `/v25.0/${id}`)).status).toBe(200);
		sb.control.advanceClock(1);
		expect(expectMetaError(await graph('GET', `/v25.0/${id}`), 400, 100).error_subcode).toBe(33);
	});

	it('needs the access token for the media node like any Graph call', async () => {
		const id = await uploaded();
		expectMetaError(await graph('GET', `/v25.0/${id}`, { token: null }), 400, 104);
	});
});

describe('DELETE /<MEDIA_ID>', () => {
	it('answers {success:true}; the ID and its URL stop working', async () => {
		const id = await uploaded();
		const { url } = (await graph('GET', `/v25.0/${id}`)).body;
		expect((await graph('DELETE', `/v25.0/${id}`)).body).toEqual({ success: true });
		expect(expectMetaError(await graph('GET', `/v25.0/${id}`), 400, 100).error_subcode).toBe(33);
		expectMetaError(await graph('DELETE', `/v25.0/${id}`), 400, 100);
		expectMetaError(await rawRequest(sb.baseUrl, 'GET', pathOf(url), { token: sb.accessToken }), 404, 100);
	});

	it('refuses to delete another number\'s media when phone_number_id is given', async () => {
		const id = await uploaded();
		expectMetaError(await graph('DELETE', `/v25.0/${id}`, { query: { phone_number_id: OTHER_PN } }), 400, 100);
		expect((await graph('GET', `/v25.0/${id}`)).status).toBe(200);
	});
});

describe('media IDs in sends', () => {
	const sendMedia = (type: string, part: Record<string, unknown>, pn = PN) =>
		graph('POST', `/v25.0/${pn}/messages`, { json: { messaging_product: 'whatsapp', to: '+16505551234', type, [type]: part } });

	it('sends an uploaded image by id', async () => {
		const id = await uploaded();
		const answer = await sendMedia('image', { id, caption: 'Receipt' });
		expect(answer.status).toBe(200);
		expect(answer.body.messages[0].id).toMatch(/^wamid\./);
	});

	it.each([
		['an unknown ID', async () => '1234567890123456'],
		['a deleted ID', async () => {
			const id = await uploaded();
			await graph('DELETE', `/v25.0/${id}`);
			return id;
		}],
		["another number's upload", async () => uploaded(JPEG, 'image/jpeg', OTHER_PN)],
	])("refuses %s with Meta's 100 message", async (_name, idOf) => {
		const error = expectMetaError(await sendMedia('image', { id: await idOf() }), 400, 100);
		expect(error.message).toBe("(#100) Param image['id'] is not a valid whatsapp business account media attachment ID");
		expect(error.error_data.details).toContain('30 days');
	});

	it('names the message type in the error (document)', async () => {
		const error = expectMetaError(await sendMedia('document', { id: '1234567890123456', filename: 'a.pdf' }), 400, 100);
		expect(error.message).toBe("(#100) Param document['id'] is not a valid whatsapp business account media attachment ID");
	});

	it('refuses a caption over 1024 characters (131009)', async () => {
		const error = expectMetaError(await sendMedia('image', { link: 'https://example.com/a.jpg', caption: 'x'.repeat(1025) }), 400, 131009);
		expect(error.error_data.details).toContain("image['caption'] must be at most 1024 characters");
		expect((await sendMedia('image', { link: 'https://example.com/a.jpg', caption: 'x'.repeat(1024) })).status).toBe(200);
	});

	it('sends a sticker by id and refuses a caption on it', async () => {
		const id = await uploaded(webp(50 * 1024, false), 'image/webp');
		expect((await sendMedia('sticker', { id })).status).toBe(200);
		expectMetaError(await sendMedia('sticker', { id, caption: 'no' }), 400, 131009);
	});
});
