/**
 * The contract suite for files, read receipts and the business profile: the CORE drives the sandbox
 * (which imports nothing from the core), so a disagreement between the two about Meta shows here.
 * Upload → get URL → download (the same bytes) → delete; a customer's file downloaded; a profile
 * updated with a picture through the Resumable Upload API, then read; a received message marked read.
 */
import { createHash } from 'node:crypto';
import { createClient, GraphClient, runOperation } from '../../shared';
import { nodeRuntime } from '../../shared/node/runtime';
import { startSandbox, Sandbox } from '../../sandbox';
import { coreFailure } from '../support/core';

// A small but real PNG (1×1, red): the sandbox and Meta judge the bytes' declared type, not their pixels.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');


describe('files, read receipts and the business profile through the core', () => {
	let sb: Sandbox;
	let client: GraphClient;

	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
		client = createClient({ accessToken: sb.accessToken, wabaId: sb.wabaId, appId: sb.appId, baseUrl: sb.baseUrl, retry: { maxAttempts: 1 } }, nodeRuntime());
	});
	afterAll(async () => {
		await sb.stop();
	});

	it('uploads a file, reads its URL, downloads the same bytes, deletes it', async () => {
		const uploaded = await runOperation('uploadMedia', client, { phoneNumberId: sb.phoneNumberId, file: { data: PDF, fileName: 'invoice.pdf', mimeType: 'application/pdf' } });
		expect(uploaded).toMatchObject({ phoneNumberId: sb.phoneNumberId, mediaType: 'document', mimeType: 'application/pdf', fileName: 'invoice.pdf', fileSize: PDF.length });
		expect(uploaded.mediaId).toMatch(/^\d{16}$/);

		const sha256 = createHash('sha256').update(PDF).digest('hex');
		const info = await runOperation('getMediaUrl', client, { mediaId: uploaded.mediaId, phoneNumberId: sb.phoneNumberId });
		expect(info).toMatchObject({ mediaId: uploaded.mediaId, mimeType: 'application/pdf', sha256, fileSize: PDF.length });
		expect(info.url?.startsWith(`${sb.baseUrl}/whatsapp_business/attachments/?mid=${uploaded.mediaId}&`)).toBe(true);

		const downloaded = await runOperation('downloadMedia', client, { mediaId: uploaded.mediaId });
		expect(Buffer.from(downloaded.file.data).equals(PDF)).toBe(true);
		expect(downloaded).toMatchObject({ mimeType: 'application/pdf', sha256, fileSize: PDF.length, fileName: `${uploaded.mediaId}.pdf` });

		expect(await runOperation('deleteMedia', client, { mediaId: uploaded.mediaId })).toEqual({ success: true, mediaId: uploaded.mediaId, stillExists: false, stateKnown: true, stateNote: null });
		expect((await coreFailure(runOperation('downloadMedia', client, { mediaId: uploaded.mediaId }))).category).toBe('not_found');
	});

	it('downloads a file a customer sent (the sandbox\'s inbound media), and refuses it with another number\'s filter', async () => {
		const inbound = sb.control.inbound({ phoneNumberId: sb.phoneNumberId, from: '16505551234', media: { type: 'image', dataBase64: PNG.toString('base64'), mimeType: 'image/png' } });
		const mediaId = String(inbound.mediaId);
		const downloaded = await runOperation('downloadMedia', client, { mediaId });
		expect(Buffer.from(downloaded.file.data).equals(PNG)).toBe(true);
		expect(downloaded.mimeType).toBe('image/png');

		const filtered = await coreFailure(runOperation('getMediaUrl', client, { mediaId, phoneNumberId: sb.phoneNumberId }));
		expect(filtered.summary).toBe('That phone number did not upload this media (media a customer sent belongs to no business number).');
	});

	it("agrees with the sandbox on Meta's limits: a file the core lets through, the sandbox takes", async () => {
		const sticker = new Uint8Array(100 * 1024);
		sticker.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '));
		expect(await runOperation('uploadMedia', client, { phoneNumberId: sb.phoneNumberId, file: { data: sticker, fileName: 's.webp', mimeType: 'image/webp' } })).toMatchObject({ mediaType: 'sticker' });
		const image = new Uint8Array(5 * 1024 * 1024);
		expect(await runOperation('uploadMedia', client, { phoneNumberId: sb.phoneNumberId, file: { data: image, fileName: 'big.jpg', mimeType: 'image/jpeg' } })).toMatchObject({ mediaType: 'image', fileSize: 5 * 1024 * 1024 });
	});

	it('updates the profile with a picture through a resumable upload, then reads it (picture served at its URL)', async () => {
		const updated = await runOperation('updateBusinessProfile', client, {
			phoneNumberId: sb.phoneNumberId,
			about: 'Fresh produce, delivered daily',
			websites: ['https://www.jaspers.example/'],
			vertical: 'GROCERY',
			profilePicture: { data: PNG, fileName: 'logo.png', mimeType: 'image/png' },
		});
		expect(updated).toMatchObject({
			about: 'Fresh produce, delivered daily',
			websites: ['https://www.jaspers.example/'],
			vertical: 'GROCERY',
			changedFields: ['about', 'websites', 'vertical', 'profile_picture_handle'],
			stateKnown: true,
		});
		const read = await runOperation('getBusinessProfile', client, { phoneNumberId: sb.phoneNumberId });
		expect(read).toEqual({ ...updated, changedFields: undefined, stateKnown: undefined, stateNote: undefined });
		const picture = await fetch(String(read.profilePictureUrl));
		expect(Buffer.from(await picture.arrayBuffer()).equals(PNG)).toBe(true);

		expect(await runOperation('updateBusinessProfile', client, { phoneNumberId: sb.phoneNumberId, clearFields: ['websites', 'vertical'] })).toMatchObject({ websites: [], vertical: null, about: 'Fresh produce, delivered daily' });
	});

	it('marks a received message read with the typing indicator (the sandbox records both)', async () => {
		const { messageId } = sb.control.inbound({ phoneNumberId: sb.phoneNumberId, from: '16505551234', text: 'Is my order ready?' });
		const marked = await runOperation('markAsRead', client, { phoneNumberId: sb.phoneNumberId, messageId, showTypingIndicator: true });
		expect(marked).toMatchObject({ success: true, messageId, typingIndicatorShown: true });
		const record = await fetch(`${sb.baseUrl}/_sandbox/inbound/${encodeURIComponent(messageId)}`).then((response) => response.json() as Promise<{ readAt: number | null; typingUntil: number | null }>);
		expect(record.readAt).toEqual(expect.any(Number));
		expect(record.typingUntil).toBe(Number(record.readAt) + 25_000);

		const unknown = await coreFailure(runOperation('markAsRead', client, { phoneNumberId: sb.phoneNumberId, messageId: 'wamid.NOTRECEIVED' }));
		expect(unknown).toMatchObject({ code: 100, httpStatus: 400 });
	});
});
