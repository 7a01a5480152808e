import type { PlatformLabels } from './wording';

/**
 * What the core needs from the platform it runs on. n8n, Zapier and plain Node each
 * supply their own implementation; the core never imports a platform.
 */

/** One HTTP request as the core describes it. `path` is relative to the client's base URL + version. */
export interface HttpRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Absolute URL, already including the query string. */
	url: string;
	headers: Record<string, string>;
	/** Raw body already encoded (JSON or form); absent for GET/DELETE without body. */
	body?: string;
	/** A body of bytes (a multipart upload, a file) instead of `body`. */
	bodyBytes?: Uint8Array;
	/**
	 * How the answer is wanted: `text` (the default: Graph's JSON) or `binary`, the exact bytes (a
	 * media download). A transport that cannot tell may still answer text for an error.
	 */
	responseType?: 'text' | 'binary';
	/** Milliseconds before the request is abandoned. */
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	/** Header names lower-cased. */
	headers: Record<string, string>;
	/** The raw body text. The client parses JSON itself so every platform behaves the same. */
	body: string;
	/**
	 * The exact bytes, when the request asked for `responseType: 'binary'` (`body` may then be
	 * empty); the client decodes them itself to read an error envelope.
	 */
	bodyBytes?: Uint8Array;
}

/**
 * Thrown (or rejected) by a transport when no HTTP response arrived.
 * `requestSent` tells whether Meta may have received the request: false for a refused
 * connection or DNS failure (safe to retry anything), true or unknown for a reset or a timeout
 * after the body went out (only idempotent reads may be retried).
 */
export class TransportFailure extends Error {
	readonly requestSent: boolean;
	readonly reason: 'refused' | 'dns' | 'timeout' | 'reset' | 'other';

	constructor(message: string, reason: TransportFailure['reason'], requestSent: boolean) {
		super(message);
		this.name = 'TransportFailure';
		this.reason = reason;
		this.requestSent = requestSent;
	}
}

/** Sends one request and resolves with whatever status came back (never throws for 4xx/5xx). */
export interface HttpTransport {
	send(request: HttpRequest): Promise<HttpResponse>;
}

export interface Runtime {
	transport: HttpTransport;
	/**
	 * Sends without any platform credential, for hosts other than Meta's (the relay). n8n's `transport`
	 * adds the Graph credential's token to every request, which must never reach another host; a
	 * platform whose `transport` adds nothing itself may pass the same one. Absent: the core makes no
	 * such calls and says so.
	 */
	plainTransport?: HttpTransport;
	/** Resolves after `ms` milliseconds (n8n: `sleep` from n8n-workflow). */
	sleep(ms: number): Promise<void>;
	/** Milliseconds since the epoch. */
	now(): number;
	/** A number in [0, 1), for retry jitter. Injected so tests are deterministic. */
	random(): number;
	/** Optional diagnostics sink; the core only passes redacted text to it. */
	log?(level: 'debug' | 'info' | 'warn', message: string): void;
	/** How this platform names operations and fields in messages (see wording.ts); plain ids when absent. */
	labels?: PlatformLabels;
}
