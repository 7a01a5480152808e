/**
 * The default world's coexistence number (docs/meta-coexistence.md): WhatsApp Business app + Cloud
 * API on one number. It reads `is_on_biz_app: true`, sends at 20 messages per second, refuses
 * register and deregister, and does not take one of the business's registered-number places.
 */
import { COEXISTENCE, COEXISTENCE_SEED, startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient } from '../fixtures/sandbox/http';

const COEX = COEXISTENCE_SEED.phoneNumberId;
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
beforeEach(async () => {
	sb = await startSandbox({ port: 0, pairRate: null });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

const text = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Hello from the shop' } });

it('reads as a CONNECTED Cloud API number on the Business app, in its own WABA', async () => {
	const answer = await graph('GET', `/v25.0/${COEX}`, { query: { fields: 'display_phone_number,status,is_on_biz_app,platform_type,throughput,code_verification_status' } });
	expect(answer.body).toEqual({
		display_phone_number: '+1 555-010-0099',
		status: 'CONNECTED',
		is_on_biz_app: true,
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
		code_verification_status: 'VERIFIED',
		id: COEX,
	});
	expect((await graph('GET', `/v25.0/${COEXISTENCE_SEED.wabaId}/phone_numbers`, { query: { fields: 'id' } })).body.data).toEqual([{ id: COEX }]);
	expect((await graph('GET', '/v25.0/200000000000001', { query: { fields: 'is_on_biz_app' } })).body).toEqual({ is_on_biz_app: false, id: '200000000000001' });
	expect(sb.phoneNumberId).toBe('200000000000001');
});

it('refuses register (it is registered through the Business app) and changes nothing', async () => {
	const answer = await graph('POST', `/v25.0/${COEX}/register`, { json: { messaging_product: 'whatsapp', pin: '123456' } });
	const error = expectWhatsAppError(answer, 400, COEXISTENCE.refusal.code);
	expect(error).toMatchObject({ message: '(#100) Invalid parameter', error_data: { details: expect.stringContaining('both the WhatsApp Business app and Cloud API and is already registered') } });
	expect((await graph('GET', `/v25.0/${COEX}`, { query: { fields: 'status,is_pin_enabled' } })).body).toEqual({ status: 'CONNECTED', is_pin_enabled: false, id: COEX });
});

it('refuses deregister every time without counting toward 10 per 72 h, and stays CONNECTED', async () => {
	for (let i = 0; i < 11; i++) {
		const error = expectWhatsAppError(await graph('POST', `/v25.0/${COEX}/deregister`), 400, 100);
		expect(error.error_data.details).toContain('cannot be deregistered');
	}
	expect((await graph('GET', `/v25.0/${COEX}`, { query: { fields: 'status' } })).body.status).toBe('CONNECTED');
	expect(sb.control.snapshot().wabas![1].numbers![0].deregister).toEqual({ attempts: [], blockedUntil: null });
});

it('checks the request first: a register without a PIN is still 100 "pin is required"', async () => {
	expect(expectMetaError(await graph('POST', `/v25.0/${COEX}/register`, { json: { messaging_product: 'whatsapp' } }), 400, 100).message).toBe('(#100) The parameter pin is required.');
});

it('sends at most 20 messages per second (the existing throughput limiter), then 130429', async () => {
	const frozen = await startSandbox({ port: 0, pairRate: null, now: () => 1_800_000_000_000 });
	try {
		const answers = [];
		for (let i = 0; i < 21; i++) answers.push(await graphClient(frozen)('POST', `/v25.0/${COEX}/messages`, { json: text(`+1650777${String(1000 + i)}`) }));
		expect(answers.slice(0, 20).every((a) => a.status === 200)).toBe(true);
		const error = expectWhatsAppError(answers[20], 400, 130429);
		expect(error.error_data.details).toContain('(20 messages per second for this number)');
		frozen.control.advanceClock(1000);
		expect((await graphClient(frozen)('POST', `/v25.0/${COEX}/messages`, { json: text('+16507779999') })).status).toBe(200);
	} finally {
		await frozen.stop();
	}
});

it('leaves room for a second registered number: the cap of 2 counts the default number only', async () => {
	const id = (await graph('POST', '/v25.0/100000000000001/phone_numbers', { json: { cc: '1', phone_number: '5550100002', verified_name: 'Second Shop' } })).body.id;
	expect(id).toBe('200000000000002');
	await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en' } });
	await graph('POST', `/v25.0/${id}/verify_code`, { query: { code: sb.control.verificationCode(id)! } });
	expect((await graph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin: '246810' } })).body).toEqual({ success: true });
});

it('keeps the coexistence flag in saved state, and a seed may declare its own coexistence number', async () => {
	expect(sb.control.snapshot().wabas![1].numbers![0]).toMatchObject({ id: COEX, isOnBizApp: true, throughputPerSecond: 20 });
	const seeded = await startSandbox({
		port: 0,
		seed: { wabas: [{ id: '100000000000009', numbers: [{ id: '200000000000009', displayPhoneNumber: '+44 7700900123', status: 'CONNECTED', isOnBizApp: true }] }] },
	});
	try {
		expect((await graphClient(seeded)('GET', '/v25.0/200000000000009', { query: { fields: 'is_on_biz_app' } })).body.is_on_biz_app).toBe(true);
		expectWhatsAppError(await graphClient(seeded)('POST', '/v25.0/200000000000009/deregister'), 400, 100);
	} finally {
		await seeded.stop();
	}
});
