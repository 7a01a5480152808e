/** uploadMedia: the exact multipart bytes Meta receives, the output, and every check before the upload. */
import { runOperation } from '../../../../shared';
import { coreFailure, metaError, PHONE_ID, testClient, TOKEN } from '../../../support/core';
import { multipart as build } from '../../../fixtures/sandbox/multipart';
import { Answer, GraphRecorder, startGraphRecorder } from '../../../support/graphRecorder';

const BOUNDARY = 'WhatsAppNumbers800080008000800080008000';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);

let recorder: GraphRecorder;
let answers: Answer[];

beforeEach(async () => {
	answers = [];
	recorder = await startGraphRecorder(() => answers.shift() ?? { status: 599, body: { error: { message: 'no answer scripted' } } });
});
afterEach(async () => {
	await recorder.stop();
});

const client = (maxAttempts?: number) => testClient({ baseUrl: recorder.url, maxAttempts }).client;


/** The body Meta must receive, built part by part by the sandbox tests' own builder. */
function multipart(type: string, fileName: string, data: Uint8Array): Buffer {
	return build(
		[
			{ name: 'messaging_product', value: 'whatsapp' },
			{ name: 'type', value: type },
			{ name: 'file', value: Buffer.from(data), filename: fileName, contentType: type },
		],
		BOUNDARY,
	).body;
}

describe('uploadMedia', () => {
	it('posts messaging_product, type and the file (with its own Content-Type) as multipart, and returns the media ID and its expiry', async () => {
		answers.push({ body: { id: '1013859600285441' } });
		const output = await runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: { data: JPEG, fileName: 'photo.jpg', mimeType: 'image/jpeg' } });
		expect(recorder.calls).toHaveLength(1);
		const [call] = recorder.calls;
		expect(call.method).toBe('POST');
		expect(call.url).toBe(`/v25.0/${PHONE_ID}/media`);
		expect(call.headers).toMatchObject({
			authorization: `Bearer ${TOKEN}`,
			accept: 'application/json',
			'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
			'content-length': String(multipart('image/jpeg', 'photo.jpg', JPEG).length),
		});
		expect(call.body.equals(multipart('image/jpeg', 'photo.jpg', JPEG))).toBe(true);
		expect(output).toEqual({
			mediaId: '1013859600285441',
			phoneNumberId: PHONE_ID,
			mediaType: 'image',
			mimeType: 'image/jpeg',
			fileName: 'photo.jpg',
			fileSize: JPEG.length,
			// 30 days after the injected clock (2026-11-21T12:00:00Z).
			expiresAt: '2026-12-21T12:00:00.000Z',
		});
	});

	it('takes the MIME type and file name options over the platform\'s, and reads a type from the extension when the platform gave none', async () => {
		answers.push({ body: { id: '1' } }, { body: { id: '2' } });
		const pdf = new TextEncoder().encode('%PDF-1.7 test');
		const overridden = await runOperation('uploadMedia', client(), {
			phoneNumberId: PHONE_ID,
			file: { data: pdf, fileName: 'blob', mimeType: 'application/octet-stream' },
			mimeType: 'Application/PDF; charset=binary',
			fileName: 'invoice-1042.pdf',
		});
		expect(overridden).toMatchObject({ mediaId: '1', mediaType: 'document', mimeType: 'application/pdf', fileName: 'invoice-1042.pdf' });
		expect(recorder.calls[0].body.equals(multipart('application/pdf', 'invoice-1042.pdf', pdf))).toBe(true);

		const inferred = await runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: { data: pdf, fileName: 'notes.TXT', mimeType: 'application/octet-stream' } });
		expect(inferred).toMatchObject({ mediaType: 'document', mimeType: 'text/plain', fileName: 'notes.TXT' });
	});

	it('names a file the platform gave no name after its kind, so Meta gets a file part', async () => {
		answers.push({ body: { id: '3' } });
		expect(await runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: { data: JPEG, mimeType: 'image/jpg' } })).toMatchObject({ fileName: 'image.jpg', mimeType: 'image/jpeg' });
		expect(recorder.calls[0].body.includes('filename="image.jpg"\r\nContent-Type: image/jpeg')).toBe(true);
	});

	describe('refuses before any request', () => {
		const mb = 1024 * 1024;
		it.each([
			[
				'a type WhatsApp does not take',
				{ data: new Uint8Array([1, 2, 3]), fileName: 'archive.zip', mimeType: 'application/zip' },
				'File: is of type "application/zip", which WhatsApp does not take. Upload one of: JPEG or PNG images (up to 5 MB), MP4 or 3GP videos (16 MB), AAC, AMR, MP3, M4A, OGG or Opus audio (16 MB), PDF, TXT, Word, Excel or PowerPoint documents (100 MB) and WebP stickers (100 KB, animated 500 KB). If the file is one of these, set mimeType to its real type.',
			],
			['a file without any type', { data: new Uint8Array([1]), fileName: 'blob', mimeType: '' }, 'File: has no file type (no MIME type, and no file name extension it could be read from). Set mimeType to the real type, e.g. image/jpeg or application/pdf.'],
			['an empty file', { data: new Uint8Array(0), fileName: 'a.pdf', mimeType: 'application/pdf' }, 'File: is empty (0 bytes). Check that the step before really passes the file.'],
			[
				'an image over 5 MB',
				{ data: new Uint8Array(5 * mb + 1), fileName: 'big.png', mimeType: 'image/png' },
				'File: is 5 MB (5,242,881 bytes); WhatsApp takes an image of at most 5 MB (5,242,880 bytes). Make the file smaller (compress or resize it) and upload it again.',
			],
			[
				'a static sticker over 100 KB',
				{ data: new Uint8Array(100 * 1024 + 1), fileName: 's.webp', mimeType: 'image/webp' },
				'File: is 100 KB (102,401 bytes); WhatsApp takes a static sticker of at most 100 KB (102,400 bytes). Make the file smaller (compress or resize it) and upload it again.',
			],
		])('%s', async (_case, file, message) => {
			const error = await coreFailure(runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file }));
			expect(error.message).toBe(message);
			expect(error).toMatchObject({ category: 'invalid_input', retry: { action: 'fix_and_retry' }, field: 'File', operation: 'uploadMedia' });
			expect(recorder.calls).toEqual([]);
		});

		it('a value that is not a file, and a missing file', async () => {
			expect((await coreFailure(runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: 'https://example.com/a.jpg' }))).message).toBe(
				'File: is not a file. Pass the file itself: its bytes (data), with its fileName and mimeType when known.',
			);
			expect((await coreFailure(runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID }))).message).toMatch(/^File: is required\./);
			expect(recorder.calls).toEqual([]);
		});
	});

	it('lets an animated WebP sticker be up to 500 KB (the VP8X animation flag)', async () => {
		answers.push({ body: { id: '4' } });
		const animated = new Uint8Array(200 * 1024);
		animated.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8X'));
		animated[20] = 0x02;
		expect(await runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: { data: animated, fileName: 'a.webp', mimeType: 'image/webp' } })).toMatchObject({ mediaType: 'sticker' });
	});

	it("words Meta's file-type refusal (100 + its sentence) with the next step, keeping Meta's text in details", async () => {
		const sentence = "(#100) Param file must be a file with one of the following types: audio/aac, image/jpeg. Received file of type 'application/octet-stream'.";
		answers.push({ status: 400, body: metaError(100, 'x', undefined, { message: sentence }) });
		const error = await coreFailure(runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: { data: JPEG, fileName: 'p.jpg', mimeType: 'image/jpeg' } }));
		expect(error.summary).toBe("Meta refused the file's type: the upload said it is a type WhatsApp does not take.");
		expect(error.nextStep).toBe(
			'Upload a supported file (JPEG or PNG image, MP4 or 3GP video, AAC, AMR, MP3, M4A or OGG audio, PDF, TXT or Office document, WebP sticker), and if the type is wrong set mimeType to the real one.',
		);
		expect(error).toMatchObject({ code: 100, details: sentence, httpStatus: 400 });
	});

	it('never repeats an upload whose outcome is unknown (a 5xx, a dropped connection), and says why', async () => {
		answers.push({ status: 500, body: metaError(131000, 'Something went wrong') });
		const serverError = await coreFailure(runOperation('uploadMedia', client(4), { phoneNumberId: PHONE_ID, file: { data: JPEG, fileName: 'p.jpg', mimeType: 'image/jpeg' } }));
		expect(recorder.calls).toHaveLength(1);
		expect(serverError.retry).toEqual({ action: 'do_not_retry' });
		expect(serverError.nextStep).toBe(
			'The file may have reached Meta, but no media ID came back, so it cannot be used or deleted from here. Uploading it again gives a new media ID; an unused upload expires by itself after 30 days.',
		);

		answers.push({ drop: true });
		const dropped = await coreFailure(runOperation('uploadMedia', client(4), { phoneNumberId: PHONE_ID, file: { data: JPEG, fileName: 'p.jpg', mimeType: 'image/jpeg' } }));
		expect(recorder.calls).toHaveLength(2);
		expect(dropped.retry).toEqual({ action: 'do_not_retry' });
	});

	it('retries an upload Meta refused for throttling (nothing was accepted)', async () => {
		answers.push({ status: 429, headers: { 'retry-after': '0' }, body: metaError(4, 'Too many calls') }, { body: { id: '5' } });
		expect(await runOperation('uploadMedia', client(2), { phoneNumberId: PHONE_ID, file: { data: JPEG, fileName: 'p.jpg', mimeType: 'image/jpeg' } })).toMatchObject({ mediaId: '5' });
		expect(recorder.calls).toHaveLength(2);
		expect(recorder.calls[1].body.equals(recorder.calls[0].body)).toBe(true);
	});

	it('fails loudly when Meta accepts the upload without a media ID', async () => {
		answers.push({ body: {} });
		const error = await coreFailure(runOperation('uploadMedia', client(), { phoneNumberId: PHONE_ID, file: { data: JPEG, fileName: 'p.jpg', mimeType: 'image/jpeg' } }));
		expect(error.message).toBe("Meta accepted the upload but returned no media ID. The file cannot be sent without its ID; report this to the connector's maintainers with the time of the upload.");
	});
});
