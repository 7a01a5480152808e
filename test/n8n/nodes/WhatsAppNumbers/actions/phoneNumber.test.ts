/**
 * Phone Number resource: every operation through the node as n8n runs it (n8n-core's engine, the
 * credential's Bearer header, n8n's request helper), with the exact request Meta receives and the
 * exact items or error the user sees.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { PHONE_NUMBER_FIELDS } from '../../../../../shared/operations/phoneNumber/model';
import { errorText, executeNode, failureOf, outputOf, type ExecuteSetup } from '../../../support/engine';
import { ACCESS_TOKEN, byDisplayNumber, byId, fromList, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID, WABA_ID } from '../../../support/fixtures';
import { numberState as coreNumberState, ordinaryNumber, STATE_QUERY } from '../../../../support/core';

/** The state read a number-level change is followed by, for this test's number. */
const numberState = (status: string, codeVerificationStatus: string, twoStepEnabled: boolean, id = PHONE_ID) =>
	coreNumberState(status, codeVerificationStatus, twoStepEnabled, 'APPROVED', id);

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });

/** The node with the Graph credential, `parameters` as the workflow stores them. */
const setup = (parameters: INodeParameters, extra: Partial<ExecuteSetup> = {}): ExecuteSetup => ({ node: 'whatsAppNumbers', parameters, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS }, ...extra });
const output = async (parameters: INodeParameters, extra?: Partial<ExecuteSetup>) => await outputOf(setup(parameters, extra));
const failure = async (parameters: INodeParameters, extra?: Partial<ExecuteSetup>) => await failureOf(setup(parameters, extra));

const metaNumber = {
	id: PHONE_ID,
	display_phone_number: '+1 555-010-0001',
	verified_name: 'Jasper Market',
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

const phoneNumber = {
	id: PHONE_ID,
	displayPhoneNumber: '+1 555-010-0001',
	verifiedName: 'Jasper Market',
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

const pending = { id: '200000000000002', display_phone_number: '+44 20 7946 0000', verified_name: 'Jasper UK', status: 'PENDING' };

describe('Phone Number → List Phone Numbers', () => {
	it('reads every page of the WABA and outputs one item per number', async () => {
		const scope = api()
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
			.reply(200, { data: [metaNumber], paging: { cursors: { after: 'CURSOR2' }, next: 'https://graph.facebook.com/next' } })
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100', after: 'CURSOR2' })
			.reply(200, { data: [pending] });

		const items = await output({ resource: 'phoneNumber', operation: 'listPhoneNumbers' });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([
			{ json: phoneNumber, pairedItem: { item: 0 } },
			{
				json: {
					id: '200000000000002',
					displayPhoneNumber: '+44 20 7946 0000',
					verifiedName: 'Jasper UK',
					status: 'PENDING',
					nameStatus: null,
					codeVerificationStatus: null,
					qualityRating: null,
					throughputLevel: null,
					messagingLimit: null,
					twoStepEnabled: null,
					platformType: null,
					accountMode: null,
					isOfficialBusinessAccount: null,
					coexistence: null,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('turns an expired token into a NodeApiError with the core message and next step, never the token', async () => {
		api()
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query(true)
			.reply(400, metaError(190, `Error validating access token: Session has expired. token=${ACCESS_TOKEN}`, { error_subcode: 463 }));

		const error = await failure({ resource: 'phoneNumber', operation: 'listPhoneNumbers' });

		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '400', errorResponse: { code: 190, subcode: 463, category: 'auth' } });
		expect(error.message).toMatch(/access token/i);
		expect(error.description).toContain('Meta error code 190 (subcode 463)');
		expect(error.description).toContain('fbtrace_id AbCdEfTrace123');
		expect(error.description).toMatch(/^Next step: /);
		expect(errorText(error)).not.toContain(ACCESS_TOKEN);
	});
});

describe('Phone Number → Get Phone Number', () => {
	it('reads one number by ID picked from the list', async () => {
		const scope = api().get(`/v25.0/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).reply(200, metaNumber);

		const items = await output({ resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'id', phoneNumberId: fromList(PHONE_ID) });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ json: { ...phoneNumber, found: true }, pairedItem: { item: 0 } }]);
	});

	it('finds a number by the display number in any format', async () => {
		const scope = api().get(`/v25.0/${WABA_ID}/phone_numbers`).query({ fields: PHONE_NUMBER_FIELDS, limit: '100' }).reply(200, { data: [pending, metaNumber] });

		const items = await output({ resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'displayNumber', displayPhoneNumber: '+1 (555) 010 0001' });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ json: { ...phoneNumber, found: true }, pairedItem: { item: 0 } }]);
	});

	it('is not run by n8n while a typed-in ID breaks the By ID rule (the workflow has issues)', async () => {
		await expect(executeNode(setup({ resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'id', phoneNumberId: byId('+1 555 0100') }))).rejects.toThrow(
			'The workflow has issues and cannot be executed for that reason. Please fix them first.',
		);
	});

	it('rejects an ID from an expression that is not a Meta ID before any request', async () => {
		const error = await failure(
			{ resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'id', phoneNumberId: byId('={{ $json.number }}') },
			{ items: [{ json: { number: '+1 555 0100' } }] },
		);

		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Phone Number: "+1 555 0100" is not a Meta ID. Use the numeric ID as WhatsApp Manager shows it (digits only), not a phone number or a name.',
			context: { itemIndex: 0 },
		});
	});
});

describe('Phone Number → Add Phone Number', () => {
	it('posts the number to the WABA and outputs the new ID with the next step', async () => {
		const scope = api()
			.post(`/v25.0/${WABA_ID}/phone_numbers`, { cc: '1', phone_number: '5550100002', verified_name: 'Jasper Market' })
			.reply(200, { id: '200000000000002' });

		const items = await output({ resource: 'phoneNumber', operation: 'addPhoneNumber', cc: '+1', phoneNumber: '555 010-0002', verifiedName: ' Jasper Market ' });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([
			{
				json: {
					phoneNumberId: '200000000000002',
					cc: '1',
					phoneNumber: '5550100002',
					verifiedName: 'Jasper Market',
					nextStep: 'Request a verification code for this number, then verify it and register it with a 6-digit PIN.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Phone Number → Request Verification Code', () => {
	it('asks Meta for an SMS code in the chosen language', async () => {
		const state = numberState('PENDING', 'NOT_VERIFIED', false);
		const scope = ordinaryNumber(api(), PHONE_ID, 'v25.0')
			.post(`/v25.0/${PHONE_ID}/request_code`)
			.query({ code_method: 'SMS', language: 'en_US' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

		const items = await output({ resource: 'phoneNumber', operation: 'requestVerificationCode', phoneNumberId: byId(PHONE_ID), codeMethod: 'SMS', language: 'en_US' });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([
			{
				json: { success: true, phoneNumberId: PHONE_ID, ...state.output, codeMethod: 'SMS', nextStep: 'Enter the 6-digit code you received with "Verify Code".' },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Phone Number → Verify Code', () => {
	it('sends the code once and never shows it, even when Meta refuses it', async () => {
		const code = '482913';
		const scope = ordinaryNumber(api(), PHONE_ID, 'v25.0')
			.post(`/v25.0/${PHONE_ID}/verify_code`)
			.query({ code })
			.once()
			.reply(400, metaError(136025, `Verification code ${code} is wrong`));

		const error = await failure({ resource: 'phoneNumber', operation: 'verifyCode', phoneNumberId: byId(PHONE_ID), code });

		expect(scope.isDone()).toBe(true);
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '400', errorResponse: { code: 136025 } });
		expect(errorText(error)).not.toContain(code);
	});

	it('outputs success and the next step', async () => {
		const state = numberState('PENDING', 'VERIFIED', false);
		const scope = ordinaryNumber(api(), PHONE_ID, 'v25.0')
			.post(`/v25.0/${PHONE_ID}/verify_code`)
			.query({ code: '123456' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

		const items = await output({ resource: 'phoneNumber', operation: 'verifyCode', phoneNumberId: byId(PHONE_ID), code: '123 456' });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([
			{
				json: { success: true, phoneNumberId: PHONE_ID, ...state.output, nextStep: 'Register the number with a 6-digit PIN within 14 days ("Register Phone Number").' },
				pairedItem: { item: 0 },
			},
		]);
		expect(JSON.stringify(items)).not.toContain('123456');
	});
});

describe('Phone Number → Register Phone Number', () => {
	it('posts the PIN with the data localization region from Options', async () => {
		const state = numberState('CONNECTED', 'VERIFIED', true);
		const scope = ordinaryNumber(api(), PHONE_ID, 'v25.0')
			.post(`/v25.0/${PHONE_ID}/register`, { messaging_product: 'whatsapp', pin: '150954', data_localization_region: 'DE' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

		const items = await output({ resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: fromList(PHONE_ID), pin: '150954', options: { dataLocalizationRegion: 'DE' } });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ json: { success: true, phoneNumberId: PHONE_ID, ...state.output }, pairedItem: { item: 0 } }]);
	});

	it('reports a wrong PIN on its item with continue-on-fail, without the PIN, and is not retried', async () => {
		const scope = ordinaryNumber(api(), PHONE_ID, 'v25.0')
			.post(`/v25.0/${PHONE_ID}/register`, { messaging_product: 'whatsapp', pin: '111111' })
			.once()
			.reply(400, metaError(133005, 'Two step verification PIN Mismatch', { error_data: { details: 'PIN 111111 does not match' } }));

		const items = await output({ resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: byId(PHONE_ID), pin: '111111' }, { continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			errorCategory: 'pin',
			errorCode: 133005,
			retryAction: 'fix_and_retry',
			httpStatus: 400,
			identityMismatch: false,
			operation: 'registerPhoneNumber',
		});
		expect(String(items[0].json.error)).toContain('PIN does not match');
		expect(String(items[0].json.nextStep)).toContain('Set Two-Step PIN');
		expect(JSON.stringify(items)).not.toContain('111111');
	});

	it('rejects a five-digit PIN before sending anything, naming the field', async () => {
		const error = await failure({ resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: byId(PHONE_ID), pin: '12345' });

		expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(error.message).toMatch(/^Two-Step PIN: /);
		expect(errorText(error)).not.toContain('12345');
	});
});

describe('Phone Number → Deregister Phone Number', () => {
	it('posts to deregister without a body', async () => {
		const state = numberState('DISCONNECTED', 'VERIFIED', true);
		const scope = ordinaryNumber(api(), PHONE_ID, 'v25.0')
			.post(`/v25.0/${PHONE_ID}/deregister`, (body) => body === '' || (typeof body === 'object' && Object.keys(body).length === 0))
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

		const items = await output({ resource: 'phoneNumber', operation: 'deregisterPhoneNumber', phoneNumberId: byId(PHONE_ID) });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ json: { success: true, phoneNumberId: PHONE_ID, ...state.output }, pairedItem: { item: 0 } }]);
	});
});

describe('Phone Number → Set Two-Step PIN', () => {
	it('posts the new PIN to the number and outputs no PIN', async () => {
		const state = numberState('CONNECTED', 'VERIFIED', true);
		const scope = api()
			.post(`/v25.0/${PHONE_ID}`, { pin: '246810' })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

		const items = await output({ resource: 'phoneNumber', operation: 'setTwoStepPin', phoneNumberId: byId(PHONE_ID), pin: '246810' });

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ json: { success: true, phoneNumberId: PHONE_ID, ...state.output }, pairedItem: { item: 0 } }]);
		expect(JSON.stringify(items)).not.toContain('246810');
	});
});

describe('Phone Number → Check Number Readiness', () => {
	it('reads the number and its health and outputs the report', async () => {
		const scope = api()
			.get(`/v25.0/${PHONE_ID}`)
			.query({ fields: PHONE_NUMBER_FIELDS })
			.reply(200, metaNumber)
			.get(`/v25.0/${PHONE_ID}`)
			.query({ fields: 'health_status' })
			.reply(200, { health_status: { can_send_message: 'AVAILABLE' } });

		const items = await output({ resource: 'phoneNumber', operation: 'checkReadiness', phoneNumberId: byId(PHONE_ID) });

		expect(scope.isDone()).toBe(true);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({ phoneNumberId: PHONE_ID, displayPhoneNumber: '+1 555-010-0001', ready: true, verdict: 'ready', failures: 0 });
	});
});

describe('phone number locator: by display number', () => {
	it('looks the number up once per run and uses its ID for every item', async () => {
		const state = numberState('DISCONNECTED', 'VERIFIED', true);
		const scope = api()
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
			.once()
			.reply(200, { data: [pending, metaNumber] })
			.post(`/v25.0/${PHONE_ID}/deregister`)
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta)
			.post(`/v25.0/${PHONE_ID}/deregister`)
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

		const items = await output(
			{ resource: 'phoneNumber', operation: 'deregisterPhoneNumber', phoneNumberId: byDisplayNumber('+1 555 010 0001') },
			{ items: [{ json: {} }, { json: {} }] },
		);

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([
			{ json: { success: true, phoneNumberId: PHONE_ID, ...state.output }, pairedItem: { item: 0 } },
			{ json: { success: true, phoneNumberId: PHONE_ID, ...state.output }, pairedItem: { item: 1 } },
		]);
	});

	it('names the field when the number is not in the account', async () => {
		api().get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(200, { data: [pending] });

		const error = await failure({ resource: 'phoneNumber', operation: 'deregisterPhoneNumber', phoneNumberId: byDisplayNumber('+1 555 010 0001') });

		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Phone Number: no phone number "+1 555 010 0001" in this WhatsApp Business Account. Check the number and its country code, or pick the number from the list.',
			context: { itemIndex: 0 },
		});
	});
});

describe('several items, continue on fail', () => {
	const other = '200000000000002';
	const state = numberState('DISCONNECTED', 'VERIFIED', true, other);
	// Each item names its number; n8n resolves the expression per item.
	const deregisterEach = { resource: 'phoneNumber', operation: 'deregisterPhoneNumber', phoneNumberId: byId('={{ $json.number }}') };
	const threeNumbers = [{ json: { number: PHONE_ID } }, { json: { number: 'not-an-id' } }, { json: { number: other } }];
	/** Meta refuses the first number's deregistration and accepts the third's (the second is no ID). */
	const firstRefused = () =>
		ordinaryNumber(ordinaryNumber(api(), PHONE_ID, 'v25.0').post(`/v25.0/${PHONE_ID}/deregister`).reply(400, metaError(133000, 'Previous deregistration incomplete')), other, 'v25.0')
			.post(`/v25.0/${other}/deregister`)
			.reply(200, { success: true })
			.get(`/v25.0/${other}`)
			.query(STATE_QUERY)
			.reply(200, state.meta);

	it('gives every input item exactly one result, failures included, each paired to its item', async () => {
		const scope = firstRefused();

		const items = await output(deregisterEach, { items: threeNumbers, continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ errorCode: 133000, errorCategory: 'registration', httpStatus: 400 });
		expect(items[1].json).toMatchObject({ errorCategory: 'invalid_input', errorCode: null, field: 'Phone Number' });
		expect(items[2].json).toEqual({ success: true, phoneNumberId: other, ...state.output });
	});

	it('with "Continue (using error output)" sends the failed items to the error output, the others on', async () => {
		firstRefused();

		const run = await executeNode(setup(deregisterEach, { items: threeNumbers, onError: 'continueErrorOutput' }));

		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toEqual([{ json: { success: true, phoneNumberId: other, ...state.output }, pairedItem: { item: 2 } }]);
		expect(run.outputs[1].map((item) => [item.pairedItem, Object.keys(item.json), (item.json.error as Record<string, unknown>).errorCategory])).toEqual([
			[{ item: 0 }, ['message', 'error'], 'registration'],
			[{ item: 1 }, ['message', 'error'], 'invalid_input'],
		]);
	});
});
