/**
 * Media, Business Profile and Message → Mark as Read through the node as n8n runs it: binary data in
 * (made by n8n-core upstream, read with n8n's binary helpers into the core's bytes) and out (the
 * core's bytes through n8n's binary data service, in-memory mode), the exact requests.
 */
import { createHash } from 'node:crypto';
import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { parseMultipart, UploadedFile } from '../../../../../sandbox/multipart';
import { binaryFile, failureOf, outputOf, recordRequests, type ExecuteSetup } from '../../../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID } from '../../../support/fixtures';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });
const LOOKASIDE = 'https://lookaside.fbsbx.com';
const MEDIA_ID = '1013859600285441';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xff, 0xd9]);

interface Run {
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	credentials?: IDataObject;
	continueOnFail?: boolean;
}

const setup = ({ parameters, items, credentials = GRAPH_CREDENTIALS, continueOnFail }: Run): ExecuteSetup => ({
	node: 'whatsAppNumbers',
	parameters,
	credentials: { whatsAppNumbersApi: credentials },
	continueOnFail,
	...(items ? { items } : {}),
});
const run = async (options: Run) => await outputOf(setup(options));
const failure = async (options: Run) => await failureOf(setup(options));

/** The parts of a multipart body as the sandbox reads them (nock hands non-UTF-8 bodies over as hex). */
function partsOf(hexBody: string, contentType: string) {
	return parseMultipart(Buffer.from(hexBody, 'hex'), contentType);
}

describe('Media → Upload', () => {
	it('reads the file from the item\'s "data" binary field and uploads it as multipart with its name and type', async () => {
		let received: { body: string; contentType: string } | undefined;
		const scope = api()
			.post(`/v25.0/${PHONE_ID}/media`)
			.reply(function (_uri, body) {
				received = { body: body as string, contentType: String(this.req.headers['content-type']) };
				return [200, { id: MEDIA_ID }];
			});
		const output = await run({
			parameters: { resource: 'media', operation: 'uploadMedia', phoneNumberId: byId(PHONE_ID), binaryPropertyName: 'data' },
			items: [{ json: { orderId: 7 }, binary: { data: await binaryFile(JPEG, 'receipt.jpg', 'image/jpeg') } }],
		});
		expect(scope.isDone()).toBe(true);
		expect(received?.contentType).toMatch(/^multipart\/form-data; boundary=WhatsAppNumbers[0-9a-f]{24}$/);
		expect(partsOf(received?.body ?? '', received?.contentType ?? '')).toEqual({
			messaging_product: 'whatsapp',
			type: 'image/jpeg',
			file: new UploadedFile('receipt.jpg', 'image/jpeg', JPEG),
		});
		expect(output).toEqual([
			{
				json: { mediaId: MEDIA_ID, phoneNumberId: PHONE_ID, mediaType: 'image', mimeType: 'image/jpeg', fileName: 'receipt.jpg', fileSize: JPEG.length, expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('takes another binary field and the MIME type and file name options', async () => {
		let received = { body: '', contentType: '' };
		api()
			.post(`/v25.0/${PHONE_ID}/media`)
			.reply(function (_uri, body) {
				received = { body: body as string, contentType: String(this.req.headers['content-type']) };
				return [200, { id: '2' }];
			});
		const pdf = Buffer.concat([Buffer.from('%PDF-1.7'), Buffer.from([0xff])]);
		const output = await run({
			parameters: { resource: 'media', operation: 'uploadMedia', phoneNumberId: byId(PHONE_ID), binaryPropertyName: 'invoice', options: { mimeType: 'application/pdf', fileName: 'invoice-1042.pdf' } },
			items: [{ json: {}, binary: { invoice: await binaryFile(pdf, 'blob', 'application/octet-stream') } }],
		});
		expect(partsOf(received.body, received.contentType).file).toEqual(new UploadedFile('invoice-1042.pdf', 'application/pdf', pdf));
		expect(output[0].json).toMatchObject({ mediaId: '2', mediaType: 'document', fileName: 'invoice-1042.pdf' });
	});

	it('stops with n8n\'s own error when the item has no such binary field, and sends nothing', async () => {
		const log = recordRequests();
		const error = await failure({ parameters: { resource: 'media', operation: 'uploadMedia', phoneNumberId: byId(PHONE_ID), binaryPropertyName: 'data' }, items: [{ json: {} }] });
		log.stop();
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: "This operation expects the node's input data to contain a binary file 'data', but none was found [item 0]",
			description: 'Make sure that the previous node outputs a binary file',
			context: { itemIndex: 0 },
		});
		expect(log.unmatched).toEqual([]);
	});

	it('refuses a file over the limit before any request, one error item per item with Continue On Fail', async () => {
		const scope = api().post(`/v25.0/${PHONE_ID}/media`).reply(200, { id: '3' });
		const log = recordRequests(scope);
		const output = await run({
			parameters: { resource: 'media', operation: 'uploadMedia', phoneNumberId: byId(PHONE_ID), binaryPropertyName: 'data' },
			items: [
				{ json: {}, binary: { data: await binaryFile(Buffer.alloc(5 * 1024 * 1024 + 1), 'huge.png', 'image/png') } },
				{ json: {}, binary: { data: await binaryFile(JPEG, 'ok.jpg', 'image/jpeg') } },
			],
			continueOnFail: true,
		});
		log.stop();
		expect(log.sent.map((request) => request.url)).toEqual([`${GRAPH}/v25.0/${PHONE_ID}/media`]);
		expect(log.unmatched).toEqual([]);
		expect(output[0]).toEqual({
			json: expect.objectContaining({
				error: 'File: is 5 MB (5,242,881 bytes); WhatsApp takes an image of at most 5 MB (5,242,880 bytes). Make the file smaller (compress or resize it) and upload it again.',
				errorCategory: 'invalid_input',
				field: 'File',
				operation: 'uploadMedia',
			}),
			pairedItem: { item: 0 },
		});
		expect(output[1]).toEqual({ json: expect.objectContaining({ mediaId: '3' }), pairedItem: { item: 1 } });
		expect(scope.isDone()).toBe(true);
	});
});

describe('Media → Download', () => {
	const sha = createHash('sha256').update(JPEG).digest('hex');
	const mediaAnswer = (url = `${LOOKASIDE}/whatsapp_business/attachments/?mid=${MEDIA_ID}&ext=1&hash=h`) => ({ url, mime_type: 'image/jpeg', sha256: sha, file_size: String(JPEG.length), id: MEDIA_ID, messaging_product: 'whatsapp' });

	it('outputs the file as binary data (name, type, bytes) and the details as JSON, never the URL', async () => {
		const graph = api().get(`/v25.0/${MEDIA_ID}`).reply(200, mediaAnswer());
		const host = nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get('/whatsapp_business/attachments/')
			.query(true)
			.reply(200, JPEG, { 'content-type': 'image/jpeg' });
		const log = recordRequests(graph, host);
		const output = await run({ parameters: { resource: 'media', operation: 'downloadMedia', mediaId: MEDIA_ID, binaryPropertyName: 'data' } });
		log.stop();
		expect(host.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { mediaId: MEDIA_ID, mimeType: 'image/jpeg', sha256: sha, fileSize: JPEG.length, fileName: `${MEDIA_ID}.jpg` },
				// As n8n's binary data service keeps a file in memory mode.
				binary: {
					data: { data: JPEG.toString('base64'), mimeType: 'image/jpeg', fileType: 'image', fileName: `${MEDIA_ID}.jpg`, fileExtension: 'jpg', fileSize: `${JPEG.length} B`, bytes: JPEG.length },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(JSON.stringify(output)).not.toContain('lookaside');
		expect(JSON.stringify(output)).not.toContain(ACCESS_TOKEN);
		expect(log.sent.map((request) => [request.method, request.url])).toEqual([
			['GET', `${GRAPH}/v25.0/${MEDIA_ID}`],
			['GET', `${LOOKASIDE}/whatsapp_business/attachments/?mid=${MEDIA_ID}&ext=1&hash=h`],
		]);
	});

	it('puts the file in the binary field named in "Put Output File in Field", with the file name option', async () => {
		api().get(`/v25.0/${MEDIA_ID}`).reply(200, mediaAnswer());
		nock(LOOKASIDE).get('/whatsapp_business/attachments/').query(true).reply(200, JPEG);
		const output = await run({ parameters: { resource: 'media', operation: 'downloadMedia', mediaId: MEDIA_ID, binaryPropertyName: 'receipt', options: { fileName: 'receipt.jpg' } } });
		expect(Object.keys(output[0].binary ?? {})).toEqual(['receipt']);
		expect(output[0].binary?.receipt).toMatchObject({ fileName: 'receipt.jpg', mimeType: 'image/jpeg', data: JPEG.toString('base64') });
	});

	it('never lets n8n send the credential to a host that is not Meta\'s (or the Base URL\'s)', async () => {
		api().get(`/v25.0/${MEDIA_ID}`).reply(200, mediaAnswer('https://attacker.example/steal'));
		const trap = nock('https://attacker.example').get('/steal').reply(200, 'x');
		const error = await failure({ parameters: { resource: 'media', operation: 'downloadMedia', mediaId: MEDIA_ID, binaryPropertyName: 'data' } });
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'The file\'s download link points to attacker.example, which is neither Meta\'s media host (lookaside.fbsbx.com) nor the Base URL in the "WhatsApp Business Numbers API" credential, so it was not downloaded and your access token was not sent there. If Meta moved its media files to a new host, report this to the connector\'s maintainers (the allowed hosts are META_MEDIA_HOSTS in shared/tokenHosts.ts).',
		);
		expect(trap.isDone()).toBe(false);
	});
});

describe('Business Profile → Update with a picture from binary data', () => {
	it('uploads the picture through the app\'s upload session (App ID from the credential) and outputs the profile read back', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]);
		const session = 'upload:MTphdHRhY2htZW50OjEyMw?sig=ARZsig';
		let uploaded: { body: string; offset: string } | undefined;
		const scope = api()
			.post('/v25.0/900000000000042/uploads')
			.query({ file_name: 'logo.png', file_length: String(png.length), file_type: 'image/png' })
			.reply(200, { id: session })
			.post('/v25.0/upload:MTphdHRhY2htZW50OjEyMw')
			.query({ sig: 'ARZsig' })
			.reply(function (_uri, body) {
				uploaded = { body: body as string, offset: String(this.req.headers.file_offset) };
				return [200, { h: '4::aW1hZ2UvcG5n:ARbHandle' }];
			})
			.post(`/v25.0/${PHONE_ID}/whatsapp_business_profile`, { messaging_product: 'whatsapp', about: 'Fresh produce', profile_picture_handle: '4::aW1hZ2UvcG5n:ARbHandle' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}/whatsapp_business_profile`)
			.query(true)
			.reply(200, { data: [{ about: 'Fresh produce', profile_picture_url: 'https://pps.whatsapp.net/p.png', messaging_product: 'whatsapp' }] });
		const output = await run({
			parameters: { resource: 'businessProfile', operation: 'updateBusinessProfile', phoneNumberId: byId(PHONE_ID), about: 'Fresh produce', vertical: 'KEEP', profilePictureBinaryPropertyName: 'logo' },
			items: [{ json: {}, binary: { logo: await binaryFile(png, 'logo.png', 'image/png') } }],
			credentials: { ...GRAPH_CREDENTIALS, appId: '900000000000042' },
		});
		expect(scope.isDone()).toBe(true);
		expect(uploaded?.offset).toBe('0');
		expect(Buffer.from(uploaded?.body ?? '', 'hex').equals(png)).toBe(true);
		expect(output).toEqual([
			{
				json: {
					phoneNumberId: PHONE_ID,
					about: 'Fresh produce',
					address: null,
					description: null,
					email: null,
					websites: [],
					vertical: null,
					profilePictureUrl: 'https://pps.whatsapp.net/p.png',
					changedFields: ['about', 'profile_picture_handle'],
					stateKnown: true,
					stateNote: null,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('says where to put the App ID (the credential) before any request when it is missing', async () => {
		const error = await failure({
			parameters: { resource: 'businessProfile', operation: 'updateBusinessProfile', phoneNumberId: byId(PHONE_ID), vertical: 'KEEP', profilePictureBinaryPropertyName: 'logo' },
			items: [{ json: {}, binary: { logo: await binaryFile(JPEG, 'logo.jpg', 'image/jpeg') } }],
		});
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe(
			'Meta App ID is missing: changing the profile picture goes through the upload API of the Meta app your access token belongs to. Add the App ID to the "WhatsApp Business Numbers API" credential (Meta App Dashboard → App settings → Basic → App ID), or leave the picture empty.',
		);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('leaves the picture alone when its binary field name is empty', async () => {
		const scope = api()
			.post(`/v25.0/${PHONE_ID}/whatsapp_business_profile`, { messaging_product: 'whatsapp', email: 'hi@example.com' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}/whatsapp_business_profile`)
			.query(true)
			.reply(200, { data: [{ email: 'hi@example.com' }] });
		const output = await run({
			parameters: { resource: 'businessProfile', operation: 'updateBusinessProfile', phoneNumberId: byId(PHONE_ID), email: 'hi@example.com', vertical: 'KEEP', profilePictureBinaryPropertyName: '' },
		});
		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ email: 'hi@example.com', changedFields: ['email'] });
	});
});

describe('Message → Mark as Read', () => {
	it('marks each item\'s message read, with the typing indicator when asked', async () => {
		const scope = api()
			.post(`/v25.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC=', typing_indicator: { type: 'text' } })
			.reply(200, { success: true });
		const output = await run({ parameters: { resource: 'message', operation: 'markAsRead', phoneNumberId: byId(PHONE_ID), messageId: 'wamid.ABC=', showTypingIndicator: true } });
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { success: true, phoneNumberId: PHONE_ID, messageId: 'wamid.ABC=', typingIndicatorShown: true, typingIndicatorUntil: expect.stringMatching(/^\d{4}-/) },
				pairedItem: { item: 0 },
			},
		]);
	});
});
