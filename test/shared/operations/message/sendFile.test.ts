/**
 * Media messages sent from a file of the workflow: the file is checked (zero requests when wrong),
 * uploaded with the exact multipart Upload Media sends, and the message goes out by media ID. A batch
 * uploads each distinct file once; a failed upload fails only the messages carrying that file, and
 * an upload whose outcome is unknown is never repeated.
 */
import { runOperation } from '../../../../shared';
import { mediaUpload } from '../../../fixtures/sandbox/multipart';
import { coreFailure, PHONE_ID, testClient, TOKEN } from '../../../support/core';
import { Answer, GraphRecorder, RecordedCall, startGraphRecorder } from '../../../support/graphRecorder';

const BOUNDARY = 'WhatsAppNumbers800080008000800080008000';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff]);
const OTHER_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01, 0x02]);
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
const MEDIA = `/v25.0/${PHONE_ID}/media`;
const MESSAGES = `/v25.0/${PHONE_ID}/messages`;

let recorder: GraphRecorder;
/** Scripted answers of the upload endpoint, in order; every send is accepted. */
let uploadAnswers: Answer[];

beforeEach(async () => {
	uploadAnswers = [];
	let sent = 0;
	recorder = await startGraphRecorder((call: RecordedCall) => {
		if (call.url === MEDIA) return uploadAnswers.shift() ?? { status: 599, body: { error: { message: 'no upload answer scripted' } } };
		const body = JSON.parse(call.body.toString()) as { to: string };
		sent++;
		return { body: { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to.slice(1) }], messages: [{ id: `wamid.SENT${sent}` }] } };
	});
});
afterEach(async () => {
	await recorder.stop();
});

const client = () => testClient({ baseUrl: recorder.url }).client;
const uploads = () => recorder.calls.filter((call) => call.url === MEDIA);
const sends = () => recorder.calls.filter((call) => call.url === MESSAGES).map((call) => JSON.parse(call.body.toString()) as Record<string, unknown>);

/** The body Upload Media sends for this file (the core's boundary comes from the test clock's random()). */
const multipart = (type: string, fileName: string, data: Uint8Array): Buffer => mediaUpload(Buffer.from(data), type, fileName, BOUNDARY).body;

const fromFile = (to: string, messageType: string, file: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	phoneNumberId: PHONE_ID,
	to,
	messageType,
	mediaSource: 'file',
	mediaFile: file,
	...extra,
});

describe('sendMessage: media from a file', () => {
	it('uploads the file (same multipart as Upload Media), then sends the image by its media ID with the caption', async () => {
		uploadAnswers.push({ body: { id: '1013859600285441' } });
		const output = await runOperation('sendMessage', client(), fromFile('+16505551234', 'image', { data: PNG, fileName: 'banner.png', mimeType: 'image/png' }, { caption: 'Spring sale' }));
		expect(recorder.calls.map((call) => call.url)).toEqual([MEDIA, MESSAGES]);
		const [upload] = uploads();
		expect(upload.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` });
		expect(upload.body.equals(multipart('image/png', 'banner.png', PNG))).toBe(true);
		expect(sends()).toEqual([
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type: 'image', image: { id: '1013859600285441', caption: 'Spring sale' } },
		]);
		expect(output).toMatchObject({ messageId: 'wamid.SENT1', uploadedMediaId: '1013859600285441', sentTo: 'phone_number', sentVia: 'messages', to: '+16505551234' });
	});

	it("sends a document with the file's own name unless File Name says otherwise; a type read from the name's extension", async () => {
		uploadAnswers.push({ body: { id: '11' } }, { body: { id: '12' } });
		await runOperation('sendMessage', client(), fromFile('+16505551234', 'document', { data: PDF, fileName: 'invoice-1042.pdf', mimeType: 'application/octet-stream' }));
		await runOperation('sendMessage', client(), fromFile('+16505551234', 'document', { data: PDF, fileName: 'x.pdf', mimeType: 'application/pdf' }, { filename: 'Your invoice.pdf' }));
		expect(uploads()[0].body.equals(multipart('application/pdf', 'invoice-1042.pdf', PDF))).toBe(true);
		expect(sends().map((body) => body.document)).toEqual([{ id: '11', filename: 'invoice-1042.pdf' }, { id: '12', filename: 'Your invoice.pdf' }]);
	});

	it('refuses before any request: a file too large for its kind, of another kind than the message, of a type WhatsApp does not take, or empty', async () => {
		const cases: Array<[Record<string, unknown>, string, string]> = [
			[fromFile('+16505551234', 'image', { data: new Uint8Array(5 * 1024 * 1024 + 1), fileName: 'big.jpg', mimeType: 'image/jpeg' }), 'File', 'File: is 5 MB (5,242,881 bytes); WhatsApp takes an image of at most 5 MB (5,242,880 bytes).'],
			[fromFile('+16505551234', 'image', { data: PDF, fileName: 'invoice.pdf', mimeType: 'application/pdf' }), 'File', `File: is a document (application/pdf, ${PDF.length} bytes), but Message Type is image.`],
			[fromFile('+16505551234', 'sticker', { data: PNG, fileName: 's.png', mimeType: 'image/png' }), 'File', `File: is an image (image/png, ${PNG.length} bytes), but Message Type is sticker.`],
			[fromFile('+16505551234', 'document', { data: PDF, fileName: 'page.html', mimeType: 'text/html' }), 'File', 'File: is of type "text/html", which WhatsApp does not take.'],
			[fromFile('+16505551234', 'video', { data: new Uint8Array(0), fileName: 'clip.mp4', mimeType: 'video/mp4' }), 'File', 'File: is empty (0 bytes).'],
			[fromFile('+16505551234', 'image', undefined as unknown as Record<string, unknown>), 'File', 'File: is required.'],
		];
		for (const [input, field, summary] of cases) {
			const error = await coreFailure(runOperation('sendMessage', client(), input));
			expect(error).toMatchObject({ category: 'invalid_input', field, operation: 'sendMessage' });
			expect(error.summary).toBe(summary);
		}
		const noType = await coreFailure(runOperation('sendMessage', client(), fromFile('+16505551234', 'document', { data: PDF, fileName: 'blob', mimeType: '' })));
		expect(noType.nextStep).toBe('Make the step before give the file its real type, or a file name with its extension, e.g. image/jpeg or application/pdf.');
		expect(recorder.calls).toEqual([]);
	});
});

describe('sendMessages: files in a batch', () => {
	it('uploads each distinct file once per sending number, then sends every message by its media ID', async () => {
		uploadAnswers.push({ body: { id: '501' } }, { body: { id: '502' } });
		const file = { data: PNG, fileName: 'banner.png', mimeType: 'image/png' };
		// The same bytes from another item's own buffer (n8n gives each item its own copy).
		const copy = { data: new Uint8Array(PNG), fileName: 'banner-copy.png', mimeType: 'image/png' };
		const output = await runOperation('sendMessages', client(), {
			phoneNumberId: PHONE_ID,
			messages: [
				fromFile('+16505550001', 'image', file),
				fromFile('+16505550002', 'image', copy),
				fromFile('+16505550003', 'image', { data: OTHER_PNG, fileName: 'other.png', mimeType: 'image/png' }),
				fromFile('+16505550004', 'image', file, { caption: 'Again' }),
			],
		});
		expect(output).toMatchObject({ total: 4, sent: 4, failed: 0 });
		expect(uploads()).toHaveLength(2);
		expect(uploads()[0].body.equals(multipart('image/png', 'banner.png', PNG))).toBe(true);
		expect(uploads()[1].body.equals(multipart('image/png', 'other.png', OTHER_PNG))).toBe(true);
		// Sends run concurrently (different recipients): compare them by recipient.
		expect(sends().map((body) => [body.to, body.image]).sort()).toEqual([
			['+16505550001', { id: '501' }],
			['+16505550002', { id: '501' }],
			['+16505550003', { id: '502' }],
			['+16505550004', { id: '501', caption: 'Again' }],
		]);
		expect(output.results.map((result) => (result.ok ? result.output.uploadedMediaId : null))).toEqual(['501', '501', '502', '501']);
	});

	it('a refused upload fails only the messages carrying that file, with Meta\'s reason; the others are sent', async () => {
		uploadAnswers.push(
			{ status: 400, body: { error: { message: "(#100) Param file must be a file with one of the following types: image/jpeg, image/png. Received file of type 'application/octet-stream'.", type: 'OAuthException', code: 100, fbtrace_id: 'A1' } } },
			{ body: { id: '602' } },
		);
		const output = await runOperation('sendMessages', client(), {
			phoneNumberId: PHONE_ID,
			messages: [fromFile('+16505550001', 'image', { data: PNG, fileName: 'a.png', mimeType: 'image/png' }), fromFile('+16505550002', 'image', { data: OTHER_PNG, fileName: 'b.png', mimeType: 'image/png' }), fromFile('+16505550003', 'image', { data: PNG, fileName: 'a.png', mimeType: 'image/png' })],
		});
		expect(uploads()).toHaveLength(2);
		expect(sends().map((body) => body.to)).toEqual(['+16505550002']);
		expect(output).toMatchObject({ total: 3, sent: 1, failed: 2, invalid: 0 });
		for (const index of [0, 2]) {
			const result = output.results[index];
			expect(result.ok).toBe(false);
			if (result.ok) continue;
			expect(result.error).toMatchObject({ code: 100, httpStatus: 400, category: 'invalid_input', operation: 'sendMessage' });
			expect(result.error.message).toBe(
				"The message was not sent: uploading its file (a.png) failed. Meta refused the file's type: the upload said it is a type WhatsApp does not take. Pass a file WhatsApp takes (JPEG or PNG images (up to 5 MB), MP4 or 3GP videos (16 MB), AAC, AMR, MP3, M4A, OGG or Opus audio (16 MB), PDF, TXT, Word, Excel or PowerPoint documents (100 MB) and WebP stickers (100 KB, animated 500 KB)) with its real type, or send the file by link.",
			);
		}
	});

	it('an upload whose outcome is unknown (a 5xx, a dropped connection) is not repeated: its messages are not sent and say why', async () => {
		uploadAnswers.push({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } } }, { drop: true });
		const output = await runOperation('sendMessages', client(), {
			phoneNumberId: PHONE_ID,
			messages: [
				fromFile('+16505550001', 'image', { data: PNG, fileName: 'a.png', mimeType: 'image/png' }),
				fromFile('+16505550002', 'image', { data: PNG, fileName: 'a.png', mimeType: 'image/png' }),
				fromFile('+16505550003', 'document', { data: PDF, fileName: 'b.pdf', mimeType: 'application/pdf' }),
			],
		});
		// One attempt per file, though the client would retry a transient failure of a read.
		expect(uploads()).toHaveLength(2);
		expect(sends()).toEqual([]);
		expect(output).toMatchObject({ total: 3, sent: 0, failed: 3 });
		for (const result of output.results) {
			expect(result.ok).toBe(false);
			if (result.ok) continue;
			expect(result.error.retry).toEqual({ action: 'do_not_retry' });
			expect(result.error.message).toMatch(/^The message was not sent: uploading its file \((a\.png|b\.pdf)\) failed\. /);
			expect(result.error.nextStep).toBe(
				'Nothing was sent to the recipient. The file may have reached Meta, but no media ID came back, so it cannot be used; sending this message again uploads the file again (a new media ID; an unused upload expires by itself after 30 days).',
			);
			expect(JSON.stringify(result.error)).not.toContain(TOKEN);
		}
	});
});
