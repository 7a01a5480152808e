/** The relay as a separate process (`relay/cli.ts`, compiled on the fly), for kill -9 tests. */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const START_TIMEOUT_MS = 30_000;

export interface RelayProcess {
	url: string;
	child: ChildProcess;
	/** Everything the process printed so far (stdout and stderr). */
	output(): string;
	/** SIGKILL: no shutdown code runs at all. */
	kill9(): Promise<void>;
	/** SIGTERM (graceful); resolves with the exit code. */
	terminate(): Promise<number | null>;
}

function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function startRelayProcess(env: Record<string, string>): Promise<RelayProcess> {
	const child = spawn(process.execPath, ['-r', path.join(__dirname, 'tsRegister.js'), path.join(ROOT, 'relay/cli.ts')], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the relay did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
		}, START_TIMEOUT_MS);
		const check = () => {
			const match = /relay: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', check);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the relay exited with ${code} before listening:\n${output}`));
		});
	});
	return {
		url,
		child,
		output: () => output,
		async kill9() {
			child.kill('SIGKILL');
			await exited(child);
		},
		async terminate() {
			child.kill('SIGTERM');
			return exited(child);
		},
	};
}
