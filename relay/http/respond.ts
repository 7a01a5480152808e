/** Reading requests and writing answers: raw bodies with a size limit, JSON in and out, errors as `{error: {code, message}}`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayErrorJson } from '../../shared/relayContract';

/** An error answer; `message` is shown to the caller as is. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

/** Bodies of the subscription API (Meta's POST has its own, larger limit). */
export const API_BODY_LIMIT = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
	res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
	const body: RelayErrorJson = { error: { code, message } };
	sendJson(res, status, body);
}

/** Reads the body as raw bytes (the signature covers exactly these), refusing more than `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooLarge) reject(new HttpError(413, 'body_too_large', `The request body is larger than ${limit} bytes.`));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
}

export function parseJsonBody(raw: Buffer): Record<string, unknown> {
	if (raw.length === 0) return {};
	let value: unknown;
	try {
		value = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'invalid_json', 'The request body must be a JSON object, e.g. {"target_url": "https://…", "event_type": "identityMismatch"}.');
	return value as Record<string, unknown>;
}

/** The request's path (no trailing slash), its decoded segments and its query. @throws HttpError 400 for a malformed target or escape. */
export function requestTarget(req: IncomingMessage): { path: string; segments: string[]; query: URLSearchParams } {
	const target = req.url ?? '/';
	let url: URL;
	try {
		url = new URL(target.startsWith('/') ? `http://relay.local${target}` : target);
	} catch {
		throw new HttpError(400, 'bad_request', 'The request path is not a valid URL path.');
	}
	const path = url.pathname.replace(/\/+$/, '') || '/';
	let segments: string[];
	try {
		segments = path.split('/').slice(1).map((segment) => decodeURIComponent(segment));
	} catch {
		throw new HttpError(400, 'bad_request', 'The request path has a malformed %-escape (a % must be followed by two hexadecimal digits).');
	}
	return { path, segments, query: url.searchParams };
}
