/** Find Phone Number and Find Phone Number Readiness: requests, outputs, "not found" as []. */
import { PHONE_NUMBER_FIELDS } from '../../shared/operations/phoneNumber/model';
import { appErrorBody, appTester, authData, failureOf, meta, metaError, perform, PHONE_NUMBER_ID, WABA_ID } from './support';

const run = (key: string, inputData: Record<string, unknown>) => appTester(perform('searches', key), { authData: authData(), inputData });

const metaNumber = {
	id: PHONE_NUMBER_ID,
	display_phone_number: '+1 631-555-5555',
	verified_name: "Jasper's Market",
	status: 'CONNECTED',
	name_status: 'APPROVED',
	code_verification_status: 'VERIFIED',
	quality_rating: 'GREEN',
	throughput: { level: 'STANDARD' },
	whatsapp_business_manager_messaging_limit: 'TIER_2K',
	is_pin_enabled: true,
	platform_type: 'CLOUD_API',
	account_mode: 'LIVE',
	is_official_business_account: false,
	is_on_biz_app: false,
};

const zapierNumber = {
	found: true,
	id: PHONE_NUMBER_ID,
	display_phone_number: '+1 631-555-5555',
	verified_name: "Jasper's Market",
	status: 'CONNECTED',
	name_status: 'APPROVED',
	code_verification_status: 'VERIFIED',
	quality_rating: 'GREEN',
	throughput_level: 'STANDARD',
	messaging_limit: 'TIER_2K',
	two_step_enabled: true,
	platform_type: 'CLOUD_API',
	account_mode: 'LIVE',
	is_official_business_account: false,
	coexistence: false,
};

describe('find_phone_number', () => {
	it('reads one number by ID with the status fields', async () => {
		const scope = meta().get(`/v25.0/${PHONE_NUMBER_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, metaNumber);
		expect(await run('find_phone_number', { lookup_by: 'id', phone_number_id: PHONE_NUMBER_ID })).toEqual([zapierNumber]);
		scope.done();
	});

	it('finds a number by the number itself, whatever its formatting', async () => {
		const other = { ...metaNumber, id: '106540352242923', display_phone_number: '+1 631-555-0000' };
		const scope = meta()
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: 100 })
			.reply(200, { data: [other, metaNumber] });
		expect(await run('find_phone_number', { lookup_by: 'displayNumber', display_phone_number: '+1 (631) 555 5555' })).toEqual([zapierNumber]);
		scope.done();
	});

	it('answers [] when no number of the account has that display number', async () => {
		const scope = meta().get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(200, { data: [metaNumber] });
		expect(await run('find_phone_number', { lookup_by: 'displayNumber', display_phone_number: '+44 20 7946 0000' })).toEqual([]);
		scope.done();
	});

	it('answers [] when Meta knows no object with that ID (100/33)', async () => {
		meta()
			.get('/v25.0/999999999999999')
			.query(true)
			.reply(400, metaError(100, "Unsupported get request. Object with ID '999999999999999' does not exist", { error_subcode: 33, type: 'GraphMethodException' }));
		expect(await run('find_phone_number', { lookup_by: 'id', phone_number_id: '999999999999999' })).toEqual([]);
	});

	it('still fails on other errors (permissions)', async () => {
		meta().get(`/v25.0/${PHONE_NUMBER_ID}`).query(true).reply(403, metaError(200, 'Permissions error'));
		const error = await failureOf(perform('searches', 'find_phone_number'), { authData: authData(), inputData: { lookup_by: 'id', phone_number_id: PHONE_NUMBER_ID } });
		expect(appErrorBody(error)).toMatchObject({ code: '200', status: 403 });
		expect(appErrorBody(error).message).toMatch(/^The access token is missing a permission/);
	});
});

describe('check_number_readiness', () => {
	it('reports a pending number as not ready, with each check keyed by name', async () => {
		const pending = { ...metaNumber, status: 'PENDING', name_status: 'APPROVED', code_verification_status: 'VERIFIED', is_pin_enabled: false, throughput: { level: 'NOT_APPLICABLE' } };
		const scope = meta()
			.get(`/v25.0/${PHONE_NUMBER_ID}`)
			.query({ fields: PHONE_NUMBER_FIELDS })
			.reply(200, pending)
			.get(`/v25.0/${PHONE_NUMBER_ID}`)
			.query({ fields: 'health_status' })
			.reply(200, { id: PHONE_NUMBER_ID })
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query({ fields: 'id,status', limit: 100 })
			.reply(200, { data: [{ id: '1', status: 'CONNECTED' }, { id: PHONE_NUMBER_ID, status: 'PENDING' }] });
		const [report] = await run('check_number_readiness', { phone_number_id: PHONE_NUMBER_ID });
		scope.done();
		expect(report).toMatchObject({
			phone_number_id: PHONE_NUMBER_ID,
			display_phone_number: '+1 631-555-5555',
			ready: false,
			verdict: 'not_ready',
			failures: 1,
		});
		expect(report.summary).toMatch(/^Not ready: The number is added but not registered yet \(status PENDING\)\./);
		expect(report.checks.status).toEqual({
			result: 'fail',
			reason: 'The number is added but not registered yet (status PENDING).',
			next_step: 'Register it with its 6-digit two-step PIN ("Register Phone Number"); verify the code first if needed.',
		});
		expect(report.checks.code_verification.result).toBe('pass');
		expect(report.checks.registered_number_cap.result).toBe('pass');
		expect(Object.keys(report.checks)).toEqual(['status', 'code_verification', 'display_name', 'two_step', 'quality', 'throughput', 'registered_number_cap']);
		expect(report.items[0]).toEqual({ check: 'status', ...report.checks.status });
	});
});
