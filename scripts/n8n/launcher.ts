/**
 * Runs a real n8n, isolated and offline, with our community package installed: used by `npm start`
 * and by the end-to-end tests. Every child process runs in its own process group and is killed when
 * its instance stops or when this process exits; every wait is bounded and its timeout error quotes
 * n8n's last log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type * as Installer from './install';
import type { EnsureN8nOptions, N8nInstall } from './install';

export type { N8nInstall, N8nRecipeName } from './install';

/** Our package name: node types are `<package>.<node name>` once n8n loads it from `.n8n/nodes`. */
export const PACKAGE_NAME = 'n8n-nodes-whatsapp-numbers';
export const CREDENTIAL_TYPES = { api: 'whatsAppNumbersApi', app: 'whatsAppNumbersAppApi' } as const;

/** The credentials `npm start` and the e2e tests create, pointing at the sandbox; workflows refer to them by id. */
export const SANDBOX_CREDENTIALS = {
	api: { id: 'waSandboxApiCred01', name: 'WhatsApp sandbox', type: CREDENTIAL_TYPES.api },
	app: { id: 'waSandboxAppCred01', name: 'WhatsApp sandbox app', type: CREDENTIAL_TYPES.app },
} as const;
export const SANDBOX_VERIFY_TOKEN = 'sandbox-verify-token';
const SANDBOX_API_VERSION = 'v25.0';

/** Both sandbox credentials with their data (`n8n import:credentials` encrypts it). */
export function sandboxCredentialSeeds(sandbox: { baseUrl: string; accessToken: string; wabaId: string; appId: string; appSecret: string }): N8nCredentialSeed[] {
	return [
		{
			...SANDBOX_CREDENTIALS.api,
			data: { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, apiVersion: SANDBOX_API_VERSION, baseUrl: sandbox.baseUrl, appId: sandbox.appId },
		},
		{
			...SANDBOX_CREDENTIALS.app,
			data: { appId: sandbox.appId, appSecret: sandbox.appSecret, verifyToken: SANDBOX_VERIFY_TOKEN, apiVersion: SANDBOX_API_VERSION, baseUrl: sandbox.baseUrl },
		},
	];
}

/**
 * Reads a workflow JSON file, replacing each `__KEY__` token with `values[KEY]` (values that change
 * per run, such as the sandbox URL). A token left unreplaced throws, naming it.
 */
export function loadWorkflowFile(file: string, values: Record<string, string> = {}): N8nWorkflow {
	let text = fs.readFileSync(file, 'utf8');
	for (const [key, value] of Object.entries(values)) text = text.split(`__${key}__`).join(value);
	const leftover = /__[A-Z_]+__/.exec(text);
	if (leftover) throw new Error(`${file} still has ${leftover[0]}; pass a value for it.`);
	return JSON.parse(text) as N8nWorkflow;
}

/** The example workflows `npm start` imports (scripts/n8n/examples/*.workflow.json). */
export function exampleWorkflowFiles(): string[] {
	const dir = path.join(repoRoot(), 'scripts', 'n8n', 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.workflow.json'))
		.sort()
		.map((file) => path.join(dir, file));
}

/** Fixed so credentials imported in one run can be decrypted by the next (local use only, never production). */
export const LOCAL_ENCRYPTION_KEY = 'whatsapp-numbers-local-n8n-encryption-key';
/** The owner account created on a fresh instance (local only; printed by `npm start`). */
export const LOCAL_OWNER = {
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Sandbox-owner-1',
} as const;

const READY_LINE = 'Editor is now accessible';
const LOG_LINES_KEPT = 400;

/** The repository root (where our package.json is), from the source tree or from dist/. */
export function repoRoot(): string {
	let dir = __dirname;
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`Could not find the ${PACKAGE_NAME} package.json above ${__dirname}.`);
		dir = parent;
	}
}

/** The installer is plain JavaScript that stays in scripts/ (it runs before any build), so load it from there. */
function installer(): typeof Installer {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(repoRoot(), 'scripts', 'n8n', 'install.js')) as typeof Installer;
}

/** Installs n8n on first use (a few minutes, with progress lines) and returns where it is. */
export function ensureN8n(options?: EnsureN8nOptions): Promise<N8nInstall> {
	return installer().ensureN8n(options);
}

// Children still running, killed (whole process group) if this process exits without stopping them.
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
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

function track(child: ChildProcess): void {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const running of liveChildren) killGroup(running, 'SIGKILL');
		});
	}
	liveChildren.add(child);
	child.once('exit', () => liveChildren.delete(child));
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

interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs a command to its end in its own process group, killed after `timeoutMs`. */
function runCommand(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; label: string },
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		track(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
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
			if (timedOut) {
				reject(new Error(`${options.label} did not finish within ${Math.round(options.timeoutMs / 1000)} s. Last output:\n${lastLines(stdout + stderr, 40)}`));
				return;
			}
			resolve({ code, stdout, stderr });
		});
	});
}

function lastLines(text: string, count: number): string {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** The environment for a nested npm (pack, install into n8n): see install.js. */
function cleanNpmEnv(): NodeJS.ProcessEnv {
	return installer().cleanNpmEnv(process.env);
}

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs our built package with `npm pack` into `outDir` and returns the tarball's path.
 * A tarball (not a directory symlink) so the installed package resolves n8n's own n8n-workflow.
 */
export async function packOurPackage(outDir: string): Promise<string> {
	const root = repoRoot();
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[]; credentials?: string[] } };
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !fs.existsSync(path.join(root, file)));
	if (missing.length) {
		throw new Error(`The package is not built: ${missing.join(', ')} missing. Run \`node scripts/build.js\` (npm start and npm test do it first).`);
	}
	fs.mkdirSync(outDir, { recursive: true });
	const result = await runCommand(npmCommand, ['pack', '--json', '--pack-destination', outDir], {
		cwd: root,
		env: cleanNpmEnv(),
		timeoutMs: 120_000,
		label: 'npm pack',
	});
	if (result.code !== 0) throw new Error(`npm pack failed (exit ${result.code}):\n${lastLines(result.stderr || result.stdout, 20)}`);
	const packed = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ filename: string }>;
	return path.join(outDir, packed[0].filename);
}

/** A credential as `n8n import:credentials` takes it: plain `data` is encrypted with the instance key. */
export interface N8nCredentialSeed {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** A workflow as exported by n8n (only the fields import needs). */
export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** One node item in run data. */
export interface N8nItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

/** The part of n8n's execution data the tests read. */
export interface N8nRunData {
	resultData: {
		runData: Record<string, Array<{ data?: { main?: Array<N8nItem[] | null> }; error?: Record<string, unknown>; executionStatus?: string }>>;
		error?: Record<string, unknown>;
		lastNodeExecuted?: string;
	};
}

/** What `n8n execute --id` printed, parsed. */
export interface N8nCliRun {
	/** True when n8n reported success (exit code 0, no resultData.error). */
	ok: boolean;
	status?: string;
	data?: N8nRunData;
	exitCode: number | null;
	/** Everything the command printed, for error messages. */
	output: string;
}

/** An execution read back through the public API with `includeData=true`. */
export interface N8nExecution {
	id: string | number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt?: string | null;
	data?: N8nRunData;
}

/** The items a node output on its first run (output 0 unless given). */
export function nodeOutput(data: N8nRunData | undefined, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const runs = data?.resultData.runData[nodeName];
	if (!runs?.length) {
		const ran = Object.keys(data?.resultData.runData ?? {}).join(', ') || 'none';
		throw new Error(`Node "${nodeName}" did not run (nodes that ran: ${ran}).${data?.resultData.error ? ` Workflow error: ${JSON.stringify(data.resultData.error).slice(0, 800)}` : ''}`);
	}
	const run = runs[0];
	if (run.error) throw new Error(`Node "${nodeName}" failed: ${JSON.stringify(run.error).slice(0, 1500)}`);
	return (run.data?.main?.[outputIndex] ?? []).map((item) => item.json);
}

/** Finds the pretty-printed JSON object n8n prints among its log lines. */
function extractRunJson(output: string): { data?: N8nRunData; status?: string } | undefined {
	const lines = output.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n')) as { data?: N8nRunData; status?: string };
			} catch {
				/* try a shorter span */
			}
		}
	}
	return undefined;
}

export interface N8nInstanceOptions {
	install: N8nInstall;
	/** n8n's home (N8N_USER_FOLDER); a new temp folder when omitted (removed on stop). */
	userFolder?: string;
	/** Port for `n8n start`; a free one when omitted. */
	port?: number;
	/** Where n8n's own log lines go besides `<userFolder>/n8n.log` (default: nowhere). */
	onLog?: (line: string) => void;
	/** Extra environment for n8n. */
	env?: Record<string, string>;
}

/** One isolated n8n: its own user folder, database, port and encryption key. */
export class N8nInstance {
	readonly install: N8nInstall;
	readonly userFolder: string;
	readonly port: number;
	readonly baseUrl: string;
	readonly logFile: string;
	private readonly ownsUserFolder: boolean;
	private readonly env: NodeJS.ProcessEnv;
	private readonly onLog?: (line: string) => void;
	private server?: ChildProcess;
	private serverExit?: Promise<void>;
	private recentLog: string[] = [];
	private apiKey?: string;

	private constructor(options: N8nInstanceOptions & { userFolder: string; port: number; runnerPort: number; ownsUserFolder: boolean }) {
		this.install = options.install;
		this.userFolder = options.userFolder;
		this.ownsUserFolder = options.ownsUserFolder;
		this.port = options.port;
		this.baseUrl = `http://127.0.0.1:${options.port}`;
		this.logFile = path.join(options.userFolder, 'n8n.log');
		this.onLog = options.onLog;
		this.env = {
			...process.env,
			N8N_USER_FOLDER: options.userFolder,
			N8N_ENCRYPTION_KEY: LOCAL_ENCRYPTION_KEY,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(options.port),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			// Each instance gets its own task-runner port, so two instances (tests, npm start) can run side by side.
			N8N_RUNNERS_BROKER_PORT: String(options.runnerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// `n8n execute` prints the run JSON only at the info level.
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			NODE_ENV: 'production',
			...options.env,
		};
		// Variables npm sets for a running script must not leak into n8n (npm start runs us).
		for (const key of Object.keys(this.env)) if (/^npm_/.test(key)) delete this.env[key];
	}

	/** Prepares an instance (folders, ports, environment); starts nothing yet. */
	static async create(options: N8nInstanceOptions): Promise<N8nInstance> {
		const ownsUserFolder = options.userFolder === undefined;
		const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wa-n8n-'));
		fs.mkdirSync(path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
		const port = options.port ?? (await freePort());
		let runnerPort = await freePort();
		while (runnerPort === port) runnerPort = await freePort();
		return new N8nInstance({ ...options, userFolder, port, runnerPort, ownsUserFolder });
	}

	/** The last lines n8n logged (server and CLI commands), for error messages. */
	logTail(count = 40): string {
		return this.recentLog.slice(-count).join('\n') || '(n8n logged nothing)';
	}

	private record(text: string): void {
		fs.appendFileSync(this.logFile, text);
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			this.recentLog.push(line);
			this.onLog?.(line);
		}
		if (this.recentLog.length > LOG_LINES_KEPT) this.recentLog.splice(0, this.recentLog.length - LOG_LINES_KEPT);
	}

	/** Runs an n8n CLI command (import, execute, …) to its end. */
	async cli(args: string[], timeoutMs = 180_000): Promise<CommandResult> {
		this.record(`\n$ n8n ${args.join(' ')}\n`);
		const result = await runCommand(this.install.nodeBin, [this.install.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env,
			timeoutMs,
			label: `n8n ${args[0]}`,
		}).catch((error: Error) => {
			this.record(`${error.message}\n`);
			throw error;
		});
		this.record(result.stdout + result.stderr);
		return result;
	}

	private async cliOrThrow(args: string[], timeoutMs?: number): Promise<CommandResult> {
		const result = await this.cli(args, timeoutMs);
		if (result.code !== 0) throw new Error(`\`n8n ${args.join(' ')}\` failed (exit ${result.code}). Last lines:\n${lastLines(result.stdout + result.stderr, 30)}`);
		return result;
	}

	/** Installs a packed package (see packOurPackage) into `<userFolder>/.n8n/nodes`, where n8n loads community packages. */
	async installPackage(tarball: string): Promise<void> {
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		const manifest = path.join(nodesDir, 'package.json');
		if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
		// --legacy-peer-deps: n8n-workflow is a peer and must come from n8n itself, not a second copy.
		const result = await runCommand(
			npmCommand,
			['install', tarball, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline'],
			{ cwd: nodesDir, env: cleanNpmEnv(), timeoutMs: 180_000, label: 'npm install (our package into n8n)' },
		);
		if (result.code !== 0) throw new Error(`Installing ${path.basename(tarball)} into n8n failed (exit ${result.code}):\n${lastLines(result.stderr || result.stdout, 20)}`);
	}

	private writeTempJson(name: string, value: unknown): string {
		const file = path.join(this.userFolder, `${name}-${randomBytes(4).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/** Imports credentials (plain data is encrypted with the instance key); an existing id is overwritten. */
	async importCredentials(credentials: N8nCredentialSeed[]): Promise<void> {
		const file = this.writeTempJson('credentials', credentials);
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Imports workflows (give each an `id` to address it later). */
	async importWorkflows(workflows: N8nWorkflow[]): Promise<void> {
		const file = this.writeTempJson('workflows', workflows);
		try {
			await this.cliOrThrow(['import:workflow', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Runs an imported workflow from its Manual Trigger with `n8n execute --id` and parses the run data it prints. */
	async execute(workflowId: string, timeoutMs = 180_000): Promise<N8nCliRun> {
		const result = await this.cli(['execute', `--id=${workflowId}`], timeoutMs);
		const output = result.stdout + result.stderr;
		const parsed = extractRunJson(result.stdout) ?? extractRunJson(output);
		if (!parsed) {
			throw new Error(`\`n8n execute --id=${workflowId}\` printed no run data (exit ${result.code}). Last lines:\n${lastLines(output, 40)}`);
		}
		return { ok: result.code === 0 && !parsed.data?.resultData.error, status: parsed.status, data: parsed.data, exitCode: result.code, output };
	}

	/** Starts `n8n start` and resolves once the editor and webhooks are served. */
	async start(timeoutMs = 180_000): Promise<void> {
		if (this.server) throw new Error('n8n is already running for this instance.');
		const child = spawn(this.install.nodeBin, [this.install.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		track(child);
		this.server = child;
		this.record(`\n$ n8n start (port ${this.port})\n`);
		let ready = false;
		const readyPromise = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new Error(`n8n did not become ready within ${Math.round(timeoutMs / 1000)} s (waiting for "${READY_LINE}"). Last lines of its log (${this.logFile}):\n${this.logTail()}`));
			}, timeoutMs);
			let pending = '';
			const onData = (chunk: Buffer): void => {
				const text = pending + chunk.toString();
				const cut = text.lastIndexOf('\n');
				pending = cut === -1 ? text : text.slice(cut + 1);
				if (cut === -1) return;
				this.record(text.slice(0, cut + 1));
				if (!ready && text.includes(READY_LINE)) {
					ready = true;
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout!.on('data', onData);
			child.stderr!.on('data', onData);
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				if (pending) this.record(`${pending}\n`);
				if (!ready) reject(new Error(`n8n exited before it was ready (${signal ?? `exit code ${code}`}). Last lines of its log (${this.logFile}):\n${this.logTail()}`));
			});
		});
		this.serverExit = new Promise((resolve) => child.once('exit', () => resolve()));
		try {
			await readyPromise;
		} catch (error) {
			await this.stopServer();
			throw error;
		}
	}

	/** The production URL of a trigger's webhook (`/webhook/<webhookId>/<path>`). */
	webhookUrl(webhookId: string, webhookPath = 'webhook'): string {
		return `${this.baseUrl}/webhook/${webhookId}/${webhookPath}`;
	}

	/** Sends a request to the running n8n; throws on a network error, returns any HTTP status. */
	async http(method: string, urlPath: string, options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
		if (!this.server) throw new Error('n8n is not running; call start() first.');
		const headers: Record<string, string> = { ...options.headers };
		let body: string | undefined = options.rawBody;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['content-type'] ??= 'application/json';
		}
		const response = await fetch(`${this.baseUrl}${urlPath}`, { method, headers, body, signal: AbortSignal.timeout(60_000) });
		const text = await response.text();
		return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
	}

	/**
	 * Creates the owner account on a fresh instance, or logs in as it when the user folder already has
	 * one. Returns the session cookie for the internal REST API.
	 */
	async setupOwner(owner: { email: string; firstName: string; lastName: string; password: string } = LOCAL_OWNER): Promise<string> {
		const setup = await this.http('POST', '/rest/owner/setup', { body: owner });
		if (setup.status === 200) return cookieOf(setup.headers);
		const login = await this.http('POST', '/rest/login', { body: { emailOrLdapLoginId: owner.email, password: owner.password } });
		if (login.status !== 200) {
			throw new Error(`Owner setup failed (HTTP ${setup.status}: ${setup.text.slice(0, 300)}) and logging in as ${owner.email} failed too (HTTP ${login.status}: ${login.text.slice(0, 300)}).`);
		}
		return cookieOf(login.headers);
	}

	/** Creates an API key with every scope the instance offers and keeps it for publicApi(). */
	async createApiKey(cookie: string): Promise<string> {
		const scopesResponse = await this.http('GET', '/rest/api-keys/scopes', { headers: { cookie } });
		const scopes = scopesResponse.status === 200 ? ((scopesResponse.json() as { data?: string[] }).data ?? []) : [];
		const created = await this.http('POST', '/rest/api-keys', {
			headers: { cookie },
			body: { label: `local-${Date.now()}`, scopes, expiresAt: null },
		});
		if (created.status !== 200) throw new Error(`Creating an n8n API key failed (HTTP ${created.status}): ${created.text.slice(0, 500)}`);
		const key = (created.json() as { data?: { rawApiKey?: string; apiKey?: string } }).data;
		const apiKey = key?.rawApiKey ?? key?.apiKey;
		if (!apiKey) throw new Error(`n8n answered the API key request without a key: ${created.text.slice(0, 300)}`);
		this.apiKey = apiKey;
		return apiKey;
	}

	/** Owner (created or logged in) plus an API key for the public API; returns the key. */
	async setupOwnerAndApiKey(owner?: { email: string; firstName: string; lastName: string; password: string }): Promise<string> {
		return this.createApiKey(await this.setupOwner(owner));
	}

	/** Calls n8n's public API (`/api/v1/...`) with the API key; throws on a non-2xx answer. */
	async publicApi<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('No API key yet; call setupOwnerAndApiKey() first.');
		const response = await this.http(method, `/api/v1${apiPath}`, { body, headers: { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json' } });
		if (response.status < 200 || response.status > 299) {
			throw new Error(`n8n public API ${method} ${apiPath} answered HTTP ${response.status}: ${response.text.slice(0, 800)}\nLast lines of n8n's log:\n${this.logTail(20)}`);
		}
		return (response.text ? response.json() : undefined) as T;
	}

	/**
	 * Activates (publishes) a workflow through the public API, which registers its triggers' webhooks,
	 * then waits (bounded) until each given production webhook path takes POSTs: newer n8n (2.41)
	 * registers them a moment after the API call returns.
	 * @param webhookPaths paths under `/webhook/`, e.g. `<webhookId>/webhook` or `my-hook`.
	 */
	async activate(workflowId: string, webhookPaths: string[] = [], timeoutMs = 30_000): Promise<void> {
		await this.publicApi('POST', `/workflows/${workflowId}/activate`);
		const deadline = Date.now() + timeoutMs;
		for (const webhookPath of webhookPaths) {
			// A CORS preflight looks the webhook up without running the workflow: an error status (404 on
			// 2.8.4, 500 on 2.41) until it is registered for POST, then 204.
			const preflight = { origin: this.baseUrl, 'access-control-request-method': 'POST' };
			for (;;) {
				const { status } = await this.http('OPTIONS', `/webhook/${webhookPath}`, { headers: preflight });
				if (status >= 200 && status < 300) break;
				if (Date.now() > deadline) {
					throw new Error(`Workflow ${workflowId} is active but /webhook/${webhookPath} is still not registered after ${Math.round(timeoutMs / 1000)} s. Last lines of n8n's log:\n${this.logTail()}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}

	/** Executions of a workflow, newest first, with their run data. */
	async executions(workflowId: string): Promise<N8nExecution[]> {
		const page = await this.publicApi<{ data: N8nExecution[] }>('GET', `/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=100`);
		return page.data;
	}

	/** Waits (bounded) until a workflow has at least `count` finished executions; returns them newest first. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<N8nExecution[]> {
		const deadline = Date.now() + timeoutMs;
		let seen: N8nExecution[] = [];
		while (Date.now() < deadline) {
			seen = (await this.executions(workflowId)).filter((execution) => execution.status !== 'running' && execution.status !== 'new' && execution.status !== 'waiting');
			if (seen.length >= count) return seen;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`Workflow ${workflowId} has ${seen.length} finished execution(s) after ${Math.round(timeoutMs / 1000)} s; expected ${count}. Last lines of n8n's log:\n${this.logTail()}`);
	}

	/** Resolves when the started n8n exits (on its own or through stop()). */
	async waitForExit(): Promise<void> {
		if (!this.serverExit) throw new Error('n8n was not started.');
		await this.serverExit;
	}

	private async stopServer(): Promise<void> {
		const child = this.server;
		if (!child) return;
		this.server = undefined;
		killGroup(child, 'SIGTERM');
		const exited = await Promise.race([this.serverExit!.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000).unref())]);
		if (!exited) {
			killGroup(child, 'SIGKILL');
			await Promise.race([this.serverExit!, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
		}
		// The task runner and anything else n8n started share its group; make sure none outlives it.
		if (child.pid !== undefined) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* group gone */
			}
		}
	}

	/** Stops n8n (whole process group) and removes the temp user folder it created. */
	async stop(): Promise<void> {
		await this.stopServer();
		if (this.ownsUserFolder && !process.env.N8N_E2E_KEEP) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

function cookieOf(headers: Headers): string {
	const cookies = headers.getSetCookie?.() ?? [];
	const auth = cookies.map((cookie) => cookie.split(';')[0]).filter(Boolean);
	if (!auth.length) throw new Error('n8n did not set a login cookie.');
	return auth.join('; ');
}
