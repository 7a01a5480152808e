/**
 * Keeps secrets (access tokens, app secrets, PINs, OTP codes) out of every message, log line and
 * output. Two layers: values the core was handed are remembered and masked wherever they appear,
 * and secret-shaped text (Meta tokens, Bearer headers, pin/code parameters) is masked by pattern,
 * so a secret the core never saw (say, echoed by a proxy) is still caught.
 */

const MASK = '[redacted]';
/** Bounded so a long-running n8n does not grow without limit; oldest values leave first. */
const MAX_REMEMBERED = 2_000;
const remembered = new Set<string>();

/** Remember a secret value so `redact` masks it. Values shorter than 4 characters are ignored. */
export function rememberSecret(value: unknown): void {
	if (typeof value !== 'string' && typeof value !== 'number') return;
	const text = String(value).trim();
	if (text.length < 4) return;
	remembered.delete(text);
	remembered.add(text);
	if (remembered.size > MAX_REMEMBERED) {
		const oldest = remembered.values().next().value;
		if (oldest !== undefined) remembered.delete(oldest);
	}
	// An OTP is often typed as 123-456 or 123 456: remember the digits alone too.
	const digits = text.replace(/[\s-]/g, '');
	if (digits !== text && /^\d{4,8}$/.test(digits)) rememberSecret(digits);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATTERNS: Array<[RegExp, string]> = [
	// Meta user/system/page tokens start with EAA; app tokens are APPID|SECRET.
	[/\bEAA[A-Za-z0-9]{16,}\b/g, MASK],
	[/\b\d{6,20}\|[A-Za-z0-9_-]{16,}\b/g, MASK],
	[/(Bearer\s+)[^\s"',]+/gi, `$1${MASK}`],
	[/((?:access_token|appsecret_proof|client_secret|app_secret)["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi, `$1${MASK}`],
	[/((?:"|\b)(?:pin|code)"?\s*[=:]\s*"?)\d[\d\s-]{2,10}\d/gi, `$1${MASK}`],
];

export function redact(text: string): string {
	let out = text;
	for (const secret of remembered) {
		if (!out.includes(secret)) continue;
		const pattern = /^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${escapeRegExp(secret)}(?!\\d)`, 'g') : new RegExp(escapeRegExp(secret), 'g');
		out = out.replace(pattern, MASK);
	}
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return out;
}

/** Redacts every string inside a JSON-like value (for outputs and logged payloads). */
export function redactDeep<T>(value: T): T {
	if (typeof value === 'string') return redact(value) as unknown as T;
	if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key] = redactDeep(inner);
		return out as T;
	}
	return value;
}
