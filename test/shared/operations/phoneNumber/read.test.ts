/** listPhoneNumbers, getPhoneNumber and checkReadiness: exact queries, paging, shaping, and the readiness report. */
import nock from 'nock';
import { runOperation, WhatsAppError } from '../../../../shared';
import { PHONE_NUMBER_FIELDS } from '../../../../shared/operations/phoneNumber/model';
import type { ReadinessReport } from '../../../../shared/operations/phoneNumber/checkReadiness';
import { GRAPH, metaError, PHONE_ID, testClient, VERSION, WABA_ID } from '../../../support/core';

const connected = {
	id: PHONE_ID,
	display_phone_number: '+1 631-555-5555',
	verified_name: "Jasper's Market",
	status: 'CONNECTED',
	name_status: 'APPROVED',
	code_verification_status: 'VERIFIED',
	quality_rating: 'GREEN',
	throughput: { level: 'STANDARD' },
	whatsapp_business_manager_messaging_limit: 'TIER_2K',
	messaging_limit_tier: 'TIER_1K',
	is_pin_enabled: true,
	platform_type: 'CLOUD_API',
	account_mode: 'LIVE',
	is_official_business_account: false,
	is_on_biz_app: false,
};

const pending = {
	id: '1906385232743451',
	display_phone_number: '+44 20 7946 0958',
	verified_name: 'Shop UK',
	status: 'PENDING',
	name_status: 'PENDING_REVIEW',
	code_verification_status: 'NOT_VERIFIED',
	quality_rating: 'NA',
	throughput: { level: 'NOT_APPLICABLE' },
	is_pin_enabled: false,
};

const shaped = {
	id: PHONE_ID,
	displayPhoneNumber: '+1 631-555-5555',
	verifiedName: "Jasper's Market",
	status: 'CONNECTED',
	nameStatus: 'APPROVED',
	codeVerificationStatus: 'VERIFIED',
	qualityRating: 'GREEN',
	throughputLevel: 'STANDARD',
	messagingLimit: 'TIER_2K',
	twoStepEnabled: true,
	platformType: 'CLOUD_API',
	accountMode: 'LIVE',
	isOfficialBusinessAccount: false,
	coexistence: false,
};

describe('listPhoneNumbers', () => {
	it('follows every page with the after cursor and shapes each number', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.get(`/${VERSION}/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
			.reply(200, { data: [connected], paging: { cursors: { before: 'b1', after: 'a1' }, next: `${GRAPH}/${VERSION}/${WABA_ID}/phone_numbers?after=a1` } })
			.get(`/${VERSION}/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100', after: 'a1' })
			.reply(200, { data: [pending], paging: { cursors: { before: 'b2', after: 'a2' } } });
		const output = await runOperation('listPhoneNumbers', client, {});
		expect(output).toEqual({
			count: 2,
			phoneNumbers: [
				shaped,
				{
					id: '1906385232743451',
					displayPhoneNumber: '+44 20 7946 0958',
					verifiedName: 'Shop UK',
					status: 'PENDING',
					nameStatus: 'PENDING_REVIEW',
					codeVerificationStatus: 'NOT_VERIFIED',
					qualityRating: 'NA',
					throughputLevel: 'NOT_APPLICABLE',
					messagingLimit: null,
					twoStepEnabled: false,
					platformType: null,
					accountMode: null,
					isOfficialBusinessAccount: null,
					coexistence: null,
				},
			],
		});
		scope.done();
	});

	it('retries a throttled read after Retry-After, then succeeds', async () => {
		const { client, sleeps } = testClient();
		const scope = nock(GRAPH)
			.get(`/${VERSION}/${WABA_ID}/phone_numbers`)
			.query(true)
			.reply(400, metaError(80007, 'Rate limit issues'), { 'Retry-After': '3' })
			.get(`/${VERSION}/${WABA_ID}/phone_numbers`)
			.query(true)
			.reply(200, { data: [] });
		expect(await runOperation('listPhoneNumbers', client, {})).toEqual({ count: 0, phoneNumbers: [] });
		expect(sleeps).toHaveLength(1);
		expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
		expect(sleeps[0]).toBeLessThan(4000);
		scope.done();
	});
});

describe('getPhoneNumber', () => {
	it('reads one number by ID with the full field list', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH).get(`/${VERSION}/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, connected);
		expect(await runOperation('getPhoneNumber', client, { phoneNumberId: PHONE_ID })).toEqual({ ...shaped, found: true });
		scope.done();
	});

	it('finds a number by display number whatever the formatting', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH).get(`/${VERSION}/${WABA_ID}/phone_numbers`).query(true).reply(200, { data: [pending, connected] });
		const output = await runOperation('getPhoneNumber', client, { lookupBy: 'displayNumber', displayPhoneNumber: '+1 (631) 555.5555' });
		expect(output).toEqual({ ...shaped, found: true });
		scope.done();
	});

	it('answers found: false when no number matches', async () => {
		const { client } = testClient();
		nock(GRAPH).get(`/${VERSION}/${WABA_ID}/phone_numbers`).query(true).reply(200, { data: [connected] });
		const output = await runOperation<{ found: boolean; id: string }>('getPhoneNumber', client, { lookupBy: 'displayNumber', displayPhoneNumber: '+1 212 555 0000' });
		expect(output.found).toBe(false);
		expect(output.id).toBe('');
	});

	it('explains an unknown ID (Meta code 100 with HTTP 400)', async () => {
		const { client } = testClient();
		nock(GRAPH)
			.get(`/${VERSION}/999`)
			.query(true)
			.reply(400, metaError(100, 'Unsupported get request', "Object with ID '999' does not exist"));
		await expect(runOperation('getPhoneNumber', client, { phoneNumberId: '999' })).rejects.toMatchObject({
			category: 'invalid_input',
			code: 100,
			details: "Object with ID '999' does not exist",
		});
	});

	it('turns an expired token (190, HTTP 401) into an auth error without retrying', async () => {
		const { client, sleeps } = testClient();
		nock(GRAPH)
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(true)
			.once()
			.reply(401, metaError(190, 'Error validating access token: Session has expired', undefined, { error_subcode: 463 }));
		const error = (await runOperation('getPhoneNumber', client, { phoneNumberId: PHONE_ID }).catch((e) => e)) as WhatsAppError;
		expect(error).toBeInstanceOf(WhatsAppError);
		expect(error.message).toBe(
			'The access token has expired or is not valid. Create a new access token (a system-user token does not expire) and put it in the client settings (createClient).',
		);
		expect(error.retry).toEqual({ action: 'refresh_token' });
		expect(error.subcode).toBe(463);
		expect(sleeps).toEqual([]);
	});
});

describe('checkReadiness', () => {
	function mockNumber(number: Record<string, unknown>, health?: unknown, list?: unknown[]) {
		const scope = nock(GRAPH).get(`/${VERSION}/${number.id}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, number);
		if (health === 'error') scope.get(`/${VERSION}/${number.id}`).query({ fields: 'health_status' }).reply(400, metaError(100, 'Tried accessing nonexisting field (health_status)'));
		else scope.get(`/${VERSION}/${number.id}`).query({ fields: 'health_status' }).reply(200, { health_status: health, id: number.id });
		if (list) scope.get(`/${VERSION}/${WABA_ID}/phone_numbers`).query({ fields: 'id,status', limit: '100' }).reply(200, { data: list });
		return scope;
	}

	it('passes a healthy connected number', async () => {
		const { client } = testClient();
		const scope = mockNumber(connected, { can_send_message: 'AVAILABLE' });
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: PHONE_ID });
		expect(report.verdict).toBe('ready');
		expect(report.ready).toBe(true);
		expect(report.summary).toBe('Ready: every check passed.');
		expect(report.items.map((item) => [item.check, item.result])).toEqual([
			['status', 'pass'],
			['codeVerification', 'pass'],
			['displayName', 'pass'],
			['twoStep', 'pass'],
			['quality', 'pass'],
			['throughput', 'pass'],
			['registeredNumberCap', 'pass'],
			['health', 'pass'],
		]);
		expect(report).toMatchObject({ passed: 8, warnings: 0, failures: 0 });
		scope.done();
	});

	it('tells a PENDING number to register with its PIN and verify first, and warns about the cap', async () => {
		const { client } = testClient();
		const scope = mockNumber(pending, 'error', [{ id: 'a', status: 'CONNECTED' }, { id: 'b', status: 'CONNECTED' }, { id: pending.id, status: 'PENDING' }]);
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: pending.id });
		expect(report.verdict).toBe('not_ready');
		expect(report.summary).toBe(
			'Not ready: The number is added but not registered yet (status PENDING). Next: Register it with its 6-digit two-step PIN (registerPhoneNumber); verify the code first if needed.',
		);
		const byCheck = Object.fromEntries(report.items.map((item) => [item.check, item]));
		expect(byCheck.codeVerification).toEqual({
			check: 'codeVerification',
			result: 'fail',
			reason: 'The number has not verified a code yet.',
			nextStep: 'Request a verification code (SMS or voice) and enter it with verifyCode.',
		});
		expect(byCheck.displayName.result).toBe('warn');
		expect(byCheck.registeredNumberCap).toEqual({
			check: 'registeredNumberCap',
			result: 'warn',
			reason: 'The account already has 2 registered numbers; new businesses may register only 2 until verified.',
			nextStep: 'Complete business verification in Meta Business Manager (the cap then rises to 20), or deregister an unused number.',
		});
		expect(byCheck.health).toBeUndefined();
		scope.done();
	});

	it('fails an expired OTP, a declined name, RED quality and a blocked health status', async () => {
		const { client } = testClient();
		const number = { ...pending, code_verification_status: 'EXPIRED', name_status: 'DECLINED', quality_rating: 'RED' };
		mockNumber(
			number,
			{ can_send_message: 'BLOCKED', entities: [{ entity_type: 'WABA', can_send_message: 'BLOCKED', errors: [{ error_code: 141010, error_description: 'Business is not verified.', possible_solution: 'Verify the business.' }] }] },
			[],
		);
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: pending.id });
		const results = Object.fromEntries(report.items.map((item) => [item.check, item.result]));
		expect(results).toMatchObject({ codeVerification: 'fail', displayName: 'fail', quality: 'fail', health: 'fail' });
		expect(report.items.find((item) => item.check === 'codeVerification')?.reason).toBe(
			'The verification expired (more than 14 days passed since the code was verified).',
		);
		expect(report.items.find((item) => item.check === 'health')).toEqual({
			check: 'health',
			result: 'fail',
			reason: 'Meta reports sending is blocked: Business is not verified.',
			nextStep: 'Verify the business.',
		});
	});

	it('warns when a connected number has no two-step PIN and quality is YELLOW', async () => {
		const { client } = testClient();
		mockNumber({ ...connected, is_pin_enabled: false, quality_rating: 'YELLOW', throughput: { level: 'HIGH' } }, { can_send_message: 'LIMITED' });
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: PHONE_ID });
		expect(report.verdict).toBe('ready_with_warnings');
		expect(report.ready).toBe(true);
		const results = Object.fromEntries(report.items.map((item) => [item.check, item.result]));
		expect(results).toMatchObject({ twoStep: 'warn', quality: 'warn', throughput: 'pass', health: 'warn' });
		expect(report.summary).toBe('Ready, with warnings: Two-step verification is off. Next: Set a 6-digit PIN with setTwoStepPin to protect the number.');
	});

	it('fails when the account is already at the highest registered-number cap', async () => {
		const { client } = testClient();
		const many = Array.from({ length: 20 }, (_, index) => ({ id: String(index), status: 'CONNECTED' }));
		mockNumber({ ...pending, code_verification_status: 'VERIFIED' }, { can_send_message: 'AVAILABLE' }, many);
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: pending.id });
		expect(report.items.find((item) => item.check === 'registeredNumberCap')?.result).toBe('fail');
	});
});
