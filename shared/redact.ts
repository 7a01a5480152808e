/**
 * Keeps secrets (access tokens, app secrets, PINs, OTP codes) out of every message, log line and
 * output. Two layers:
 * - patterns, global and stateless: secret-shaped text (Meta tokens, Bearer headers, pin/code
 *   parameters) is masked wherever it appears, so a secret the core never saw (say, echoed by a
 *   proxy) is still caught;
 * - a `Redactor`, owned by one client, one run or one request: the values it was handed are masked
 *   in what that owner outputs or logs, and nowhere else. There is no process-wide list, so one
 *   workflow's PIN can never blank another workflow's data.
 */

import { mapStrings } from './mapStrings';

export const REDACTION_MASK = '[redacted]';

/** A remembered value shorter than this would mask ordinary words and numbers: ignored. */
const MIN_SECRET_LENGTH = 4;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATTERNS: Array<[RegExp, string]> = [
	// Meta user/system/page tokens start with EAA; app tokens are APPID|SECRET.
	[/\bEAA[A-Za-z0-9]{16,}\b/g, REDACTION_MASK],
	[/\b\d{6,20}\|[A-Za-z0-9_-]{16,}\b/g, REDACTION_MASK],
	[/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTION_MASK}`],
	[/((?:access_token|appsecret_proof|client_secret|app_secret)["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi, `$1${REDACTION_MASK}`],
	[/((?:"|\b)(?:pin|code)"?\s*[=:]\s*"?)\d[\d\s-]{2,10}\d/gi, `$1${REDACTION_MASK}`],
];

/** Masks secret-shaped text only (the pattern layer); for values known to an owner use its `Redactor`. */
export function redact(text: string): string {
	let out = text;
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return out;
}

/** `redact` on every string inside a JSON-like value (pattern layer only). */
export function redactDeep<T>(value: T): T {
	return mapStrings(value, redact);
}

/**
 * The secrets one owner (a client, an operation run, a relay request) was handed. A child sees its
 * parent's secrets and adds its own, which leave with the child: a run's PIN is masked in that
 * run's output and errors only.
 */
export class Redactor {
	private readonly secrets = new Map<string, RegExp>();

	constructor(
		values: readonly unknown[] = [],
		private readonly parent?: Redactor,
	) {
		for (const value of values) this.remember(value);
	}

	/** Remembers a secret (strings and numbers of at least 4 characters; anything else is ignored). */
	remember(value: unknown): this {
		if (typeof value !== 'string' && typeof value !== 'number') return this;
		const text = String(value).trim();
		if (text.length < MIN_SECRET_LENGTH || this.secrets.has(text)) return this;
		// Digits are masked only as a whole number: the PIN 482913 leaves 14829130 alone.
		this.secrets.set(text, /^\d+$/.test(text) ? new RegExp(`(?<!\\d)${escapeRegExp(text)}(?!\\d)`, 'g') : new RegExp(escapeRegExp(text), 'g'));
		// An OTP is often typed as 123-456 or 123 456: remember the digits alone too.
		const digits = text.replace(/[\s-]/g, '');
		if (digits !== text && /^\d{4,8}$/.test(digits)) this.remember(digits);
		return this;
	}

	/** A scope for one run or request: sees these secrets, and forgets its own when dropped. */
	child(values: readonly unknown[] = []): Redactor {
		return new Redactor(values, this);
	}

	/** Masks this scope's secrets (and its parents'), then secret-shaped text. */
	redact(text: string): string {
		return redact(this.maskKnown(text));
	}

	redactDeep<T>(value: T): T {
		return mapStrings(value, (text) => this.redact(text));
	}

	private maskKnown(text: string): string {
		let out = this.parent ? this.parent.maskKnown(text) : text;
		for (const [secret, pattern] of this.secrets) if (out.includes(secret)) out = out.replace(pattern, REDACTION_MASK);
		return out;
	}
}
