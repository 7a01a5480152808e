/**
 * getBusinessProfile and updateBusinessProfile: the exact requests (the profile JSON, the resumable
 * upload of a picture with its raw bytes and headers), the profile read back, and every limit checked
 * before the first request.
 */
import nock from 'nock';
import { runOperation } from '../../../../shared';
import { coreFailure, GRAPH, metaError, PHONE_ID, testClient, TOKEN, VERSION } from '../../../support/core';
import { Answer, GraphRecorder, startGraphRecorder } from '../../../support/graphRecorder';

const APP_ID = '584544743160774';
const FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x01]);
const SESSION = 'upload:MTphdHRhY2htZW50OjlkMmJiZmUwLWQ4ZTUtNDIwMy05OTA3?sig=ARZqkGCA_uQMxC8nHKI';
const HANDLE = '4::aW1hZ2UvcG5n:ARbExampleHandle';

const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

const meta = {
	about: 'Fresh produce, delivered daily',
	address: '101 Market St',
	email: 'hello@jaspers.example',
	websites: ['https://www.jaspers.example/'],
	vertical: 'GROCERY',
	profile_picture_url: 'https://pps.whatsapp.net/v/t61/abc.png',
	messaging_product: 'whatsapp',
};
const profile = {
	phoneNumberId: PHONE_ID,
	about: 'Fresh produce, delivered daily',
	address: '101 Market St',
	description: null,
	email: 'hello@jaspers.example',
	websites: ['https://www.jaspers.example/'],
	vertical: 'GROCERY',
	profilePictureUrl: 'https://pps.whatsapp.net/v/t61/abc.png',
};


describe('getBusinessProfile', () => {
	it('asks for every profile field and reads the one-item list; unset fields are null', async () => {
		const scope = graph().get(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`).query({ fields: FIELDS }).reply(200, { data: [meta] });
		expect(await runOperation('getBusinessProfile', testClient().client, { phoneNumberId: PHONE_ID })).toEqual(profile);
		scope.done();
	});

	it('reads an empty profile as nulls and no websites', async () => {
		graph().get(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`).query({ fields: FIELDS }).reply(200, { data: [{ messaging_product: 'whatsapp' }] });
		expect(await runOperation('getBusinessProfile', testClient().client, { phoneNumberId: PHONE_ID })).toEqual({
			phoneNumberId: PHONE_ID,
			about: null,
			address: null,
			description: null,
			email: null,
			websites: [],
			vertical: null,
			profilePictureUrl: null,
		});
	});
});

describe('updateBusinessProfile', () => {
	it('sends only the fields given (plus messaging_product), then outputs the profile read back', async () => {
		const scope = graph()
			.post(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`, {
				messaging_product: 'whatsapp',
				about: 'Fresh produce, delivered daily',
				email: 'hello@jaspers.example',
				websites: ['https://www.jaspers.example/', 'http://shop.jaspers.example'],
				vertical: 'GROCERY',
			})
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`)
			.query({ fields: FIELDS })
			.reply(200, { data: [meta] });
		const output = await runOperation('updateBusinessProfile', testClient().client, {
			phoneNumberId: PHONE_ID,
			about: 'Fresh produce, delivered daily',
			email: ' hello@jaspers.example ',
			websites: 'https://www.jaspers.example/\nhttp://shop.jaspers.example',
			vertical: 'grocery',
		});
		expect(output).toEqual({ ...profile, changedFields: ['about', 'email', 'websites', 'vertical'], stateKnown: true, stateNote: null });
		scope.done();
	});

	it('empties the fields named in Fields to Empty ("" for text, [] for websites), and keeps the industry by default', async () => {
		const scope = graph()
			.post(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`, { messaging_product: 'whatsapp', address: '', websites: [] })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}/whatsapp_business_profile`)
			.query({ fields: FIELDS })
			.reply(200, { data: [{ messaging_product: 'whatsapp' }] });
		expect(await runOperation('updateBusinessProfile', testClient().client, { phoneNumberId: PHONE_ID, vertical: 'KEEP', clearFields: ['Address', 'websites'] })).toMatchObject({
			changedFields: ['address', 'websites'],
			address: null,
			websites: [],
		});
		scope.done();
	});

	describe('refuses before any request', () => {
		it.each([
			['about over 139', { about: 'x'.repeat(140) }, 'About: has 140 characters; Meta takes 1 to 139. Shorten it to 139 characters or fewer.'],
			['address over 256', { address: 'x'.repeat(257) }, 'Address: has 257 characters; Meta takes at most 256. Shorten it to 256 characters or fewer.'],
			['description over 512', { description: 'x'.repeat(513) }, 'Description: has 513 characters; Meta takes at most 512. Shorten it to 512 characters or fewer.'],
			['a malformed email', { email: 'hello at jaspers' }, 'Email: "hello at jaspers" is not an email address. Enter an address like hello@example.com.'],
			['three websites', { websites: ['https://a.example', 'https://b.example', 'https://c.example'] }, 'Websites: has 3 websites; a profile shows at most 2. Keep the 2 most important ones.'],
			['a website without http(s)', { websites: ['www.jaspers.example'] }, 'Websites: "www.jaspers.example" does not start with http:// or https://. Enter full addresses such as https://www.example.com.'],
			['an unknown industry', { vertical: 'FARMING' }, expect.stringMatching(/^Industry: "FARMING" is not one of the choices\. Choose one of: KEEP, OTHER, AUTO, /)],
			['emptying About', { clearFields: ['about'] }, 'Fields to Empty: "about" cannot be emptied. Use one or more of: address, description, email, websites, vertical (About cannot be empty).'],
			['setting and emptying the same field', { address: 'Main St', clearFields: ['address'] }, 'Fields to Empty: names "address", which this step also sets. Either fill in address or empty it, not both.'],
			['nothing to change', {}, 'Business Profile: has nothing to change: every field is empty. Fill in at least one field, or name fields to empty.'],
			['only "Keep Current"', { vertical: 'KEEP' }, 'Business Profile: has nothing to change: every field is empty. Fill in at least one field, or name fields to empty.'],
		])('%s', async (_case, input, message) => {
			const error = await coreFailure(runOperation('updateBusinessProfile', testClient({ appId: APP_ID }).client, { phoneNumberId: PHONE_ID, ...input }));
			expect(error.message).toEqual(message);
			expect(error.category).toBe('invalid_input');
			expect(nock.pendingMocks()).toEqual([]);
		});

		it('a picture that is not JPEG or PNG, one over 5 MB, and a picture without the App ID', async () => {
			const gif = await coreFailure(runOperation('updateBusinessProfile', testClient({ appId: APP_ID }).client, { phoneNumberId: PHONE_ID, profilePicture: { data: PNG, fileName: 'a.gif', mimeType: 'image/gif' } }));
			expect(gif.message).toBe('Profile Picture: is of type "image/gif"; a profile picture must be a JPEG or PNG image. Convert the picture to JPEG or PNG and try again.');
			const big = await coreFailure(
				runOperation('updateBusinessProfile', testClient({ appId: APP_ID }).client, { phoneNumberId: PHONE_ID, profilePicture: { data: new Uint8Array(5 * 1024 * 1024 + 1), mimeType: 'image/png' } }),
			);
			expect(big.message).toBe('Profile Picture: is 5 MB; a profile picture may be at most 5 MB. Make the picture smaller (a square of 640 × 640 pixels is plenty) and try again.');
			const noApp = await coreFailure(runOperation('updateBusinessProfile', testClient().client, { phoneNumberId: PHONE_ID, about: 'Hi', profilePicture: { data: PNG, mimeType: 'image/png' } }));
			expect(noApp.message).toBe(
				'Meta App ID is missing: changing the profile picture goes through the upload API of the Meta app your access token belongs to. Add the App ID to the client settings (createClient) (Meta App Dashboard → App settings → Basic → App ID), or leave the picture empty.',
			);
			expect(noApp).toMatchObject({ field: 'appId', operation: 'updateBusinessProfile' });
		});
	});

	describe('with a profile picture (Resumable Upload API)', () => {
		let recorder: GraphRecorder;
		let answers: Array<(path: string) => Answer | undefined>;

		beforeEach(async () => {
			answers = [];
			recorder = await startGraphRecorder((call) => answers.shift()?.(call.url) ?? { status: 599, body: { error: { message: `unexpected ${call.method} ${call.url}` } } });
		});
		afterEach(async () => {
			await recorder.stop();
		});

		const client = () => testClient({ baseUrl: recorder.url, appId: APP_ID }).client;
		const readBack = () => ({ body: { data: [meta] } });

		it('opens a session, sends the raw bytes from offset 0, and sets profile_picture_handle', async () => {
			answers.push(
				() => ({ body: { id: SESSION } }),
				() => ({ body: { h: HANDLE } }),
				() => ({ body: { success: true } }),
				readBack,
			);
			const output = await runOperation('updateBusinessProfile', client(), { phoneNumberId: PHONE_ID, profilePicture: { data: PNG, fileName: 'logo.png', mimeType: 'image/png' } });
			const [start, upload, update, read] = recorder.calls;
			expect([start.method, start.url]).toEqual(['POST', `/v25.0/${APP_ID}/uploads?file_name=logo.png&file_length=${PNG.length}&file_type=image%2Fpng`]);
			expect(start.headers.authorization).toBe(`Bearer ${TOKEN}`);
			expect(start.body.length).toBe(0);
			expect([upload.method, upload.url]).toEqual(['POST', `/v25.0/${SESSION}`]);
			expect(upload.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, file_offset: '0', 'content-type': 'application/octet-stream', 'content-length': String(PNG.length) });
			expect(upload.body.equals(PNG)).toBe(true);
			expect([update.method, update.url, JSON.parse(update.body.toString())]).toEqual([
				'POST',
				`/v25.0/${PHONE_ID}/whatsapp_business_profile`,
				{ messaging_product: 'whatsapp', profile_picture_handle: HANDLE },
			]);
			expect([read.method, read.url]).toEqual(['GET', `/v25.0/${PHONE_ID}/whatsapp_business_profile?fields=${encodeURIComponent(FIELDS)}`]);
			expect(output).toEqual({ ...profile, changedFields: ['profile_picture_handle'], stateKnown: true, stateNote: null });
		});

		it('resumes from the offset Meta reports after a dropped connection, instead of starting over', async () => {
			answers.push(
				() => ({ body: { id: SESSION } }),
				() => ({ drop: true }),
				() => ({ body: { id: SESSION, file_offset: 5 } }),
				() => ({ body: { h: HANDLE } }),
				() => ({ body: { success: true } }),
				readBack,
			);
			await runOperation('updateBusinessProfile', client(), { phoneNumberId: PHONE_ID, profilePicture: { data: PNG, fileName: 'logo.png', mimeType: 'image/png' } });
			const [, first, status, resumed] = recorder.calls;
			expect(first.body.equals(PNG)).toBe(true);
			expect([status.method, status.url]).toEqual(['GET', `/v25.0/${SESSION}`]);
			expect(resumed.headers.file_offset).toBe('5');
			expect(resumed.body.equals(PNG.subarray(5))).toBe(true);
			expect(recorder.calls).toHaveLength(6);
		});

		it('fails loudly when Meta takes the token to open the session but refuses it for the bytes, and changes nothing', async () => {
			answers.push(
				() => ({ body: { id: SESSION } }),
				() => ({ status: 401, body: metaError(190, 'Invalid OAuth access token') }),
			);
			const error = await coreFailure(runOperation('updateBusinessProfile', client(), { phoneNumberId: PHONE_ID, about: 'Hi', profilePicture: { data: PNG, mimeType: 'image/png' } }));
			expect(error.summary).toBe('Meta accepted the access token to start the picture upload but refused it for the file itself. The access token has expired or is not valid.');
			expect(error.nextStep).toBe(
				'Meta\'s upload guide puts "OAuth" before the token in the Authorization header, while the connector sends the usual "Bearer" form: report this to the connector\'s maintainers. The profile was not changed.',
			);
			expect(recorder.calls).toHaveLength(2);
		});

		it('fails loudly on a session ID that is not one', async () => {
			answers.push(() => ({ body: { id: 'not-a-session' } }));
			const error = await coreFailure(runOperation('updateBusinessProfile', client(), { phoneNumberId: PHONE_ID, profilePicture: { data: PNG, mimeType: 'image/png' } }));
			expect(error.message).toBe("Meta's upload API answered without an upload session ID, so the picture was not uploaded. Try again later; if it keeps happening, report it to the connector's maintainers.");
			expect(recorder.calls).toHaveLength(1);
		});

		it('reports success with the state unknown when the read-back fails (the change stands)', async () => {
			answers.push(
				() => ({ body: { id: SESSION } }),
				() => ({ body: { h: HANDLE } }),
				() => ({ body: { success: true } }),
				() => ({ status: 400, body: metaError(100, 'Invalid parameter') }),
			);
			const output = await runOperation('updateBusinessProfile', client(), { phoneNumberId: PHONE_ID, profilePicture: { data: PNG, mimeType: 'image/png' } });
			expect(output).toMatchObject({ changedFields: ['profile_picture_handle'], stateKnown: false, about: null });
			expect(output.stateNote).toMatch(/^The change went through, but reading the profile afterwards failed: /);
		});
	});
});
