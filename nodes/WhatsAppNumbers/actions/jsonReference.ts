/**
 * A parameter that is nothing but a reference to a field of the input item (`={{ $json.to }}`,
 * `={{ $json.contact.phone }}`, `={{ $json["first name"] }}`), read straight from the item.
 *
 * That is what a user maps per item in a bulk send, and n8n's expression engine costs about 0.2 ms
 * per evaluation on n8n 2.8 and about 1 ms on 2.41 (expressions run in an isolated VM there), for
 * what is a property lookup: n8n resolves `$json` to the current item's `json` (n8n-workflow's
 * WorkflowDataProxy: `connectionInputData[itemIndex].json`, the node's input items). Only the exact
 * shape is taken, and only when the field holds a string (the type our text parameters hold, which
 * n8n hands back as is); any other expression, a missing field, or another type of value goes to
 * n8n's `getNodeParameter`, so every other case keeps n8n's own behaviour and errors.
 */

/** `={{ $json.a.b }}` / `={{ $json["a"]['b'] }}`, the whole parameter, nothing else. */
const REFERENCE = /^=\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:'[^'\\]*'|"[^"\\]*")\s*\])+)\s*\}\}$/;
const SEGMENT = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/g;

/** The path of a pure `$json` reference (`['contact', 'phone']`), or undefined for anything else. */
export function jsonReferencePath(stored: unknown): readonly string[] | undefined {
	if (typeof stored !== 'string') return undefined;
	const match = REFERENCE.exec(stored);
	if (!match) return undefined;
	return [...match[1].matchAll(SEGMENT)].map((segment) => segment[1] ?? segment[2] ?? segment[3]);
}

/** The string at `path` in an item's JSON (own properties only), or undefined when it is not one. */
export function stringAtPath(json: unknown, path: readonly string[]): string | undefined {
	let current: unknown = json;
	for (const key of path) {
		if (!current || typeof current !== 'object' || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return typeof current === 'string' ? current : undefined;
}
