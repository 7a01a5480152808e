/**
 * Child processes of the launcher: each runs in its own process group, is tracked until it exits,
 * and is killed (whole group) when this process exits without stopping it. Every run is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

// Children still running, killed (whole process group) if this process exits without stopping them.
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Signals the child's whole process group (n8n's task runner shares it), or the child alone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/** Kills whatever is left of a process group whose leader has exited (task runners, npm children). */
export function killLeftovers(pid: number | undefined): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		/* group gone */
	}
}

export function track(child: ChildProcess): void {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const running of liveChildren) killGroup(running, 'SIGKILL');
		});
	}
	liveChildren.add(child);
	child.once('exit', () => liveChildren.delete(child));
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface RunCommandOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Names the command in the timeout error. */
	label: string;
	/**
	 * Sends stdout to this file instead of a pipe and reads it back after the exit. A process that
	 * calls process.exit() right after a large write (n8n execute) loses what a pipe had not yet
	 * taken; writes to a file are synchronous, so nothing is lost.
	 */
	stdoutFile?: string;
	/** Called with the child's pid (= its process group id) once it is spawned. */
	onSpawn?: (pid: number) => void;
}

/** Runs a command to its end in its own process group, killed after `timeoutMs`. */
export function runCommand(command: string, args: string[], options: RunCommandOptions): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const stdoutFd = options.stdoutFile === undefined ? undefined : fs.openSync(options.stdoutFile, 'w');
		let child: ChildProcess;
		try {
			child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'], detached: true });
		} finally {
			// The child holds its own copy of the descriptor.
			if (stdoutFd !== undefined) fs.closeSync(stdoutFd);
		}
		track(child);
		if (child.pid !== undefined) options.onSpawn?.(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			if (options.stdoutFile !== undefined) stdout = fs.readFileSync(options.stdoutFile, 'utf8');
			if (timedOut) {
				reject(new Error(`${options.label} did not finish within ${Math.round(options.timeoutMs / 1000)} s. Last output:\n${lastLines(stdout + stderr, 40)}`));
				return;
			}
			resolve({ code, stdout, stderr });
		});
	});
}

export function lastLines(text: string, count: number): string {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** A free TCP port on 127.0.0.1 (asks the OS with listen(0)). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** True when nothing listens on the port on 127.0.0.1. */
export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}
