/**
 * Sorted-key JSON: equal values give equal text whatever order Meta (or a proxy) put the keys in.
 * Content-keyed events are deduplicated on its digest (dedupe.ts).
 */
import { inputError } from '../errors';
import { MAX_CHANGE_DEPTH } from './depth';
import type { JsonObject } from './values';

// Meta's key names repeat endlessly; their JSON form is kept (bounded, as keys come from outside).
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 1_000;

function quotedKey(key: string): string {
	let quoted = QUOTED_KEYS.get(key);
	if (quoted === undefined) {
		quoted = JSON.stringify(key);
		if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
	}
	return quoted;
}

function tooDeep(): never {
	throw inputError('value', `is nested more than ${MAX_CHANGE_DEPTH} levels deep, so it is not read`, 'Pass a webhook change as Meta sent it.');
}

/** What stands for a container beyond the bound in `truncatedCanonicalJson`. */
const CUT = '"\u2026"';

function write(value: unknown, depthLeft: number, cut: boolean): string {
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object':
			break;
		default:
			return 'null';
	}
	if (value === null) return 'null';
	if (depthLeft === 0) return cut ? CUT : tooDeep();
	if (Array.isArray(value)) {
		let out = '[';
		for (let index = 0; index < value.length; index++) out += (index ? ',' : '') + write(value[index], depthLeft - 1, cut);
		return out + ']';
	}
	const object = value as JsonObject;
	const keys = Object.keys(object);
	if (keys.length > 1) keys.sort();
	let out = '{';
	let first = true;
	for (const key of keys) {
		const inner = object[key];
		if (inner === undefined || typeof inner === 'function') continue;
		out += (first ? '' : ',') + quotedKey(key) + ':' + write(inner, depthLeft - 1, cut);
		first = false;
	}
	return out + '}';
}

/**
 * JSON with object keys sorted at every level.
 *
 * @throws WhatsAppError (invalid_input) when containers nest more than MAX_CHANGE_DEPTH levels
 *   (the walk recurses once per level, so the bound keeps it off the end of the stack).
 */
export function canonicalJson(value: unknown): string {
	return write(value, MAX_CHANGE_DEPTH, false);
}

/** The same text for the first `levels` levels, with deeper containers written as `"…"`: a stable summary of any value. */
export function truncatedCanonicalJson(value: unknown, levels: number): string {
	return write(value, levels, true);
}
