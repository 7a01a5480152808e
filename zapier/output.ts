/**
 * The core's outputs, samples and output fields in Zapier's form: snake_case keys (`zapierKey`),
 * nested objects kept as objects (Zapier shows them as `parent__child`) and arrays of objects as
 * line items (`parent[]child`).
 */
import { OperationDefinition, OutputFieldDefinition, renderDeep, zapierKey } from '../shared';
import { ZAPIER_LABELS } from './labels';

export interface ZapierOutputField {
	key: string;
	label: string;
	type: 'string' | 'number' | 'boolean' | 'datetime' | 'file';
	list?: boolean;
	primary?: boolean;
}

/** Converts every object key with `zapierKey`, at any depth. */
export function toZapierValue<T = unknown>(value: unknown): T {
	if (Array.isArray(value)) return value.map((item) => toZapierValue(item)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[zapierKey(key)] = toZapierValue(inner);
		return out as T;
	}
	return value as T;
}

/** A core sample as Zapier shows it: its texts worded for Zapier, its keys in snake_case. */
export function zapierSample<T = Record<string, unknown>>(sample: unknown): T {
	return toZapierValue<T>(renderDeep(sample, ZAPIER_LABELS));
}

/** A core output-field key (`a.b`, `a__b`, `list[]item`) with each segment converted. */
export function zapierOutputKey(key: string): string {
	return key
		.split(/(\[\]|__|\.)/)
		.map((segment) => (segment === '.' ? '__' : segment === '[]' || segment === '__' ? segment : zapierKey(segment)))
		.join('');
}

/** "next_step" → "Next Step", for fields found in a sample but not declared. */
export function humanLabel(key: string): string {
	return key
		.split(/\[\]|__|_/)
		.filter(Boolean)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

function typeOf(value: unknown): ZapierOutputField['type'] {
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'number') return 'number';
	return 'string';
}

/** Every leaf of a (Zapier-shaped) sample as an output-field key with its type. */
function samplePaths(value: unknown, prefix = '', out: Array<{ key: string; type: ZapierOutputField['type']; list?: boolean }> = []) {
	if (Array.isArray(value)) {
		const first = value.find((item) => item !== null && item !== undefined);
		if (first && typeof first === 'object' && !Array.isArray(first)) {
			for (const [key, inner] of Object.entries(first)) samplePaths(inner, `${prefix}[]${key}`, out);
		} else {
			out.push({ key: prefix, type: typeOf(first), list: true });
		}
		return out;
	}
	if (value && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) samplePaths(inner, prefix ? `${prefix}__${key}` : key, out);
		return out;
	}
	out.push({ key: prefix, type: typeOf(value) });
	return out;
}

/**
 * The output fields: the declaration's (labels and types as declared), then anything else the
 * Zapier-shaped sample has, so the sample and the fields never disagree.
 */
export function outputFieldsFor(
	declared: OutputFieldDefinition[],
	zapierSample: unknown,
	extra: ZapierOutputField[] = [],
): ZapierOutputField[] {
	const fields: ZapierOutputField[] = [];
	const seen = new Set<string>();
	const add = (field: ZapierOutputField) => {
		if (seen.has(field.key)) return;
		seen.add(field.key);
		fields.push(field);
	};
	for (const field of declared) add({ key: zapierOutputKey(field.key), label: field.label, type: field.type });
	for (const field of extra) add(field);
	for (const path of samplePaths(zapierSample)) {
		add({ key: path.key, label: humanLabel(path.key), type: path.type, ...(path.list ? { list: true } : {}) });
	}
	return fields;
}

/** Output fields of an operation whose output goes to Zapier unchanged (keys converted). */
export function operationOutputFields(operation: OperationDefinition): ZapierOutputField[] {
	return outputFieldsFor(operation.outputFields, zapierSample(operation.sample));
}
