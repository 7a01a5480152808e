/**
 * One isolated n8n: its own user folder, database, ports, encryption key and offline environment.
 * The CLI commands, the HTTP API and the packaging live in their own modules; this class holds the
 * process (`n8n start`), the log, and delegates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { executeWorkflow, importCredentials, importWorkflows, runN8nCli, type N8nCliHost } from './cliCommands';
import type { N8nInstall } from './install';
import { installPackageInto } from './ourPackage';
import { freePort, killGroup, killLeftovers, track, type CommandResult } from './processes';
import { N8nApi, type N8nHttpResponse, type N8nOwner } from './restApi';
import type { N8nCredentialSeed } from './sandboxCredentials';
import { within } from './waits';
import type { N8nCliRun, N8nExecution, N8nWorkflow } from './workflows';

/** Fixed so credentials imported in one run can be decrypted by the next (local use only, never production). */
export const LOCAL_ENCRYPTION_KEY = 'whatsapp-numbers-local-n8n-encryption-key';

const READY_LINE = 'Editor is now accessible';
const LOG_LINES_KEPT = 400;

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

/** The environment of an isolated, offline local n8n. */
function n8nEnv(options: { userFolder: string; port: number; runnerPort: number; env?: Record<string, string> }): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
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
		// `n8n execute` prints the run JSON through n8n's logger, at the info level.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
		...options.env,
	};
	// Variables npm sets for a running script must not leak into n8n (npm start runs us).
	for (const key of Object.keys(env)) if (/^npm_/.test(key)) delete env[key];
	return env;
}

export class N8nInstance implements N8nCliHost {
	readonly install: N8nInstall;
	readonly userFolder: string;
	readonly port: number;
	readonly baseUrl: string;
	readonly logFile: string;
	readonly env: NodeJS.ProcessEnv;
	private readonly ownsUserFolder: boolean;
	private readonly onLog?: (line: string) => void;
	private readonly api: N8nApi;
	private server?: ChildProcess;
	private serverExit?: Promise<void>;
	private recentLog: string[] = [];

	private constructor(options: N8nInstanceOptions & { userFolder: string; port: number; runnerPort: number; ownsUserFolder: boolean }) {
		this.install = options.install;
		this.userFolder = options.userFolder;
		this.ownsUserFolder = options.ownsUserFolder;
		this.port = options.port;
		this.baseUrl = `http://127.0.0.1:${options.port}`;
		this.logFile = path.join(options.userFolder, 'n8n.log');
		this.onLog = options.onLog;
		this.env = n8nEnv(options);
		this.api = new N8nApi({ baseUrl: this.baseUrl, isRunning: () => this.server !== undefined, logTail: (count) => this.logTail(count) });
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

	record(text: string): void {
		fs.appendFileSync(this.logFile, text);
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			this.recentLog.push(line);
			this.onLog?.(line);
		}
		if (this.recentLog.length > LOG_LINES_KEPT) this.recentLog.splice(0, this.recentLog.length - LOG_LINES_KEPT);
	}

	/** Runs an n8n CLI command (import, execute, …) to its end. */
	cli(args: string[], timeoutMs = 180_000): Promise<CommandResult> {
		return runN8nCli(this, args, { timeoutMs });
	}

	/** Installs a packed package (see packOurPackage) into `<userFolder>/.n8n/nodes`, where n8n loads community packages. */
	installPackage(tarball: string): Promise<void> {
		return installPackageInto(this.userFolder, tarball);
	}

	/** Imports credentials (plain data is encrypted with the instance key); an existing id is overwritten. */
	importCredentials(credentials: N8nCredentialSeed[]): Promise<void> {
		return importCredentials(this, credentials);
	}

	/** Imports workflows (give each an `id` to address it later). */
	importWorkflows(workflows: N8nWorkflow[]): Promise<void> {
		return importWorkflows(this, workflows);
	}

	/**
	 * Runs an imported workflow from its Manual Trigger with `n8n execute --id` and parses its run
	 * data (read from a file, so runs of any size come back whole). `onSpawn` gets the pid of the
	 * process group that runs it (n8n and its task runner).
	 */
	execute(workflowId: string, timeoutMs = 180_000, options: { onSpawn?: (pid: number) => void } = {}): Promise<N8nCliRun> {
		return executeWorkflow(this, workflowId, { timeoutMs, onSpawn: options.onSpawn });
	}

	/** The pid of the running `n8n start` (its process group holds the task runner), if started. */
	get serverPid(): number | undefined {
		return this.server?.pid;
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
	http(method: string, urlPath: string, options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<N8nHttpResponse> {
		return this.api.http(method, urlPath, options);
	}

	/**
	 * Creates the owner account on a fresh instance, or logs in as it when the user folder already has
	 * one. Returns the session cookie for the internal REST API.
	 */
	setupOwner(owner?: N8nOwner): Promise<string> {
		return this.api.setupOwner(owner);
	}

	/** Creates an API key with every scope the instance offers and keeps it for publicApi(). */
	createApiKey(cookie: string): Promise<string> {
		return this.api.createApiKey(cookie);
	}

	/** Owner (created or logged in) plus an API key for the public API; returns the key. */
	async setupOwnerAndApiKey(owner?: N8nOwner): Promise<string> {
		return this.api.createApiKey(await this.api.setupOwner(owner));
	}

	/** Calls n8n's public API (`/api/v1/...`) with the API key; throws on a non-2xx answer. */
	publicApi<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
		return this.api.publicApi<T>(method, apiPath, body);
	}

	/**
	 * Activates (publishes) a workflow, then waits (bounded) until each given production webhook path
	 * takes POSTs. @param webhookPaths paths under `/webhook/`, e.g. `<webhookId>/webhook` or `my-hook`.
	 */
	activate(workflowId: string, webhookPaths: string[] = [], timeoutMs = 30_000): Promise<void> {
		return this.api.activate(workflowId, webhookPaths, timeoutMs);
	}

	/** Executions of a workflow, newest first, with their run data. */
	executions(workflowId: string): Promise<N8nExecution[]> {
		return this.api.executions(workflowId);
	}

	/** Waits (bounded) until a workflow has at least `count` finished executions; returns them newest first. */
	waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<N8nExecution[]> {
		return this.api.waitForExecutions(workflowId, count, timeoutMs);
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
		if (!(await within(this.serverExit!.then(() => true), 15_000, false))) {
			killGroup(child, 'SIGKILL');
			await within(this.serverExit!, 5_000, undefined);
		}
		// The task runner and anything else n8n started share its group; make sure none outlives it.
		killLeftovers(child.pid);
	}

	/** Stops n8n (whole process group) and removes the temp user folder it created. */
	async stop(): Promise<void> {
		await this.stopServer();
		if (this.ownsUserFolder && !process.env.N8N_E2E_KEEP) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}
