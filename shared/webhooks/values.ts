/** Readers for the loosely typed JSON Meta sends: each returns undefined rather than guessing. */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const NOTHING: readonly unknown[] = Object.freeze([]);

export const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : NOTHING);

/** IDs arrive as strings, but a few (template IDs, some test tools' WABA IDs) as numbers. */
export function asId(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

export function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
	return undefined;
}
