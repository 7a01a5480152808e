/**
 * The core's messages name operations and input fields by id, as tokens: `{op:checkReadiness}`,
 * `{field:ratePerSecond}`, and the place the token and account ID are kept as `{connection}`.
 * Each platform renders them with the names its users see (n8n shows "Check Number Readiness",
 * Zapier "Find Phone Number Readiness", plain Node the id), so every message is true where it is
 * read. A sentence naming something the platform does not offer is left out there (Zapier has no
 * rate limit option, so "lower the rate limit" is not said to it).
 */

import { mapStrings } from './mapStrings';

export interface PlatformLabels {
	/** Who reads the text: `n8n`, `zapier`, `node`. */
	platform: string;
	/** Operation id → the name users see, quoted as they read it. Absent: not offered there. */
	operations: Readonly<Record<string, string>>;
	/** Field key → the name users see. Absent: not offered there. */
	fields: Readonly<Record<string, string>>;
	/** Where the access token, WABA ID and Base URL are set: n8n's credentials, Zapier's connection… */
	connection: string;
}

const TOKEN = /\{(?:(op|field):([A-Za-z0-9_]+)|connection)\}/g;
const HAS_TOKEN = /\{(?:(?:op|field):[A-Za-z0-9_]+|connection)\}/;

/** Sentence ends: a full stop (or ! ?) and a space before a capital, a quote or a bracket. */
const SENTENCE_BREAK = /(?<=[.!?])\s+(?=[A-Z"(])/;

/** Builds a platform's labels; `quote` wraps each name the way the platform's texts cite it. */
export function platformLabels(
	platform: string,
	connection: string,
	operations: ReadonlyArray<{ id: string; label: string }>,
	fields: ReadonlyArray<{ key: string; label: string }>,
	quote: (label: string) => string = (label) => `"${label}"`,
): PlatformLabels {
	const fieldLabels: Record<string, string> = {};
	// The first declaration of a key names it (a key keeps its meaning across operations).
	for (const field of fields) fieldLabels[field.key] ??= quote(field.label);
	return {
		platform,
		connection,
		operations: Object.fromEntries(operations.map((operation) => [operation.id, quote(operation.label)])),
		fields: fieldLabels,
	};
}

function renderSentence(sentence: string, labels: PlatformLabels): string | undefined {
	let missing = false;
	const rendered = sentence.replace(TOKEN, (_token, kind: string | undefined, id: string | undefined) => {
		const label = kind === undefined ? labels.connection : kind === 'op' ? labels.operations[id ?? ''] : labels.fields[id ?? ''];
		if (label === undefined) missing = true;
		return label ?? '';
	});
	return missing ? undefined : rendered;
}

/** The text with every token replaced by the platform's name; sentences naming what it lacks are dropped. */
export function renderText(text: string, labels: PlatformLabels | undefined): string {
	if (!HAS_TOKEN.test(text)) return text;
	const effective = labels ?? PLAIN_LABELS;
	return text
		.split(SENTENCE_BREAK)
		.map((sentence) => renderSentence(sentence, effective))
		.filter((sentence): sentence is string => sentence !== undefined)
		.join(' ');
}

/** `renderText` on every string inside a JSON-like value (outputs and samples). */
export function renderDeep<T>(value: T, labels: PlatformLabels | undefined): T {
	return mapStrings(value, (text) => renderText(text, labels));
}

/** Whether a text still holds a token (for tests of every platform's rendering). */
export function hasUnrenderedToken(text: string): boolean {
	return /\{(?:op:|field:|connection\})/.test(text);
}

/**
 * Plain Node (and any caller that gives no labels): an operation is named by the id passed to
 * `runOperation`, a field by its input key.
 */
export const PLAIN_LABELS: PlatformLabels = {
	platform: 'node',
	connection: 'the client settings (createClient)',
	operations: new Proxy({}, { get: (_target, id) => (typeof id === 'string' ? id : undefined) }),
	fields: new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? key : undefined) }),
};
