/**
 * The outside of Meta's webhook POST (docs/meta-api.md §3.2): a JSON object with
 * `"object": "whatsapp_business_account"` and an `entry` list, each entry an object with the WABA
 * ID and a list of changes. Anything else is refused with a message saying what is wrong.
 */
import { inputError } from '../errors';
import { asId, isObject, JsonObject } from './values';

/** `object` of every WhatsApp Business Account webhook. */
export const WHATSAPP_WEBHOOK_OBJECT = 'whatsapp_business_account';

const AS_SENT = 'Pass the body exactly as Meta sent it.';
const BODY_EXPECTED = 'Pass the body of Meta’s webhook POST (the raw bytes, a string, or the parsed JSON object).';

function textOf(body: string | Uint8Array): string {
	if (typeof body === 'string') return body;
	return Buffer.isBuffer(body) ? body.toString('utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/**
 * The envelope of a webhook body: the body parsed when it is bytes or text, then checked.
 *
 * @throws WhatsAppError (invalid_input) when the body is not JSON, not a WhatsApp Business Account
 *   webhook, or has no `entry` list.
 */
export function envelopeOf(body: unknown): JsonObject & { entry: unknown[] } {
	let parsed: unknown = body;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		const text = textOf(body);
		if (text.trim() === '') throw inputError('body', 'is empty, so there is no webhook to read', BODY_EXPECTED);
		try {
			parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		} catch {
			throw inputError('body', 'is not valid JSON, so it is not a webhook from Meta', BODY_EXPECTED);
		}
	}
	if (!isObject(parsed)) throw inputError('body', 'is not a JSON object, so it is not a webhook from Meta', BODY_EXPECTED);
	if (parsed.object !== WHATSAPP_WEBHOOK_OBJECT) {
		// Echoed only when it looks like an object name: the text comes from an unverified sender and ends up in logs.
		const given = typeof parsed.object !== 'string' ? 'missing' : /^[\w.-]{1,60}$/.test(parsed.object) ? `"${parsed.object}"` : 'not a known object name';
		throw inputError(
			'object',
			`is ${given}, so this is not a WhatsApp Business Account webhook`,
			`Meta’s WhatsApp webhooks have "object": "${WHATSAPP_WEBHOOK_OBJECT}"; subscribe this URL to the WhatsApp Business Account object in the App Dashboard.`,
		);
	}
	if (!Array.isArray(parsed.entry)) {
		throw inputError('entry', 'is missing, so the webhook carries nothing to read', 'Meta’s webhooks carry an "entry" list; pass the body exactly as Meta sent it.');
	}
	return parsed as JsonObject & { entry: unknown[] };
}

/** An entry's WABA ID and its changes (undefined when it has none). @throws WhatsAppError naming the entry when it is malformed. */
export function entryParts(entry: unknown, entryIndex: number): { wabaId: string; time: unknown; changes: unknown[] | undefined } {
	const wabaId = isObject(entry) ? asId(entry.id) : undefined;
	if (!isObject(entry) || wabaId === undefined) throw inputError(`entry[${entryIndex}]`, 'has no "id" (the WhatsApp Business Account ID)', AS_SENT);
	if (entry.changes === undefined) return { wabaId, time: entry.time, changes: undefined };
	if (!Array.isArray(entry.changes)) throw inputError(`entry[${entryIndex}].changes`, 'is not a list', AS_SENT);
	return { wabaId, time: entry.time, changes: entry.changes };
}

/** @throws WhatsAppError naming the change when it is not an object. */
export function changeObject(change: unknown, entryIndex: number, changeIndex: number): JsonObject {
	if (!isObject(change)) throw inputError(`entry[${entryIndex}].changes[${changeIndex}]`, 'is not an object', AS_SENT);
	return change;
}
