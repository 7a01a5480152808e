/** Every action: the exact request Meta receives and the exact output a zap author maps. */
import nock from 'nock';
import { countryCallingCode, sixDigitPin, verificationCode } from '../../shared';
import { toZapierValue } from '../../zapier/output';
import { numberState, ordinaryNumber, STATE_QUERY } from '../support/core';
import { App, appErrorBody, coreMessage, appTester, authData, failureOf, meta, metaError, perform, PHONE_NUMBER_ID, TOKEN, WABA_ID } from './support';

/** The state read after a number-level change: Meta's answer, and the fields a zap author maps. */
function afterState(scope: nock.Scope, status: string, codeVerificationStatus: string, twoStepEnabled: boolean): Record<string, unknown> {
	const state = numberState(status, codeVerificationStatus, twoStepEnabled, 'APPROVED', PHONE_NUMBER_ID);
	scope.get(`/v25.0/${PHONE_NUMBER_ID}`).query(STATE_QUERY).reply(200, state.meta);
	return toZapierValue(state.output);
}

const run = (key: string, inputData: Record<string, unknown>) => appTester(perform('creates', key), { authData: authData(), inputData });
const fail = (key: string, inputData: Record<string, unknown>) => failureOf(perform('creates', key), { authData: authData(), inputData });

describe('add_phone_number', () => {
	it('adds the number to the WABA and returns its new ID with the next step', async () => {
		const scope = meta()
			.post(`/v25.0/${WABA_ID}/phone_numbers`, { cc: '1', phone_number: '6315555555', verified_name: "Jasper's Market" })
			.reply(200, { id: '200000000000002' });
		const output = await run('add_phone_number', { cc: '+1', phone_number: '(631) 555-5555', verified_name: " Jasper's Market " });
		expect(output).toEqual({
			phone_number_id: '200000000000002',
			cc: '1',
			phone_number: '6315555555',
			verified_name: "Jasper's Market",
			next_step: 'Request a verification code for this number, then verify it and register it with a 6-digit PIN.',
		});
		scope.done();
	});

	it('explains a number that already exists or is in use (409), a WhatsApp Business app number included, with the way in for it', async () => {
		meta().post(`/v25.0/${WABA_ID}/phone_numbers`).reply(409, { error: { message: 'Phone number already exists', type: 'OAuthException', fbtrace_id: 'T1' } });
		const error = await fail('add_phone_number', { cc: '1', phone_number: '6315555555', verified_name: 'Shop' });
		expect(error.name).toBe('AppError');
		expect(appErrorBody(error)).toEqual({
			message:
				'Meta did not add the number: it already belongs to a WhatsApp Business Account or is in use on WhatsApp (for example in the WhatsApp Business app). ' +
				'If it is already in this account, look it up with "Find Phone Number" instead of adding it. ' +
				'If it is a WhatsApp Business app number that should keep the app, connect it through the app instead: a Meta partner\'s "connect your WhatsApp Business app" signup, confirmed in the app (coexistence). ' +
				"Otherwise delete its account in the WhatsApp app first. Meta's details: Phone number already exists (trace T1)",
			code: 'registration',
			status: 409,
		});
	});

	it('rejects a country code with letters before sending anything', async () => {
		const error = await fail('add_phone_number', { cc: 'US', phone_number: '6315555555', verified_name: 'Shop' });
		expect(appErrorBody(error)).toEqual({ message: coreMessage(() => countryCallingCode('US', 'Country Code')), code: 'invalid_input' });
		expect(appErrorBody(error).message).toMatch(/^Country Code: "US" is not a country calling code\./);
	});
});

describe('request_verification_code', () => {
	it('asks Meta to send the code with the method and language in the query string', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/request_code`).query({ code_method: 'VOICE', language: 'pt_BR' }).reply(200, { success: true });
		const state = afterState(scope, 'PENDING', 'NOT_VERIFIED', false);
		const output = await run('request_verification_code', { phone_number_id: PHONE_NUMBER_ID, code_method: 'voice', language: 'pt-br' });
		expect(output).toEqual({
			success: true,
			phone_number_id: PHONE_NUMBER_ID,
			...state,
			code_method: 'VOICE',
			next_step: 'Enter the 6-digit code you received with "Verify Code".',
		});
		scope.done();
	});

	it('uses SMS and en_US when left empty', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/request_code`).query({ code_method: 'SMS', language: 'en_US' }).reply(200, { success: true });
		afterState(scope, 'PENDING', 'NOT_VERIFIED', false);
		await run('request_verification_code', { phone_number_id: PHONE_NUMBER_ID });
		scope.done();
	});

	it('halts (not an error) when the number is already verified (136024)', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/request_code`).query(true).reply(400, metaError(136024, 'Phone number already verified'));
		const error = await fail('request_verification_code', { phone_number_id: PHONE_NUMBER_ID, code_method: 'SMS', language: 'en' });
		expect(error.name).toBe('HaltedError');
		expect(error.message).toBe(
			'This number is already verified, so no new verification code was sent. Skip the code step and go straight to "Register Phone Number" with its PIN (verification stays valid for 14 days). ' +
				"Meta's details: (#136024) Phone number already verified (Meta error 136024, trace AbCdEfGhIjK)",
		);
	});

	it('is not repeated after a server error: Meta may have sent the SMS', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/request_code`).query(true).once().reply(500, metaError(131000, 'Something went wrong'));
		const error = await fail('request_verification_code', { phone_number_id: PHONE_NUMBER_ID });
		expect(appErrorBody(error)).toMatchObject({ code: '131000', status: 500 });
		scope.done();
	});
});

describe('verify_code', () => {
	it('sends the digits of the code and returns the next step', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/verify_code`).query({ code: '123456' }).reply(200, { success: true });
		const state = afterState(scope, 'PENDING', 'VERIFIED', false);
		const output = await run('verify_code', { phone_number_id: PHONE_NUMBER_ID, code: '123-456' });
		expect(output).toEqual({
			success: true,
			phone_number_id: PHONE_NUMBER_ID,
			...state,
			next_step: 'Register the number with a 6-digit PIN within 14 days ("Register Phone Number").',
		});
		scope.done();
	});

	it('never echoes the code in an error', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0')
			.post(`/v25.0/${PHONE_NUMBER_ID}/verify_code`)
			.query({ code: '987654' })
			.reply(400, metaError(136025, 'Verify code error', { error_data: { details: 'Code 987654 is wrong' } }));
		const error = await fail('verify_code', { phone_number_id: PHONE_NUMBER_ID, code: '987 654' });
		expect(error.message).not.toMatch(/987\s?654/);
		expect(appErrorBody(error)).toEqual({
			message:
				"The verification code is wrong or no longer valid. Enter the code from the latest SMS or call; if it is old, request a new code first. Do not guess: attempts are limited. Meta's details: Code [redacted] is wrong (Meta error 136025, trace AbCdEfGhIjK)",
			code: '136025',
			status: 400,
		});
	});

	it('rejects a code that is not 6 digits without echoing it', async () => {
		const error = await fail('verify_code', { phone_number_id: PHONE_NUMBER_ID, code: '12345' });
		expect(appErrorBody(error)).toEqual({ message: coreMessage(() => verificationCode('12345', 'Verification Code')), code: 'invalid_input' });
		expect(appErrorBody(error).message).toMatch(/^Verification Code: must be the 6-digit code/);
		expect(error.message).not.toContain('12345');
	});
});

describe('register_phone_number', () => {
	it('registers with the PIN (and the data localization region when given)', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0')
			.post(`/v25.0/${PHONE_NUMBER_ID}/register`, { messaging_product: 'whatsapp', pin: '654321', data_localization_region: 'DE' })
			.reply(200, { success: true });
		const state = afterState(scope, 'CONNECTED', 'VERIFIED', true);
		const output = await run('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '654321', data_localization_region: 'de' });
		expect(output).toEqual({ success: true, phone_number_id: PHONE_NUMBER_ID, ...state });
		scope.done();
	});

	it('maps a PIN mismatch (133005) to an error with the next step, without the PIN', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0')
			.post(`/v25.0/${PHONE_NUMBER_ID}/register`, { messaging_product: 'whatsapp', pin: '654321' })
			.once()
			.reply(400, metaError(133005, 'Two step verification PIN Mismatch', { error_data: { messaging_product: 'whatsapp', details: 'PIN 654321 does not match' } }));
		const error = await fail('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '654321' });
		expect(error.name).toBe('AppError');
		expect(appErrorBody(error)).toEqual({
			message:
				'The two-step verification PIN does not match the number\'s PIN. Use the PIN set for this number, or set a new one with "Set Two-Step PIN" (no old PIN needed), then register again. Do not guess: repeated wrong PINs lock the number. ' +
				"Meta's details: PIN [redacted] does not match (Meta error 133005, trace AbCdEfGhIjK)",
			code: '133005',
			status: 400,
		});
		scope.done();
	});

	it('maps the 72-hour register limit (133016) to an error telling the user to wait, with no retry', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/register`).once().reply(400, metaError(133016, 'Account register deregister rate limit exceeded'));
		const error = await fail('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '654321' });
		expect(appErrorBody(error).message).toMatch(/^This number reached the limit of 10 register or deregister requests in 72 hours.*Wait 72 hours/);
		expect(appErrorBody(error).code).toBe('133016');
		scope.done();
	});

	it('turns WABA throttling (80007, HTTP 400) into ThrottledError with a delay, without retrying the register', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/register`).once().reply(400, metaError(80007, 'Rate limit issues'));
		const error = await fail('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '654321' });
		expect(error.name).toBe('ThrottledError');
		expect(JSON.parse(error.message)).toEqual({
			message: "The WhatsApp Business Account reached its API rate limit. Wait before calling again; spread calls out over the hour. Meta's details: (#80007) Rate limit issues (Meta error 80007, trace AbCdEfGhIjK)",
			delay: 60,
		});
		scope.done();
	});

	it('turns HTTP 429 into ThrottledError with the Retry-After delay', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/register`).reply(429, metaError(4, 'Application request limit reached'), { 'Retry-After': '120' });
		const error = await fail('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '654321' });
		expect(error.name).toBe('ThrottledError');
		expect(JSON.parse(error.message).delay).toBe(120);
	});

	it('turns an expired token into ExpiredAuthError, with neither token nor PIN in the message', async () => {
		ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0').post(`/v25.0/${PHONE_NUMBER_ID}/register`).reply(401, metaError(190, 'Error validating access token'));
		const error = await fail('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '654321' });
		expect(error.name).toBe('ExpiredAuthError');
		// Zapier would append "What happened" with the step's input (the PIN) to an unmarked error.
		expect(error.message).toBe(
			"The access token has expired or is not valid. Create a new access token (a system-user token does not expire) and put it in your WhatsApp connection in Zapier. Meta's details: (#190) Error validating access token (Meta error 190, trace AbCdEfGhIjK)",
		);
		expect(error.message).not.toContain(TOKEN);
		expect(error.message).not.toContain('654321');
	});

	it('rejects a 5-digit PIN before sending anything, without the PIN in the message', async () => {
		const error = await fail('register_phone_number', { phone_number_id: PHONE_NUMBER_ID, pin: '54321' });
		expect(appErrorBody(error)).toEqual({ message: coreMessage(() => sixDigitPin('54321', 'Two-Step PIN')), code: 'invalid_input' });
		expect(appErrorBody(error).message).toMatch(/^Two-Step PIN: must be exactly 6 digits/);
		expect(error.message).not.toContain('54321');
	});

	it('names a missing phone number ID', async () => {
		const error = await fail('register_phone_number', { pin: '654321' });
		expect(appErrorBody(error).message).toBe(
			'Phone Number: is required. The phone number ID (not the phone number itself): pick it from the list, or find it in WhatsApp Manager → Phone numbers.',
		);
	});

	it('reports a refused connection (e.g. the sandbox is not running) as a network problem', async () => {
		const error = await failureOf(perform('creates', 'register_phone_number'), {
			authData: authData({ base_url: 'http://127.0.0.1:1' }),
			inputData: { phone_number_id: PHONE_NUMBER_ID, pin: '654321' },
		});
		expect(appErrorBody(error)).toEqual({
			message: 'Could not reach Meta (refused): the connection was refused. Check the network and the Base URL in your WhatsApp connection in Zapier, then try again.',
			code: 'transient',
		});
	});
});

describe('deregister_phone_number', () => {
	it('posts to /deregister with no body', async () => {
		const scope = ordinaryNumber(meta(), PHONE_NUMBER_ID, 'v25.0')
			.post(`/v25.0/${PHONE_NUMBER_ID}/deregister`, (body) => body === '' || Object.keys(body).length === 0)
			.reply(200, { success: true });
		const state = afterState(scope, 'DISCONNECTED', 'VERIFIED', true);
		expect(await run('deregister_phone_number', { phone_number_id: PHONE_NUMBER_ID })).toEqual({ success: true, phone_number_id: PHONE_NUMBER_ID, ...state });
		scope.done();
	});
});

describe('set_two_step_pin', () => {
	it('posts the new PIN to the number', async () => {
		const scope = meta().post(`/v25.0/${PHONE_NUMBER_ID}`, { pin: '150954' }).reply(200, { success: true });
		const state = afterState(scope, 'CONNECTED', 'VERIFIED', true);
		expect(await run('set_two_step_pin', { phone_number_id: PHONE_NUMBER_ID, pin: '150954' })).toEqual({ success: true, phone_number_id: PHONE_NUMBER_ID, ...state });
		scope.done();
	});

	it('maps too many PIN attempts (133008) without the PIN', async () => {
		meta().post(`/v25.0/${PHONE_NUMBER_ID}`).reply(400, metaError(133008, 'Too many two step verification PIN guesses', { error_data: { details: 'Try again in 2 hours' } }));
		const error = await fail('set_two_step_pin', { phone_number_id: PHONE_NUMBER_ID, pin: '150954' });
		expect(error.message).not.toContain('150954');
		expect(appErrorBody(error).message).toContain("Meta's details: Try again in 2 hours");
	});
});

describe('set_identity_check', () => {
	it('turns the check on and confirms it from the settings read-back', async () => {
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/settings`, { user_identity_change: { enable_identity_key_check: true } })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_NUMBER_ID}/settings`)
			.reply(200, { user_identity_change: { enable_identity_key_check: true } });
		expect(await run('set_identity_check', { phone_number_id: PHONE_NUMBER_ID, enabled: 'true' })).toEqual({
			success: true,
			phone_number_id: PHONE_NUMBER_ID,
			enabled: true,
			confirmed: true,
			state_note: null,
		});
		scope.done();
	});

	it('turns it off (Zapier boolean "false")', async () => {
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/settings`, { user_identity_change: { enable_identity_key_check: false } })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_NUMBER_ID}/settings`)
			.reply(200, {});
		expect(await run('set_identity_check', { phone_number_id: PHONE_NUMBER_ID, enabled: false })).toEqual({
			success: true,
			phone_number_id: PHONE_NUMBER_ID,
			enabled: false,
			confirmed: false,
			state_note: "Meta's settings do not report the identity change check, so the change could not be confirmed.",
		});
		scope.done();
	});
});

describe('send_message', () => {
	const sent = { messaging_product: 'whatsapp', contacts: [{ input: '+16315555555', wa_id: '16315555555' }], messages: [{ id: 'wamid.ABC123' }] };

	it('sends text with the identity hash and says the hash was checked', async () => {
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16315555555',
				type: 'text',
				recipient_identity_key_hash: 'DF2lS5v2W6x=',
				text: { body: 'Your statement is ready', preview_url: false },
			})
			.reply(200, sent);
		const output = await run('send_message', {
			phone_number_id: PHONE_NUMBER_ID,
			to: '+1 (631) 555-5555',
			message_type: 'text',
			text: 'Your statement is ready',
			recipient_identity_key_hash: 'DF2lS5v2W6x=',
		});
		expect(output).toEqual({
			message_id: 'wamid.ABC123',
			wa_id: '16315555555',
			input: '+16315555555',
			message_status: null,
			identity_hash_checked: true,
			recipient_identity_key_hash: 'DF2lS5v2W6x=',
			sent_to: 'phone_number',
			user_id: null,
			phone_number_id: PHONE_NUMBER_ID,
			to: '+16315555555',
			uploaded_media_id: null,
			sent_via: 'messages',
		});
		scope.done();
	});

	it('sends a template with its parameters (a Zapier list) and no hash, after checking them against the template', async () => {
		const scope = meta()
			.get(`/v25.0/${WABA_ID}/message_templates`)
			.query({ name: 'order_confirmation', fields: 'id,name,language,status,category,components,parameter_format,quality_score,rejected_reason,previous_category', limit: '100' })
			.reply(200, { data: [{ id: '1', name: 'order_confirmation', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} is confirmed.' }] }] })
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16315555555',
				type: 'template',
				template: {
					name: 'order_confirmation',
					language: { code: 'en_US' },
					components: [{ type: 'body', parameters: [{ type: 'text', text: 'Jasper' }, { type: 'text', text: '12345' }] }],
				},
			})
			.reply(200, { ...sent, messages: [{ id: 'wamid.T1', message_status: 'accepted' }] });
		const output = await run('send_message', {
			phone_number_id: PHONE_NUMBER_ID,
			to: '16315555555',
			message_type: 'template',
			template_name: 'order_confirmation',
			template_language: 'en_US',
			template_parameters: ['Jasper', '12345'],
		});
		expect(output).toMatchObject({ message_id: 'wamid.T1', message_status: 'accepted', identity_hash_checked: false, recipient_identity_key_hash: null });
		scope.done();
	});

	it('sends a document by link with caption and file name', async () => {
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16315555555',
				type: 'document',
				document: { link: 'https://example.com/invoice.pdf', caption: 'Your invoice', filename: 'invoice-1234.pdf' },
			})
			.reply(200, sent);
		await run('send_message', {
			phone_number_id: PHONE_NUMBER_ID,
			to: '+16315555555',
			message_type: 'document',
			media_url: 'https://example.com/invoice.pdf',
			caption: 'Your invoice',
			filename: 'invoice-1234.pdf',
		});
		scope.done();
	});

	it('turns the per-recipient pair limit (131056) into ThrottledError without resending', async () => {
		const scope = meta().post(`/v25.0/${PHONE_NUMBER_ID}/messages`).once().reply(400, metaError(131056, '(Business Account, Consumer Account) pair rate limit hit'));
		const error = await fail('send_message', { phone_number_id: PHONE_NUMBER_ID, to: '+16315555555', text: 'Hi' });
		expect(error.name).toBe('ThrottledError');
		expect(JSON.parse(error.message).delay).toBe(6);
		scope.done();
	});

	it('says to check before resending after a server error (the message may have gone out)', async () => {
		const scope = meta().post(`/v25.0/${PHONE_NUMBER_ID}/messages`).once().reply(503, 'Service Unavailable');
		const error = await fail('send_message', { phone_number_id: PHONE_NUMBER_ID, to: '+16315555555', text: 'Hi' });
		expect(appErrorBody(error)).toEqual({
			message:
				'Meta answered HTTP 503 with a body that is not JSON. The message may still have reached WhatsApp: check the status webhooks or the conversation before sending it again.',
			code: 'transient',
			status: 503,
		});
		scope.done();
	});

	it('sends message text exactly as typed, even with Zapier-like curly braces', async () => {
		const scope = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, (body) => body.text?.body === 'Hi {{bundle.inputData.name}}!')
			.reply(200, sent);
		await run('send_message', { phone_number_id: PHONE_NUMBER_ID, to: '+16315555555', text: 'Hi {{bundle.inputData.name}}!' });
		scope.done();
	});

	it('rejects a template without a name before sending', async () => {
		const error = await fail('send_message', { phone_number_id: PHONE_NUMBER_ID, to: '+16315555555', message_type: 'template', template_language: 'en_US' });
		expect(appErrorBody(error).message).toMatch(/^Template Name: is required\./);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('prepare_number_removal', () => {
	const RELAY = 'https://relay.example.com';
	const RELAY_KEY = 'relay-key-5f0c9e1d2b7a';
	const create = (App as unknown as { creates: Record<string, { operation: { inputFields: Array<{ key?: string }> } }> }).creates.prepare_number_removal;

	it('asks only for the number and the two switches: the relay comes from the connection', () => {
		expect(create.operation.inputFields.map((field) => field.key)).toEqual(['phone_number_id', 'clear_override', 'deregister_number']);
	});

	it("lists the relay's subscriptions with the connection's relay key (never Meta's token) and reports what is left, without the key", async () => {
		meta().get(`/v25.0/${PHONE_NUMBER_ID}`).query(true).reply(200, { id: PHONE_NUMBER_ID, display_phone_number: '+1 631-555-5555', status: 'CONNECTED', is_on_biz_app: false });
		meta().get(`/v25.0/${PHONE_NUMBER_ID}`).query({ fields: 'webhook_configuration' }).reply(200, { webhook_configuration: {}, id: PHONE_NUMBER_ID });
		const relay = nock(RELAY, { reqheaders: { 'x-api-key': RELAY_KEY }, badheaders: ['authorization'] })
			.get('/subscriptions')
			.reply(200, { data: [{ id: 'sub_9', target_url: 'https://hooks.zapier.com/hooks/standard/9/secret-hook/', event_type: 'messageStatus', event_types: ['messageStatus'], phone_number_id: PHONE_NUMBER_ID, waba_id: null, created_at: null }] });
		const output = await appTester(perform('creates', 'prepare_number_removal'), {
			authData: authData({ relay_url: `${RELAY}/`, relay_api_key: RELAY_KEY }),
			inputData: { phone_number_id: PHONE_NUMBER_ID, relay_url: 'https://elsewhere.example.com', relay_api_key: 'typed-in-step' },
		});
		relay.done();
		expect(output).toMatchObject({
			phone_number_id: PHONE_NUMBER_ID,
			registered: true,
			relay_checked: true,
			relay_subscriptions: [{ id: 'sub_9', event_types: 'messageStatus', target_host: 'hooks.zapier.com', created_at: null }],
			found: [
				{ kind: 'registration', description: 'The number is registered with the Cloud API (status CONNECTED): it can still send and receive.' },
				{ kind: 'relaySubscription', description: 'Relay subscription sub_9 (messageStatus) sends its events to hooks.zapier.com.' },
			],
			actions: [],
		});
		expect(output.remaining_steps).toContain(
			'Optional: deregister it before deleting if another provider or account will use the number ("Deregister the Number"). Meta counts it toward 10 register or deregister requests per 72 hours.',
		);
		expect(JSON.stringify(output)).not.toContain(RELAY_KEY);
		expect(JSON.stringify(output)).not.toContain('secret-hook');
	});

	it('without relay fields in the connection, says how to add them', async () => {
		meta().get(`/v25.0/${PHONE_NUMBER_ID}`).query(true).reply(200, { id: PHONE_NUMBER_ID, status: 'PENDING' });
		meta().get(`/v25.0/${PHONE_NUMBER_ID}`).query({ fields: 'webhook_configuration' }).reply(200, { id: PHONE_NUMBER_ID });
		const output = await run('prepare_number_removal', { phone_number_id: PHONE_NUMBER_ID });
		expect(output).toMatchObject({ relay_checked: false, relay_note: 'No relay was given, so relay subscriptions were not checked.', registered: false });
		expect(output.remaining_steps).toContain('If you use a WhatsApp relay, set "Relay URL" and "Relay API Key" so this step also lists the Zap subscriptions that listen to the number.');
	});
});
