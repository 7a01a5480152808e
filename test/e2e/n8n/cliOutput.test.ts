/**
 * Reading what `n8n execute` prints (a unit test: no n8n runs). The run data comes back whole from a
 * process that exits right after a 12 MB write, because stdout goes to a file, and the JSON object
 * is found among n8n's log lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parseRunOutput } from '../../../scripts/n8n/launcher';
import { runCommand } from '../../../scripts/n8n/processes';

describe('runCommand with stdoutFile', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-cli-output-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('returns all of a 12 MB write from a process that exits at once, and the pid before it ends', async () => {
		const script = "process.stdout.write('a'.repeat(12 * 1024 * 1024) + '\\nend\\n'); process.stderr.write('done\\n'); process.exit(3);";
		let spawnedPid: number | undefined;

		const result = await runCommand(process.execPath, ['-e', script], {
			cwd: dir,
			env: process.env,
			timeoutMs: 60_000,
			label: 'writer',
			stdoutFile: path.join(dir, 'out.txt'),
			onSpawn: (pid) => (spawnedPid = pid),
		});

		expect(result.code).toBe(3);
		expect(result.stdout).toHaveLength(12 * 1024 * 1024 + 5);
		expect(result.stdout.endsWith('a\nend\n')).toBe(true);
		expect(result.stderr).toBe('done\n');
		expect(spawnedPid).toEqual(expect.any(Number));
	});
});

describe('parseRunOutput', () => {
	const runJson = { status: 'success', data: { resultData: { runData: { Set: [{ startTime: 1, executionTime: 2, data: { main: [[{ json: { a: '}' } }]] } }] } } } };

	it('finds the pretty-printed run data between n8n log lines', () => {
		const output = ['Loading community packages', 'Execution was successful:', JSON.stringify(runJson, null, 2), 'Stopping n8n…', '}'].join('\n');

		expect(parseRunOutput(output)).toEqual(runJson);
	});

	it('takes the whole object even when a log line before it is a lone brace', () => {
		const output = ['{', 'not json', JSON.stringify(runJson, null, 2)].join('\n');

		expect(parseRunOutput(output)).toEqual(runJson);
	});

	it('reads the run data through the time, level and metadata n8n adds to each message at log level debug', () => {
		const [first, ...rest] = JSON.stringify(runJson, null, 2).split('\n');
		const last = rest.pop();
		const output = [
			'2026-12-02T03:14:14.700Z | debug | Running node "Set" started {"file":"logger-proxy.js","function":"exports.debug"}',
			`2026-12-02T03:14:55.916Z | info  | ${first}`,
			...rest,
			`${last} {"file":"base-command.js","function":"log"}`,
			'2026-12-02T03:14:56.774Z | debug | Shutting down. Cleaning up all clients {"scopes":["ssh-client"],"file":"ssh-clients-manager.js","function":"onShutdown"}',
		].join('\n');

		expect(parseRunOutput(output)).toEqual(runJson);
	});

	it('answers undefined when n8n printed no run data', () => {
		expect(parseRunOutput('Error executing workflow. See log messages for details.\n')).toBeUndefined();
	});
});
