/** getSettings, setIdentityCheck, the username operations and the webhook overrides. */
import nock from 'nock';
import { runOperation, WhatsAppError } from '../../../../shared';
import { GRAPH, metaError, PHONE_ID, testClient, TOKEN, VERSION, WABA_ID } from '../../../support/core';

const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

describe('getSettings', () => {
	it('reads the settings and reports the identity check under either documented name', async () => {
		const { client } = testClient();
		const raw = {
			calling: { status: 'DISABLED' },
			storage_configuration: { status: 'in_country_storage_enabled', data_localization_region: 'DE' },
			user_identity_change: { enabled: true },
		};
		const scope = api().get(`/${VERSION}/${PHONE_ID}/settings`).reply(200, raw);
		expect(await runOperation('getSettings', client, { phoneNumberId: PHONE_ID })).toEqual({
			phoneNumberId: PHONE_ID,
			identityCheckEnabled: true,
			storageStatus: 'in_country_storage_enabled',
			dataLocalizationRegion: 'DE',
			payloadEncryptionStatus: null,
			callingStatus: 'DISABLED',
			raw,
		});
		scope.done();
	});

	it('says null when Meta does not report the identity check', async () => {
		const { client } = testClient();
		api().get(`/${VERSION}/${PHONE_ID}/settings`).reply(200, { storage_configuration: { status: 'default' } });
		expect(await runOperation('getSettings', client, { phoneNumberId: PHONE_ID })).toMatchObject({ identityCheckEnabled: null, storageStatus: 'default' });
	});
});

describe('setIdentityCheck', () => {
	it('posts user_identity_change.enable_identity_key_check, then confirms by reading back', async () => {
		const { client } = testClient();
		const scope = api()
			.post(`/${VERSION}/${PHONE_ID}/settings`, { user_identity_change: { enable_identity_key_check: true } })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}/settings`)
			.reply(200, { user_identity_change: { enable_identity_key_check: true } });
		expect(await runOperation('setIdentityCheck', client, { phoneNumberId: PHONE_ID, enabled: 'true' })).toEqual({
			success: true,
			phoneNumberId: PHONE_ID,
			enabled: true,
			confirmed: true,
			stateNote: null,
		});
		scope.done();
	});

	it('turns it off, and reports confirmed: false when Meta does not echo the state', async () => {
		const { client } = testClient();
		const scope = api()
			.post(`/${VERSION}/${PHONE_ID}/settings`, { user_identity_change: { enable_identity_key_check: false } })
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}/settings`)
			.reply(200, { calling: { status: 'DISABLED' } });
		expect(await runOperation('setIdentityCheck', client, { phoneNumberId: PHONE_ID, enabled: false })).toEqual({
			success: true,
			phoneNumberId: PHONE_ID,
			enabled: false,
			confirmed: false,
			stateNote: "Meta's settings do not report the identity change check, so the change could not be confirmed.",
		});
		scope.done();
	});

	it('reports success, unconfirmed and why, when only the read-back fails (the change is never repeated)', async () => {
		const { client, sleeps } = testClient();
		const scope = api()
			.post(`/${VERSION}/${PHONE_ID}/settings`, { user_identity_change: { enable_identity_key_check: true } })
			.once()
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}/settings`)
			.times(4)
			.reply(500, { error: { code: 2, message: 'Service temporarily unavailable' } });
		expect(await runOperation('setIdentityCheck', client, { phoneNumberId: PHONE_ID, enabled: true })).toEqual({
			success: true,
			phoneNumberId: PHONE_ID,
			enabled: true,
			confirmed: false,
			stateNote:
				'The change went through, but reading the settings afterwards failed: The WhatsApp service is temporarily unavailable. Check the identity change check in WhatsApp Manager, or read the settings again later.',
		});
		// The read is a read (retried with backoff); the change itself was sent once.
		expect(sleeps).toHaveLength(3);
		scope.done();
	});

	it('fails loudly when Meta accepted the change but reports the old state (field name guess wrong)', async () => {
		const { client } = testClient();
		api()
			.post(`/${VERSION}/${PHONE_ID}/settings`)
			.reply(200, { success: true })
			.get(`/${VERSION}/${PHONE_ID}/settings`)
			.reply(200, { user_identity_change: { enabled: false } });
		const error = (await runOperation('setIdentityCheck', client, { phoneNumberId: PHONE_ID, enabled: true }).catch((e) => e)) as WhatsAppError;
		expect(error.message).toBe(
			'Meta accepted the change but still reports the identity check as off. Meta may expect another field name than "enable_identity_key_check" (its documents disagree); report this to the connector\'s maintainers and check the setting in WhatsApp Manager.',
		);
	});

	it('rejects an enabled value that is not yes or no', async () => {
		const { client } = testClient();
		await expect(runOperation('setIdentityCheck', client, { phoneNumberId: PHONE_ID, enabled: 'maybe' })).rejects.toMatchObject({
			message: 'Enabled: "maybe" is not yes or no. Choose true or false.',
		});
	});
});

describe('usernames', () => {
	it('reads the username and its status', async () => {
		const { client } = testClient();
		api().get(`/${VERSION}/${PHONE_ID}/username`).reply(200, { username: 'acme_support', status: 'reserved' });
		expect(await runOperation('getUsername', client, { phoneNumberId: PHONE_ID })).toEqual({ phoneNumberId: PHONE_ID, username: 'acme_support', status: 'reserved' });
	});

	it('answers null when no username is set', async () => {
		const { client } = testClient();
		api().get(`/${VERSION}/${PHONE_ID}/username`).reply(200, {});
		expect(await runOperation('getUsername', client, { phoneNumberId: PHONE_ID })).toEqual({ phoneNumberId: PHONE_ID, username: null, status: null });
	});

	it('reserves a username, with force_transfer when asked', async () => {
		const { client } = testClient();
		const scope = api().post(`/${VERSION}/${PHONE_ID}/username`, { username: 'Acme.Support', transfer_action: 'force_transfer' }).reply(200, { status: 'approved' });
		expect(await runOperation('setUsername', client, { phoneNumberId: PHONE_ID, username: 'Acme.Support', transferIfTaken: true })).toEqual({
			phoneNumberId: PHONE_ID,
			username: 'Acme.Support',
			status: 'approved',
		});
		scope.done();
	});

	it('maps 147001 (taken) to a clear message', async () => {
		const { client } = testClient();
		api().post(`/${VERSION}/${PHONE_ID}/username`, { username: 'acme', transfer_action: 'none' }).reply(400, metaError(147001, 'Username not available'));
		await expect(runOperation('setUsername', client, { phoneNumberId: PHONE_ID, username: 'acme' })).rejects.toMatchObject({
			message: 'That username is not available. Pick another username.',
			code: 147001,
		});
	});

	it.each([
		['ab', 'must be 3 to 35 characters'],
		['www.acme', 'cannot start with "www"'],
		['acme.com', 'cannot end with a domain such as .com'],
		['acme..shop', 'cannot contain ".."'],
		['.acme', 'cannot start or end with "."'],
		['1234', 'needs at least one letter'],
		['acme-shop', 'may only contain English letters, digits, "." and "_"'],
	])('rejects %s (%s) before sending', async (username, problem) => {
		const { client } = testClient();
		const error = (await runOperation('setUsername', client, { phoneNumberId: PHONE_ID, username }).catch((e) => e)) as WhatsAppError;
		expect(error.field).toBe('Username');
		expect(error.message).toContain(problem);
	});

	it('deletes the username and reads what the number has now', async () => {
		const { client } = testClient();
		const scope = api().delete(`/${VERSION}/${PHONE_ID}/username`).reply(200, { success: true }).get(`/${VERSION}/${PHONE_ID}/username`).reply(200, {});
		expect(await runOperation('deleteUsername', client, { phoneNumberId: PHONE_ID })).toEqual({
			success: true,
			phoneNumberId: PHONE_ID,
			username: null,
			status: null,
			stateKnown: true,
			stateNote: null,
		});
		scope.done();
	});
});

describe('webhook overrides', () => {
	const url = 'https://hooks.example.com/whatsapp';

	it('sets a phone-number override through webhook_configuration', async () => {
		const { client } = testClient();
		const scope = api()
			.post(`/${VERSION}/${PHONE_ID}`, { webhook_configuration: { override_callback_uri: url, verify_token: 'tok-secret-1' } })
			.reply(200, { success: true });
		expect(await runOperation('setWebhookOverride', client, { level: 'phoneNumber', phoneNumberId: PHONE_ID, callbackUrl: url, verifyToken: 'tok-secret-1' })).toEqual({
			success: true,
			level: 'phoneNumber',
			targetId: PHONE_ID,
			callbackUrl: url,
		});
		scope.done();
	});

	it('sets a WABA override through subscribed_apps', async () => {
		const { client } = testClient();
		const scope = api().post(`/${VERSION}/${WABA_ID}/subscribed_apps`, { override_callback_uri: url, verify_token: 'tok-secret-2' }).reply(200, { success: true });
		expect(await runOperation('setWebhookOverride', client, { level: 'waba', callbackUrl: url, verifyToken: 'tok-secret-2' })).toEqual({
			success: true,
			level: 'waba',
			targetId: WABA_ID,
			callbackUrl: url,
		});
		scope.done();
	});

	it('clears a phone-number override with an empty URI, and a WABA override with an empty POST', async () => {
		const { client } = testClient();
		const scope = api()
			.post(`/${VERSION}/${PHONE_ID}`, { webhook_configuration: { override_callback_uri: '' } })
			.reply(200, { success: true })
			.post(`/${VERSION}/${WABA_ID}/subscribed_apps`, (body) => body === '' || Object.keys(body ?? {}).length === 0)
			.reply(200, { success: true });
		expect(await runOperation('clearWebhookOverride', client, { level: 'phoneNumber', phoneNumberId: PHONE_ID })).toEqual({
			success: true,
			level: 'phoneNumber',
			targetId: PHONE_ID,
			callbackUrl: null,
		});
		expect(await runOperation('clearWebhookOverride', client, { level: 'waba' })).toEqual({ success: true, level: 'waba', targetId: WABA_ID, callbackUrl: null });
		scope.done();
	});

	it.each([
		['http://hooks.example.com/x', 'must use https.'],
		['not a url', 'is not a URL.'],
		[`https://example.com/${'a'.repeat(200)}`, 'characters long.'],
	])('rejects the callback URL %s', async (callbackUrl, problem) => {
		const { client } = testClient();
		const error = (await runOperation('setWebhookOverride', client, { level: 'waba', callbackUrl, verifyToken: 'x1234' }).catch((e) => e)) as WhatsAppError;
		expect(error.field).toBe('Callback URL');
		expect(error.message).toContain(problem);
	});

	it('keeps the verify token out of errors', async () => {
		const { client } = testClient();
		api().post(`/${VERSION}/${WABA_ID}/subscribed_apps`).reply(400, metaError(100, 'Invalid parameter', 'verify_token tok-very-secret did not verify'));
		const error = (await runOperation('setWebhookOverride', client, { level: 'waba', callbackUrl: url, verifyToken: 'tok-very-secret' }).catch((e) => e)) as WhatsAppError;
		expect(JSON.stringify(error.toJSON())).not.toContain('tok-very-secret');
	});
});
