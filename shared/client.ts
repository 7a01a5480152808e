/**
 * The Graph API client: builds versioned URLs, sends through the injected transport, turns Meta's
 * error envelope into WhatsAppError, and retries only what is safe to repeat.
 */
import { fromMetaError, MetaErrorObject, TextScope, WhatsAppError } from './errors';
import { Redactor } from './redact';
import { settle, settleSync } from './settle';
import { HttpRequest, HttpResponse, Runtime, TransportFailure } from './runtime';

/** The newest Graph API version documented in docs/meta-api.md §5. */
export const DEFAULT_API_VERSION = 'v25.0';
export const DEFAULT_BASE_URL = 'https://graph.facebook.com';

export interface RetryOptions {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not slept through: the error is thrown with its hint. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export interface ClientConfig {
	/**
	 * System-user or business token. Leave undefined when the transport authenticates
	 * (n8n's httpRequestWithAuthentication adds the header from the credential).
	 */
	accessToken?: string;
	/** WhatsApp Business Account ID, needed by WABA-level operations. */
	wabaId?: string;
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

/**
 * How a call may be repeated:
 * - `read`: idempotent; retry transport failures, 5xx, throttling and transient codes;
 * - `send`: retry only when Meta cannot have accepted it (connection refused, throttling answers);
 * - `never`: Meta counts it or it changes state ambiguously (register, request_code, PIN…).
 */
export type RetryPolicy = 'read' | 'send' | 'never';

export interface GraphRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path below the version, e.g. `123/register`. */
	path: string;
	query?: Record<string, string | number | boolean | undefined>;
	json?: unknown;
	retry: RetryPolicy;
	/** Operation id, carried into errors. */
	operation?: string;
	/**
	 * For calls that change something: how to check whether it happened, said when the outcome is
	 * unknown (a 5xx, an unreadable answer, or a connection lost after connecting).
	 */
	checkBeforeRepeating?: string;
}

const DEFAULT_CHECK_BEFORE_REPEATING =
	'The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.';

/** Pair rate limit (docs/meta-api.md §4.2): a repeat to the same person soon after is refused again. */
const PAIR_RATE_LIMIT_CODE = 131056;

function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class GraphClient {
	readonly wabaId?: string;
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
		if (!this.wabaId) {
			throw new WhatsAppError(
				{
					category: 'invalid_input',
					message: 'WhatsApp Business Account ID is missing.',
					nextStep: 'Add the WABA ID to {connection} (WhatsApp Manager → Account tools → Business account ID).',
					retry: { action: 'fix_and_retry' },
					field: 'wabaId',
				},
				this.scope,
			);
		}
		return this.wabaId;
	}

	url(path: string, query?: GraphRequest['query']): string {
		const search = new URLSearchParams();
		for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
		const qs = search.toString();
		return `${this.baseUrl}/${this.apiVersion}/${path.replace(/^\/+/, '')}${qs ? `?${qs}` : ''}`;
	}

	/** Sends a request and returns Meta's parsed JSON, or throws WhatsAppError. */
	async request<T = Record<string, unknown>>(spec: GraphRequest): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
		const http: HttpRequest = { method: spec.method, url: this.url(spec.path, spec.query), headers, timeoutMs: this.timeoutMs };
		if (spec.json !== undefined) {
			headers['content-type'] = 'application/json';
			http.body = JSON.stringify(spec.json);
		}
		const { maxAttempts } = this.retryOptions;
		for (let attempt = 1; ; attempt++) {
			let failure: WhatsAppError;
			let retryable: boolean;
			const sent = await settle(this.runtime.transport.send(http));
			if (sent.ok) {
				const outcome = this.interpret<T>(sent.value, spec);
				if (outcome.ok) return outcome.value;
				failure = this.outcomeUnknown(outcome.error, spec) ? this.unsure(outcome.error, spec) : outcome.error;
				retryable = this.mayRetry(spec.retry, failure);
			} else {
				if (!(sent.error instanceof TransportFailure)) throw sent.error;
				failure = this.transportError(sent.error, spec);
				retryable = spec.retry === 'read' || (spec.retry === 'send' && !sent.error.requestSent);
			}
			const delay = this.backoff(attempt, failure.retry.afterMs);
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

	private interpret<T>(response: HttpResponse, spec: GraphRequest): { ok: true; value: T } | { ok: false; error: WhatsAppError } {
		let body: unknown;
		try {
			body = response.body === '' ? {} : JSON.parse(response.body);
		} catch {
			return {
				ok: false,
				error: new WhatsAppError(
					{
						category: 'transient',
						message: `Meta answered HTTP ${response.status} with a body that is not JSON.`,
						nextStep: response.status >= 500 || response.status < 400 ? 'Retry in a moment; if it keeps happening, check the Base URL in {connection}.' : 'Check the Base URL in {connection}.',
						retry: { action: 'retry', afterMs: 1_000 },
						httpStatus: response.status,
						operation: spec.operation,
					},
					this.scope,
				),
			};
		}
		const envelope = body as { error?: MetaErrorObject };
		if (response.status >= 200 && response.status < 300 && !envelope?.error) return { ok: true, value: body as T };
		const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.runtime.now());
		return {
			ok: false,
			error: fromMetaError(envelope?.error ?? {}, { httpStatus: response.status, retryAfterMs, operation: spec.operation, scope: this.scope }),
		};
	}

	private mayRetry(policy: RetryPolicy, error: WhatsAppError): boolean {
		if (policy === 'never') return false;
		// Meta refused these outright, so nothing was accepted and a repeat is safe even for a send.
		if (policy === 'send') return error.isThrottling && error.code !== PAIR_RATE_LIMIT_CODE;
		return error.isThrottling || error.category === 'transient' || (error.httpStatus ?? 0) >= 500;
	}

	private transportError(error: TransportFailure, spec: GraphRequest): WhatsAppError {
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
	private outcomeUnknown(error: WhatsAppError, spec: GraphRequest): boolean {
		if (spec.retry === 'read' || error.category !== 'transient' || error.httpStatus === undefined) return false;
		return error.httpStatus < 400 || error.httpStatus >= 500;
	}

	/** The same failure, told as "may have happened: check before repeating", never to be retried. */
	private unsure(error: WhatsAppError, spec: GraphRequest): WhatsAppError {
		return error.within(this.scope, { nextStep: spec.checkBeforeRepeating ?? DEFAULT_CHECK_BEFORE_REPEATING, retry: { action: 'do_not_retry' } });
	}

	/** Exponential backoff with jitter; undefined when the wait would be too long to sleep through. */
	private backoff(attempt: number, retryAfterMs: number | undefined): number | undefined {
		const { baseDelayMs, maxDelayMs, maxRetryAfterMs } = this.retryOptions;
		const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
		const jittered = exponential / 2 + this.runtime.random() * (exponential / 2);
		if (retryAfterMs === undefined) return jittered;
		if (retryAfterMs > maxRetryAfterMs) return undefined;
		// Retry-After (or the catalog's hint) is a floor; jitter keeps parallel callers apart.
		return Math.max(jittered, retryAfterMs + this.runtime.random() * Math.min(1_000, baseDelayMs));
	}
}
