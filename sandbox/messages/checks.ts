/**
 * The error helpers message validation shares (docs/meta-api.md §4.2): 131008 for a missing part of
 * a message, 131009 for an invalid value, with `details` saying which part and why.
 */
import { GraphError, metaError } from '../graphError';

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
