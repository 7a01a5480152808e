/**
 * Contract: the sandbox's coexistence number (WABA 100000000000002, number 190000000000001:
 * WhatsApp Business app + Cloud API, docs/meta-coexistence.md §8) through both shells, the n8n node
 * run by n8n-core and the Zapier app run by Zapier's tester. Each shell sees it marked, is refused
 * register and deregister with no counted request reaching the sandbox, reads it as coexistence in
 * the readiness report, and prepares its removal, with a real relay listing the subscriptions that
 * name it. The sandbox logs every Graph call, so "nothing counted was sent" is read from its side.
 */
import { COEXISTENCE_SEED, Sandbox, startSandbox } from '../../sandbox';
import { executeNode, listSearch } from '../n8n/support/engine';
import { byId } from '../n8n/support/fixtures';
import { API_KEY, startTestRelay, TestRelay } from '../relay/support/relay';
import { appTester, failureOf, perform } from '../zapier/support';

// A sandbox and a relay per file, n8n-core and Zapier's tester: a busy machine can take seconds.
jest.setTimeout(60_000);

const NUMBER = COEXISTENCE_SEED.phoneNumberId;
const HOOK = 'https://hooks.zapier.com/hooks/standard/7/coexistence-zap-secret/';

let sandbox: Sandbox;
let relay: TestRelay;
const calls: string[] = [];

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, logRequests: true, log: (line) => calls.push(line) });
	relay = await startTestRelay({}, { deliver: false });
	const created = await relay.call('POST', '/subscriptions', { json: { target_url: HOOK, event_type: 'inboundMessage', phone_number_id: NUMBER } });
	expect(created.status).toBe(201);
});

afterAll(async () => {
	await relay?.stop();
	await sandbox?.stop();
});

/** The Graph calls the sandbox answered for the coexistence number, e.g. `GET /v25.0/190000000000001 → 200`. */
const callsFor = (number: string) => calls.filter((line) => line.includes(`/v25.0/${number} `) || line.includes(`/v25.0/${number}/`));
/** Calls Meta counts toward 10 per 72 hours (or that send a code): none may reach the sandbox. */
const countedCalls = () => callsFor(NUMBER).filter((line) => /^POST .*\/(register|deregister|request_code|verify_code) /.test(line));

describe('the n8n node', () => {
	const credentials = () => ({ whatsAppNumbersApi: { accessToken: sandbox.accessToken, wabaId: COEXISTENCE_SEED.wabaId, apiVersion: 'v25.0', baseUrl: sandbox.baseUrl } });
	const run = (parameters: Record<string, unknown>) => executeNode({ node: 'whatsAppNumbers', parameters: { resource: 'phoneNumber', ...parameters }, credentials: credentials() });

	it('marks the number in the picker and in Get Phone Number', async () => {
		const picked = await listSearch({ node: 'whatsAppNumbers', method: 'searchPhoneNumbers', path: 'parameters.phoneNumberId', parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber' }, credentials: credentials() });
		expect(picked.results).toEqual([{ name: '+1 555-010-0099 · Sandbox Corner Shop · CONNECTED · coexistence', value: NUMBER }]);
		const got = await run({ operation: 'getPhoneNumber', phoneNumberId: byId(NUMBER) });
		expect(got.items[0].json).toMatchObject({ found: true, id: NUMBER, coexistence: true, platformType: 'CLOUD_API', throughputLevel: 'STANDARD' });
	});

	it('refuses Register and Deregister with no counted request, reading the number once per run', async () => {
		const before = callsFor(NUMBER).length;
		const registered = await run({ operation: 'registerPhoneNumber', phoneNumberId: byId(NUMBER), pin: '246810' });
		expect(registered.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/^This number is shared with the WhatsApp Business app \(coexistence\), so it was registered/) });
		const deregistered = await run({ operation: 'deregisterPhoneNumber', phoneNumberId: byId(NUMBER) });
		expect(deregistered.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/Meta does not allow deregistering such a number\. The deregister request was not sent\./) });
		expect(callsFor(NUMBER).slice(before)).toEqual([`GET /v25.0/${NUMBER} → 200`, `GET /v25.0/${NUMBER} → 200`]);
		expect(countedCalls()).toEqual([]);
	});

	it('reads the number as coexistence in Check Number Readiness', async () => {
		const report = (await run({ operation: 'checkReadiness', phoneNumberId: byId(NUMBER) })).items[0].json;
		expect(report).toMatchObject({ coexistence: true, platformType: 'CLOUD_API', ready: true });
		expect(String(report.summary)).toContain('This number is shared with the WhatsApp Business app: it sends at most 20 messages per second');
		expect((report.items as Array<{ check: string }>).map((item) => item.check)).toEqual(expect.arrayContaining(['coexistence', 'linkedDevices']));
	});

	it('prepares the removal: finds the relay subscription, refuses to deregister', async () => {
		const result = await run({ operation: 'prepareNumberRemoval', phoneNumberId: byId(NUMBER), deregisterNumber: true, options: { relayUrl: relay.relay.url, relayApiKey: API_KEY } });
		expect(result.error).toBeUndefined();
		const report = result.items[0].json;
		expect(report).toMatchObject({ coexistence: true, registered: true, relayChecked: true, relaySubscriptions: [{ eventTypes: 'inboundMessage', targetHost: 'hooks.zapier.com' }] });
		expect(report.actions).toEqual([expect.objectContaining({ action: 'deregister', result: 'refused' })]);
		expect(JSON.stringify(report)).not.toContain(API_KEY);
		expect(JSON.stringify(report)).not.toContain('coexistence-zap-secret');
		expect(countedCalls()).toEqual([]);
	});
});

describe('the Zapier app', () => {
	const authData = () => ({
		access_token: sandbox.accessToken,
		waba_id: COEXISTENCE_SEED.wabaId,
		api_version: 'v25.0',
		base_url: sandbox.baseUrl,
		relay_url: relay.relay.url,
		relay_api_key: API_KEY,
	});
	const run = (kind: 'creates' | 'searches' | 'triggers', key: string, inputData: Record<string, unknown> = {}) => appTester(perform(kind, key), { authData: authData(), inputData });

	it('marks the number in the dropdown and in Find Phone Number', async () => {
		expect(await run('triggers', 'phone_number_list')).toEqual([
			{ id: NUMBER, label: '+1 555-010-0099 · Sandbox Corner Shop (CONNECTED, coexistence)', display_phone_number: '+1 555-010-0099', verified_name: 'Sandbox Corner Shop', status: 'CONNECTED', coexistence: true },
		]);
		expect(await run('searches', 'find_phone_number', { lookup_by: 'id', phone_number_id: NUMBER })).toEqual([expect.objectContaining({ id: NUMBER, coexistence: true, platform_type: 'CLOUD_API' })]);
	});

	it('halts Register (the number is registered already) and fails Deregister, with no counted request', async () => {
		const register = await failureOf(perform('creates', 'register_phone_number'), { authData: authData(), inputData: { phone_number_id: NUMBER, pin: '246810' } });
		expect(register.name).toBe('HaltedError');
		expect(register.message).toMatch(/^This number is shared with the WhatsApp Business app \(coexistence\).*To see its state, run "Find Phone Number Readiness"\.$/);
		const deregister = await failureOf(perform('creates', 'deregister_phone_number'), { authData: authData(), inputData: { phone_number_id: NUMBER } });
		expect(deregister.name).toBe('AppError');
		expect(JSON.parse(deregister.message)).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Settings → Account → Business Platform → Disconnect') });
		expect(countedCalls()).toEqual([]);
	});

	it('reads the number as coexistence in Find Phone Number Readiness', async () => {
		const [report] = await run('searches', 'check_number_readiness', { phone_number_id: NUMBER });
		expect(report).toMatchObject({ coexistence: true, platform_type: 'CLOUD_API', checks: { coexistence: { result: 'pass' }, linked_devices: { result: 'pass' }, throughput: { result: 'pass' } } });
		expect(report.checks.throughput.reason).toMatch(/^Fixed at 20 messages per second/);
	});

	it('prepares the removal with the relay from the connection', async () => {
		const report = await run('creates', 'prepare_number_removal', { phone_number_id: NUMBER, deregister_number: 'true' });
		expect(report).toMatchObject({
			phone_number_id: NUMBER,
			coexistence: true,
			relay_checked: true,
			relay_subscriptions: [{ event_types: 'inboundMessage', target_host: 'hooks.zapier.com' }],
			actions: [{ action: 'deregister', result: 'refused' }],
		});
		expect(report.remaining_steps[0]).toBe('Turn off every workflow or Zap that sends from this number: its messages fail once the number is gone.');
		expect(JSON.stringify(report)).not.toContain(API_KEY);
		expect(countedCalls()).toEqual([]);
	});
});
