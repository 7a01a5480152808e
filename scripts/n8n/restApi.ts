/**
 * A running n8n over HTTP: plain requests, the owner account and its login cookie (internal REST
 * API), an API key, and the public API (`/api/v1`): activation, executions with their run data.
 */
import { waitFor } from './waits';
import type { N8nExecution } from './workflows';

/** The owner account created on a fresh instance (local only; printed by `npm start`). */
export const LOCAL_OWNER = {
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Sandbox-owner-1',
} as const;

export interface N8nOwner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface N8nHttpResponse {
	status: number;
	headers: Headers;
	text: string;
	json: () => unknown;
}

/** What the API client needs from the instance: its URL, whether it runs, and its log for errors. */
export interface N8nApiHost {
	readonly baseUrl: string;
	isRunning(): boolean;
	logTail(count?: number): string;
}

export class N8nApi {
	private apiKey?: string;

	constructor(private readonly host: N8nApiHost) {}

	/** Sends a request to the running n8n; throws on a network error, returns any HTTP status. */
	async http(method: string, urlPath: string, options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<N8nHttpResponse> {
		if (!this.host.isRunning()) throw new Error('n8n is not running; call start() first.');
		const headers: Record<string, string> = { ...options.headers };
		let body: string | undefined = options.rawBody;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['content-type'] ??= 'application/json';
		}
		const response = await fetch(`${this.host.baseUrl}${urlPath}`, { method, headers, body, signal: AbortSignal.timeout(60_000) });
		const text = await response.text();
		return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
	}

	/**
	 * Creates the owner account on a fresh instance, or logs in as it when the user folder already has
	 * one. Returns the session cookie for the internal REST API.
	 */
	async setupOwner(owner: N8nOwner = LOCAL_OWNER): Promise<string> {
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

	/** Calls n8n's public API (`/api/v1/...`) with the API key; throws on a non-2xx answer. */
	async publicApi<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('No API key yet; call setupOwnerAndApiKey() first.');
		const response = await this.http(method, `/api/v1${apiPath}`, { body, headers: { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json' } });
		if (response.status < 200 || response.status > 299) {
			throw new Error(`n8n public API ${method} ${apiPath} answered HTTP ${response.status}: ${response.text.slice(0, 800)}\nLast lines of n8n's log:\n${this.host.logTail(20)}`);
		}
		return (response.text ? response.json() : undefined) as T;
	}

	/**
	 * Activates (publishes) a workflow through the public API, which registers its triggers' webhooks,
	 * then waits (bounded) until each given production webhook path takes POSTs: newer n8n (2.41)
	 * registers them a moment after the API call returns.
	 */
	async activate(workflowId: string, webhookPaths: string[], timeoutMs: number): Promise<void> {
		await this.publicApi('POST', `/workflows/${workflowId}/activate`);
		const deadline = Date.now() + timeoutMs;
		// A CORS preflight looks the webhook up without running the workflow: an error status (404 on
		// 2.8.4, 500 on 2.41) until it is registered for POST, then 204.
		const preflight = { origin: this.host.baseUrl, 'access-control-request-method': 'POST' };
		for (const webhookPath of webhookPaths) {
			await waitFor(
				async () => {
					const { status } = await this.http('OPTIONS', `/webhook/${webhookPath}`, { headers: preflight });
					return status >= 200 && status < 300 ? true : undefined;
				},
				{
					timeoutMs: Math.max(deadline - Date.now(), 0),
					intervalMs: 250,
					timeoutError: () =>
						new Error(`Workflow ${workflowId} is active but /webhook/${webhookPath} is still not registered after ${Math.round(timeoutMs / 1000)} s. Last lines of n8n's log:\n${this.host.logTail()}`),
				},
			);
		}
	}

	/** Executions of a workflow, newest first, with their run data. */
	async executions(workflowId: string): Promise<N8nExecution[]> {
		const page = await this.publicApi<{ data: N8nExecution[] }>('GET', `/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=100`);
		return page.data;
	}

	/** Waits (bounded) until a workflow has at least `count` finished executions; returns them newest first. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs: number): Promise<N8nExecution[]> {
		let seen: N8nExecution[] = [];
		return waitFor(
			async () => {
				seen = (await this.executions(workflowId)).filter((execution) => execution.status !== 'running' && execution.status !== 'new' && execution.status !== 'waiting');
				return seen.length >= count ? seen : undefined;
			},
			{
				timeoutMs,
				intervalMs: 500,
				timeoutError: () =>
					new Error(`Workflow ${workflowId} has ${seen.length} finished execution(s) after ${Math.round(timeoutMs / 1000)} s; expected ${count}. Last lines of n8n's log:\n${this.host.logTail()}`),
			},
		);
	}
}

function cookieOf(headers: Headers): string {
	const cookies = headers.getSetCookie?.() ?? [];
	const auth = cookies.map((cookie) => cookie.split(';')[0]).filter(Boolean);
	if (!auth.length) throw new Error('n8n did not set a login cookie.');
	return auth.join('; ');
}
