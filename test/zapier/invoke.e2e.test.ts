/**
 * The README's local run: `node dist/zapier/invoke.js --sandbox <key> --field value` against a
 * running sandbox, as a user would type it (the built code in a separate process).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Sandbox, startSandbox } from '../../sandbox';

const ROOT = path.resolve(__dirname, '..', '..');
const INVOKE = path.join(ROOT, 'dist', 'zapier', 'invoke.js');

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
	await sandbox?.stop();
});

function invoke(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [INVOKE, '--sandbox', ...args], { cwd: ROOT, env: { ...process.env, SANDBOX_URL: sandbox.baseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
	});
}

it('runs the onboarding steps one by one against the sandbox', async () => {
	const auth = await invoke('auth');
	expect(auth).toMatchObject({ code: 0 });
	expect(JSON.parse(auth.stdout)).toEqual({ id: sandbox.wabaId, name: expect.any(String) });

	const added = await invoke('add_phone_number', '--cc', '1', '--phone_number', '555 010 0042', '--verified_name', 'Invoke Shop');
	const { phone_number_id: phoneNumberId } = JSON.parse(added.stdout);
	expect(phoneNumberId).toMatch(/^\d+$/);

	expect((await invoke('request_verification_code', '--phone_number_id', phoneNumberId)).code).toBe(0);
	const { code } = (await (await fetch(`${sandbox.baseUrl}/_sandbox/numbers/${phoneNumberId}/code`)).json()) as { code: string };
	expect((await invoke('verify_code', '--phone_number_id', phoneNumberId, '--code', code)).code).toBe(0);

	const registered = await invoke('register_phone_number', '--phone_number_id', phoneNumberId, '--pin', '246810');
	expect(JSON.parse(registered.stdout)).toMatchObject({ success: true, phone_number_id: phoneNumberId, status: 'CONNECTED', state_known: true });

	const states = JSON.parse((await invoke('phone_number_status_changed', `--phone_number_id=${phoneNumberId}`)).stdout);
	expect(states).toEqual([expect.objectContaining({ id: expect.stringMatching(new RegExp(`^${phoneNumberId}:CONNECTED:`)), status: 'CONNECTED' })]);

	const wrongPin = await invoke('register_phone_number', '--phone_number_id', phoneNumberId, '--pin', '135790');
	expect(wrongPin.code).toBe(1);
	expect(wrongPin.stderr).toMatch(/^AppError: The two-step verification PIN does not match/);
	expect(wrongPin.stderr).toContain('[code 133005, HTTP 400]');
	expect(wrongPin.stderr).not.toContain('135790');
}, 60_000);

it('lists the operation keys when none (or an unknown one) is given', async () => {
	const listing = await invoke('no_such_operation');
	expect(listing.code).toBe(2);
	expect(listing.stderr).toContain('Unknown operation "no_such_operation".');
	expect(listing.stderr).toContain('register_phone_number  (action: Register Phone Number)');
});
