/** Listing, reading and adding numbers (docs/meta-api.md §1.1–§1.3, §1.11 read shape, §1.13). */
import { startSandbox, Sandbox, SandboxSeed } from '../../sandbox';
import { expectMetaError, graphClient } from '../fixtures/sandbox/http';

const WABA = '100000000000001';

function seedWithNumbers(count: number): SandboxSeed {
	return {
		wabas: [
			{
				id: WABA,
				numbers: Array.from({ length: count }, (_, i) => ({
					id: String(200000000000001 + i),
					displayPhoneNumber: `+1 555-010-${String(1 + i).padStart(4, '0')}`,
					verifiedName: `Shop ${i + 1}`,
					status: i === 0 ? 'CONNECTED' : 'PENDING',
					codeVerificationStatus: i === 0 ? 'VERIFIED' : 'UNVERIFIED',
					createdAt: 1_700_000_000_000 + i * 1000,
					lastOnboardedAt: null,
				})),
			},
		],
	};
}

describe('GET /<WABA_ID>/phone_numbers', () => {
	let sb: Sandbox;
	let graph: ReturnType<typeof graphClient>;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0, seed: seedWithNumbers(5) });
		graph = graphClient(sb);
	});
	afterAll(() => sb.stop());

	it('returns the default fields when fields is omitted: id, display_phone_number, verified_name, quality_rating', async () => {
		const answer = await graph('GET', `/v25.0/${WABA}/phone_numbers`);
		expect(answer.status).toBe(200);
		expect(answer.body.data).toHaveLength(5);
		for (const item of answer.body.data) expect(Object.keys(item).sort()).toEqual(['display_phone_number', 'id', 'quality_rating', 'verified_name']);
		expect(answer.body.paging).toEqual({ cursors: { before: expect.any(String), after: expect.any(String) } });
		expect(answer.body.paging).not.toHaveProperty('next');
	});

	it('returns exactly the requested fields with Meta\'s value forms', async () => {
		const answer = await graph('GET', `/v25.0/${WABA}/phone_numbers`, {
			query: { fields: 'id,display_phone_number,status,code_verification_status,throughput,is_pin_enabled,name_status,account_mode,platform_type', sort: 'creation_time.asc' },
		});
		expect(answer.body.data[0]).toEqual({
			id: '200000000000001',
			display_phone_number: '+1 555-010-0001',
			status: 'CONNECTED',
			code_verification_status: 'VERIFIED',
			throughput: { level: 'STANDARD' },
			is_pin_enabled: false,
			name_status: 'APPROVED',
			account_mode: 'LIVE',
			platform_type: 'CLOUD_API',
		});
		expect(answer.body.data[1]).toMatchObject({ status: 'PENDING', code_verification_status: 'UNVERIFIED', platform_type: 'NOT_APPLICABLE', name_status: 'PENDING_REVIEW' });
	});

	it('pages with limit and after, with paging.cursors and a next link that carries the query', async () => {
		const first = await graph('GET', `/v25.0/${WABA}/phone_numbers`, { query: { fields: 'id', limit: '2', sort: 'creation_time.asc' } });
		expect(first.body.data.map((n: { id: string }) => n.id)).toEqual(['200000000000001', '200000000000002']);
		expect(first.body.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
		const next = new URL(first.body.paging.next);
		expect(`${next.origin}${next.pathname}`).toBe(`${sb.baseUrl}/v25.0/${WABA}/phone_numbers`);
		expect(next.searchParams.get('after')).toBe(first.body.paging.cursors.after);
		expect(next.searchParams.get('limit')).toBe('2');
		expect(next.searchParams.get('fields')).toBe('id');
		expect(first.body.paging).not.toHaveProperty('previous');

		const second = await graph('GET', `/v25.0/${WABA}/phone_numbers`, { query: { fields: 'id', limit: '2', sort: 'creation_time.asc', after: first.body.paging.cursors.after } });
		expect(second.body.data.map((n: { id: string }) => n.id)).toEqual(['200000000000003', '200000000000004']);
		expect(second.body.paging.previous).toEqual(expect.any(String));

		// Following `next` as-is works too (it carries access_token like Graph's links).
		const followed = await graph('GET', next.pathname + next.search, { token: null });
		expect(followed.body.data).toEqual(second.body.data);

		const last = await graph('GET', `/v25.0/${WABA}/phone_numbers`, { query: { fields: 'id', limit: '2', sort: 'creation_time.asc', after: second.body.paging.cursors.after } });
		expect(last.body.data.map((n: { id: string }) => n.id)).toEqual(['200000000000005']);
		expect(last.body.paging).not.toHaveProperty('next');
	});

	it('lists most recently onboarded first by default', async () => {
		const answer = await graph('GET', `/v25.0/${WABA}/phone_numbers`, { query: { fields: 'id' } });
		expect(answer.body.data[0].id).toBe('200000000000005');
	});

	it('filters with filtering=[{field, operator, value}]', async () => {
		const answer = await graph('GET', `/v25.0/${WABA}/phone_numbers`, {
			query: { fields: 'id', filtering: JSON.stringify([{ field: 'account_mode', operator: 'EQUAL', value: 'SANDBOX' }]) },
		});
		expect(answer.body).toEqual({ data: [] });
	});

	it('rejects a limit outside 1–100 and a cursor that is not from this list', async () => {
		expect(expectMetaError(await graph('GET', `/v25.0/${WABA}/phone_numbers`, { query: { limit: '101' } }), 400, 100).error_data.details).toContain('1 to 100');
		expectMetaError(await graph('GET', `/v25.0/${WABA}/phone_numbers`, { query: { after: 'bm9wZQ' } }), 400, 100);
	});
});

describe('GET /<PHONE_NUMBER_ID>?fields=…', () => {
	let sb: Sandbox;
	let graph: ReturnType<typeof graphClient>;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
		graph = graphClient(sb);
	});
	afterAll(() => sb.stop());

	it('answers the reference example: ?fields=status → {status, id}', async () => {
		const answer = await graph('GET', '/v25.0/200000000000001', { query: { fields: 'status' } });
		expect(answer.body).toEqual({ status: 'CONNECTED', id: '200000000000001' });
		expect(answer.raw).toBe('{"status":"CONNECTED","id":"200000000000001"}');
	});

	it('answers the defaults without fields', async () => {
		const answer = await graph('GET', '/v25.0/200000000000001');
		expect(answer.body).toEqual({ id: '200000000000001', display_phone_number: '+1 555-010-0001', verified_name: 'Sandbox Business', quality_rating: 'GREEN' });
	});

	it('answers every documented field', async () => {
		const fields = [
			'code_verification_status', 'quality_score', 'name_status', 'platform_type', 'throughput', 'messaging_limit_tier',
			'whatsapp_business_manager_messaging_limit', 'is_official_business_account', 'is_pin_enabled', 'is_on_biz_app',
			'is_preverified_number', 'account_mode', 'last_onboarded_time', 'webhook_configuration', 'health_status', 'country_code', 'country_dial_code',
		];
		const answer = await graph('GET', '/v25.0/200000000000001', { query: { fields: fields.join(',') } });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			code_verification_status: 'VERIFIED',
			quality_score: { score: 'GREEN' },
			throughput: { level: 'STANDARD' },
			messaging_limit_tier: 'TIER_250',
			whatsapp_business_manager_messaging_limit: 'TIER_250',
			is_pin_enabled: true,
			country_code: 'US',
			country_dial_code: '1',
			webhook_configuration: {},
		});
		expect(answer.body.last_onboarded_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
		expect(answer.body.health_status).toEqual({
			can_send_message: 'AVAILABLE',
			entities: expect.arrayContaining([{ entity_type: 'PHONE_NUMBER', id: '200000000000001', can_send_message: 'AVAILABLE' }]),
		});
	});

	it('shows health BLOCKED with an error for a number that is not registered', async () => {
		const added = await graph('POST', '/v25.0/100000000000001/phone_numbers', { json: { cc: '1', phone_number: '5550109999', verified_name: 'Blocked Co' } });
		const answer = await graph('GET', `/v25.0/${added.body.id}`, { query: { fields: 'health_status' } });
		expect(answer.body.health_status.can_send_message).toBe('BLOCKED');
		const entity = answer.body.health_status.entities.find((e: { entity_type: string }) => e.entity_type === 'PHONE_NUMBER');
		expect(entity.errors[0]).toEqual({ error_code: expect.any(Number), error_description: expect.any(String), possible_solution: expect.any(String) });
	});

	it('accepts nested field syntax like throughput{level}', async () => {
		const answer = await graph('GET', '/v25.0/200000000000001', { query: { fields: 'id,throughput{level}' } });
		expect(answer.body).toEqual({ id: '200000000000001', throughput: { level: 'STANDARD' } });
	});

	it('reads the WABA node', async () => {
		const answer = await graph('GET', '/v25.0/100000000000001', { query: { fields: 'id,name,business_verification_status' } });
		expect(answer.body).toEqual({ id: '100000000000001', name: 'Sandbox WABA', business_verification_status: 'not_verified' });
	});
});

describe('POST /<WABA_ID>/phone_numbers', () => {
	let sb: Sandbox;
	let graph: ReturnType<typeof graphClient>;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
		graph = graphClient(sb);
	});
	afterAll(() => sb.stop());

	it('answers {id} with IDs counting up from 200000000000002; the number starts unverified, PENDING, name in review', async () => {
		const first = await graph('POST', `/v25.0/${WABA}/phone_numbers`, { json: { cc: '1', phone_number: '5550100002', verified_name: 'Acme Support' } });
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ id: '200000000000002' });
		const second = await graph('POST', `/v25.0/${WABA}/phone_numbers`, { form: { cc: '44', phone_number: '+44 7700 900123', verified_name: 'Acme UK' } });
		expect(second.body).toEqual({ id: '200000000000003' });
		const read = await graph('GET', '/v25.0/200000000000002', {
			query: { fields: 'id,display_phone_number,verified_name,status,code_verification_status,name_status,is_pin_enabled,quality_rating' },
		});
		expect(read.body).toEqual({
			id: '200000000000002',
			display_phone_number: '+1 555-010-0002',
			verified_name: 'Acme Support',
			status: 'PENDING',
			code_verification_status: 'UNVERIFIED',
			name_status: 'PENDING_REVIEW',
			is_pin_enabled: false,
			quality_rating: 'NA',
		});
		const uk = await graph('GET', '/v25.0/200000000000003', { query: { fields: 'display_phone_number' } });
		expect(uk.body.display_phone_number).toBe('+44 7700900123');
	});

	it('names a missing parameter: (#100) The parameter cc is required.', async () => {
		const error = expectMetaError(await graph('POST', `/v25.0/${WABA}/phone_numbers`, { json: { phone_number: '5550100009', verified_name: 'X Co' } }), 400, 100);
		expect(error.message).toBe('(#100) The parameter cc is required.');
	});

	it('answers 409 for a number that already exists', async () => {
		const answer = await graph('POST', `/v25.0/${WABA}/phone_numbers`, { json: { cc: '1', phone_number: '5550100001', verified_name: 'Dup' } });
		expectMetaError(answer, 409, 100);
	});
});
