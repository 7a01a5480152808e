/**
 * Contract: the Zapier app against the sandbox (Meta's side, written independently). A number is
 * added, verified with the OTP read from the sandbox's control API, registered, and the polling
 * trigger reports the new CONNECTED state as a new id. Runs in the unit project (loopback only, fast).
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { App, appErrorBody, appTester, failureOf, perform } from './support';

const authentication = (App as unknown as { authentication: { test: unknown } }).authentication;

let sandbox: Sandbox;
let authData: Record<string, string>;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	authData = { access_token: sandbox.accessToken, waba_id: sandbox.wabaId, api_version: 'v25.0', base_url: sandbox.baseUrl };
});

afterAll(async () => {
	await sandbox?.stop();
});

const run = (kind: 'creates' | 'searches' | 'triggers', key: string, inputData: Record<string, unknown> = {}) => appTester(perform(kind, key), { authData, inputData });
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

async function latestCode(phoneNumberId: string): Promise<string> {
	const response = await fetch(`${sandbox.baseUrl}/_sandbox/numbers/${phoneNumberId}/code`);
	expect(response.status).toBe(200);
	const { code } = (await response.json()) as { code: string };
	expect(code).toMatch(/^\d{6}$/);
	return code;
}

it('onboards a number end to end and the status trigger reports each new state', async () => {
	expect(await appTester(authentication.test, { authData })).toEqual({ id: sandbox.wabaId, name: expect.any(String) });

	const before = await run('triggers', 'phone_number_status_changed');
	expect(before.map((item: { phone_number_id: string; status: string }) => [item.phone_number_id, item.status])).toEqual([[sandbox.phoneNumberId, 'CONNECTED']]);

	const added = await run('creates', 'add_phone_number', { cc: '1', phone_number: '555 010 0042', verified_name: 'Contract Shop' });
	const phoneNumberId = added.phone_number_id as string;
	expect(added).toMatchObject({ cc: '1', phone_number: '5550100042', verified_name: 'Contract Shop' });
	expect(phoneNumberId).toMatch(/^\d+$/);

	const afterAdd = await run('triggers', 'phone_number_status_changed');
	const pending = afterAdd.find((item: { phone_number_id: string }) => item.phone_number_id === phoneNumberId);
	expect(pending).toMatchObject({ display_phone_number: expect.stringContaining('555'), code_verification_status: expect.not.stringMatching(/^VERIFIED$/) });
	expect(pending.status).not.toBe('CONNECTED');
	expect(ids(before).every((id) => ids(afterAdd).includes(id))).toBe(true);

	const dropdown = await run('triggers', 'phone_number_list');
	expect(dropdown.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([sandbox.phoneNumberId, phoneNumberId]));

	const found = await run('searches', 'find_phone_number', { lookup_by: 'displayNumber', display_phone_number: '+1 (555) 010-0042' });
	expect(found).toEqual([expect.objectContaining({ id: phoneNumberId, found: true })]);

	expect(await run('creates', 'request_verification_code', { phone_number_id: phoneNumberId, code_method: 'SMS', language: 'en_US' })).toMatchObject({ success: true });
	const code = await latestCode(phoneNumberId);
	expect(await run('creates', 'verify_code', { phone_number_id: phoneNumberId, code: `${code.slice(0, 3)}-${code.slice(3)}` })).toMatchObject({
		success: true,
		code_verification_status: 'VERIFIED',
		state_known: true,
	});

	// Verified numbers get no new code: the step halts instead of failing the Zap.
	const halted = await failureOf(perform('creates', 'request_verification_code'), { authData, inputData: { phone_number_id: phoneNumberId } });
	expect(halted.name).toBe('HaltedError');
	expect(halted.message).toMatch(/^This number is already verified/);

	const afterVerify = await run('triggers', 'phone_number_status_changed');
	const verified = afterVerify.find((item: { phone_number_id: string }) => item.phone_number_id === phoneNumberId);
	expect(verified.code_verification_status).toBe('VERIFIED');
	expect(verified.id).not.toBe(pending.id);

	// The action returns the state the number is in now, read right after registering.
	expect(await run('creates', 'register_phone_number', { phone_number_id: phoneNumberId, pin: '246810' })).toMatchObject({
		success: true,
		phone_number_id: phoneNumberId,
		status: 'CONNECTED',
		two_step_enabled: true,
		state_known: true,
		state_note: null,
	});

	const afterRegister = await run('triggers', 'phone_number_status_changed');
	const connected = afterRegister.find((item: { phone_number_id: string }) => item.phone_number_id === phoneNumberId);
	expect(connected.status).toBe('CONNECTED');
	expect(connected.id).toMatch(new RegExp(`^${phoneNumberId}:CONNECTED:`));
	// The new state is a new id Zapier has not seen; the earlier states of this number are gone.
	const seen = new Set([...ids(before), ...ids(afterAdd), ...ids(afterVerify)]);
	expect(ids(afterRegister).filter((id) => !seen.has(id))).toEqual([connected.id]);

	const [readiness] = await run('searches', 'check_number_readiness', { phone_number_id: phoneNumberId });
	expect(readiness).toMatchObject({ phone_number_id: phoneNumberId, checks: { status: { result: 'pass' }, code_verification: { result: 'pass' }, two_step: { result: 'pass' } } });

	// Registering again with another PIN: Meta's 133005, told with the next step and without the PIN.
	const mismatch = await failureOf(perform('creates', 'register_phone_number'), { authData, inputData: { phone_number_id: phoneNumberId, pin: '135790' } });
	expect(appErrorBody(mismatch)).toMatchObject({ code: '133005', status: 400 });
	expect(mismatch.message).not.toContain('135790');
});

it('turns the identity check on and sends a message with an identity hash', async () => {
	const identity = await run('creates', 'set_identity_check', { phone_number_id: sandbox.phoneNumberId, enabled: 'true' });
	expect(identity).toMatchObject({ success: true, phone_number_id: sandbox.phoneNumberId, enabled: true });

	const sent = await run('creates', 'send_message', { phone_number_id: sandbox.phoneNumberId, to: '+1 555 123 4567', text: 'Hello from the contract test', recipient_identity_key_hash: 'DF2lS5v2W6x=' });
	expect(sent).toMatchObject({ message_id: expect.stringMatching(/^wamid\./), to: '+15551234567', identity_hash_checked: true, recipient_identity_key_hash: 'DF2lS5v2W6x=' });
});

it('finds nothing for an unknown phone number ID', async () => {
	expect(await run('searches', 'find_phone_number', { lookup_by: 'id', phone_number_id: '299999999999999' })).toEqual([]);
});
