/**
 * The core's Runtime on Zapier: requests go through `z.request` (so Zapier logs and scrubs them like
 * any other call of the app) and come back raw, whatever the status, for the core to interpret.
 */
import type { HttpRequestOptions, ZObject } from 'zapier-platform-core';
import { HttpRequest, HttpResponse, HttpTransport, RetryOptions, Runtime, TransportFailure } from '../shared';
import { ZAPIER_LABELS } from './labels';

/**
 * Zapier stops a perform after 30 seconds, so the core may only wait briefly between attempts.
 * A throttling answer that asks for a longer pause is not slept through: it becomes a
 * ThrottledError and Zapier runs the step again later.
 */
export const ZAPIER_RETRY: RetryOptions = { maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 2_000, maxRetryAfterMs: 3_000 };

/** One request may take this long; two attempts of a read plus the pause stay under 30 s. */
export const ZAPIER_REQUEST_TIMEOUT_MS = 12_000;

/** Options `z.request` understands at run time but its typings do not list. */
interface RawRequestOptions extends HttpRequestOptions {
	url: string;
	/** false: a 429 reaches the core (which maps Meta's throttling itself) instead of Zapier's generic ThrottledError. */
	throwForThrottlingEarly: boolean;
	/** false: no {{curly}} processing, so message text containing "{{bundle." is sent as typed. */
	merge: boolean;
}

interface FetchFailure {
	code?: string;
	type?: string;
	message?: string;
}

/** Node-fetch's failure codes, told as the core's TransportFailure (did Meta possibly get it?). */
export function toTransportFailure(error: unknown): TransportFailure | undefined {
	const failure = (error ?? {}) as FetchFailure;
	if (typeof failure !== 'object' || (failure.type !== 'system' && failure.type !== 'request-timeout' && !failure.code)) return undefined;
	const code = failure.code ?? '';
	const summary = code || failure.type || 'network error';
	if (failure.type === 'request-timeout' || code === 'ETIMEDOUT') return new TransportFailure('the request timed out', 'timeout', true);
	if (code === 'ECONNREFUSED') return new TransportFailure('the connection was refused', 'refused', false);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TransportFailure('the host name could not be resolved', 'dns', false);
	if (code === 'ECONNRESET' || code === 'EPIPE') return new TransportFailure('the connection was reset', 'reset', true);
	return new TransportFailure(`network error ${summary}`, 'other', true);
}

/** The core's HttpTransport over `z.request`: raw text body (or bytes for a download), no throwing for 4xx/5xx or 429. */
export function zapierTransport(z: ZObject): HttpTransport {
	return {
		async send(request: HttpRequest): Promise<HttpResponse> {
			const binary = request.responseType === 'binary';
			const options: RawRequestOptions = {
				url: request.url,
				method: request.method,
				headers: request.headers,
				skipThrowForStatus: true,
				throwForThrottlingEarly: false,
				merge: false,
				// A file comes back as a stream to read as bytes; text would mangle it.
				raw: binary,
			};
			if (request.bodyBytes !== undefined) options.body = Buffer.from(request.bodyBytes.buffer, request.bodyBytes.byteOffset, request.bodyBytes.byteLength);
			else if (request.body !== undefined) options.body = request.body;
			if (request.timeoutMs !== undefined) options.timeout = request.timeoutMs;
			let response;
			try {
				response = await z.request(options);
			} catch (error) {
				throw toTransportFailure(error) ?? error;
			}
			const headers: Record<string, string> = {};
			response.headers.forEach((value: string, name: string) => {
				headers[name.toLowerCase()] = value;
			});
			if (binary) {
				let bytes: Buffer;
				try {
					bytes = await (response as unknown as { buffer(): Promise<Buffer> }).buffer();
				} catch (error) {
					// The answer started but broke off: nothing usable arrived.
					throw toTransportFailure(error) ?? new TransportFailure('the download broke off', 'reset', true);
				}
				return { status: response.status, headers, body: '', bodyBytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
			}
			const body = typeof response.content === 'string' ? response.content : JSON.stringify(response.content ?? '');
			return { status: response.status, headers, body };
		},
	};
}

/** The pause between attempts; replaceable so tests can see the waits without waiting. */
export const pauses = {
	sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A Runtime for one Zapier invocation. */
export function zapierRuntime(z: ZObject): Runtime {
	const transport = zapierTransport(z);
	return {
		transport,
		// z.request adds no credential of its own (the core sets Meta's Authorization header itself).
		plainTransport: transport,
		sleep: (ms) => pauses.sleep(ms),
		now: () => Date.now(),
		random: () => Math.random(),
		// The core passes only redacted text; Zapier appends console lines to error details.
		log: (level, message) => z.console.log(`[${level}] ${message}`),
		labels: ZAPIER_LABELS,
	};
}
