/**
 * The Graph API client: builds versioned URLs, sends through the injected transport, turns Meta's
 * error envelope into WhatsAppError, and retries only what is safe to repeat.
 */
import { TextScope, THROUGHPUT_CODE, WhatsAppError } from './errors';
import { Download, Interpretation, interpretDownload, interpretJson } from './answers';
import { Redactor } from './redact';
import { settle, settleSync } from './settle';
import { HttpRequest, HttpResponse, Runtime, TransportFailure } from './runtime';
import { backoff, DEFAULT_RETRY, mayRetry, RetryOptions, RetryPolicy } from './retry';
import { mayReceiveToken, tokenHostRefused } from './tokenHosts';

export { DEFAULT_RETRY } from './retry';
export type { Download } from './answers';
export type { RetryOptions, RetryPolicy } from './retry';

/** The newest Graph API version documented in docs/meta-api.md §5. */
export const DEFAULT_API_VERSION = 'v25.0';
export const DEFAULT_BASE_URL = 'https://graph.facebook.com';

export interface ClientConfig {
	/**
	 * System-user or business token. Leave undefined when the transport authenticates
	 * (n8n's httpRequestWithAuthentication adds the header from the credential).
	 */
	accessToken?: string;
	/** WhatsApp Business Account ID, needed by WABA-level operations. */
	wabaId?: string;
	/**
	 * The Meta app the access token belongs to. Only the Resumable Upload API needs it (a business
	 * profile picture, docs/meta-messaging.md §7): files are uploaded to `/<APP_ID>/uploads`.
	 */
	appId?: string;
	/** `v25.0` by default. */
	apiVersion?: string;
	/** `https://graph.facebook.com` by default; the sandbox or a test server otherwise. */
	baseUrl?: string;
	retry?: Partial<RetryOptions>;
	timeoutMs?: number;
	/**
	 * Other secrets this client's errors and logs must never show, e.g. the token n8n adds itself
	 * or an app secret. The access token above is always included.
	 */
	knownSecrets?: readonly unknown[];
}

export interface GraphRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path below the version, e.g. `123/register`. */
	path: string;
	query?: Record<string, string | number | boolean | undefined>;
	json?: unknown;
	/** A body of bytes (a multipart upload, a file) with its Content-Type; instead of `json`. */
	body?: { contentType: string; data: Uint8Array };
	/** Headers Meta reads besides the body (the resumable upload's `file_offset`). */
	headers?: Record<string, string>;
	retry: RetryPolicy;
	/** Operation id, carried into errors. */
	operation?: string;
	/**
	 * For calls that change something: how to check whether it happened, said when the outcome is
	 * unknown (a 5xx, an unreadable answer, or a connection lost after connecting).
	 */
	checkBeforeRepeating?: string;
	/**
	 * The caller paces these calls itself (a batch send): Meta's throughput answer (130429) comes
	 * back at once instead of being repeated here, outside the caller's pacing.
	 */
	pacedByCaller?: boolean;
}

/** What an exchange needs to know about the call: how to retry it and how to name it in logs and errors. */
type ExchangeSpec = Pick<GraphRequest, 'method' | 'path' | 'retry' | 'operation' | 'checkBeforeRepeating' | 'pacedByCaller'>;


const DEFAULT_CHECK_BEFORE_REPEATING =
	'The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.';

export class GraphClient {
	readonly wabaId?: string;
	readonly appId?: string;
	readonly apiVersion: string;
	readonly baseUrl: string;
	readonly runtime: Runtime;
	/** The secrets of this client (its token and `knownSecrets`); a run's secrets live in a child. */
	readonly redactor: Redactor;
	/**
	 * What this client and every run of it (`forRun`) remember between operations, by the key of the
	 * module that stores it (e.g. which numbers are coexistence numbers, so many items read it once).
	 */
	readonly memory: Map<string, unknown>;
	private readonly config: ClientConfig;
	private readonly accessToken?: string;
	private readonly retryOptions: RetryOptions;
	private readonly timeoutMs: number;

	/** `redactor`: the scope to use instead of a new one; `memory`: the parent's (see `forRun`). */
	constructor(config: ClientConfig, runtime: Runtime, redactor?: Redactor, memory?: Map<string, unknown>) {
		this.redactor = redactor ?? new Redactor([config.accessToken, ...(config.knownSecrets ?? [])]);
		this.memory = memory ?? new Map();
		const scope: TextScope = { redactor: this.redactor, labels: runtime.labels };
		const version = (config.apiVersion ?? DEFAULT_API_VERSION).trim();
		if (!/^v\d{1,3}\.\d$/.test(version)) {
			throw new WhatsAppError(
				{
					category: 'invalid_input',
					message: `Graph API Version: "${version}" is not a version.`,
					nextStep: `Use the form v25.0 (default ${DEFAULT_API_VERSION}).`,
					retry: { action: 'fix_and_retry' },
					field: 'apiVersion',
				},
				scope,
			);
		}
		const base = settleSync(() => new URL(config.baseUrl?.trim() || DEFAULT_BASE_URL));
		if (!base.ok) {
			throw new WhatsAppError(
				{
					category: 'invalid_input',
					message: `Base URL: "${config.baseUrl}" is not a URL.`,
					nextStep: `Leave it empty for ${DEFAULT_BASE_URL}, or enter the sandbox URL.`,
					retry: { action: 'fix_and_retry' },
					field: 'baseUrl',
				},
				scope,
			);
		}
		this.config = config;
		this.accessToken = config.accessToken?.trim() || undefined;
		this.wabaId = config.wabaId?.trim() || undefined;
		this.appId = config.appId?.trim() || undefined;
		this.apiVersion = version;
		this.baseUrl = base.value.toString().replace(/\/+$/, '');
		this.runtime = runtime;
		this.retryOptions = { ...DEFAULT_RETRY, ...config.retry };
		this.timeoutMs = config.timeoutMs ?? 30_000;
	}

	/** Whose secrets this client's errors mask, and the platform's names for operations. */
	get scope(): TextScope {
		return { redactor: this.redactor, labels: this.runtime.labels };
	}

	/**
	 * The same client for one operation run: its errors, logs and output also mask `secrets` (a PIN,
	 * an OTP), which are forgotten with it, so they never touch another run's data.
	 */
	forRun(secrets: readonly unknown[] = []): GraphClient {
		return new GraphClient(this.config, this.runtime, this.redactor.child(secrets), this.memory);
	}

	/** The WABA ID, or a clear error when the credentials lack it. */
	requireWabaId(): string {
		if (!this.wabaId) throw this.missingSetting('wabaId', 'WhatsApp Business Account ID is missing.', 'Add the WABA ID to {connection} (WhatsApp Manager → Account tools → Business account ID).');
		return this.wabaId;
	}

	/** The Meta app ID, or a clear error when the connection lacks it. */
	requireAppId(operation?: string): string {
		if (!this.appId) {
			throw this.missingSetting(
				'appId',
				'Meta App ID is missing: changing the profile picture goes through the upload API of the Meta app your access token belongs to.',
				'Add the App ID to {connection} (Meta App Dashboard → App settings → Basic → App ID), or leave the picture empty.',
				operation,
			);
		}
		return this.appId;
	}

	/** A setting of the connection that an operation needs and is not there: fixed where the token is set. */
	private missingSetting(field: string, message: string, nextStep: string, operation?: string): WhatsAppError {
		return new WhatsAppError({ category: 'invalid_input', message, nextStep, retry: { action: 'fix_and_retry' }, field, operation }, this.scope);
	}

	/** The Graph URL of `path`; a path that carries its own query (an upload session's `?sig=`) keeps it. */
	url(path: string, query?: GraphRequest['query']): string {
		const search = new URLSearchParams();
		for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
		const qs = search.toString();
		const relative = path.replace(/^\/+/, '');
		return `${this.baseUrl}/${this.apiVersion}/${relative}${qs ? `${relative.includes('?') ? '&' : '?'}${qs}` : ''}`;
	}

	/** Sends a request and returns Meta's parsed JSON, or throws WhatsAppError. */
	async request<T = Record<string, unknown>>(spec: GraphRequest): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
		if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
		const http: HttpRequest = { method: spec.method, url: this.url(spec.path, spec.query), headers, timeoutMs: this.timeoutMs };
		if (spec.json !== undefined) {
			headers['content-type'] = 'application/json';
			http.body = JSON.stringify(spec.json);
		} else if (spec.body !== undefined) {
			headers['content-type'] = spec.body.contentType;
			http.bodyBytes = spec.body.data;
		}
		return this.exchange(http, spec, (response) => interpretJson<T>(response, spec.operation, this.scope, this.runtime.now()));
	}

	/**
	 * Downloads a file from a URL Meta gave (a media URL is not a Graph path) with the access token,
	 * which only Meta's media host or the Base URL's origin may receive (tokenHosts.ts): any other URL
	 * is refused before a request exists. A read: retried like one.
	 */
	async download(url: string, operation: string): Promise<Download> {
		const target = settleSync(() => new URL(url));
		if (!target.ok || !mayReceiveToken(target.value, new URL(this.baseUrl))) throw tokenHostRefused(url, operation, this.scope);
		const headers: Record<string, string> = { accept: '*/*' };
		if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
		const http: HttpRequest = { method: 'GET', url: target.value.toString(), headers, responseType: 'binary', timeoutMs: this.timeoutMs };
		// The URL stays out of logs and errors: the path names what was fetched instead.
		const spec: ExchangeSpec = { method: 'GET', path: 'the media file', retry: 'read', operation };
		return this.exchange(http, spec, (response) => interpretDownload(response, operation, this.scope, this.runtime.now()));
	}

	/** Sends `http` until it succeeds, fails for good, or its retry policy says stop. */
	private async exchange<T>(http: HttpRequest, spec: ExchangeSpec, interpret: (response: HttpResponse) => Interpretation<T>): Promise<T> {
		const { maxAttempts } = this.retryOptions;
		for (let attempt = 1; ; attempt++) {
			let failure: WhatsAppError;
			let retryable: boolean;
			const sent = await settle(this.runtime.transport.send(http));
			if (sent.ok) {
				const outcome = interpret(sent.value);
				if (outcome.ok) return outcome.value;
				failure = this.outcomeUnknown(outcome.error, spec) ? this.unsure(outcome.error, spec) : outcome.error;
				retryable = mayRetry(spec.retry, failure) && !(spec.pacedByCaller && failure.code === THROUGHPUT_CODE);
			} else {
				if (!(sent.error instanceof TransportFailure)) throw sent.error;
				failure = this.transportError(sent.error, spec);
				retryable = spec.retry === 'read' || (spec.retry === 'send' && !sent.error.requestSent);
			}
			const delay = backoff(this.retryOptions, attempt, failure.retry.afterMs, () => this.runtime.random());
			if (!retryable || attempt >= maxAttempts || delay === undefined) throw failure;
			this.runtime.log?.('warn', this.redactor.redact(`${spec.method} ${spec.path}: ${failure.summary} Retrying in ${Math.round(delay)} ms (attempt ${attempt + 1} of ${maxAttempts}).`));
			await this.runtime.sleep(delay);
		}
	}

	/** Follows Meta's cursor paging and returns every `data` item. */
	async requestAllPages<T>(spec: Omit<GraphRequest, 'method'>, maxPages = 100): Promise<T[]> {
		const items: T[] = [];
		let after: string | undefined;
		for (let page = 0; page < maxPages; page++) {
			const response = await this.request<{ data?: T[]; paging?: { next?: string; cursors?: { after?: string } } }>({
				...spec,
				method: 'GET',
				query: { ...spec.query, ...(after ? { after } : {}) },
			});
			items.push(...(response.data ?? []));
			after = response.paging?.next ? response.paging.cursors?.after : undefined;
			if (!after) return items;
		}
		return items;
	}

	private transportError(error: TransportFailure, spec: ExchangeSpec): WhatsAppError {
		const failure = new WhatsAppError(
			{
				category: 'transient',
				message: `Could not reach Meta (${error.reason}): ${error.message}.`,
				nextStep: 'Check the network and the Base URL in {connection}, then try again.',
				retry: { action: 'retry', afterMs: 1_000 },
				operation: spec.operation,
			},
			this.scope,
		);
		return error.requestSent && spec.retry !== 'read' ? this.unsure(failure, spec) : failure;
	}

	/**
	 * A server error or an unreadable answer to a call that changes something: Meta may have applied
	 * it (a 4xx is a refusal, so nothing happened there). Repeating blindly could register twice or
	 * send a message twice, whatever the catalog says about the code.
	 */
	private outcomeUnknown(error: WhatsAppError, spec: ExchangeSpec): boolean {
		if (spec.retry === 'read' || error.category !== 'transient' || error.httpStatus === undefined) return false;
		return error.httpStatus < 400 || error.httpStatus >= 500;
	}

	/** The same failure, told as "may have happened: check before repeating", never to be retried. */
	private unsure(error: WhatsAppError, spec: ExchangeSpec): WhatsAppError {
		return error.within(this.scope, { nextStep: spec.checkBeforeRepeating ?? DEFAULT_CHECK_BEFORE_REPEATING, retry: { action: 'do_not_retry' } });
	}
}
