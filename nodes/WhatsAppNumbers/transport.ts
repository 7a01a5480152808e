/**
 * The one way the n8n nodes reach Meta: the core's `HttpTransport` on top of n8n's
 * `httpRequestWithAuthentication`, so n8n adds the credential (Bearer token or app token) itself
 * and the core never sees or sets an Authorization header.
 *
 * The credential is read once per run (`getCredentials`) and handed back to n8n with every request
 * as `credentialsDecrypted` (n8n-workflow's IAdditionalCredentialOptions; n8n-core 2.8 and 2.41 use
 * it instead of reading and decrypting the credential from the database again for each request).
 */
import type { IAdditionalCredentialOptions, IAllExecuteFunctions, ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	createClient,
	GraphClient,
	HttpRequest,
	HttpResponse,
	HttpTransport,
	Runtime,
	TransportFailure,
} from '../../shared';
import { N8N_LABELS } from './labels';

/** Graph API credential: system-user token, WABA ID, API version, base URL. */
export const GRAPH_CREDENTIAL = 'whatsAppNumbersApi';
/** Meta app credential: app ID, app secret, verify token (the trigger's signatures and app subscription). */
export const APP_CREDENTIAL = 'whatsAppNumbersAppApi';

export type CredentialName = typeof GRAPH_CREDENTIAL | typeof APP_CREDENTIAL;

export interface GraphCredentials {
	accessToken?: string;
	wabaId?: string;
	appId?: string;
	apiVersion?: string;
	baseUrl?: string;
}

export interface AppCredentials {
	appId?: string;
	appSecret?: string;
	verifyToken?: string;
	apiVersion?: string;
	baseUrl?: string;
}

/** Any n8n context that can send authenticated requests (execute, load options, hooks, polls, webhooks). */
export type RequestContext = IAllExecuteFunctions;

/** Connection errors where the request certainly never reached Meta. */
const NOT_SENT: Record<string, TransportFailure['reason']> = {
	ECONNREFUSED: 'refused',
	ENOTFOUND: 'dns',
	EAI_AGAIN: 'dns',
};

/** Errors after which Meta may have received the request. */
const MAYBE_SENT: Record<string, TransportFailure['reason']> = {
	ECONNRESET: 'reset',
	EPIPE: 'reset',
	ETIMEDOUT: 'timeout',
	ECONNABORTED: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
};

/** Plain words for each reason; n8n would otherwise replace a message that contains an E-code. */
const REASON_TEXT: Record<TransportFailure['reason'], string> = {
	refused: 'the connection was refused',
	dns: 'the host name could not be found',
	timeout: 'no answer came in time',
	reset: 'the connection was dropped',
	other: 'the request failed on the way',
};

/**
 * n8n wraps the HTTP library's error in a NodeApiError. n8n-workflow 2.8's NodeApiError drops the
 * `cause` and rewrites the message ("socket hang up" becomes "…You can retry the request
 * immediately…"); it keeps the AxiosError's `code` only as its `httpCode`. Other n8n versions or
 * helpers may keep `code` or `cause`, so the whole chain is searched.
 */
function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const candidate = current as { code?: unknown; httpCode?: unknown; cause?: unknown; messages?: unknown; message?: unknown };
		for (const code of [candidate.code, candidate.httpCode]) if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		const texts = [candidate.message, ...(Array.isArray(candidate.messages) ? candidate.messages : [])];
		for (const text of texts) {
			const match = typeof text === 'string' ? /\b(E[A-Z]{4,}[A-Z_]*)\b/.exec(text) : null;
			if (match && (NOT_SENT[match[1]] || MAYBE_SENT[match[1]])) return match[1];
		}
		current = candidate.cause;
	}
	return undefined;
}

/**
 * A request that got no answer, as the core's TransportFailure (telling whether Meta may have got
 * it). Anything else (missing credentials, a cancelled execution) is returned unchanged.
 */
function asTransportFailure(error: unknown): unknown {
	const code = networkCode(error);
	if (code && NOT_SENT[code]) return new TransportFailure(REASON_TEXT[NOT_SENT[code]], NOT_SENT[code], false);
	if (code && MAYBE_SENT[code]) return new TransportFailure(REASON_TEXT[MAYBE_SENT[code]], MAYBE_SENT[code], true);
	return error;
}

/** Whatever n8n hands back as the body (text, bytes, or an object someone parsed), as text. */
function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	return JSON.stringify(body);
}

/** What n8n hands back for `encoding: 'arraybuffer'` (a Buffer; an ArrayBuffer or text from older helpers), as bytes. */
function bodyBytes(body: unknown): Uint8Array {
	if (body instanceof Uint8Array) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
	if (body instanceof ArrayBuffer) return new Uint8Array(body);
	return new TextEncoder().encode(bodyText(body));
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return out;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

/** The credential the node read, in the form n8n takes it back with a request. */
function alreadyFetched(context: RequestContext, credential: CredentialName, data: ICredentialDataDecryptedObject): IAdditionalCredentialOptions {
	const reference = context.getNode().credentials?.[credential];
	return { credentialsDecrypted: { id: reference?.id ?? '', name: reference?.name ?? credential, type: credential, data } };
}

/**
 * The core's transport inside n8n. Every status comes back as a response (the core reads Meta's
 * error envelope itself); only a request that got no answer becomes a `TransportFailure`. With a
 * credential, n8n adds it (the Graph token) to every request; with `null`, n8n's plain `httpRequest`
 * sends it with nothing added, for hosts other than Meta's (the relay).
 */
export function n8nTransport(context: RequestContext, credential: CredentialName | null, credentialData?: ICredentialDataDecryptedObject): HttpTransport {
	const fetched = credential !== null && credentialData ? alreadyFetched(context, credential, credentialData) : undefined;
	return {
		async send(request: HttpRequest): Promise<HttpResponse> {
			const binary = request.responseType === 'binary';
			const options: IHttpRequestOptions = {
				method: request.method,
				url: request.url,
				headers: { ...request.headers } as IDataObject,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				json: false,
				encoding: binary ? 'arraybuffer' : 'text',
				// n8n re-adds the credential on a redirect to another host unless told not to; the token
				// goes only where the core sent it (shared/tokenHosts.ts).
				sendCredentialsOnCrossOriginRedirect: false,
			};
			if (request.bodyBytes !== undefined) options.body = Buffer.from(request.bodyBytes.buffer, request.bodyBytes.byteOffset, request.bodyBytes.byteLength);
			else if (request.body !== undefined) options.body = request.body;
			if (request.timeoutMs) options.timeout = request.timeoutMs;
			let response: { body?: unknown; headers?: unknown; statusCode?: number } | undefined;
			let failure: unknown;
			try {
				response = credential === null ? await context.helpers.httpRequest(options) : await context.helpers.httpRequestWithAuthentication.call(context, credential, options, fetched);
			} catch (error) {
				failure = asTransportFailure(error);
			}
			// TransportFailure is the core's contract: the client turns it into a WhatsAppError, which
			// errors.ts turns into a NodeApiError before anything reaches n8n.
			if (failure !== undefined) throw failure;
			if (!response) throw new TransportFailure('n8n returned no response', 'other', true);
			const status = Number(response.statusCode ?? 0);
			const headers = lowerCaseHeaders(response.headers);
			return binary ? { status, headers, body: '', bodyBytes: bodyBytes(response.body) } : { status, headers, body: bodyText(response.body) };
		},
	};
}

/**
 * The core's runtime inside n8n: n8n's `sleep` (no timers of our own), the system clock, Math.random
 * for jitter, and n8n's names for operations in messages. `credentialData`: the credential as the
 * node already read it, so n8n does not read it again per request.
 */
export function n8nRuntime(context: RequestContext, credential: CredentialName, credentialData?: ICredentialDataDecryptedObject): Runtime {
	return {
		transport: n8nTransport(context, credential, credentialData),
		plainTransport: n8nTransport(context, null),
		sleep: async (ms: number) => await sleep(ms),
		now: () => Date.now(),
		random: () => Math.random(),
		labels: N8N_LABELS,
	};
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * A core client for the Graph API credential. The access token stays with n8n (the credential's
 * `authenticate` adds it); the client only knows it to mask it if Meta ever echoes it, in this
 * client's errors and outputs alone.
 */
export async function graphClient(context: RequestContext): Promise<GraphClient> {
	const credentials = await context.getCredentials<GraphCredentials & ICredentialDataDecryptedObject>(GRAPH_CREDENTIAL);
	return createClient(
		{ wabaId: text(credentials.wabaId), appId: text(credentials.appId), apiVersion: text(credentials.apiVersion), baseUrl: text(credentials.baseUrl), knownSecrets: [credentials.accessToken] },
		n8nRuntime(context, GRAPH_CREDENTIAL, credentials),
	);
}

/** A core client for the Meta app credential (app token `APP_ID|APP_SECRET`, added by n8n as `access_token`). */
export async function appClient(context: RequestContext): Promise<{ client: GraphClient; credentials: AppCredentials }> {
	const credentials = await context.getCredentials<AppCredentials & ICredentialDataDecryptedObject>(APP_CREDENTIAL);
	const client = createClient(
		{ apiVersion: text(credentials.apiVersion), baseUrl: text(credentials.baseUrl), knownSecrets: [credentials.appSecret, credentials.verifyToken] },
		n8nRuntime(context, APP_CREDENTIAL, credentials),
	);
	return { client, credentials };
}
