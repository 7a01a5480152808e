/**
 * The error helpers message validation shares (docs/meta-api.md §4.2): 131008 for a missing part of
 * a message, 131009 for an invalid value, with `details` saying which part and why.
 */
import { GraphError, invalidParameter, metaError, requiredParameter } from '../graphError';
import { optionalString, Params } from '../params';

export const missing = (details: string): GraphError => metaError('missingParameter', details);
export const invalid = (details: string): GraphError => metaError('invalidParameterValue', details);

export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A required text of 1 to `max` characters at `label` (e.g. `interactive['body']['text']`). */
export function requiredText(value: unknown, max: number, label: string): string {
	if (value === undefined || value === null) throw missing(`The parameter ${label} is required.`);
	if (!isText(value)) throw invalid(`${label} must be non-empty text.`);
	if (value.length > max) throw invalid(`${label} must be at most ${max} characters; it has ${value.length}.`);
	return value;
}

/** An optional text of at most `max` characters. */
export function optionalText(value: unknown, max: number, label: string): void {
	if (value === undefined) return;
	requiredText(value, max, label);
}

/** An http(s) URL. */
export function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

/** `messaging_product` must be `whatsapp` (a Graph request parameter: 100 otherwise). */
export function requireWhatsAppProduct(params: Params): void {
	const product = optionalString(params, 'messaging_product');
	if (product === undefined) throw requiredParameter('messaging_product');
	if (product !== 'whatsapp') throw invalidParameter('The parameter messaging_product must be whatsapp.');
}
