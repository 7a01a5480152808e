/**
 * n8n's own CLI on an instance: `import:credentials`, `import:workflow` and `execute --id`, whose run
 * data is read from a file (see RunCommandOptions.stdoutFile: a pipe loses the end of a large run).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { N8nInstall } from './install';
import { lastLines, runCommand, type CommandResult } from './processes';
import type { N8nCredentialSeed } from './sandboxCredentials';
import type { N8nCliRun, N8nRunData, N8nWorkflow } from './workflows';

/** What a CLI command needs from the instance it runs against. */
export interface N8nCliHost {
	readonly install: N8nInstall;
	readonly userFolder: string;
	readonly env: NodeJS.ProcessEnv;
	/** Appends to the instance's log (n8n.log and the tail quoted in errors). */
	record(text: string): void;
}

export interface CliOptions {
	timeoutMs?: number;
	/** Write stdout to this file (read back when the command ends) instead of a pipe. */
	stdoutFile?: string;
	/** Called with the command's pid (its process group) once it is spawned. */
	onSpawn?: (pid: number) => void;
}

/** Above this size, the instance log keeps n8n's log lines around the run data but not the data itself. */
const LOGGED_OUTPUT_MAX = 200_000;

/** Runs an n8n CLI command (import, execute, …) to its end. */
export async function runN8nCli(host: N8nCliHost, args: string[], options: CliOptions = {}): Promise<CommandResult> {
	host.record(`\n$ n8n ${args.join(' ')}\n`);
	const result = await runCommand(host.install.nodeBin, [host.install.n8nBin, ...args], {
		cwd: host.userFolder,
		env: host.env,
		timeoutMs: options.timeoutMs ?? 180_000,
		label: `n8n ${args[0]}`,
		stdoutFile: options.stdoutFile,
		onSpawn: options.onSpawn,
	}).catch((error: Error) => {
		host.record(`${error.message}\n`);
		throw error;
	});
	host.record(result.stdout.length > LOGGED_OUTPUT_MAX ? `${withoutRunData(result.stdout)}${result.stderr}` : result.stdout + result.stderr);
	return result;
}

async function runOrThrow(host: N8nCliHost, args: string[]): Promise<CommandResult> {
	const result = await runN8nCli(host, args);
	if (result.code !== 0) throw new Error(`\`n8n ${args.join(' ')}\` failed (exit ${result.code}). Last lines:\n${lastLines(result.stdout + result.stderr, 30)}`);
	return result;
}

/** Runs `n8n <command> --input=<file>` with `value` written to a temporary JSON file. */
async function importJson(host: N8nCliHost, command: string, name: string, value: unknown): Promise<void> {
	const file = path.join(host.userFolder, `${name}-${randomBytes(4).toString('hex')}.json`);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	try {
		await runOrThrow(host, [command, `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Imports credentials (plain data is encrypted with the instance key); an existing id is overwritten. */
export function importCredentials(host: N8nCliHost, credentials: N8nCredentialSeed[]): Promise<void> {
	return importJson(host, 'import:credentials', 'credentials', credentials);
}

/** Imports workflows (give each an `id` to address it later). */
export function importWorkflows(host: N8nCliHost, workflows: N8nWorkflow[]): Promise<void> {
	return importJson(host, 'import:workflow', 'workflows', workflows);
}

/**
 * Runs an imported workflow from its Manual Trigger with `n8n execute --id --rawOutput`, stdout
 * redirected to a file, and parses the run data n8n printed there.
 */
export async function executeWorkflow(host: N8nCliHost, workflowId: string, options: { timeoutMs?: number; onSpawn?: (pid: number) => void } = {}): Promise<N8nCliRun> {
	const outputFile = path.join(host.userFolder, `execute-${randomBytes(4).toString('hex')}.out`);
	try {
		const result = await runN8nCli(host, ['execute', `--id=${workflowId}`, '--rawOutput'], { ...options, stdoutFile: outputFile });
		const output = result.stdout + result.stderr;
		const parsed = parseRunOutput(result.stdout) ?? parseRunOutput(output);
		if (!parsed) {
			throw new Error(`\`n8n execute --id=${workflowId}\` printed no run data (exit ${result.code}). Last lines:\n${lastLines(output, 40)}`);
		}
		return { ok: result.code === 0 && !parsed.data?.resultData.error, status: parsed.status, data: parsed.data, exitCode: result.code, output };
	} finally {
		if (!process.env.N8N_E2E_KEEP) fs.rmSync(outputFile, { force: true });
	}
}

interface RunJson {
	data?: N8nRunData;
	status?: string;
}

/** Where the pretty-printed JSON object n8n prints among its log lines starts and ends (line indexes). */
function findRunJson(lines: string[]): { value: RunJson; start: number; end: number } | undefined {
	const parse = (start: number, end: number): RunJson | undefined => {
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as RunJson;
		} catch {
			return undefined;
		}
	};
	const first = lines.indexOf('{');
	const last = lines.lastIndexOf('}');
	// The usual case, one parse even for megabytes: the object spans the first `{` to the last `}`.
	if (first !== -1 && last > first) {
		const value = parse(first, last);
		if (value) return { value, start: first, end: last };
	}
	for (let start = first; start !== -1 && start < lines.length; start = lines.indexOf('{', start + 1)) {
		for (let end = lines.lastIndexOf('}'); end > start; end = lines.lastIndexOf('}', end - 1)) {
			const value = parse(start, end);
			if (value) return { value, start, end };
		}
	}
	return undefined;
}

/**
 * At log level debug (production build), n8n prints every log message as `<time> | <level> | <message>`
 * followed by its metadata (`{"file":…,"function":…}`), the run data's first and last lines included.
 */
const DEBUG_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+Z \| \w+\s* \| /;
const DEBUG_METADATA = / \{"file":"[^"]*","function":"[^"]*"\}$/;

/** The run data in what `n8n execute` printed, or undefined when it printed none. */
export function parseRunOutput(output: string): RunJson | undefined {
	return findRunJson(output.split('\n').map((line) => line.replace(DEBUG_PREFIX, '').replace(DEBUG_METADATA, '')))?.value;
}

/** n8n's log lines from `n8n execute` output, with the run data replaced by a one-line note. */
function withoutRunData(output: string): string {
	const lines = output.split('\n');
	const found = findRunJson(lines);
	if (!found) return `${output.slice(0, LOGGED_OUTPUT_MAX / 2)}\n… (${output.length} characters, cut)\n${lastLines(output, 20)}\n`;
	const size = lines.slice(found.start, found.end + 1).reduce((sum, line) => sum + line.length + 1, 0);
	return [...lines.slice(0, found.start), `(run data: ${size} characters, not repeated in this log)`, ...lines.slice(found.end + 1)].join('\n');
}
