/** Seeds, save/load (control endpoint and --state), reset, and the CLI's argument handling. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSeedFile, startSandbox, Sandbox } from '../../sandbox';
import { parseCliArgs, saveState, startingSeed } from '../../sandbox/cliSupport';
import { graphClient, rawRequest } from '../fixtures/sandbox/http';

let sb: Sandbox;
let dir: string;
beforeEach(async () => {
	sb = await startSandbox({ port: 0 });
	dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
});
afterEach(async () => {
	await sb.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function onboard(graph: ReturnType<typeof graphClient>): Promise<string> {
	const id = (await graph('POST', '/v25.0/100000000000001/phone_numbers', { json: { cc: '1', phone_number: '5550100002', verified_name: 'Saved Co' } })).body.id;
	await graph('POST', `/v25.0/${id}/request_code`, { query: { code_method: 'SMS', language: 'en' } });
	await graph('POST', `/v25.0/${id}/verify_code`, { query: { code: sb.control.verificationCode(id)! } });
	await graph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin: '482913' } });
	return id;
}

it('saves the whole state (PINs only as hashes) and loads it into another sandbox', async () => {
	const graph = graphClient(sb);
	const id = await onboard(graph);
	await graph('POST', `/v25.0/${id}/settings`, { json: { user_identity_change: { enable_identity_key_check: true } } });
	const hash = sb.control.rotateIdentity('16505551234').identityKeyHash;
	const saved = await rawRequest(sb.baseUrl, 'GET', '/_sandbox/state');
	expect(saved.status).toBe(200);
	expect(saved.raw).not.toContain('482913');
	expect(saved.body.nextPhoneNumberId).toBe('200000000000003');

	const other = await startSandbox({ port: 0 });
	try {
		expect((await rawRequest(other.baseUrl, 'PUT', '/_sandbox/state', { json: saved.body })).body).toEqual({ success: true });
		const otherGraph = graphClient(other);
		expect((await otherGraph('GET', `/v25.0/${id}`, { query: { fields: 'status,is_pin_enabled' } })).body).toEqual({ status: 'CONNECTED', is_pin_enabled: true, id });
		// The PIN survived as a hash: the right one registers, a wrong one is 133005.
		expect((await otherGraph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin: '482913' } })).status).toBe(200);
		expect((await otherGraph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin: '111111' } })).body.error.code).toBe(133005);
		expect(other.control.contact('16505551234').identityKeyHash).toBe(hash);
		expect((await otherGraph('POST', '/v25.0/100000000000001/phone_numbers', { json: { cc: '1', phone_number: '5550100003', verified_name: 'Next Co' } })).body).toEqual({
			id: '200000000000003',
		});
	} finally {
		await other.stop();
	}
});

it('keeps the register counter across save and load (133016 cannot be dodged by restarting)', async () => {
	const graph = graphClient(sb);
	const id = await onboard(graph);
	for (let i = 0; i < 9; i++) await graph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin: '482913' } });
	const snapshot = sb.control.snapshot();
	sb.control.reset();
	sb.control.load(snapshot);
	expect((await graph('POST', `/v25.0/${id}/register`, { json: { messaging_product: 'whatsapp', pin: '482913' } })).body.error.code).toBe(133016);
});

it('resets to the starting seed', async () => {
	await onboard(graphClient(sb));
	expect((await rawRequest(sb.baseUrl, 'POST', '/_sandbox/reset')).body).toEqual({ success: true });
	expect(sb.control.snapshot().wabas![0].numbers!.map((n) => n.id)).toEqual(['200000000000001']);
});

it('refuses a broken state with 400 and a reason', async () => {
	const answer = await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/state', { json: { wabas: [{ id: '1', numbers: [{ id: '2' }] }] } });
	expect(answer.status).toBe(400);
	expect(answer.body.error.message).toContain('needs cc + phoneNumber or displayPhoneNumber');
});

it('starts from a seed with several WABAs, contacts and custom credentials', async () => {
	const custom = await startSandbox({
		port: 0,
		seed: {
			accessToken: 'tok',
			appId: '900000000000009',
			appSecret: 'sec',
			wabas: [
				{ id: '100000000000005', numbers: [{ id: '200000000000010', cc: '44', phoneNumber: '7700900123', status: 'CONNECTED', codeVerificationStatus: 'VERIFIED', throughputPerSecond: 1000 }] },
				{ id: '100000000000006' },
			],
			contacts: [{ waId: '447700900999', identityKeyHash: 'DF2lS5v2W6x=' }],
		},
	});
	try {
		expect(custom).toMatchObject({ accessToken: 'tok', appId: '900000000000009', appSecret: 'sec', wabaId: '100000000000005', phoneNumberId: '200000000000010' });
		const answer = await graphClient(custom)('GET', '/v25.0/200000000000010', { query: { fields: 'display_phone_number,throughput,country_code' } });
		expect(answer.body).toEqual({ display_phone_number: '+44 7700900123', throughput: { level: 'HIGH' }, country_code: 'GB', id: '200000000000010' });
		expect(custom.control.contact('447700900999').identityKeyHash).toBe('DF2lS5v2W6x=');
		expect((await graphClient(custom)('GET', '/v25.0/100000000000006/phone_numbers')).body).toEqual({ data: [] });
	} finally {
		await custom.stop();
	}
});

describe('CLI support', () => {
	it('parses --port, --seed, --state, --latency, --verbose and SANDBOX_PORT (default 4010)', () => {
		expect(parseCliArgs([], {})).toEqual({ port: 4010, latencyMs: 0, verbose: false });
		expect(parseCliArgs([], { SANDBOX_PORT: '5000' }).port).toBe(5000);
		expect(parseCliArgs(['--port', '0', '--seed', 's.json', '--state', 't.json', '--latency', '50', '--verbose'], { SANDBOX_PORT: '5000' })).toEqual({
			port: 0,
			seed: 's.json',
			state: 't.json',
			latencyMs: 50,
			verbose: true,
		});
		expect(() => parseCliArgs(['--port', 'abc'], {})).toThrow('--port');
		expect(() => parseCliArgs(['--nope'], {})).toThrow('Unknown option --nope');
		expect(() => parseCliArgs(['--seed'], {})).toThrow('--seed needs a value');
	});

	it('loads --state when it exists (else --seed), and saves the state file on exit', async () => {
		const seedFile = join(dir, 'seed.json');
		const stateFile = join(dir, 'state.json');
		writeFileSync(seedFile, JSON.stringify({ accessToken: 'from-seed' }));
		expect(startingSeed({ port: 0, latencyMs: 0, verbose: false, seed: seedFile, state: stateFile })).toEqual({ accessToken: 'from-seed' });
		saveState(sb, stateFile);
		expect(readSeedFile(stateFile).accessToken).toBe('sandbox-access-token');
		expect(startingSeed({ port: 0, latencyMs: 0, verbose: false, seed: seedFile, state: stateFile })?.accessToken).toBe('sandbox-access-token');
		expect(readFileSync(stateFile, 'utf8')).not.toContain('123456');
		writeFileSync(seedFile, '{oops');
		expect(() => readSeedFile(seedFile)).toThrow('is not valid JSON');
	});
});
