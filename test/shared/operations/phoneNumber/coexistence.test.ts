/**
 * Coexistence numbers (WhatsApp Business app + Cloud API, docs/meta-coexistence.md): detected on
 * every read, and register, deregister, request code and verify code refused after one read of the
 * number, remembered by the client, with nothing Meta counts ever sent.
 */
import nock from 'nock';
import { COEXISTENCE_READ_TTL_MS, createClient, GraphClient, ReadinessReport, runOperation } from '../../../../shared';
import { nodeRuntime } from '../../../../shared/node/runtime';
import { PHONE_NUMBER_FIELDS } from '../../../../shared/operations/phoneNumber/model';
import { COEXISTENCE_QUERY, GRAPH, metaError, PHONE_ID, testClient, TOKEN, VERSION, WABA_ID, coreFailure } from '../../../support/core';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
const PIN = '482913';
const CODE = '604213';

/** A coexistence number as Meta reads it (the sandbox's seeded one: docs/meta-coexistence.md §8). */
const coexistenceNumber = {
	id: PHONE_ID,
	display_phone_number: '+1 555-010-0099',
	verified_name: 'Corner Shop',
	status: 'CONNECTED',
	name_status: 'APPROVED',
	code_verification_status: 'VERIFIED',
	quality_rating: 'GREEN',
	throughput: { level: 'STANDARD' },
	is_pin_enabled: false,
	platform_type: 'CLOUD_API',
	account_mode: 'LIVE',
	is_official_business_account: false,
	is_on_biz_app: true,
};

const failure = coreFailure;

/** The one read the refusal needs: `id,is_on_biz_app`. */
const coexistenceRead = (times = 1, id = PHONE_ID) => api().get(`/${VERSION}/${id}`).query(COEXISTENCE_QUERY).times(times).reply(200, { id, is_on_biz_app: true });

/** Every counted call for the number, which must never be reached. */
function countedCalls(id = PHONE_ID): nock.Scope {
	return api()
		.post(`/${VERSION}/${id}/register`)
		.reply(200, { success: true })
		.post(`/${VERSION}/${id}/deregister`)
		.reply(200, { success: true })
		.post(`/${VERSION}/${id}/request_code`)
		.query(true)
		.reply(200, { success: true })
		.post(`/${VERSION}/${id}/verify_code`)
		.query(true)
		.reply(200, { success: true });
}

const REFUSALS = [
	{
		id: 'registerPhoneNumber',
		input: { pin: PIN },
		message:
			'This number is shared with the WhatsApp Business app (coexistence), so it was registered when it was connected through the app. The register request was not sent. Nothing to do: the number can already send through the API. To see its state, run checkReadiness.',
		alreadyDone: true,
	},
	{
		id: 'deregisterPhoneNumber',
		input: {},
		message:
			'This number is shared with the WhatsApp Business app (coexistence), and Meta does not allow deregistering such a number. The deregister request was not sent. To take it off the API, disconnect it in the WhatsApp Business app on the phone (Settings → Account → Business Platform → Disconnect); the app keeps working with its chats. To only stop sending through the API, turn off the steps that send from it.',
		alreadyDone: false,
	},
	{
		id: 'requestVerificationCode',
		input: { codeMethod: 'SMS', language: 'en_US' },
		message:
			'This number is shared with the WhatsApp Business app (coexistence): it was confirmed in the app when it was connected to the API, so it needs no verification code. No code was requested. Skip this step: the number can already send through the API. Another WhatsApp Business app number is connected the same way: through a Meta partner\'s "connect your WhatsApp Business app" signup, confirmed in the app, not with a code.',
		alreadyDone: true,
	},
	{
		id: 'verifyCode',
		input: { code: CODE },
		message:
			'This number is shared with the WhatsApp Business app (coexistence): it was confirmed in the app when it was connected to the API, so there is no code to verify. The code was not sent to Meta. Skip this step: the number can already send through the API. Another WhatsApp Business app number is connected the same way: through a Meta partner\'s "connect your WhatsApp Business app" signup, confirmed in the app, not with a code.',
		alreadyDone: true,
	},
] as const;

describe('detection', () => {
	it('lists and gets a coexistence number with coexistence: true and its platform', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
			.reply(200, { data: [coexistenceNumber] })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query({ fields: PHONE_NUMBER_FIELDS })
			.reply(200, coexistenceNumber);
		expect(PHONE_NUMBER_FIELDS.split(',')).toContain('is_on_biz_app');
		const listed = await runOperation('listPhoneNumbers', client, {});
		expect(listed.phoneNumbers[0]).toMatchObject({ id: PHONE_ID, coexistence: true, platformType: 'CLOUD_API', throughputLevel: 'STANDARD' });
		const got = await runOperation('getPhoneNumber', testClient().client, { phoneNumberId: PHONE_ID });
		expect(got).toMatchObject({ found: true, coexistence: true, platformType: 'CLOUD_API' });
		scope.done();
	});
});

describe.each(REFUSALS)('$id on a coexistence number', (refusal) => {
	it('is refused after one read, with nothing counted sent and no secret shown', async () => {
		const { client, sleeps } = testClient();
		const read = coexistenceRead();
		const counted = countedCalls();
		const error = await failure(runOperation(refusal.id, client, { phoneNumberId: PHONE_ID, ...refusal.input }));
		expect(error.message).toBe(refusal.message);
		expect(error).toMatchObject({ category: 'invalid_input', retry: { action: 'do_not_retry' }, operation: refusal.id, alreadyDone: refusal.alreadyDone, field: 'phoneNumberId' });
		expect(error.httpStatus).toBeUndefined();
		read.done();
		expect(counted.pendingMocks()).toHaveLength(4);
		expect(sleeps).toEqual([]);
		const shown = JSON.stringify(error.toJSON());
		expect(shown).not.toContain(PIN);
		expect(shown).not.toContain(CODE);
		expect(shown).not.toContain(TOKEN);
	});
});

describe('the read behind the refusal', () => {
	it('is made once per client: many items and several operations on one number read it once', async () => {
		const { client } = testClient();
		const read = coexistenceRead(1);
		const counted = countedCalls();
		for (const refusal of [...REFUSALS, ...REFUSALS]) await failure(runOperation(refusal.id, client, { phoneNumberId: PHONE_ID, ...refusal.input }));
		read.done();
		expect(counted.pendingMocks()).toHaveLength(4);
	});

	it('reads once for callers that ask at the same time', async () => {
		const { client } = testClient();
		const read = api().get(`/${VERSION}/${PHONE_ID}`).query(COEXISTENCE_QUERY).once().delay(50).reply(200, { id: PHONE_ID, is_on_biz_app: true });
		countedCalls();
		const errors = await Promise.all([failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: PIN })), failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID }))]);
		expect(errors.map((error) => error.operation)).toEqual(['registerPhoneNumber', 'deregisterPhoneNumber']);
		read.done();
	});

	it('is not needed after a read that already asked for is_on_biz_app (Get Phone Number, List, Readiness)', async () => {
		const { client } = testClient();
		const scope = api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: PHONE_NUMBER_FIELDS }).once().reply(200, coexistenceNumber);
		const counted = countedCalls();
		await runOperation('getPhoneNumber', client, { phoneNumberId: PHONE_ID });
		await failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID }));
		scope.done();
		expect(counted.pendingMocks()).toHaveLength(4);
	});

	it('belongs to the client: another client reads again', async () => {
		const read = coexistenceRead(2);
		countedCalls();
		await failure(runOperation('deregisterPhoneNumber', testClient().client, { phoneNumberId: PHONE_ID }));
		await failure(runOperation('deregisterPhoneNumber', testClient().client, { phoneNumberId: PHONE_ID }));
		read.done();
	});

	it(`is read again after ${COEXISTENCE_READ_TTL_MS / 60_000} minutes, on the injected clock`, async () => {
		let now = Date.parse('2026-12-01T09:00:00Z');
		const client: GraphClient = createClient({ accessToken: TOKEN, wabaId: WABA_ID }, nodeRuntime({ now: () => now, sleep: async () => undefined, random: () => 0.5 }));
		const read = coexistenceRead(2);
		countedCalls();
		await failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID }));
		now += COEXISTENCE_READ_TTL_MS - 1;
		await failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID }));
		expect(read.pendingMocks()).toHaveLength(1);
		now += 1;
		await failure(runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID }));
		read.done();
	});

	it('when it fails, stops the call before anything counted is sent, and is not remembered', async () => {
		const { client } = testClient();
		api().get(`/${VERSION}/${PHONE_ID}`).query(COEXISTENCE_QUERY).once().reply(400, metaError(100, 'Unsupported get request', undefined, { error_subcode: 33 }));
		const counted = countedCalls();
		const error = await failure(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: PIN }));
		expect(error).toMatchObject({ category: 'not_found', operation: 'registerPhoneNumber' });
		expect(counted.pendingMocks()).toHaveLength(4);

		// The next attempt reads again and, for an ordinary number, sends the register once.
		const ordinary = api()
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(COEXISTENCE_QUERY)
			.reply(200, { id: PHONE_ID, is_on_biz_app: false })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(true)
			.reply(200, { id: PHONE_ID, status: 'CONNECTED' });
		await runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: PIN });
		ordinary.done();
		expect(counted.pendingMocks()).toHaveLength(3);
	});

	it('lets an ordinary number (or one Meta says nothing about) through to the counted call', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(COEXISTENCE_QUERY)
			.reply(200, { id: PHONE_ID })
			.post(`/${VERSION}/${PHONE_ID}/deregister`)
			.once()
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query(true)
			.reply(200, { id: PHONE_ID, status: 'DISCONNECTED' });
		expect(await runOperation('deregisterPhoneNumber', client, { phoneNumberId: PHONE_ID })).toMatchObject({ success: true, status: 'DISCONNECTED' });
		scope.done();
	});
});

describe('checkReadiness on a coexistence number', () => {
	it('says what is different, what stays with the app (linked devices) and that it sends 20 per second', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${PHONE_ID}`)
			.query({ fields: PHONE_NUMBER_FIELDS })
			.reply(200, coexistenceNumber)
			.get(`/${VERSION}/${PHONE_ID}`)
			.query({ fields: 'health_status' })
			.reply(200, { health_status: { can_send_message: 'AVAILABLE' }, id: PHONE_ID });
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: PHONE_ID });
		scope.done();
		expect(report).toEqual({
			phoneNumberId: PHONE_ID,
			displayPhoneNumber: '+1 555-010-0099',
			coexistence: true,
			platformType: 'CLOUD_API',
			ready: true,
			verdict: 'ready_with_warnings',
			summary:
				'Ready, with warnings: Two-step verification is off. Next: Turn it on in the WhatsApp Business app on the phone (Settings → Account → Two-step verification) to protect the number. This number is shared with the WhatsApp Business app: it sends at most 20 messages per second, and the verification code, register and deregister steps do not apply to it.',
			items: [
				{ check: 'status', result: 'pass', reason: 'The number is registered and connected.', nextStep: null },
				{ check: 'codeVerification', result: 'pass', reason: 'The number was confirmed in the WhatsApp Business app when it was connected; it needs no verification code.', nextStep: null },
				{ check: 'displayName', result: 'pass', reason: 'The display name is approved.', nextStep: null },
				{
					check: 'twoStep',
					result: 'warn',
					reason: 'Two-step verification is off.',
					nextStep: 'Turn it on in the WhatsApp Business app on the phone (Settings → Account → Two-step verification) to protect the number.',
				},
				{ check: 'quality', result: 'pass', reason: 'Quality is high (green).', nextStep: null },
				{
					check: 'throughput',
					result: 'pass',
					reason: 'Fixed at 20 messages per second, incoming messages included: Meta does not raise it for a number shared with the WhatsApp Business app.',
					nextStep: 'Plan bulk sends at 20 messages per second or less; faster sends are refused.',
				},
				{ check: 'registeredNumberCap', result: 'pass', reason: 'Connected through the WhatsApp Business app, so it needs no registration.', nextStep: null },
				{ check: 'health', result: 'pass', reason: 'Meta reports the number can send messages.', nextStep: null },
				{
					check: 'coexistence',
					result: 'pass',
					reason:
						'Shared with the WhatsApp Business app (coexistence): the app keeps working on the phone, and chats sent from the app and through the API show up in both. Messages sent from the app stay free; messages sent through the API are billed like any API message.',
					nextStep: 'The verification code, register and deregister steps do not apply: they are refused for this number. To stop using it with the API, disconnect it in the app (Settings → Account → Business Platform).',
				},
				{
					check: 'linkedDevices',
					result: 'pass',
					reason: 'Linked devices (WhatsApp Web, the desktop app; up to 4) keep working with the app, but the API cannot see, link or unlink them.',
					nextStep:
						'Manage them in the WhatsApp Business app on the phone (Linked devices). Open the app on the phone at least every 14 days: otherwise linked devices are logged out and Meta may disconnect the number from the API.',
				},
			],
			passed: 9,
			warnings: 1,
			failures: 0,
		});
	});

	it('tells a disconnected coexistence number to reconnect in the app, never to register with a PIN, and skips the account count', async () => {
		const { client } = testClient();
		const scope = api()
			.get(`/${VERSION}/${PHONE_ID}`)
			.query({ fields: PHONE_NUMBER_FIELDS })
			.reply(200, { ...coexistenceNumber, status: 'DISCONNECTED', is_pin_enabled: true })
			.get(`/${VERSION}/${PHONE_ID}`)
			.query({ fields: 'health_status' })
			.reply(200, { id: PHONE_ID });
		const report = await runOperation<ReadinessReport>('checkReadiness', client, { phoneNumberId: PHONE_ID });
		scope.done();
		expect(report.verdict).toBe('not_ready');
		expect(report.items[0]).toEqual({
			check: 'status',
			result: 'fail',
			reason: 'The number is not connected to the API right now (status DISCONNECTED).',
			nextStep:
				'Open the WhatsApp Business app on the phone and check Settings → Account → Business Platform. After a new phone or a reinstall, the app offers to reconnect while you set it up; otherwise connect it again through the partner signup you used. Do not register it with a PIN.',
		});
		expect(JSON.stringify(report)).not.toMatch(/registerPhoneNumber|verifyCode|requestVerificationCode/);
		expect(report.items.find((item) => item.check === 'twoStep')?.result).toBe('pass');
	});
});

describe('adding a number that is in the WhatsApp Business app', () => {
	it("explains Meta's add-number code (200000) with the way in through the app", async () => {
		const { client } = testClient();
		api().post(`/${VERSION}/${WABA_ID}/phone_numbers`).once().reply(400, metaError(200000, 'Cannot add phone number to WhatsApp Business Account'));
		const error = await failure(runOperation('addPhoneNumber', client, { cc: '1', phoneNumber: '5550100099', verifiedName: 'Corner Shop' }));
		expect(error.message).toBe(
			'Meta would not add this phone number to the account. A number still in use on WhatsApp or in the WhatsApp Business app cannot be added this way. ' +
				'If it is a WhatsApp Business app number that should keep the app, connect it through the app instead: a Meta partner\'s "connect your WhatsApp Business app" signup, confirmed in the app (coexistence). ' +
				'Otherwise delete its account in the WhatsApp app first (Settings → Account → Delete account), or use a number that is not on WhatsApp.',
		);
		expect(error).toMatchObject({ code: 200000, category: 'registration', retry: { action: 'fix_and_retry' } });
	});

	it('reads a 409 on add number as "already added or in use", whatever code comes with it', async () => {
		const { client } = testClient();
		api().post(`/${VERSION}/${WABA_ID}/phone_numbers`).reply(409, metaError(100, 'Phone number already in use'));
		const error = await failure(runOperation('addPhoneNumber', client, { cc: '1', phoneNumber: '5550100099', verifiedName: 'Corner Shop' }));
		expect(error.summary).toBe(
			'Meta did not add the number: it already belongs to a WhatsApp Business Account or is in use on WhatsApp (for example in the WhatsApp Business app).',
		);
		expect(error.nextStep).toContain('look it up with getPhoneNumber instead of adding it');
		expect(error).toMatchObject({ httpStatus: 409, code: 100, details: '(#100) Phone number already in use', retry: { action: 'do_not_retry' } });
	});
});
