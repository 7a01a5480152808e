/** Settings and the identity change check (docs/meta-api.md §1.10) and business usernames (§1.14). */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient } from '../fixtures/sandbox/http';
import { Receiver, signatureIsValid, startReceiver } from '../fixtures/sandbox/receiver';

const PN = '200000000000001';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
	sb = await startSandbox({ port: 0, seed: { reservedUsernames: ['taken_elsewhere'], wabas: [{ id: '100000000000001', numbers: [
		{ id: PN, displayPhoneNumber: '+1 555-010-0001', verifiedName: 'Lucky Shrub', status: 'CONNECTED', codeVerificationStatus: 'VERIFIED', pin: '123456' },
		{ id: '200000000000002', displayPhoneNumber: '+1 555-010-0002', verifiedName: 'Lucky Shrub Two', status: 'CONNECTED', codeVerificationStatus: 'VERIFIED', pin: '123456' },
		{ id: '200000000000003', displayPhoneNumber: '+1 555-010-0003', verifiedName: 'Not Yet', status: 'PENDING' },
	] }] } });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

describe('GET /<PNID>/settings', () => {
	it('answers calling, payload_encryption and storage_configuration (status default without local storage)', async () => {
		const answer = await graph('GET', `/v25.0/${PN}/settings`);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			calling: { status: 'DISABLED' },
			payload_encryption: { status: 'DISABLED' },
			storage_configuration: { status: 'default' },
		});
	});

	it('does not echo user_identity_change (undocumented; a client must keep its own record)', async () => {
		await graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enable_identity_key_check: true } } });
		expect((await graph('GET', `/v25.0/${PN}/settings`)).body).not.toHaveProperty('user_identity_change');
	});
});

describe('POST /<PNID>/settings', () => {
	it('turns the identity check on and off with {"user_identity_change":{"enable_identity_key_check":…}}', async () => {
		const on = await graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enable_identity_key_check: true } } });
		expect(on.status).toBe(200);
		expect(on.body).toEqual({ success: true });
		expect(sb.control.snapshot().wabas![0].numbers![0].identityCheck).toBe(true);
		await graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enable_identity_key_check: false } } });
		expect(sb.control.snapshot().wabas![0].numbers![0].identityCheck).toBe(false);
	});

	it('rejects the v23 schema name "enabled" with a 100 error that names the guide\'s field', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enabled: true } } });
		const error = expectWhatsAppError(answer, 400, 100);
		expect(error.error_data.details).toContain('enable_identity_key_check');
		expect(error.error_data.details).toContain('enabled');
		expect(sb.control.snapshot().wabas![0].numbers![0].identityCheck).toBe(false);
	});

	it('changes only one feature per request', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/settings`, {
			json: { user_identity_change: { enable_identity_key_check: true }, calling: { status: 'ENABLED' } },
		});
		expect(expectMetaError(answer, 400, 100).error_data.details).toContain('one setting');
	});

	it('rejects a non-boolean, an unknown feature and an empty body', async () => {
		expectMetaError(await graph('POST', `/v25.0/${PN}/settings`, { json: { user_identity_change: { enable_identity_key_check: 'yes' } } }), 400, 100);
		expectMetaError(await graph('POST', `/v25.0/${PN}/settings`, { json: { dark_mode: { on: true } } }), 400, 100);
		expectMetaError(await graph('POST', `/v25.0/${PN}/settings`, { json: {} }), 400, 100);
	});

	it('stores calling settings and answers them on GET', async () => {
		await graph('POST', `/v25.0/${PN}/settings`, { json: { calling: { status: 'ENABLED' } } });
		expect((await graph('GET', `/v25.0/${PN}/settings`)).body.calling).toEqual({ status: 'ENABLED' });
	});
});

describe('usernames', () => {
	let receiver: Receiver;
	beforeEach(async () => {
		receiver = await startReceiver('u-token');
		sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'u-token' });
	});
	afterEach(() => receiver.stop());

	it('answers {} before a username is set, {username, status} after', async () => {
		expect((await graph('GET', `/v25.0/${PN}/username`)).body).toEqual({});
		const set = await graph('POST', `/v25.0/${PN}/username`, { json: { username: 'lucky_shrub' } });
		expect(set.status).toBe(200);
		expect(set.body).toEqual({ status: 'reserved' });
		expect((await graph('GET', `/v25.0/${PN}/username`)).body).toEqual({ username: 'lucky_shrub', status: 'reserved' });
	});

	it('announces approval and deletion with business_username_updates (username left out when deleted)', async () => {
		await graph('POST', `/v25.0/${PN}/username`, { json: { username: 'lucky_shrub' } });
		sb.control.setUsernameStatus(PN, 'approved');
		const approved = await receiver.waitForPost((p) => p.json.entry[0].changes[0].field === 'business_username_updates');
		expect(signatureIsValid(sb.appSecret, approved.raw, approved.headers['x-hub-signature-256'])).toBe(true);
		expect(approved.json.entry[0].changes[0].value).toEqual({ display_phone_number: '15550100001', username: 'lucky_shrub', status: 'approved' });

		expect((await graph('DELETE', `/v25.0/${PN}/username`)).body).toEqual({ success: true });
		const deleted = await receiver.waitForPost((p) => p.json.entry[0].changes[0].value.status === 'deleted');
		expect(deleted.json.entry[0].changes[0].value).toEqual({ display_phone_number: '15550100001', status: 'deleted' });
		expect((await graph('GET', `/v25.0/${PN}/username`)).body).toEqual({ status: 'deleted' });
	});

	it.each([
		['ab', '3 to 35'],
		['a'.repeat(36), '3 to 35'],
		['has space', 'letters, digits'],
		['12345', 'at least one letter'],
		['.lucky', 'period'],
		['lucky.', 'period'],
		['lucky..shrub', 'two periods'],
		['wwwlucky', 'www'],
		['lucky.com', 'domain'],
	])('rejects %s with 100 (%s)', async (username, why) => {
		const error = expectWhatsAppError(await graph('POST', `/v25.0/${PN}/username`, { json: { username } }), 400, 100);
		expect(error.error_data.details).toContain(why);
	});

	it('answers 147001 for a username another business holds (case-insensitive)', async () => {
		expectWhatsAppError(await graph('POST', `/v25.0/${PN}/username`, { json: { username: 'Taken_Elsewhere' } }), 400, 147001);
	});

	it('answers 147005 for a username another of our numbers holds, and moves it with force_transfer', async () => {
		await graph('POST', '/v25.0/200000000000002/username', { json: { username: 'lucky_shrub' } });
		expectWhatsAppError(await graph('POST', `/v25.0/${PN}/username`, { json: { username: 'lucky_shrub' } }), 400, 147005);
		const moved = await graph('POST', `/v25.0/${PN}/username`, { json: { username: 'lucky_shrub', transfer_action: 'force_transfer' } });
		expect(moved.body).toEqual({ status: 'reserved' });
		expect((await graph('GET', '/v25.0/200000000000002/username')).body).toEqual({ status: 'deleted' });
	});

	it('answers 133010 for a number that is not registered', async () => {
		expectWhatsAppError(await graph('POST', '/v25.0/200000000000003/username', { json: { username: 'not_yet' } }), 400, 133010);
	});

	it('suggests usernames as {data:[{username_suggestions:[…]}]}', async () => {
		const answer = await graph('GET', `/v25.0/${PN}/username_suggestions`);
		expect(answer.body).toEqual({ data: [{ username_suggestions: expect.arrayContaining(['lucky_shrub']) }] });
	});
});
