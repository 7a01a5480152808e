/**
 * Request parameters the way Graph reads them: query string, form-urlencoded body and JSON body are
 * merged (body wins). Form and query values are strings; object parameters may arrive JSON-encoded
 * (`user_identity_change={"enable_identity_key_check":true}`), so the readers below decode them.
 */
import { invalidParameter, requiredParameter } from './graphError';
import { MultipartError, parseMultipart } from './multipart';

export type Params = Record<string, unknown>;

export class BodyParseError extends Error {}

/** Merges the query string and the raw body into one parameter object. */
export function parseParams(query: URLSearchParams, rawBody: Buffer, contentType: string | undefined): Params {
	const params: Params = {};
	for (const [key, value] of query) params[key] = value;
	if (rawBody.length === 0) return params;
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'multipart/form-data') {
		// Media uploads (docs/meta-messaging.md §1.1): text parts are parameters, file parts UploadedFile values.
		try {
			return Object.assign(params, parseMultipart(rawBody, contentType ?? ''));
		} catch (error) {
			if (error instanceof MultipartError) throw new BodyParseError(error.message);
			throw error;
		}
	}
	// Raw bytes (resumable uploads, docs/meta-messaging.md §7) are the route's to read, not parameters.
	if (type === 'application/octet-stream') return params;
	const text = rawBody.toString('utf8');
	if (type === 'application/x-www-form-urlencoded') {
		for (const [key, value] of new URLSearchParams(text)) params[key] = value;
		return params;
	}
	// Graph treats an unlabelled body as JSON when it parses as JSON.
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		if (type === 'application/json') throw new BodyParseError('The request body is not valid JSON.');
		for (const [key, value] of new URLSearchParams(text)) params[key] = value;
		return params;
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new BodyParseError('The JSON body must be an object.');
	}
	return Object.assign(params, parsed as Params);
}

export function optionalString(params: Params, name: string): string | undefined {
	const value = params[name];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	throw invalidParameter(`The parameter ${name} must be a string.`);
}

export function requireString(params: Params, name: string): string {
	const value = optionalString(params, name);
	if (value === undefined) throw requiredParameter(name);
	return value;
}

/** An object parameter, given as JSON object or as a JSON-encoded string. */
export function optionalObject(params: Params, name: string): Record<string, unknown> | undefined {
	let value = params[name];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw invalidParameter(`The parameter ${name} must be a JSON object.`);
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw invalidParameter(`The parameter ${name} must be a JSON object.`);
	}
	return value as Record<string, unknown>;
}

/** A boolean given as JSON true/false or the strings "true"/"false" (form and query). */
export function asBoolean(value: unknown, name: string): boolean {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw invalidParameter(`The parameter ${name} must be true or false.`);
}

/** Keys that ride along with any request and are not parameters of the call itself. */
export const TRANSPORT_KEYS: ReadonlySet<string> = new Set(['access_token', 'appsecret_proof', 'method', 'format', 'suppress_http_code', 'pretty']);

/** Parameters that are not transport keys. */
export function callKeys(params: Params): string[] {
	return Object.keys(params).filter((key) => !TRANSPORT_KEYS.has(key));
}

/** Splits a Graph `fields` list at top-level commas: `a,b{c,d},e` → `a`, `b`, `e` (sub-selections are ignored). */
export function parseFields(value: string | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	const fields: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of value) {
		if (char === '{') depth++;
		else if (char === '}') depth--;
		else if (char === ',' && depth === 0) {
			if (current.trim()) fields.push(current.trim());
			current = '';
			continue;
		}
		if (depth === 0 && char !== '}') current += char;
	}
	if (current.trim()) fields.push(current.trim());
	return fields.map((field) => field.replace(/\.[a-z_]+\(.*\)$/i, ''));
}

/** A body Graph could not read, as its 100 error. */
export function invalidParameterFromBody(problem: string): Error {
	return invalidParameter(`${problem} Send JSON, form fields or query parameters.`);
}
