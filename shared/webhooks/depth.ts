/**
 * The nesting bound for webhook content. JSON.parse reads any depth without recursion, but
 * everything after it recurses: the sorted-key JSON of content keys, JSON.stringify when the relay
 * stores an event or n8n saves an execution. A change nested a few thousand levels deep overflows
 * the stack there, so a receiver would fail the whole POST and Meta would retry it for 7 days
 * (docs/meta-api.md §3.1). Changes deeper than the bound are rejected on their own instead.
 */

/**
 * Deepest nesting of one change (the change object is level 1, its `value` level 2). Meta's
 * deepest documented payloads (interactive replies, flows, templates) nest about 10 levels.
 */
export const MAX_CHANGE_DEPTH = 64;

/**
 * Whether `value` holds containers nested more than `levels` deep (a non-container is level 0).
 * Recurses at most `levels + 1` frames, whatever the input.
 */
export function deeperThan(value: unknown, levels: number): boolean {
	if (typeof value !== 'object' || value === null) return false;
	if (levels <= 0) return true;
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const inner: unknown = value[index];
			if (typeof inner === 'object' && inner !== null && deeperThan(inner, levels - 1)) return true;
		}
		return false;
	}
	for (const key in value) {
		const inner: unknown = (value as Record<string, unknown>)[key];
		if (typeof inner === 'object' && inner !== null && deeperThan(inner, levels - 1)) return true;
	}
	return false;
}
