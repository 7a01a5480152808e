/**
 * `X-Hub-Signature-256` checking (docs/meta-api.md §3.1): `sha256=<lowercase hex HMAC-SHA256(app
 * secret, raw request body bytes)>`. The HMAC runs over the bytes exactly as received: Meta signs
 * its escaped-unicode serialization, so parsing and re-serializing the JSON would break the match
 * for any body with non-ASCII text.
 *
 * Statuses (the n8n trigger and the relay answer with these):
 * - 401: no signature header at all (the request is not authenticated);
 * - 403: a header that is malformed or does not match (the request is authenticated wrongly).
 * Either way Meta retries for up to 7 days, so a misconfigured secret shows up as repeated failures.
 * Reasons never contain the app secret, the expected signature or the received one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { inputError } from '../errors';
import type { VerificationResult } from './types';

/** Header name as Meta sends it (Node lower-cases incoming header names). */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE_PREFIX = 'sha256=';
const SHA256_HEX_LENGTH = 64;
const HEX = /^[0-9a-fA-F]+$/;

/** The raw request body as the HTTP server received it. */
export type RawBody = Buffer | Uint8Array | string;

function requireAppSecret(appSecret: string): void {
	if (typeof appSecret !== 'string' || appSecret.length === 0) {
		throw inputError(
			'appSecret',
			'is empty, so webhook signatures cannot be checked',
			'Enter the App Secret from the Meta App Dashboard (App settings → Basic → App secret).',
		);
	}
}

function hmacOf(rawBody: RawBody, appSecret: string): Buffer {
	const hmac = createHmac('sha256', appSecret);
	if (typeof rawBody === 'string') hmac.update(rawBody, 'utf8');
	else if (rawBody instanceof Uint8Array) hmac.update(rawBody);
	else {
		throw inputError(
			'rawBody',
			'is not the raw request body (got a parsed object or nothing)',
			'Pass the body bytes exactly as received (a Buffer), before any JSON parsing: the signature covers those bytes.',
		);
	}
	return hmac.digest();
}

/**
 * Signs a body the way Meta does; for tests, the sandbox and the relay's own deliveries.
 *
 * @param rawBody The exact bytes to send (a string is encoded as UTF-8).
 * @param appSecret The Meta app secret.
 * @returns The header value, `sha256=<lowercase hex>`.
 */
export function signBody(rawBody: RawBody, appSecret: string): string {
	requireAppSecret(appSecret);
	return SIGNATURE_PREFIX + hmacOf(rawBody, appSecret).toString('hex');
}

/**
 * Checks Meta's `X-Hub-Signature-256` header against the raw request body, in constant time.
 *
 * @param rawBody The body exactly as received: a Buffer is best. A string is hashed as UTF-8, which
 *   matches only if the server decoded the bytes as UTF-8 without changing them.
 * @param signatureHeader The header value (`sha256=<hex>`); an array (a repeated header) is refused.
 * @param appSecret The Meta app secret.
 * @returns `{ ok: true }`, or `{ ok: false, status, reason }`: 401 when the header is missing,
 *   403 when it is malformed or does not match. The reason is safe to show and log.
 * @throws WhatsAppError (invalid_input) when no app secret is configured or the body is not raw
 *   bytes: set-up mistakes that must not pass as a stream of silent 403s.
 */
export function verifySignature(
	rawBody: RawBody,
	signatureHeader: string | string[] | undefined,
	appSecret: string,
): VerificationResult {
	requireAppSecret(appSecret);
	// The header is checked before hashing, so junk requests cost next to nothing.
	if (signatureHeader === undefined || signatureHeader === null || signatureHeader === '') {
		return {
			ok: false,
			status: 401,
			reason: 'The request has no X-Hub-Signature-256 header, so it cannot be from Meta. Point only Meta’s webhook at this URL.',
		};
	}
	if (typeof signatureHeader !== 'string') {
		return {
			ok: false,
			status: 403,
			reason: 'The request carries more than one X-Hub-Signature-256 header; Meta sends exactly one, so it was refused.',
		};
	}
	const header = signatureHeader.trim();
	const hex = header.slice(SIGNATURE_PREFIX.length);
	const prefix = header.slice(0, SIGNATURE_PREFIX.length).toLowerCase();
	if (prefix !== SIGNATURE_PREFIX || hex.length !== SHA256_HEX_LENGTH || !HEX.test(hex)) {
		return {
			ok: false,
			status: 403,
			reason: 'The X-Hub-Signature-256 header is malformed: Meta sends "sha256=" followed by 64 hexadecimal characters.',
		};
	}
	const computed = hmacOf(rawBody, appSecret);
	const received = Buffer.from(hex, 'hex');
	// Both are 32 bytes after the checks above; the guard keeps timingSafeEqual from throwing if that ever changes.
	if (received.length !== computed.length || !timingSafeEqual(received, computed)) {
		return {
			ok: false,
			status: 403,
			reason: 'The webhook signature does not match the body. Either the request did not come from Meta, the body was changed on the way (verify the raw bytes, before any JSON parsing), or the App Secret configured here is not the one of the Meta app that sends the webhooks.',
		};
	}
	return { ok: true };
}
