/**
 * Secrets (token, PIN, OTP) never reach an output, an error or a line Zapier logs. The logs are
 * captured through Zapier's real handler, after Zapier's own scrubbing, exactly as they would be
 * stored for the app's developer.
 */
import { ordinaryNumber, STATE_QUERY } from '../support/core';
import { authData, meta, metaError, PHONE_NUMBER_ID, runCapturingLogs, TOKEN } from './support';

/** Meta's answer to the state read after a change, echoing the PIN to prove it is masked there too. */
const stateEcho = { id: PHONE_NUMBER_ID, status: `CONNECTED (pin ${'482913'})`, code_verification_status: 'VERIFIED', name_status: 'APPROVED', is_pin_enabled: true };

const PIN = '482913';
const OTP = '731-604';

describe('Zapier logs', () => {
	it('do not contain the PIN or the token of a register call (request body, headers, errors)', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0')
			.post(`/v25.0/${PHONE_NUMBER_ID}/register`, { messaging_product: 'whatsapp', pin: PIN })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_NUMBER_ID}`)
			.query(STATE_QUERY)
			.reply(200, stateEcho);
		const { result, logs } = await runCapturingLogs('creates.register_phone_number.operation.perform', {
			authData: authData(),
			inputData: { phone_number_id: PHONE_NUMBER_ID, pin: PIN },
		});
		expect(result).toMatchObject({ success: true, phone_number_id: PHONE_NUMBER_ID, status: 'CONNECTED (pin [redacted])', state_known: true });
		expect(logs.some((line) => line.includes(`/v25.0/${PHONE_NUMBER_ID}/register`))).toBe(true);
		const all = logs.join('\n');
		expect(all).not.toContain(PIN);
		expect(all).not.toContain(TOKEN);
	});

	it('do not contain the OTP, typed with a dash or sent as digits', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/verify_code`).query({ code: OTP.replace('-', '') }).reply(400, metaError(136025, 'Verification failed', { error_data: { details: `code ${OTP.replace('-', '')} rejected` } }));
		const { error, logs } = await runCapturingLogs('creates.verify_code.operation.perform', {
			authData: authData(),
			inputData: { phone_number_id: PHONE_NUMBER_ID, code: OTP },
		});
		expect(error?.name).toBe('AppError');
		expect(error?.message).toContain('The verification code is wrong or no longer valid.');
		expect(logs.length).toBeGreaterThan(0);
		for (const text of [error?.message ?? '', ...logs]) {
			expect(text).not.toContain(OTP);
			expect(text).not.toContain(OTP.replace('-', ''));
		}
	});

	it('do not contain a new two-step PIN, and the shield is removed after the step', async () => {
		meta().post(`/v25.0/${PHONE_NUMBER_ID}`, { pin: PIN }).reply(200, { success: true }).get(`/v25.0/${PHONE_NUMBER_ID}`).query(STATE_QUERY).reply(200, stateEcho);
		const bundle = { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, pin: PIN } };
		const { result, logs } = await runCapturingLogs('creates.set_two_step_pin.operation.perform', bundle);
		expect(result).toMatchObject({ success: true, phone_number_id: PHONE_NUMBER_ID, status: 'CONNECTED (pin [redacted])', two_step_enabled: true });
		expect(logs.join('\n')).not.toContain(PIN);
		expect(bundle.authData).toEqual(authData());
	});

	it('do not contain the PIN when registering fails (error message and error log)', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0')
			.post(`/v25.0/${PHONE_NUMBER_ID}/register`)
			.reply(400, metaError(133005, 'PIN mismatch', { error_data: { details: `PIN ${PIN} mismatch` } }));
		const { error, logs } = await runCapturingLogs('creates.register_phone_number.operation.perform', {
			authData: authData(),
			inputData: { phone_number_id: PHONE_NUMBER_ID, pin: PIN },
		});
		expect(error?.message).toContain('[redacted]');
		for (const text of [error?.message ?? '', ...logs]) expect(text).not.toContain(PIN);
	});
});
