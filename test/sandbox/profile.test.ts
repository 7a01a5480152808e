/**
 * Business profiles (docs/meta-messaging.md §6) and the Resumable Upload API that yields the
 * picture handle (§7): the GET shape, every update limit, and upload sessions with their offsets.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, graphClient, rawRequest, RawAnswer } from '../fixtures/sandbox/http';

const PN = '200000000000001';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
	sb = await startSandbox({ port: 0 });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('sandbox png')]);
const FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';
const getProfile = (fields = FIELDS) => graph('GET', `/v25.0/${PN}/whatsapp_business_profile`, { query: { fields } });
const update = (body: Record<string, unknown>) => graph('POST', `/v25.0/${PN}/whatsapp_business_profile`, { json: { messaging_product: 'whatsapp', ...body } });

function startUpload(query: Record<string, string>, token: string | null = sb.accessToken): Promise<RawAnswer> {
	return rawRequest(sb.baseUrl, 'POST', `/v25.0/${sb.appId}/uploads`, { query, token });
}

/** POSTs bytes to `/<session id>` the way Meta's guide does: OAuth header, file_offset header, raw body. */
function sendBytes(sessionId: string, bytes: Buffer, offset: number): Promise<RawAnswer> {
	return rawRequest(sb.baseUrl, 'POST', `/v25.0/${sessionId}`, { rawBody: bytes, headers: { authorization: `OAuth ${sb.accessToken}`, file_offset: String(offset) } });
}

async function pictureHandle(data = PNG, type = 'image/png'): Promise<string> {
	const session = await startUpload({ file_name: 'logo.png', file_length: String(data.length), file_type: type });
	const done = await sendBytes(session.body.id, data, 0);
	expect(done.status).toBe(200);
	return done.body.h;
}

describe('GET /<PHONE_NUMBER_ID>/whatsapp_business_profile', () => {
	it('answers {data:[{…, messaging_product}]}, leaving out fields never set', async () => {
		const answer = await getProfile();
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ data: [{ messaging_product: 'whatsapp' }] });
	});

	it('answers the requested fields after an update', async () => {
		expect((await update({ about: 'Succulents, shipped', address: '1 Shrub Ln', description: 'We sell plants.', email: 'hi@luckyshrub.com', websites: ['https://luckyshrub.com', 'https://instagram.com/luckyshrub'], vertical: 'RETAIL' })).body).toEqual({ success: true });
		expect((await getProfile()).body).toEqual({
			data: [
				{
					about: 'Succulents, shipped',
					address: '1 Shrub Ln',
					description: 'We sell plants.',
					email: 'hi@luckyshrub.com',
					websites: ['https://luckyshrub.com', 'https://instagram.com/luckyshrub'],
					vertical: 'RETAIL',
					messaging_product: 'whatsapp',
				},
			],
		});
		expect((await getProfile('about,email')).body).toEqual({ data: [{ about: 'Succulents, shipped', email: 'hi@luckyshrub.com', messaging_product: 'whatsapp' }] });
	});

	it('refuses a field a profile does not have', async () => {
		expect(expectMetaError(await getProfile('about,hours'), 400, 100).message).toBe('(#100) Tried accessing nonexisting field (hours) on node type (WhatsAppBusinessProfile)');
	});

	it('answers every field when none is asked for', async () => {
		await update({ about: 'Hi' });
		expect((await graph('GET', `/v25.0/${PN}/whatsapp_business_profile`)).body).toEqual({ data: [{ about: 'Hi', messaging_product: 'whatsapp' }] });
	});
});

describe('POST /<PHONE_NUMBER_ID>/whatsapp_business_profile', () => {
	it('changes only the fields sent; an empty string clears a text field and [] clears websites', async () => {
		await update({ about: 'Plants', address: '1 Shrub Ln', websites: ['https://luckyshrub.com'] });
		await update({ address: '', websites: [] });
		expect((await getProfile()).body).toEqual({ data: [{ about: 'Plants', messaging_product: 'whatsapp' }] });
	});

	it('takes form fields too (websites as a JSON list)', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/whatsapp_business_profile`, { form: { messaging_product: 'whatsapp', websites: '["https://luckyshrub.com"]', vertical: '' } });
		expect(answer.body).toEqual({ success: true });
		expect((await getProfile('websites')).body.data[0].websites).toEqual(['https://luckyshrub.com']);
	});

	it.each([
		['about over 139 characters', { about: 'x'.repeat(140) }, 'at most 139'],
		['an empty about', { about: '' }, 'cannot be empty'],
		['address over 256 characters', { address: 'x'.repeat(257) }, 'at most 256'],
		['description over 512 characters', { description: 'x'.repeat(513) }, 'at most 512'],
		['email over 128 characters', { email: `${'x'.repeat(120)}@example.com` }, 'at most 128'],
		['an email that is not one', { email: 'luckyshrub.com' }, 'must be an email address'],
		['three websites', { websites: ['https://a.com', 'https://b.com', 'https://c.com'] }, 'at most 2 websites'],
		['a website without http(s)://', { websites: ['luckyshrub.com'] }, 'must start with http:// or https://'],
		['a website over 256 characters', { websites: [`https://${'x'.repeat(250)}.com`] }, 'at most 256'],
		['a vertical not in the list', { vertical: 'PLANTS' }, 'must be empty or one of UNDEFINED, OTHER, AUTO'],
		['an unknown field', { hours: '9-5' }, 'Unknown parameter hours'],
		['a handle no upload returned', { profile_picture_handle: '4::aW1hZ2UvcG5n:nope' }, 'completed Resumable Upload'],
	])('refuses %s with 100 and changes nothing', async (_name, body, detail) => {
		await update({ about: 'Before' });
		const error = expectMetaError(await update({ about: 'After', ...body }), 400, 100);
		expect(`${error.message} ${error.error_data?.details ?? ''}`).toContain(detail);
		expect((await getProfile('about')).body.data[0].about).toBe('Before');
	});

	it('requires messaging_product', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/whatsapp_business_profile`, { json: { about: 'x' } });
		expect(expectMetaError(answer, 400, 100).message).toBe('(#100) The parameter messaging_product is required.');
	});

	it('sets the picture from an upload handle; profile_picture_url serves it publicly', async () => {
		const h = await pictureHandle();
		expect((await update({ profile_picture_handle: h })).body).toEqual({ success: true });
		const url: string = (await getProfile('profile_picture_url')).body.data[0].profile_picture_url;
		expect(url).toMatch(new RegExp(`^${sb.baseUrl}/pps/[0-9a-f]+\\.png$`));
		const picture = await rawRequest(sb.baseUrl, 'GET', url.slice(sb.baseUrl.length));
		expect(picture.status).toBe(200);
		expect(picture.headers['content-type']).toBe('image/png');
		expect(picture.bytes.equals(PNG)).toBe(true);
	});

	it('refuses a PDF as a profile picture', async () => {
		const h = await pictureHandle(Buffer.from('%PDF-1.4'), 'application/pdf');
		expect(expectMetaError(await update({ profile_picture_handle: h }), 400, 100).error_data.details).toContain('JPEG or PNG');
	});
});

describe('the Resumable Upload API', () => {
	it('starts a session with a user token: {id:"upload:…?sig=…"}', async () => {
		const answer = await startUpload({ file_name: 'logo.png', file_length: '11', file_type: 'image/png' });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ id: expect.stringMatching(/^upload:[\w-]+\?sig=AR[\w-]+$/) });
		const described = Buffer.from(answer.body.id.slice('upload:'.length).split('?')[0], 'base64url').toString();
		expect(described).toMatch(/^1:attachment:[0-9a-f-]{36}\?file_name=logo\.png&file_length=11&file_type=image%2Fpng$/);
	});

	it('completes in one POST: {h} with the MIME type inside, like Meta\'s 4::<base64 type>:… handles', async () => {
		const h = await pictureHandle();
		expect(h).toMatch(/^4::aW1hZ2UvcG5n:[\w-]+$/);
	});

	it('resumes: GET tells the offset, a chunk at the wrong offset is refused, the rest completes', async () => {
		const { id } = (await startUpload({ file_name: 'logo.png', file_length: String(PNG.length), file_type: 'image/png' })).body;
		const first = await sendBytes(id, PNG.subarray(0, 8), 0);
		expect(first.body).toEqual({ id: id.split('?')[0], file_offset: 8 });
		const status = await rawRequest(sb.baseUrl, 'GET', `/v25.0/${id}`, { headers: { authorization: `OAuth ${sb.accessToken}` } });
		expect(status.body).toEqual({ id: id.split('?')[0], file_offset: 8 });
		expect(expectMetaError(await sendBytes(id, PNG.subarray(8), 0), 400, 100).error_data.details).toContain('must be 8');
		const done = await sendBytes(id, PNG.subarray(8), 8);
		expect(done.body).toEqual({ h: expect.stringMatching(/^4::/) });
	});

	it.each([
		['no file_name', { file_length: '10', file_type: 'image/png' }, '(#100) The parameter file_name is required.'],
		['a file_type the API does not take', { file_name: 'a.gif', file_length: '10', file_type: 'image/gif' }, 'must be one of application/pdf, image/jpeg'],
		['a file_length that is not a size', { file_name: 'a.png', file_length: '-3', file_type: 'image/png' }, 'file size in bytes'],
	])('refuses a session with %s', async (_name, query, text) => {
		const error = expectMetaError(await startUpload(query), 400, 100);
		expect(`${error.message} ${error.error_data?.details ?? ''}`).toContain(text);
	});

	it('takes the user token on the app node (not the app token) and refuses no token', async () => {
		expectMetaError(await startUpload({ file_name: 'a.png', file_length: '1', file_type: 'image/png' }, null), 400, 104);
		expect((await startUpload({ file_name: 'a.png', file_length: '1', file_type: 'image/png' })).status).toBe(200);
	});

	it('insists on the whole session id (with ?sig=), the file_offset header, and no more bytes than announced', async () => {
		const { id } = (await startUpload({ file_name: 'logo.png', file_length: '4', file_type: 'image/png' })).body;
		const bare = id.split('?')[0];
		expect(expectMetaError(await sendBytes(bare, Buffer.from('abcd'), 0), 400, 100).error_data.details).toContain('?sig=');
		const noOffset = await rawRequest(sb.baseUrl, 'POST', `/v25.0/${id}`, { rawBody: Buffer.from('abcd'), headers: { authorization: `OAuth ${sb.accessToken}` } });
		expect(expectMetaError(noOffset, 400, 100).message).toBe('(#100) The parameter file_offset is required.');
		expect(expectMetaError(await sendBytes(id, Buffer.from('abcde'), 0), 400, 100).error_data.details).toContain('more than the file_length 4');
	});

	it('answers an unknown session as an unknown object', async () => {
		expect(expectMetaError(await sendBytes('upload:bm9wZQ?sig=ARx', Buffer.from('a'), 0), 400, 100).error_subcode).toBe(33);
	});
});
