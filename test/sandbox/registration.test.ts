/**
 * The number lifecycle (docs/meta-api.md §1.4–§1.8, §5): request_code, verify_code, register with the
 * two-step PIN, 136024, 136025, 133005, 133006, 133016 (10 per 72 h, moved with the sandbox clock),
 * deregister, set PIN, the registered-number cap 2 → 20 and display-name review webhooks.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';
import { Receiver, signatureIsValid, startReceiver } from '../fixtures/sandbox/receiver';

const WABA = '100000000000001';
const HOUR = 60 * 60 * 1000;

let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let logLines: string[];

beforeEach(async () => {
	logLines = [];
	sb = await startSandbox({ port: 0, log: (line) => logLines.push(line), webhookRetry: { maxAttempts: 2, initialDelayMs: 10, timeoutMs: 1000 } });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

async function addNumber(phone = '5550100002'): Promise<string> {
	const answer = await graph('POST', `/v25.0/${WABA}/phone_numbers`, { json: { cc: '1', phone_number: phone, verified_name: 'Acme Support' } });
	expect(answer.status).toBe(200);
	return answer.body.id;
}

async function readCode(id: string): Promise<string> {
	const answer = await rawRequest(sb.baseUrl, 'GET', `/_sandbox/numbers/${id}/code`);
	expect(answer.status).toBe(200);
	return answer.body.code;
}

async function verifiedNumber(phone?: string): Promise<string> {
	const id = await addNumber(phone);
	await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en_US' } });
	expect((await graph('POST', `/v25.0/${id}/verify_code`, { query: { code: await readCode(id) } })).body).toEqual({ success: true });
	return id;
}

const register = (id: string, pin = '123456', extra: Record<string, string> = {}) =>
	graph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin, ...extra } });
const fields = async (id: string, list: string) => (await graph('GET', `/v25.0/${id}`, { query: { fields: list } })).body;

describe('request_code and verify_code', () => {
	it('issues a 6-digit code (params in the query string), logged and readable from the control endpoint', async () => {
		const id = await addNumber();
		const answer = await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en_US' } });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ success: true });
		const code = await readCode(id);
		expect(code).toMatch(/^\d{6}$/);
		expect(logLines.some((line) => line.includes(code) && line.includes(id))).toBe(true);
		expect(sb.control.verificationCode(id)).toBe(code);
	});

	it('answers 404 from the control endpoint when no code is pending', async () => {
		const id = await addNumber();
		expect((await rawRequest(sb.baseUrl, 'GET', `/_sandbox/numbers/${id}/code`)).status).toBe(404);
	});

	it('validates code_method (SMS|VOICE) and language before issuing a code', async () => {
		const id = await addNumber();
		expect(expectMetaError(await graph('POST', `/v25.0/${id}/request_code`, { query: { language: 'en' } }), 400, 100).message).toBe(
			'(#100) The parameter code_method is required.',
		);
		expectMetaError(await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'EMAIL', language: 'en' } }), 400, 100);
		expectMetaError(await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'english' } }), 400, 100);
		expect(sb.control.verificationCode(id)).toBeNull();
	});

	it('answers a wrong code with 136025 "Verify code error" and keeps the number unverified', async () => {
		const id = await addNumber();
		await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'VOICE', language: 'en' } });
		const code = await readCode(id);
		const wrong = code === '000000' ? '111111' : '000000';
		const answer = await graph('POST', `/v25.0/${id}/verify_code`, { query: { code: wrong } });
		const error = expectWhatsAppError(answer, 400, 136025);
		expect(error.message).toBe('(#136025) Verify code error');
		expect(answer.raw).not.toContain(code);
		expect(await fields(id, 'code_verification_status')).toEqual({ code_verification_status: 'UNVERIFIED', id });
	});

	it('answers a code with a hyphen as an invalid parameter (Meta wants the digits only)', async () => {
		const id = await addNumber();
		await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en' } });
		const code = await readCode(id);
		expectMetaError(await graph('POST', `/v25.0/${id}/verify_code`, { query: { code: `${code.slice(0, 3)}-${code.slice(3)}` } }), 400, 100);
	});

	it('verifies with the right code → VERIFIED; a second request_code → 136024', async () => {
		const id = await verifiedNumber();
		expect(await fields(id, 'code_verification_status,status')).toEqual({ code_verification_status: 'VERIFIED', status: 'PENDING', id });
		const error = expectWhatsAppError(await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en' } }), 400, 136024);
		expect(error.error_data.details).toContain('code_verification_status');
	});

	it('lets VERIFIED lapse to EXPIRED after 14 days; then a code can be requested again and register needs it (133006)', async () => {
		const id = await verifiedNumber();
		sb.control.advanceClock(14 * 24 * HOUR + 1000);
		expect(await fields(id, 'code_verification_status')).toEqual({ code_verification_status: 'EXPIRED', id });
		expectWhatsAppError(await register(id), 400, 133006);
		expect((await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en' } })).status).toBe(200);
	});
});

describe('register, two-step PIN and deregister', () => {
	it('registers a verified number with a 6-digit PIN → CONNECTED, two-step on', async () => {
		const id = await verifiedNumber();
		const answer = await register(id);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ success: true });
		expect(await fields(id, 'status,is_pin_enabled,platform_type')).toEqual({ status: 'CONNECTED', is_pin_enabled: true, platform_type: 'CLOUD_API', id });
	});

	it('refuses an unverified number with 133006', async () => {
		const id = await addNumber();
		const error = expectWhatsAppError(await register(id), 400, 133006);
		expect(error.message).toBe('(#133006) Phone number re-verification needed');
	});

	it('answers a different PIN once two-step is on with 133005, without echoing either PIN', async () => {
		const id = await verifiedNumber();
		await register(id, '123456');
		const answer = await register(id, '654321');
		const error = expectWhatsAppError(answer, 400, 133005);
		expect(error.message).toBe('(#133005) Two step verification PIN Mismatch');
		expect(answer.raw).not.toContain('654321');
		expect(answer.raw).not.toContain('123456');
		expect((await register(id, '123456')).status).toBe(200);
	});

	it('validates messaging_product, the PIN format and data_localization_region', async () => {
		const id = await verifiedNumber();
		expect(expectMetaError(await graph('POST', `/v25.0/${id}/register`, { json: { pin: '123456' } }), 400, 100).message).toBe(
			'(#100) The parameter messaging_product is required.',
		);
		expectMetaError(await register(id, '12345'), 400, 100);
		expectMetaError(await register(id, '123456', { data_localization_region: 'FR' }), 400, 100);
		expect((await register(id, '123456', { data_localization_region: 'DE' })).status).toBe(200);
		const settings = await graph('GET', `/v25.0/${id}/settings`);
		expect(settings.body.storage_configuration).toEqual({ status: 'in_country_storage_enabled', data_localization_region: 'DE' });
	});

	it('sets a new PIN with POST /<PNID> {pin} (old PIN not needed); register then needs the new one', async () => {
		const id = await verifiedNumber();
		await register(id, '123456');
		expect((await graph('POST', `/v25.0/${id}`, { json: { pin: '246810' } })).body).toEqual({ success: true });
		expectWhatsAppError(await register(id, '123456'), 400, 133005);
		expect((await register(id, '246810')).status).toBe(200);
		expectMetaError(await graph('POST', `/v25.0/${id}`, { json: { pin: 'abcdef' } }), 400, 100);
	});

	it('deregisters → no longer CONNECTED; re-registering brings it back', async () => {
		const id = await verifiedNumber();
		await register(id);
		expect((await graph('POST', `/v25.0/${id}/deregister`)).body).toEqual({ success: true });
		expect(await fields(id, 'status')).toEqual({ status: 'DISCONNECTED', id });
		expect((await register(id)).status).toBe(200);
		expect(await fields(id, 'status')).toEqual({ status: 'CONNECTED', id });
	});

	it('documents deregister as POST: DELETE is not a deregister (100/33)', async () => {
		const id = await verifiedNumber();
		await register(id);
		expectMetaError(await graph('DELETE', `/v25.0/${id}/deregister`), 400, 100);
		expect(await fields(id, 'status')).toEqual({ status: 'CONNECTED', id });
	});

	it('blocks the 11th register call in 72 hours with 133016, for 72 hours', async () => {
		const id = await verifiedNumber();
		for (let i = 0; i < 10; i++) expect((await register(id)).status).toBe(200);
		const error = expectWhatsAppError(await register(id), 400, 133016);
		expect(error.message).toBe(
			'(#133016) Registration or Deregistration failed because there were too many attempts for this phone number in a short period of time',
		);
		// Failed calls count too: even a wrong PIN in the window is refused with 133016, not 133005.
		expectWhatsAppError(await register(id, '999999'), 400, 133016);
		sb.control.advanceClock(71 * HOUR);
		expectWhatsAppError(await register(id), 400, 133016);
		sb.control.advanceClock(2 * HOUR);
		expect((await register(id)).status).toBe(200);
	});

	it('counts failed register calls (wrong PIN) against the limit', async () => {
		const id = await verifiedNumber();
		await register(id, '123456');
		for (let i = 0; i < 9; i++) expectWhatsAppError(await register(id, '000000'), 400, 133005);
		expectWhatsAppError(await register(id, '123456'), 400, 133016);
	});

	it('uses a moving window: calls older than 72 hours stop counting', async () => {
		const id = await verifiedNumber();
		for (let i = 0; i < 9; i++) await register(id);
		sb.control.advanceClock(72 * HOUR);
		for (let i = 0; i < 10; i++) expect((await register(id)).status).toBe(200);
		expectWhatsAppError(await register(id), 400, 133016);
	});

	it('limits deregister to 10 per 72 hours too (133016), counted apart from register', async () => {
		const id = await verifiedNumber();
		for (let i = 0; i < 10; i++) expect((await graph('POST', `/v25.0/${id}/deregister`)).status).toBe(200);
		expectWhatsAppError(await graph('POST', `/v25.0/${id}/deregister`), 400, 133016);
		expect((await register(id)).status).toBe(200);
	});

	it('moves the clock through the control endpoint as well', async () => {
		const before = (await rawRequest(sb.baseUrl, 'GET', '/_sandbox/clock')).body.now;
		const after = await rawRequest(sb.baseUrl, 'POST', '/_sandbox/clock/advance', { json: { ms: 3 * HOUR } });
		expect(after.body.offsetMs).toBe(3 * HOUR);
		expect(after.body.now - before).toBeGreaterThanOrEqual(3 * HOUR);
		expect((await rawRequest(sb.baseUrl, 'POST', '/_sandbox/clock/advance', { json: { ms: -1 } })).status).toBe(400);
	});
});

describe('registered-number cap (2, raised to 20 with business_capability_update)', () => {
	let receiver: Receiver;
	beforeEach(async () => {
		receiver = await startReceiver('cap-token');
		sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'cap-token' });
	});
	afterEach(() => receiver.stop());

	it('refuses a third registered number until the business is verified', async () => {
		const second = await verifiedNumber('5550100002');
		expect((await register(second)).status).toBe(200);
		const third = await verifiedNumber('5550100003');
		const error = expectWhatsAppError(await register(third), 400, 100);
		expect(error.error_data.details).toContain('2 registered phone numbers');
		expect(await fields(third, 'status')).toEqual({ status: 'PENDING', id: third });

		const verify = await rawRequest(sb.baseUrl, 'POST', '/_sandbox/business/verify');
		expect(verify.body).toMatchObject({ businessVerified: true, changed: true });
		// Every WABA of the business gets one (the default world also has the coexistence WABA).
		const post = await receiver.waitForPost((p) => p.json.entry[0].changes[0].field === 'business_capability_update' && p.json.entry[0].id === WABA);
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		expect(post.json).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: WABA,
					time: expect.any(Number),
					changes: [{ field: 'business_capability_update', value: { max_daily_conversations_per_business: 2000, max_phone_numbers_per_business: 20 } }],
				},
			],
		});
		expect((await register(third)).status).toBe(200);
		expect(await fields(third, 'whatsapp_business_manager_messaging_limit')).toMatchObject({ whatsapp_business_manager_messaging_limit: 'TIER_2K' });
	});

	it('sends no second capability update when the business is already verified', async () => {
		expect(sb.control.verifyBusiness().changed).toBe(true);
		expect(sb.control.verifyBusiness()).toEqual({ changed: false, deliveries: [] });
	});
});

describe('display-name review', () => {
	let receiver: Receiver;
	beforeEach(async () => {
		receiver = await startReceiver('name-token');
		sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'name-token' });
	});
	afterEach(() => receiver.stop());

	it('approves a pending name → name_status APPROVED and a phone_number_name_update webhook', async () => {
		const id = await addNumber();
		expect(await fields(id, 'name_status')).toEqual({ name_status: 'PENDING_REVIEW', id });
		const answer = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/numbers/${id}/name-review`, { json: { decision: 'APPROVED' } });
		expect(answer.status).toBe(200);
		const post = await receiver.waitForPost((p) => p.json.entry[0].changes[0].field === 'phone_number_name_update');
		expect(signatureIsValid(sb.appSecret, post.raw, post.headers['x-hub-signature-256'])).toBe(true);
		expect(post.json.entry[0].changes[0].value).toEqual({
			display_phone_number: '15550100002',
			decision: 'APPROVED',
			requested_verified_name: 'Acme Support',
			rejection_reason: null,
		});
		expect(await fields(id, 'name_status,verified_name')).toEqual({ name_status: 'APPROVED', verified_name: 'Acme Support', id });
	});

	it('rejects with a reason → DECLINED and the reason in the webhook', async () => {
		const id = await addNumber();
		sb.control.reviewName(id, 'REJECTED', 'NAME_FORMAT_UNACCEPTABLE');
		const post = await receiver.waitForPost((p) => p.json.entry[0].changes[0].field === 'phone_number_name_update');
		expect(post.json.entry[0].changes[0].value).toMatchObject({ decision: 'REJECTED', rejection_reason: 'NAME_FORMAT_UNACCEPTABLE' });
		expect(await fields(id, 'name_status')).toEqual({ name_status: 'DECLINED', id });
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/numbers/${id}/name-review`, { json: { decision: 'MAYBE' } })).status).toBe(400);
	});
});

describe('the "PENDING 400": register while the display name is not approved', () => {
	const PENDING_400 = {
		error: {
			message: 'Invalid parameter',
			type: 'OAuthException',
			code: 100,
			error_subcode: 2388001,
			is_transient: false,
			error_user_title: 'Cannot Create Certificate',
			error_user_msg: 'Your display name could not be processed. Please edit your display name and try again.',
			fbtrace_id: expect.stringMatching(/^[A-Za-z0-9_-]{10,}$/),
		},
	};

	it('answers 400 / 100 / 2388001 "Cannot Create Certificate" while held and in review, and registers once the name is approved', async () => {
		const id = await verifiedNumber();
		const hold = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/numbers/${id}/name-review`, { json: { decision: 'PENDING', holdRegister: true } });
		expect(hold).toMatchObject({ status: 200, body: { id, decision: 'PENDING' } });
		const refused = await register(id);
		expect(refused.status).toBe(400);
		expect(refused.body).toEqual(PENDING_400);
		expect(await fields(id, 'status,name_status')).toEqual({ status: 'PENDING', name_status: 'PENDING_REVIEW', id });
		// A rejected name is refused the same way.
		sb.control.reviewName(id, 'REJECTED');
		expect((await register(id)).body).toEqual(PENDING_400);
		sb.control.reviewName(id, 'APPROVED');
		expect((await register(id)).body).toEqual({ success: true });
		expect(await fields(id, 'status,name_status')).toEqual({ status: 'CONNECTED', name_status: 'APPROVED', id });
	});

	it('checks the PIN first, and counts refused calls toward the 10 per 72 h', async () => {
		const id = await verifiedNumber();
		sb.control.holdRegisterUntilNameApproved(id, true);
		expect((await graph('POST', `/v25.0/${id}`, { json: { pin: '123456' } })).body).toEqual({ success: true });
		expectWhatsAppError(await register(id, '999999'), 400, 133005);
		for (let i = 0; i < 9; i++) expect((await register(id)).body.error.error_subcode).toBe(2388001);
		expectWhatsAppError(await register(id), 400, 133016);
	});

	it('leaves numbers that are not on hold registering while their name is in review', async () => {
		const id = await verifiedNumber();
		expect(await fields(id, 'name_status')).toEqual({ name_status: 'PENDING_REVIEW', id });
		expect((await register(id)).status).toBe(200);
	});

	it('takes the hold from the seed, keeps it in saved state, and validates holdRegister', async () => {
		const seeded = await startSandbox({
			port: 0,
			seed: { wabas: [{ id: WABA, numbers: [{ id: '200000000000005', displayPhoneNumber: '+1 555-010-0005', status: 'PENDING', nameStatus: 'PENDING_REVIEW', codeVerificationStatus: 'VERIFIED', holdRegisterUntilNameApproved: true }] }] },
		});
		try {
			const answer = await graphClient(seeded)('POST', '/v25.0/200000000000005/register', { json: { messaging_product: 'whatsapp', pin: '123456' } });
			expect(answer.body.error).toMatchObject({ code: 100, error_subcode: 2388001 });
			expect(seeded.control.snapshot().wabas![0].numbers![0].holdRegisterUntilNameApproved).toBe(true);
			expect((await rawRequest(seeded.baseUrl, 'POST', '/_sandbox/numbers/200000000000005/name-review', { json: { decision: 'PENDING', holdRegister: 'yes' } })).status).toBe(400);
			await rawRequest(seeded.baseUrl, 'POST', '/_sandbox/numbers/200000000000005/name-review', { json: { decision: 'PENDING', holdRegister: false } });
			expect((await graphClient(seeded)('POST', '/v25.0/200000000000005/register', { json: { messaging_product: 'whatsapp', pin: '123456' } })).status).toBe(200);
		} finally {
			await seeded.stop();
		}
	});
});

describe('forcing a status (for polling tests)', () => {
	it('sets status fields through the control endpoint', async () => {
		const id = await addNumber();
		const answer = await rawRequest(sb.baseUrl, 'POST', `/_sandbox/numbers/${id}/status`, { json: { status: 'FLAGGED', qualityRating: 'RED' } });
		expect(answer.status).toBe(200);
		expect(await fields(id, 'status,quality_rating')).toEqual({ status: 'FLAGGED', quality_rating: 'RED', id });
		expect((await rawRequest(sb.baseUrl, 'POST', `/_sandbox/numbers/${id}/status`, { json: { status: 'bad value' } })).status).toBe(400);
		expect((await rawRequest(sb.baseUrl, 'POST', '/_sandbox/numbers/1/status', { json: { status: 'CONNECTED' } })).status).toBe(404);
	});
});

describe('secrets', () => {
	it('never logs the access token, the app secret or a PIN', async () => {
		const id = await verifiedNumber();
		await register(id, '135790');
		await register(id, '975310');
		const all = logLines.join('\n');
		expect(all).not.toContain(sb.accessToken);
		expect(all).not.toContain(sb.appSecret);
		expect(all).not.toContain('135790');
		expect(all).not.toContain('975310');
	});
});
