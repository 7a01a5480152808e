/** Applies `change` to every string inside a JSON-like value (outputs, samples, error items); bytes pass unchanged. */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
	if (typeof value === 'string') return change(value) as unknown as T;
	// Bytes (a downloaded file) are data, not text: left as they are.
	if (ArrayBuffer.isView(value)) return value;
	if (Array.isArray(value)) return value.map((item) => mapStrings(item, change)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key] = mapStrings(inner, change);
		return out as T;
	}
	return value;
}
