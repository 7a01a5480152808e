/** The polling status trigger (one id per number state) and the hidden dropdown trigger. */
import { PHONE_NUMBER_FIELDS } from '../../shared/operations/phoneNumber/model';
import { pauses, ZAPIER_RETRY } from '../../zapier/runtime';
import { stateId } from '../../zapier/triggers';
import { appErrorBody, appTester, authData, failureOf, meta, metaError, perform, WABA_ID } from './support';

const poll = (inputData: Record<string, unknown> = {}) => appTester(perform('triggers', 'phone_number_status_changed'), { authData: authData(), inputData });

const newest = {
	id: '200000000000002',
	display_phone_number: '+1 555-010-0002',
	verified_name: 'Second Shop',
	status: 'PENDING',
	name_status: 'PENDING_REVIEW',
	code_verification_status: 'NOT_VERIFIED',
	quality_rating: 'UNKNOWN',
};
const oldest = {
	id: '200000000000001',
	display_phone_number: '+1 555-010-0001',
	verified_name: 'Sandbox Business',
	status: 'CONNECTED',
	name_status: 'APPROVED',
	code_verification_status: 'VERIFIED',
	quality_rating: 'GREEN',
	throughput: { level: 'STANDARD' },
	is_pin_enabled: true,
};

function listReturns(...pages: Array<Array<Record<string, unknown>>>) {
	const scope = meta();
	pages.forEach((data, index) => {
		const query: Record<string, string> = { fields: PHONE_NUMBER_FIELDS, limit: '100' };
		if (index > 0) query.after = `cursor${index}`;
		const paging = index < pages.length - 1 ? { cursors: { after: `cursor${index + 1}` }, next: 'https://graph.facebook.com/next' } : {};
		scope.get(`/v25.0/${WABA_ID}/phone_numbers`).query(query).reply(200, { data, paging });
	});
	return scope;
}

describe('phone_number_status_changed', () => {
	it('emits one item per number, in Meta\'s order (most recently onboarded first), with a state id', async () => {
		const scope = listReturns([newest], [oldest]);
		const items = await poll();
		scope.done();
		expect(items.map((item: { id: string }) => item.id)).toEqual([
			'200000000000002:PENDING:PENDING_REVIEW:UNKNOWN:NOT_VERIFIED',
			'200000000000001:CONNECTED:APPROVED:GREEN:VERIFIED',
		]);
		expect(items[1]).toEqual({
			id: '200000000000001:CONNECTED:APPROVED:GREEN:VERIFIED',
			phone_number_id: '200000000000001',
			display_phone_number: '+1 555-010-0001',
			verified_name: 'Sandbox Business',
			status: 'CONNECTED',
			name_status: 'APPROVED',
			code_verification_status: 'VERIFIED',
			quality_rating: 'GREEN',
			throughput_level: 'STANDARD',
			messaging_limit: null,
			two_step_enabled: true,
			platform_type: null,
			account_mode: null,
			is_official_business_account: null,
			coexistence: null,
			detected_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});
	});

	it('gives a new id when any watched value changes, and the same id when nothing did', async () => {
		listReturns([newest]);
		const [before] = await poll();
		listReturns([{ ...newest, status: 'CONNECTED' }]);
		const [afterStatus] = await poll();
		listReturns([{ ...newest, status: 'CONNECTED', code_verification_status: 'VERIFIED' }]);
		const [afterCode] = await poll();
		listReturns([{ ...newest, status: 'CONNECTED', code_verification_status: 'VERIFIED', verified_name: 'Renamed' }]);
		const [unchanged] = await poll();
		expect(new Set([before.id, afterStatus.id, afterCode.id]).size).toBe(3);
		expect(unchanged.id).toBe(afterCode.id);
	});

	it('marks absent values with "-" so ids stay well-formed', () => {
		expect(stateId({ id: '1', status: null, nameStatus: null, qualityRating: 'GREEN', codeVerificationStatus: null } as never)).toBe('1:-:-:GREEN:-');
	});

	it('watches only the chosen number when one is picked', async () => {
		listReturns([newest, oldest]);
		const items = await poll({ phone_number_id: '200000000000001' });
		expect(items.map((item: { phone_number_id: string }) => item.phone_number_id)).toEqual(['200000000000001']);
	});

	it('passes errors on (expired token → ExpiredAuthError; others with the next step)', async () => {
		meta().get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(401, metaError(190, 'Session has expired'));
		expect((await failureOf(perform('triggers', 'phone_number_status_changed'), { authData: authData() })).name).toBe('ExpiredAuthError');

		meta().get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(403, metaError(10, 'Permission denied'));
		const error = await failureOf(perform('triggers', 'phone_number_status_changed'), { authData: authData() });
		expect(appErrorBody(error)).toMatchObject({ code: '10', status: 403 });
	});

	it('retries a read once after a server error, pausing only briefly (Zapier allows 30 s per perform)', async () => {
		const waits: number[] = [];
		const realSleep = pauses.sleep;
		pauses.sleep = async (ms) => {
			waits.push(ms);
		};
		const scope = meta()
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query(true)
			.reply(500, metaError(2, 'Service temporarily unavailable'))
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query(true)
			.reply(200, { data: [oldest] });
		try {
			expect(await poll()).toHaveLength(1);
		} finally {
			pauses.sleep = realSleep;
		}
		scope.done();
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThanOrEqual(2_000);
		expect(waits[0]).toBeLessThanOrEqual(ZAPIER_RETRY.maxRetryAfterMs);
	});
});

describe('phone_number_list (dropdown)', () => {
	it('labels each number with its display number, name and status', async () => {
		listReturns([newest, { ...oldest, verified_name: undefined }]);
		const items = await appTester(perform('triggers', 'phone_number_list'), { authData: authData() });
		expect(items).toEqual([
			{ id: '200000000000002', label: '+1 555-010-0002 · Second Shop (PENDING)', display_phone_number: '+1 555-010-0002', verified_name: 'Second Shop', status: 'PENDING', coexistence: null },
			{ id: '200000000000001', label: '+1 555-010-0001 (CONNECTED)', display_phone_number: '+1 555-010-0001', verified_name: null, status: 'CONNECTED', coexistence: null },
		]);
	});

	it('marks a number shared with the WhatsApp Business app', async () => {
		listReturns([{ ...oldest, is_on_biz_app: true }, { ...newest, is_on_biz_app: false }]);
		const items = await appTester(perform('triggers', 'phone_number_list'), { authData: authData() });
		expect(items.map((item: { label: string; coexistence: boolean }) => [item.label, item.coexistence])).toEqual([
			['+1 555-010-0001 · Sandbox Business (CONNECTED, coexistence)', true],
			['+1 555-010-0002 · Second Shop (PENDING)', false],
		]);
	});
});
