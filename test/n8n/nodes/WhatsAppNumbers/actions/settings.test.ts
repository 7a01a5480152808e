/** Settings resource (the core's settings and username operations) and Webhook resource, through the node as n8n runs it. */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { errorText, failureOf, outputOf, recordRequests, type ExecuteSetup } from '../../../support/engine';
import { ACCESS_TOKEN, byId, fromList, GRAPH, GRAPH_CREDENTIALS, PHONE_ID, WABA_ID } from '../../../support/fixtures';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } });

const setup = (parameters: INodeParameters): ExecuteSetup => ({ node: 'whatsAppNumbers', parameters, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });
const run = async (parameters: INodeParameters) => await outputOf(setup(parameters));

describe('Settings → Get Settings', () => {
	it('reads the settings and outputs the identity check state', async () => {
		const raw = { user_identity_change: { enable_identity_key_check: true }, storage_configuration: { status: 'DEFAULT' } };
		const scope = api().get(`/v25.0/${PHONE_ID}/settings`).reply(200, raw);

		const output = await run({ resource: 'settings', operation: 'getSettings', phoneNumberId: fromList(PHONE_ID) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					phoneNumberId: PHONE_ID,
					identityCheckEnabled: true,
					storageStatus: 'DEFAULT',
					dataLocalizationRegion: null,
					payloadEncryptionStatus: null,
					callingStatus: null,
					raw,
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Settings → Set Identity Check', () => {
	it('turns the check on and confirms it by reading back', async () => {
		const scope = api()
			.post(`/v25.0/${PHONE_ID}/settings`, { user_identity_change: { enable_identity_key_check: true } })
			.reply(200, { success: true })
			.get(`/v25.0/${PHONE_ID}/settings`)
			.reply(200, { user_identity_change: { enable_identity_key_check: true } });

		const output = await run({ resource: 'settings', operation: 'setIdentityCheck', phoneNumberId: byId(PHONE_ID), enabled: true });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { success: true, phoneNumberId: PHONE_ID, enabled: true, confirmed: true, stateNote: null }, pairedItem: { item: 0 } }]);
	});
});

describe('Settings → usernames', () => {
	it('Get Username reads the username', async () => {
		const scope = api().get(`/v25.0/${PHONE_ID}/username`).reply(200, { username: 'jaspersmarket', status: 'APPROVED' });

		const output = await run({ resource: 'settings', operation: 'getUsername', phoneNumberId: byId(PHONE_ID) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { phoneNumberId: PHONE_ID, username: 'jaspersmarket', status: 'APPROVED' }, pairedItem: { item: 0 } }]);
	});

	it('Set Username reserves it, with Transfer If Taken from Options', async () => {
		const scope = api().post(`/v25.0/${PHONE_ID}/username`, { username: 'jaspersmarket', transfer_action: 'force_transfer' }).reply(200, { status: 'RESERVED' });

		const output = await run({ resource: 'settings', operation: 'setUsername', phoneNumberId: byId(PHONE_ID), username: 'jaspersmarket', options: { transferIfTaken: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { phoneNumberId: PHONE_ID, username: 'jaspersmarket', status: 'RESERVED' }, pairedItem: { item: 0 } }]);
	});

	it('Delete Username sends DELETE', async () => {
		const scope = api().delete(`/v25.0/${PHONE_ID}/username`).reply(200, { success: true }).get(`/v25.0/${PHONE_ID}/username`).reply(200, {});

		const output = await run({ resource: 'settings', operation: 'deleteUsername', phoneNumberId: byId(PHONE_ID) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: { success: true, phoneNumberId: PHONE_ID, username: null, status: null, stateKnown: true, stateNote: null }, pairedItem: { item: 0 } },
		]);
	});
});

describe('Webhook → overrides', () => {
	it('Set Webhook Override for one number posts webhook_configuration and never outputs the verify token', async () => {
		const scope = api()
			.post(`/v25.0/${PHONE_ID}`, { webhook_configuration: { override_callback_uri: 'https://hooks.example.com/wa', verify_token: 'my-verify-phrase' } })
			.reply(200, { success: true });

		const output = await run({
			resource: 'webhook',
			operation: 'setWebhookOverride',
			level: 'phoneNumber',
			phoneNumberId: byId(PHONE_ID),
			callbackUrl: 'https://hooks.example.com/wa',
			verifyToken: 'my-verify-phrase',
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { success: true, level: 'phoneNumber', targetId: PHONE_ID, callbackUrl: 'https://hooks.example.com/wa' }, pairedItem: { item: 0 } }]);
		expect(JSON.stringify(output)).not.toContain('my-verify-phrase');
	});

	it('Clear Webhook Override for the account posts subscribed_apps with no body', async () => {
		const scope = api()
			.post(`/v25.0/${WABA_ID}/subscribed_apps`, (body) => body === '' || (typeof body === 'object' && Object.keys(body).length === 0))
			.reply(200, { success: true });

		const output = await run({ resource: 'webhook', operation: 'clearWebhookOverride', level: 'waba' });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { success: true, level: 'waba', targetId: WABA_ID, callbackUrl: null }, pairedItem: { item: 0 } }]);
	});

	it('refuses a plain-http public callback URL before sending, and never shows the verify token', async () => {
		const requests = recordRequests();
		try {
			const error = await failureOf(setup({ resource: 'webhook', operation: 'setWebhookOverride', level: 'waba', callbackUrl: 'http://hooks.example.com/wa', verifyToken: 'phrase-4471' }));

			expect(error).toMatchObject({ name: 'NodeOperationError', message: 'Callback URL: must use https. Meta only calls https URLs with a valid certificate.', context: { itemIndex: 0 } });
			expect(errorText(error)).not.toContain('phrase-4471');
			expect(requests.unmatched).toEqual([]);
		} finally {
			requests.stop();
		}
	});
});
