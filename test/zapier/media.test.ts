/**
 * Upload Media (a file field), Download Media (a hydrated file, never a URL that needs the token),
 * Mark Message as Read, Update Business Profile (a picture from a file field) and Find Business
 * Profile: the exact requests and what a zap author maps.
 */
import { createHash } from 'node:crypto';
import nock from 'nock';
import { parseMultipart, UploadedFile } from '../../sandbox/multipart';
import { zapierTransport } from '../../zapier/runtime';
import { App, appTester, appErrorBody, authData, failureOf, meta, metaError, perform, PHONE_NUMBER_ID, TOKEN } from './support';

const FILES = 'https://files.example.com';
const LOOKASIDE = 'https://lookaside.fbsbx.com';
const MEDIA_ID = '1013859600285441';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xff, 0xd9]);

const run = (kind: 'creates' | 'searches', key: string, inputData: Record<string, unknown>, auth = authData()) => appTester(perform(kind, key), { authData: auth, inputData });

/** A host serving the mapped file; it must never see our token. */
const fileHost = () => nock(FILES, { badheaders: ['authorization'] });

/** The file part of a multipart body as the sandbox reads it (nock hands non-UTF-8 bodies over as hex). */
function filePart(received: { body: string; contentType: string }) {
	return parseMultipart(Buffer.from(received.body, 'hex'), received.contentType).file;
}

describe('upload_media', () => {
	it('fetches the mapped file (no token sent there) and uploads its bytes with the name and type the host gave', async () => {
		const host = fileHost().get('/f/abc').reply(200, JPEG, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="receipt 42.jpg"' });
		let received = { body: '', contentType: '' };
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/media`)
			.reply(function (_uri, body) {
				received = { body: body as string, contentType: String(this.req.headers['content-type']) };
				return [200, { id: MEDIA_ID }];
			});
		const output = await run('creates', 'upload_media', { phone_number_id: PHONE_NUMBER_ID, file: `${FILES}/f/abc` });
		host.done();
		scope.done();
		expect(filePart(received)).toEqual(new UploadedFile('receipt 42.jpg', 'image/jpeg', JPEG));
		expect(output).toEqual({
			media_id: MEDIA_ID,
			phone_number_id: PHONE_NUMBER_ID,
			media_type: 'image',
			mime_type: 'image/jpeg',
			file_name: 'receipt 42.jpg',
			file_size: JPEG.length,
			expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});
	});

	it('names the file from the URL and reads its type from the extension when the host says octet-stream', async () => {
		const pdf = Buffer.concat([Buffer.from('%PDF-1.4'), Buffer.from([0xff])]);
		fileHost().get('/exports/invoice-1042.pdf').reply(200, pdf, { 'content-type': 'application/octet-stream' });
		let received = { body: '', contentType: '' };
		meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/media`)
			.reply(function (_uri, body) {
				received = { body: body as string, contentType: String(this.req.headers['content-type']) };
				return [200, { id: '2' }];
			});
		expect(await run('creates', 'upload_media', { phone_number_id: PHONE_NUMBER_ID, file: `${FILES}/exports/invoice-1042.pdf` })).toMatchObject({
			media_type: 'document',
			mime_type: 'application/pdf',
			file_name: 'invoice-1042.pdf',
		});
		expect(filePart(received)).toEqual(new UploadedFile('invoice-1042.pdf', 'application/pdf', pdf));
	});

	it('says when the file cannot be fetched, and when the value is not a file, before anything reaches Meta', async () => {
		fileHost().get('/gone').reply(404, 'Not found');
		const gone = await failureOf(perform('creates', 'upload_media'), { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, file: `${FILES}/gone` } });
		expect(appErrorBody(gone)).toEqual({
			message: "File: the file could not be fetched from files.example.com (HTTP 404). Check that the earlier step's file is still there, or that the link is public.",
			code: 'file_unavailable',
			status: 404,
		});
		const text = await failureOf(perform('creates', 'upload_media'), { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, file: 'just some text' } });
		expect(appErrorBody(text).message).toBe('File: this is not a file. Map a file from an earlier step (or a public link to one).');
		expect(nock.pendingMocks()).toEqual([]);
	});

	it("refuses a type WhatsApp does not take with the core's words, naming Zapier's MIME Type field", async () => {
		fileHost().get('/page').reply(200, '<html></html>', { 'content-type': 'text/html; charset=utf-8' });
		const error = await failureOf(perform('creates', 'upload_media'), { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, file: `${FILES}/page` } });
		expect(appErrorBody(error).message).toMatch(/^File: is of type "text\/html", which WhatsApp does not take\. Upload one of: .* If the file is one of these, set "MIME Type" to its real type\.$/);
	});

	it('offers the file as a Zapier file field', () => {
		const fields = (App as any).creates.upload_media.operation.inputFields as Array<Record<string, unknown>>;
		expect(fields.find((field) => field.key === 'file')).toMatchObject({ type: 'file', required: true, label: 'File' });
	});
});

describe('download_media', () => {
	const sha = createHash('sha256').update(JPEG).digest('hex');
	const mediaUrl = `${LOOKASIDE}/whatsapp_business/attachments/?mid=${MEDIA_ID}&ext=1&hash=h`;

	it('outputs the details and a dehydrated file, never the URL or the token', async () => {
		meta().get(`/v25.0/${MEDIA_ID}`).reply(200, { url: mediaUrl, mime_type: 'image/jpeg', sha256: sha, file_size: String(JPEG.length), id: MEDIA_ID });
		const output = await run('creates', 'download_media', { media_id: MEDIA_ID, file_name: 'receipt.jpg' });
		expect(output).toEqual({ media_id: MEDIA_ID, mime_type: 'image/jpeg', sha256: sha, file_size: JPEG.length, file_name: 'receipt.jpg', file: expect.stringMatching(/^hydrate\|\|\|.*\|\|\|hydrate$/) });
		const pointer = JSON.parse(output.file.slice('hydrate|||'.length, -'|||hydrate'.length));
		expect(pointer).toEqual({ type: 'file', method: 'hydrators.downloadMedia', bundle: { mediaId: MEDIA_ID, fileName: 'receipt.jpg' } });
		expect(JSON.stringify(output)).not.toContain('lookaside');
		expect(JSON.stringify(output)).not.toContain(TOKEN);
	});

	it('hydrates the file through the core: downloads it from Meta\'s media host with the token and stashes the bytes', async () => {
		meta().get(`/v25.0/${MEDIA_ID}`).query({ phone_number_id: PHONE_NUMBER_ID }).reply(200, { url: mediaUrl, mime_type: 'image/jpeg', sha256: sha, file_size: String(JPEG.length), id: MEDIA_ID });
		const host = nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get('/whatsapp_business/attachments/')
			.query(true)
			.reply(200, JPEG, { 'content-type': 'image/jpeg' });
		const stashed: unknown[][] = [];
		const url = await appTester(
			async (z: any, bundle: any) => {
				z.stashFile = async (...args: unknown[]) => {
					stashed.push(args);
					return 'https://zapier-dev-files.s3.amazonaws.com/cli-platform/abc';
				};
				return (App as any).hydrators.downloadMedia(z, bundle);
			},
			{ authData: authData(), inputData: { mediaId: MEDIA_ID, phoneNumberId: PHONE_NUMBER_ID, fileName: 'receipt.jpg' } },
		);
		host.done();
		expect(url).toBe('https://zapier-dev-files.s3.amazonaws.com/cli-platform/abc');
		expect(stashed).toHaveLength(1);
		const [bytes, length, name, type] = stashed[0] as [Buffer, number, string, string];
		expect(Buffer.isBuffer(bytes) && bytes.equals(JPEG)).toBe(true);
		expect([length, name, type]).toEqual([JPEG.length, 'receipt.jpg', 'image/jpeg']);
	});

	it('fails the step early for a media ID Meta does not know', async () => {
		meta().get(`/v25.0/${MEDIA_ID}`).reply(400, metaError(100, 'Unsupported get request.', { error_subcode: 33 }));
		const error = await failureOf(perform('creates', 'download_media'), { authData: authData(), inputData: { media_id: MEDIA_ID } });
		expect(appErrorBody(error).message).toMatch(/^Meta found nothing with that ID, or this access token is not allowed to see it\./);
	});
});

describe('mark_as_read', () => {
	it('marks the message read with the typing indicator and outputs more than a success flag', async () => {
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC=', typing_indicator: { type: 'text' } })
			.reply(200, { success: true });
		expect(await run('creates', 'mark_as_read', { phone_number_id: PHONE_NUMBER_ID, message_id: 'wamid.ABC=', show_typing_indicator: 'true' })).toEqual({
			success: true,
			phone_number_id: PHONE_NUMBER_ID,
			message_id: 'wamid.ABC=',
			typing_indicator_shown: true,
			typing_indicator_until: expect.stringMatching(/^\d{4}-/),
		});
		scope.done();
	});
});

describe('update_business_profile and find_business_profile', () => {
	const FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

	it('uploads the mapped picture with the connection\'s App ID and outputs the profile read back', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]);
		fileHost().get('/logo.png').reply(200, png, { 'content-type': 'image/png' });
		let uploaded = '';
		const scope = meta()
			.post('/v25.0/584544743160774/uploads')
			.query({ file_name: 'logo.png', file_length: String(png.length), file_type: 'image/png' })
			.reply(200, { id: 'upload:MTph?sig=ARZ' })
			.post('/v25.0/upload:MTph')
			.query({ sig: 'ARZ' })
			.matchHeader('file_offset', '0')
			.reply((_uri, body) => {
				uploaded = body as string;
				return [200, { h: '4::aW1hZ2UvcG5n:ARb' }];
			})
			.post(`/v25.0/${PHONE_NUMBER_ID}/whatsapp_business_profile`, { messaging_product: 'whatsapp', description: 'Local fruit', profile_picture_handle: '4::aW1hZ2UvcG5n:ARb' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_NUMBER_ID}/whatsapp_business_profile`)
			.query({ fields: FIELDS })
			.reply(200, { data: [{ description: 'Local fruit', profile_picture_url: 'https://pps.whatsapp.net/p.png', websites: ['https://a.example'] }] });
		const output = await run('creates', 'update_business_profile', { phone_number_id: PHONE_NUMBER_ID, description: 'Local fruit', profile_picture: `${FILES}/logo.png` }, authData({ app_id: '584544743160774' }));
		scope.done();
		expect(Buffer.from(uploaded, 'hex').equals(png)).toBe(true);
		expect(output).toEqual({
			phone_number_id: PHONE_NUMBER_ID,
			about: null,
			address: null,
			description: 'Local fruit',
			email: null,
			websites: ['https://a.example'],
			vertical: null,
			profile_picture_url: 'https://pps.whatsapp.net/p.png',
			changed_fields: ['description', 'profile_picture_handle'],
			state_known: true,
			state_note: null,
		});
	});

	it('asks for the App ID in the Zapier connection before any request', async () => {
		fileHost().get('/logo.png').reply(200, JPEG, { 'content-type': 'image/jpeg' });
		const error = await failureOf(perform('creates', 'update_business_profile'), { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, profile_picture: `${FILES}/logo.png` } });
		expect(appErrorBody(error).message).toBe(
			'Meta App ID is missing: changing the profile picture goes through the upload API of the Meta app your access token belongs to. Add the App ID to your WhatsApp connection in Zapier (Meta App Dashboard → App settings → Basic → App ID), or leave the picture empty.',
		);
	});

	it('finds the profile of a number, and finds nothing for a number Meta does not know', async () => {
		meta().get(`/v25.0/${PHONE_NUMBER_ID}/whatsapp_business_profile`).query({ fields: FIELDS }).reply(200, { data: [{ about: 'Hi', vertical: 'RETAIL', messaging_product: 'whatsapp' }] });
		expect(await run('searches', 'find_business_profile', { phone_number_id: PHONE_NUMBER_ID })).toEqual([
			{ phone_number_id: PHONE_NUMBER_ID, about: 'Hi', address: null, description: null, email: null, websites: [], vertical: 'RETAIL', profile_picture_url: null },
		]);
		meta().get('/v25.0/999/whatsapp_business_profile').query(true).reply(400, metaError(100, 'Unsupported get request.', { error_subcode: 33 }));
		expect(await run('searches', 'find_business_profile', { phone_number_id: '999' })).toEqual([]);
	});
});

describe('the file hydrator is registered where z.dehydrateFile looks', () => {
	it('is App.hydrators.downloadMedia', () => {
		expect(typeof (App as any).hydrators.downloadMedia).toBe('function');
	});
});

describe('zapierTransport with bytes', () => {
	it('sends bodyBytes as they are and reads a binary answer as bytes (every byte value survives)', async () => {
		const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
		let received = '';
		nock(LOOKASIDE)
			.post('/echo')
			.reply((_uri, body) => {
				received = body as string;
				return [200, bytes, { 'content-type': 'application/octet-stream' }];
			});
		const response = await appTester((zObject: never) =>
			zapierTransport(zObject).send({ method: 'POST', url: `${LOOKASIDE}/echo`, headers: { 'content-type': 'application/octet-stream' }, bodyBytes: new Uint8Array(bytes), responseType: 'binary' }),
		);
		expect(Buffer.from(received, 'hex').equals(bytes)).toBe(true);
		expect(response.body).toBe('');
		expect(Buffer.from(response.bodyBytes).equals(bytes)).toBe(true);
	});
});
