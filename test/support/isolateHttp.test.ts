/**
 * The order bug behind "npm test fails the second time": in one jest worker, a file where Zapier's
 * handler runs without nock (an e2e suite) made every later file's Zapier request bypass nock. Two
 * fixture files run in that order in a child jest, once without and once with isolateHttp.ts.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = '<rootDir>/test/fixtures/jestIsolation';

function runFixtures(setupFiles: string[]): Promise<{ code: number | null; output: string }> {
	const config = {
		rootDir: ROOT,
		testEnvironment: 'node',
		transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2021' }, module: { type: 'commonjs' } }] },
		testMatch: [`${FIXTURES}/*.fixture.ts`],
		testSequencer: `${FIXTURES}/orderByName.js`,
		setupFilesAfterEnv: setupFiles,
	};
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--ci', '--config', JSON.stringify(config)], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, output }));
	});
}

it('without isolateHttp, a later file\'s Zapier request escapes nock; with it, nock answers', async () => {
	const leaky = await runFixtures([]);
	expect(leaky.code).toBe(1);
	expect(leaky.output).toMatch(/request to https:\/\/graph\.example\.invalid\/v25\.0\/me failed, reason: getaddrinfo ENOTFOUND/);
	expect(leaky.output).toContain('Tests:       1 failed, 1 passed, 2 total');

	const isolated = await runFixtures(['<rootDir>/test/support/isolateHttp.ts']);
	expect(isolated.output).toContain('Tests:       2 passed, 2 total');
	expect(isolated.code).toBe(0);
}, 120_000);
