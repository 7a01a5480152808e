/** The connection test and label: what Meta receives, what the user sees. */
import nock from 'nock';
import { graphId } from '../../shared';
import { App, appErrorBody, coreMessage, appTester, authData, failureOf, META, meta, metaError, TOKEN, WABA_ID } from './support';

const authentication = (App as unknown as { authentication: { test: unknown; connectionLabel: unknown } }).authentication;

describe('authentication test', () => {
	it('reads the WABA with the token and returns its ID and name', async () => {
		const scope = meta()
			.get(`/v25.0/${WABA_ID}`)
			.query({ fields: 'id,name' })
			.reply(200, { id: WABA_ID, name: "Jasper's Market" });
		const result = await appTester(authentication.test, { authData: authData() });
		expect(result).toEqual({ id: WABA_ID, name: "Jasper's Market" });
		scope.done();
	});

	it('labels the connection with the account name and ID, never the token', async () => {
		const label = await appTester(authentication.connectionLabel, { authData: authData(), inputData: { id: WABA_ID, name: "Jasper's Market" } });
		expect(label).toBe(`Jasper's Market (WABA ${WABA_ID})`);
		const unnamed = await appTester(authentication.connectionLabel, { authData: authData(), inputData: { id: WABA_ID, name: null } });
		expect(unnamed).toBe(`WABA ${WABA_ID}`);
		expect(`${label}${unnamed}`).not.toContain(TOKEN);
	});

	it('uses the API version and base URL of the connection (the sandbox)', async () => {
		const scope = nock('http://127.0.0.1:4010', { reqheaders: { authorization: 'Bearer sandbox-access-token' } })
			.get('/v24.0/100000000000001')
			.query({ fields: 'id,name' })
			.reply(200, { id: '100000000000001', name: 'Sandbox Business' });
		const result = await appTester(authentication.test, {
			authData: { access_token: 'sandbox-access-token', waba_id: '100000000000001', api_version: 'v24.0', base_url: 'http://127.0.0.1:4010/' },
		});
		expect(result).toEqual({ id: '100000000000001', name: 'Sandbox Business' });
		scope.done();
	});

	it('falls back to v25.0 and graph.facebook.com when the optional fields are empty', async () => {
		const scope = meta().get(`/v25.0/${WABA_ID}`).query({ fields: 'id,name' }).reply(200, { id: WABA_ID });
		const result = await appTester(authentication.test, { authData: { access_token: TOKEN, waba_id: WABA_ID, api_version: '', base_url: '' } });
		expect(result).toEqual({ id: WABA_ID, name: null });
		scope.done();
	});

	it('turns an expired token (190) into ExpiredAuthError without echoing the token', async () => {
		meta()
			.get(`/v25.0/${WABA_ID}`)
			.query(true)
			.reply(401, metaError(190, `Error validating access token: Session has expired. Token ${TOKEN}`, { error_subcode: 463 }));
		const error = await failureOf(authentication.test, { authData: authData() });
		expect(error.name).toBe('ExpiredAuthError');
		expect(error.message).toContain('The access token has expired or is not valid. Create a new access token (a system-user token does not expire) and put it in your WhatsApp connection in Zapier.');
		expect(error.message).toContain('(Meta error 190, trace AbCdEfGhIjK)');
		expect(error.message).not.toContain(TOKEN);
	});

	it('rejects a WABA ID that is not a number before calling Meta', async () => {
		const error = await failureOf(authentication.test, { authData: authData({ waba_id: 'my business' }) });
		expect(error.name).toBe('AppError');
		expect(appErrorBody(error)).toEqual({ message: coreMessage(() => graphId('my business', 'WhatsApp Business Account ID')), code: 'invalid_input' });
		expect(appErrorBody(error).message).toMatch(/^WhatsApp Business Account ID: "my business" is not a Meta ID\./);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('rejects a malformed API version before calling Meta', async () => {
		const error = await failureOf(authentication.test, { authData: authData({ api_version: '25' }) });
		expect(appErrorBody(error)).toEqual({ message: expect.stringMatching(/^Graph API Version: "25" is not a version\. Use the form v25\.0/), code: 'invalid_input' });
	});

	it('reports a missing WABA ID by name', async () => {
		const error = await failureOf(authentication.test, { authData: { access_token: TOKEN, base_url: META } });
		expect(appErrorBody(error).message).toBe('WhatsApp Business Account ID is missing. Add the WABA ID to your WhatsApp connection in Zapier (WhatsApp Manager → Account tools → Business account ID).');
	});
});
