/**
 * getMediaUrl, downloadMedia and deleteMedia: the exact requests, the outputs, and where the access
 * token may go (Meta's media host or the Base URL's origin, nowhere else).
 */
import { createHash } from 'node:crypto';
import nock from 'nock';
import { runOperation } from '../../../../shared';
import { coreFailure, GRAPH, metaError, PHONE_ID, testClient, TOKEN, VERSION } from '../../../support/core';
import { startGraphRecorder } from '../../../support/graphRecorder';

const MEDIA_ID = '1013859600285441';
const LOOKASIDE = 'https://lookaside.fbsbx.com';
const URL_PATH = `/whatsapp_business/attachments/?mid=${MEDIA_ID}&ext=1764763500&hash=ATsExample`;
const BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0x02, 0xff, 0xd9]);
const SHA = createHash('sha256').update(BYTES).digest('hex');

const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

function media(overrides: Record<string, unknown> = {}) {
	return { messaging_product: 'whatsapp', url: `${LOOKASIDE}${URL_PATH}`, mime_type: 'image/jpeg', sha256: SHA, file_size: String(BYTES.length), id: MEDIA_ID, ...overrides };
}


describe('getMediaUrl', () => {
	it('reads GET /<MEDIA_ID> into the URL, its expiry, type, SHA-256 and size (a string in Meta\'s answer)', async () => {
		const scope = graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		expect(await runOperation('getMediaUrl', testClient().client, { mediaId: MEDIA_ID })).toEqual({
			mediaId: MEDIA_ID,
			url: `${LOOKASIDE}${URL_PATH}`,
			urlExpiresAt: '2026-11-21T12:05:00.000Z',
			mimeType: 'image/jpeg',
			sha256: SHA,
			fileSize: BYTES.length,
		});
		scope.done();
	});

	it('passes phone_number_id when asked, and reads a numeric file_size too', async () => {
		const scope = graph().get(`/${VERSION}/${MEDIA_ID}`).query({ phone_number_id: PHONE_ID }).reply(200, media({ file_size: 303833 }));
		expect(await runOperation('getMediaUrl', testClient().client, { mediaId: MEDIA_ID, phoneNumberId: PHONE_ID })).toMatchObject({ fileSize: 303833 });
		scope.done();
	});

	it('explains media of another number (100 + Meta\'s sentence) and an unknown ID (100/33)', async () => {
		graph()
			.get(`/${VERSION}/${MEDIA_ID}`)
			.query({ phone_number_id: PHONE_ID })
			.reply(400, metaError(100, 'Param phone_number_id is not a valid whatsapp business phone number id ID'));
		const other = await coreFailure(runOperation('getMediaUrl', testClient().client, { mediaId: MEDIA_ID, phoneNumberId: PHONE_ID }));
		expect(other.message).toBe(
			'That phone number did not upload this media (media a customer sent belongs to no business number). Leave phoneNumberId empty for media from incoming messages, or pick the phone number that uploaded the file.',
		);
		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(400, metaError(100, 'Unsupported get request.', undefined, { error_subcode: 33 }));
		expect(await coreFailure(runOperation('getMediaUrl', testClient().client, { mediaId: MEDIA_ID }))).toMatchObject({ category: 'not_found' });
	});

	it('refuses a media ID that is not a Meta ID before any request', async () => {
		const error = await coreFailure(runOperation('getMediaUrl', testClient().client, { mediaId: 'wamid.abc' }));
		expect(error.message).toBe('Media ID: "wamid.abc" is not a Meta ID. Use the numeric ID as WhatsApp Manager shows it (digits only), not a phone number or a name.');
	});
});

describe('downloadMedia', () => {
	it('reads the URL, downloads it from Meta\'s media host with the token, and outputs the bytes without the URL or token', async () => {
		const api = graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		const host = nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${TOKEN}`, accept: '*/*' } })
			.get(URL_PATH)
			.reply(200, BYTES, { 'content-type': 'image/jpeg' });
		const output = await runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID });
		expect(output).toEqual({
			mediaId: MEDIA_ID,
			mimeType: 'image/jpeg',
			sha256: SHA,
			fileSize: BYTES.length,
			fileName: `${MEDIA_ID}.jpg`,
			file: { data: expect.any(Uint8Array), fileName: `${MEDIA_ID}.jpg`, mimeType: 'image/jpeg' },
		});
		expect(Buffer.from(output.file.data).equals(BYTES)).toBe(true);
		const shown = JSON.stringify({ ...output, file: { ...output.file, data: undefined } });
		expect(shown).not.toContain('lookaside');
		expect(shown).not.toContain(TOKEN);
		api.done();
		host.done();
	});

	it('names the file as asked, and takes Meta\'s type over the host\'s header', async () => {
		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media({ mime_type: 'application/pdf', sha256: undefined }));
		nock(LOOKASIDE).get(URL_PATH).reply(200, BYTES, { 'content-type': 'application/octet-stream' });
		expect(await runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID, fileName: 'receipt.pdf' })).toMatchObject({
			mimeType: 'application/pdf',
			fileName: 'receipt.pdf',
			file: { fileName: 'receipt.pdf', mimeType: 'application/pdf' },
		});
	});

	it('refuses a file whose bytes do not match Meta\'s SHA-256', async () => {
		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media({ sha256: 'a'.repeat(64) }));
		nock(LOOKASIDE).get(URL_PATH).reply(200, BYTES);
		const error = await coreFailure(runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID }));
		expect(error.message).toBe(
			'The downloaded file does not match the SHA-256 Meta gives for it (9 bytes arrived), so it may be damaged. Download it again; if it keeps failing, the file at Meta may be damaged: ask for it again.',
		);
	});

	describe('sends the token only to Meta\'s media host or the Base URL\'s origin', () => {
		it.each([
			['another host', 'https://files.example.com/whatsapp_business/attachments/?mid=1', 'files.example.com'],
			['Meta\'s host without https', 'http://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1', 'lookaside.fbsbx.com'],
			['Meta\'s host on another port', 'https://lookaside.fbsbx.com:8443/x', 'lookaside.fbsbx.com:8443'],
			['a look-alike host', 'https://lookaside.fbsbx.com.example.net/x', 'lookaside.fbsbx.com.example.net'],
		])('%s: nothing is requested from it', async (_case, url, host) => {
			graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media({ url }));
			const elsewhere = nock(new URL(url).origin).get(/.*/).reply(200, 'stolen');
			const error = await coreFailure(runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID }));
			expect(error.message).toBe(
				`The file's download link points to ${host}, which is neither Meta's media host (lookaside.fbsbx.com) nor the Base URL in the client settings (createClient), so it was not downloaded and your access token was not sent there. If Meta moved its media files to a new host, report this to the connector's maintainers (the allowed hosts are META_MEDIA_HOSTS in shared/tokenHosts.ts).`,
			);
			expect(error).toMatchObject({ retry: { action: 'do_not_retry' }, operation: 'downloadMedia' });
			expect(elsewhere.isDone()).toBe(false);
		});

		it('downloads from the Base URL\'s own origin (the sandbox serves media there), with the token', async () => {
			const recorder = await startGraphRecorder((call) =>
				call.url.startsWith('/v25.0/') ? { body: media({ url: `http://127.0.0.1:${new URL(recorderUrl).port}${URL_PATH}` }) } : { body: BYTES, headers: { 'content-type': 'image/jpeg' } },
			);
			const recorderUrl = recorder.url;
			try {
				const output = await runOperation('downloadMedia', testClient({ baseUrl: recorder.url }).client, { mediaId: MEDIA_ID });
				expect(Buffer.from(output.file.data).equals(BYTES)).toBe(true);
				expect(recorder.calls.map((call) => [call.method, call.url, call.headers.authorization])).toEqual([
					['GET', `/v25.0/${MEDIA_ID}`, `Bearer ${TOKEN}`],
					['GET', URL_PATH, `Bearer ${TOKEN}`],
				]);
			} finally {
				await recorder.stop();
			}
		});
	});

	it('explains an expired or deleted file (404 from the media host) and a refused token (401/190)', async () => {
		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		nock(LOOKASIDE).get(URL_PATH).reply(404, metaError(100, 'This media URL has expired.'));
		const gone = await coreFailure(runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID }));
		expect(gone.message).toBe(
			"Meta's media host no longer has this file: the media was deleted, or its ID expired (30 days after upload, 7 days for files customers send). Check the media ID; if the file is still needed, upload it again (or ask the customer to send it again).",
		);
		expect(gone).toMatchObject({ category: 'not_found', httpStatus: 404, details: '(#100) This media URL has expired.' });

		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		nock(LOOKASIDE).get(URL_PATH).reply(401, metaError(190, 'Invalid OAuth access token'));
		expect(await coreFailure(runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID }))).toMatchObject({ category: 'auth', code: 190 });
	});

	it('retries a download that failed on Meta\'s side (a read), and logs no URL or token', async () => {
		const { client, sleeps, logs } = testClient();
		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		nock(LOOKASIDE).get(URL_PATH).reply(503, 'busy').get(URL_PATH).reply(200, BYTES);
		expect((await runOperation('downloadMedia', client, { mediaId: MEDIA_ID })).fileSize).toBe(BYTES.length);
		expect(sleeps).toHaveLength(1);
		expect(logs).toEqual([expect.stringMatching(/^GET the media file: Meta answered HTTP 503 with a body that is not JSON\. Retrying in \d+ ms \(attempt 2 of 4\)\.$/)]);
	});

	it("masks the token if the media host ever echoes it in an error", async () => {
		graph().get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		nock(LOOKASIDE).get(URL_PATH).reply(401, metaError(190, `Invalid OAuth access token: ${TOKEN}`, `token ${TOKEN} expired`));
		const error = await coreFailure(runOperation('downloadMedia', testClient().client, { mediaId: MEDIA_ID }));
		expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN);
		expect(error.details).toBe('token [redacted] expired');
	});
});

describe('deleteMedia', () => {
	it('deletes the media, then finds it gone (100/33 on the read-back)', async () => {
		const scope = graph()
			.delete(`/${VERSION}/${MEDIA_ID}`)
			.query({ phone_number_id: PHONE_ID })
			.reply(200, { success: true })
			.get(`/${VERSION}/${MEDIA_ID}`)
			.reply(400, metaError(100, 'Unsupported get request.', undefined, { error_subcode: 33 }));
		expect(await runOperation('deleteMedia', testClient().client, { mediaId: MEDIA_ID, phoneNumberId: PHONE_ID })).toEqual({
			success: true,
			mediaId: MEDIA_ID,
			stillExists: false,
			stateKnown: true,
			stateNote: null,
		});
		scope.done();
	});

	it('reports a media that is still there, and an unknown state when the read-back fails (the delete stands)', async () => {
		graph().delete(`/${VERSION}/${MEDIA_ID}`).reply(200, { success: true }).get(`/${VERSION}/${MEDIA_ID}`).reply(200, media());
		expect(await runOperation('deleteMedia', testClient().client, { mediaId: MEDIA_ID })).toMatchObject({ stillExists: true, stateKnown: true });

		graph().delete(`/${VERSION}/${MEDIA_ID}`).reply(200, { success: true }).get(`/${VERSION}/${MEDIA_ID}`).reply(403, metaError(200, 'Permissions error'));
		expect(await runOperation('deleteMedia', testClient().client, { mediaId: MEDIA_ID })).toEqual({
			success: true,
			mediaId: MEDIA_ID,
			stillExists: null,
			stateKnown: false,
			stateNote:
				'The change went through, but reading the media afterwards failed: The access token is missing a permission (or no token was sent). Look it up later with getMediaUrl.',
		});
	});
});
