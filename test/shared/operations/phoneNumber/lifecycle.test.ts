/**
 * Each phone-number lifecycle operation: the exact request Meta receives, the exact output, its
 * documented errors, and that nothing is sent (and nothing retried) when it must not be.
 */
import nock from 'nock';
import { runOperation, WhatsAppError } from '../../../../shared';
import { GRAPH, metaError, numberState, ordinaryNumber, PHONE_ID, STATE_QUERY, testClient, TOKEN, VERSION, WABA_ID } from '../../../support/core';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

async function failure(promise: Promise<unknown>): Promise<WhatsAppError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof WhatsAppError) return error;
		throw error;
	}
	throw new Error('expected a WhatsAppError');
}

describe('addPhoneNumber', () => {
	it('posts cc, phone_number and verified_name to the WABA and returns the new ID', async () => {
		const { client } = testClient();
		const scope = api()
			.post(`/${VERSION}/${WABA_ID}/phone_numbers`, { cc: '1', phone_number: '6315555555', verified_name: "Jasper's Market" })
			.reply(200, { id: '1906385232743451' });
		const output = await runOperation('addPhoneNumber', client, { cc: '+1', phoneNumber: '(631) 555-5555', verifiedName: " Jasper's Market " });
		expect(output).toEqual({
			phoneNumberId: '1906385232743451',
			cc: '1',
			phoneNumber: '6315555555',
			verifiedName: "Jasper's Market",
			nextStep: 'Request a verification code for this number, then verify it and register it with a 6-digit PIN.',
		});
		scope.done();
	});

	it('explains a number that already exists (409) and does not retry', async () => {
		const { client, sleeps } = testClient();
		const scope = api().post(`/${VERSION}/${WABA_ID}/phone_numbers`).once().reply(409, metaError(100, 'Number already exists'));
		const error = await failure(runOperation('addPhoneNumber', client, { cc: '1', phoneNumber: '6315555555', verifiedName: 'Shop' }));
		expect(error.httpStatus).toBe(409);
		expect(error.operation).toBe('addPhoneNumber');
		expect(sleeps).toEqual([]);
		scope.done();
	});

	it.each([
		[{ cc: '0', phoneNumber: '6315555555', verifiedName: 'Shop' }, 'Country Code'],
		[{ cc: '1', phoneNumber: 'call me', verifiedName: 'Shop' }, 'Phone Number'],
		[{ cc: '1', phoneNumber: '6315555555', verifiedName: '' }, 'Display Name'],
	])('rejects bad input %j before sending anything', async (input, field) => {
		const { client } = testClient();
		const error = await failure(runOperation('addPhoneNumber', client, input));
		expect(error.category).toBe('invalid_input');
		expect(error.field).toBe(field);
		expect(error.message.startsWith(`${field}:`)).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('says the WABA ID is missing from the credentials', async () => {
		const { client } = testClient({ wabaId: null });
		const error = await failure(runOperation('addPhoneNumber', client, { cc: '1', phoneNumber: '6315555555', verifiedName: 'Shop' }));
		expect(error.message).toBe(
			'WhatsApp Business Account ID is missing. Add the WABA ID to the client settings (createClient) (WhatsApp Manager → Account tools → Business account ID).',
		);
	});
});

describe('requestVerificationCode', () => {
	it('sends code_method and language in the query string, as Meta documents', async () => {
		const { client } = testClient();
		const state = numberState('PENDING', 'NOT_VERIFIED', false, 'PENDING_REVIEW');
		const scope = ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/request_code`)
			.query({ code_method: 'VOICE', language: 'pt_BR' })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);
		const output = await runOperation('requestVerificationCode', client, { phoneNumberId: PHONE_ID, codeMethod: 'voice', language: 'pt-br' });
		expect(output).toEqual({ success: true, phoneNumberId: PHONE_ID, ...state.output, codeMethod: 'VOICE', nextStep: 'Enter the 6-digit code you received with verifyCode.' });
		scope.done();
	});

	it('defaults to SMS in en_US', async () => {
		const { client } = testClient();
		const scope = ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/request_code`).query({ code_method: 'SMS', language: 'en_US' }).reply(200, { success: true });
		await runOperation('requestVerificationCode', client, { phoneNumberId: PHONE_ID });
		scope.done();
	});

	it('maps 136024 (already verified) to the next step, and never retries', async () => {
		const { client, sleeps } = testClient();
		const scope = ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/request_code`).query(true).once().reply(400, metaError(136024, 'Phone number already verified'));
		const error = await failure(runOperation('requestVerificationCode', client, { phoneNumberId: PHONE_ID }));
		expect(error.message).toBe(
			'This number is already verified, so no new verification code was sent. Skip the code step and go straight to registerPhoneNumber with its PIN (verification stays valid for 14 days).',
		);
		expect(error.retry).toEqual({ action: 'do_not_retry' });
		expect(error.alreadyDone).toBe(true);
		expect(sleeps).toEqual([]);
		scope.done();
	});

	it('does not retry even a throttling answer, because Meta counts code requests', async () => {
		const { client, sleeps } = testClient();
		const scope = ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/request_code`).query(true).once().reply(400, metaError(80007, 'Rate limit'));
		const error = await failure(runOperation('requestVerificationCode', client, { phoneNumberId: PHONE_ID }));
		expect(error.category).toBe('throttling');
		expect(sleeps).toEqual([]);
		scope.done();
	});

	it.each([['e'], ['english'], ['en_USA']])('rejects the language %s', async (language) => {
		const { client } = testClient();
		const error = await failure(runOperation('requestVerificationCode', client, { phoneNumberId: PHONE_ID, language }));
		expect(error.field).toBe('Language');
	});

	it('rejects a phone number instead of a phone number ID', async () => {
		const { client } = testClient();
		const error = await failure(runOperation('requestVerificationCode', client, { phoneNumberId: '+1 631 555 5555' }));
		expect(error.message).toBe(
			'Phone Number: "+1 631 555 5555" is not a Meta ID. Use the numeric ID as WhatsApp Manager shows it (digits only), not a phone number or a name.',
		);
	});
});

describe('verifyCode', () => {
	it.each([['123456'], ['123-456'], [' 123 456 ']])('accepts %j and sends the six digits', async (code) => {
		const { client } = testClient();
		const state = numberState('PENDING', 'VERIFIED', false);
		const scope = ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/verify_code`)
			.query({ code: '123456' })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);
		const output = await runOperation('verifyCode', client, { phoneNumberId: PHONE_ID, code });
		expect(output).toEqual({ success: true, phoneNumberId: PHONE_ID, ...state.output, nextStep: 'Register the number with a 6-digit PIN within 14 days (registerPhoneNumber).' });
		scope.done();
	});

	it.each([['12345'], ['1234567'], ['12a456']])('rejects %j without echoing it', async (code) => {
		const { client } = testClient();
		const error = await failure(runOperation('verifyCode', client, { phoneNumberId: PHONE_ID, code }));
		expect(error.field).toBe('Verification Code');
		expect(error.message).not.toContain(code);
		expect(JSON.stringify(error.toJSON())).not.toContain(code);
	});

	it('keeps the code out of a Meta error that quotes it', async () => {
		const { client } = testClient();
		ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/verify_code`)
			.query(true)
			.reply(400, metaError(136025, 'Verification failed', 'Code 654321 is wrong; code=654321'));
		const error = await failure(runOperation('verifyCode', client, { phoneNumberId: PHONE_ID, code: '654-321' }));
		expect(JSON.stringify(error.toJSON())).not.toContain('654321');
		expect(error.message).not.toContain('654321');
		expect(error.details).toBe('Code [redacted] is wrong; code=[redacted]');
	});
});

describe('registerPhoneNumber', () => {
	it('posts messaging_product and the PIN, with the localization region when given', async () => {
		const { client } = testClient();
		const state = numberState('CONNECTED', 'VERIFIED', true);
		const scope = ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/register`, { messaging_product: 'whatsapp', pin: '212834', data_localization_region: 'CH' })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);
		const output = await runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834', dataLocalizationRegion: 'ch' });
		expect(output).toEqual({ success: true, phoneNumberId: PHONE_ID, ...state.output });
		scope.done();
	});

	it('reports success with the state unknown when only the read after it fails: the register is sent once, the read retried', async () => {
		const { client, sleeps } = testClient();
		const scope = ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/register`)
			.once()
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.times(4)
			.reply(503, metaError(2, 'Service temporarily unavailable'));
		const output = await runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834' });
		expect(output).toEqual({
			success: true,
			phoneNumberId: PHONE_ID,
			status: null,
			codeVerificationStatus: null,
			nameStatus: null,
			twoStepEnabled: null,
			stateKnown: false,
			stateNote:
				"The change went through, but reading the number's state afterwards failed: The WhatsApp service is temporarily unavailable. Look the number up with getPhoneNumber before doing anything else.",
		});
		expect(sleeps).toHaveLength(3);
		scope.done();
	});

	it('omits the region when empty', async () => {
		const { client } = testClient();
		const scope = ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/register`, { messaging_product: 'whatsapp', pin: '212834' }).reply(200, { success: true });
		await runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834', dataLocalizationRegion: '' });
		scope.done();
	});

	it.each([
		[133005, 'pin', "The two-step verification PIN does not match the number's PIN."],
		[133016, 'registration', 'This number reached the limit of 10 register or deregister requests in 72 hours and is blocked from registering for up to 72 hours.'],
		[133006, 'registration', 'The number has to be verified before it can be registered: it was never verified, or its last verification is more than 14 days old.'],
		[133015, 'registration', 'This number was deleted recently and the deletion has not finished yet.'],
	])('maps %i to a %s error and never retries, even a transient-looking one', async (code, category, summary) => {
		const { client, sleeps } = testClient();
		const scope = ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/register`).once().reply(400, metaError(code, 'Registration failed'));
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834' }));
		expect(error.category).toBe(category);
		expect(error.summary).toBe(summary);
		expect(error.code).toBe(code);
		expect(error.fbtraceId).toBe('Az8or2yhqkZfEZ-_4Qn_Bam');
		expect(sleeps).toEqual([]);
		scope.done();
	});

	it('explains the PENDING 400: display name still in review (code 100, subcode 2388001)', async () => {
		const { client } = testClient();
		ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/register`)
			.reply(400, metaError(100, 'Invalid parameter', 'Display name not approved', { error_subcode: 2388001 }));
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834' }));
		expect(error.message).toBe(
			'Meta refused to register the number because its display name has not been approved yet, so the number stays PENDING. Wait until the display name is approved (run checkReadiness or watch the name review event), then register again with the same PIN.',
		);
		expect(error).toMatchObject({ category: 'registration', code: 100, subcode: 2388001, retry: { action: 'wait' } });
	});

	it('does not retry a 500 (the registration may have happened)', async () => {
		const { client, sleeps } = testClient();
		const scope = ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/register`).once().reply(500, metaError(131000, 'Something went wrong'));
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834' }));
		expect(error.category).toBe('transient');
		expect(error.message).toBe(
			'Something went wrong at WhatsApp. The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.',
		);
		expect(error.retry).toEqual({ action: 'do_not_retry' });
		expect(sleeps).toEqual([]);
		scope.done();
	});

	it.each([['12345'], ['abcdef'], ['1234567']])('rejects the PIN %j before sending, without echoing it', async (pin) => {
		const { client } = testClient();
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin }));
		expect(error.message).toBe(
			'Two-Step PIN: must be exactly 6 digits (the value you entered is not). Enter the six-digit two-step verification PIN, digits only. It is not the SMS code.',
		);
	});

	it('rejects a region Meta does not offer', async () => {
		const { client } = testClient();
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '212834', dataLocalizationRegion: 'US' }));
		expect(error.field).toBe('Data Localization Region');
		expect(error.nextStep).toBe('Use one of: AE, AU, BH, BR, CA, CH, DE, GB, ID, IN, JP, KR, SG, ZA; or leave it empty.');
	});

	it('never puts the PIN into an error, even when Meta echoes the request', async () => {
		const { client } = testClient();
		ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/register`)
			.reply(400, metaError(100, 'Invalid parameter', 'Param pin=909090 is invalid for {"pin":"909090"}'));
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '909090' }));
		expect(JSON.stringify(error.toJSON())).not.toContain('909090');
		expect(error.message).not.toContain('909090');
		expect(error.stack ?? '').not.toContain('909090');
	});
});

describe('deregisterPhoneNumber', () => {
	it('posts to /deregister with no body', async () => {
		const { client } = testClient();
		const state = numberState('DISCONNECTED', 'VERIFIED', true);
		const scope = ordinaryNumber(api())
			.post(`/${VERSION}/${PHONE_ID}/deregister`, (body) => body === '' || (typeof body === 'object' && Object.keys(body).length === 0))
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);
		expect(await runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID })).toEqual({ success: true, phoneNumberId: PHONE_ID, ...state.output });
		scope.done();
	});

	it('reports 133016 and does not retry', async () => {
		const { client, sleeps } = testClient();
		ordinaryNumber(api()).post(`/${VERSION}/${PHONE_ID}/deregister`).once().reply(400, metaError(133016, 'Rate limit'));
		const error = await failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID }));
		expect(error.retry.action).toBe('wait');
		expect(error.nextStep).toBe('Wait 72 hours before registering or deregistering this number again. Do not retry in a loop: every attempt counts.');
		expect(sleeps).toEqual([]);
	});
});

describe('setTwoStepPin', () => {
	it('posts the PIN to the number node', async () => {
		const { client } = testClient();
		const state = numberState('CONNECTED', 'VERIFIED', true);
		const scope = api()
			.post(`/${VERSION}/${PHONE_ID}`, { pin: '150954' })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);
		expect(await runOperation('setTwoStepPin', client, { phoneNumberId: PHONE_ID, pin: '150954' })).toEqual({ success: true, phoneNumberId: PHONE_ID, ...state.output });
		scope.done();
	});

	it('maps 133009 (too fast) to a wait, and does not retry', async () => {
		const { client, sleeps } = testClient();
		api().post(`/${VERSION}/${PHONE_ID}`).once().reply(400, metaError(133009, 'Too fast', 'Wait 10 seconds'));
		const error = await failure(runOperation('setTwoStepPin', client, { phoneNumberId: PHONE_ID, pin: '150954' }));
		expect(error.category).toBe('pin');
		expect(error.retry.action).toBe('wait');
		expect(error.details).toBe('Wait 10 seconds');
		expect(sleeps).toEqual([]);
	});
});
