/**
 * JSON the way Meta writes it: every non-ASCII character escaped as a lowercase `\uXXXX` (UTF-16 code
 * units, so an emoji becomes a surrogate pair of escapes). Meta signs these exact bytes, which is why
 * a receiver must verify the signature against the raw body, not a re-serialization (docs/meta-api.md §3.1).
 */
export function toMetaJson(value: unknown): string {
	return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
