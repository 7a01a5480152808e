/** Checks of the subscription API's input; each error says what to send instead. */
import { MAX_LIST_LIMIT, WEBHOOK_EVENT_TYPES, WebhookEventType } from '../../shared/relayContract';
import { HttpError } from './respond';

/** Longest target URL accepted. */
export const MAX_TARGET_URL_LENGTH = 2048;

export function optionalText(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, 'invalid_input', `${field} must be a string.`);
	return String(value).trim() || undefined;
}

export function metaId(value: string | undefined, field: string): string | undefined {
	if (value === undefined) return undefined;
	if (!/^\d{1,25}$/.test(value)) throw new HttpError(400, 'invalid_input', `${field} "${value}" is not a Meta ID: use the numeric ID from WhatsApp Manager (digits only), or leave it out.`);
	return value;
}

export function eventType(value: string, field: string): WebhookEventType {
	const match = WEBHOOK_EVENT_TYPES.find((type) => type.toLowerCase() === value.trim().toLowerCase());
	if (!match) throw new HttpError(400, 'invalid_input', `${field} "${value}" is not an event type. Use one of: ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
	return match;
}

/** `event_type`: one type, a comma-separated list, or an array of types. */
export function eventTypes(value: unknown): WebhookEventType[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	const names = items.map((item) => String(item).trim()).filter(Boolean);
	if (names.length === 0) {
		throw new HttpError(400, 'invalid_input', `event_type is required: the kind of event to receive, one of ${WEBHOOK_EVENT_TYPES.join(', ')} (several may be given as a list).`);
	}
	return [...new Set(names.map((name) => eventType(name, 'event_type')))];
}

/** The target URL's text and parsed form (where it may point is the target guard's to say). */
export function targetUrl(value: unknown): { text: string; url: URL } {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new HttpError(400, 'invalid_input', 'target_url is required: the URL the relay should POST each event to (Zapier provides it as bundle.targetUrl).');
	}
	const text = value.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new HttpError(400, 'invalid_input', 'target_url is not a URL. Give a full address such as https://hooks.zapier.com/hooks/standard/…');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpError(400, 'invalid_input', 'target_url must start with https:// (or http:// for a local test).');
	// URL parsing would read http:///path as http://path/: the text itself must name a host.
	if (!/^https?:\/\/[^/\\?#\s]/i.test(text)) throw new HttpError(400, 'invalid_input', 'target_url has no host name after "://". Give a full address such as https://hooks.zapier.com/hooks/standard/…');
	if (text.length > MAX_TARGET_URL_LENGTH) throw new HttpError(400, 'invalid_input', `target_url is longer than ${MAX_TARGET_URL_LENGTH} characters.`);
	return { text, url };
}

export function limitParam(params: URLSearchParams, fallback: number): number {
	const text = params.get('limit');
	if (text === null || text === '') return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1 || value > MAX_LIST_LIMIT) throw new HttpError(400, 'invalid_input', `limit must be a whole number from 1 to ${MAX_LIST_LIMIT} (got "${text}").`);
	return value;
}

/** Longest person ID accepted: business-scoped user IDs are a country code, a period and up to 128 characters (docs/meta-bsuid.md §1). */
export const MAX_PERSON_ID_LENGTH = 160;

/**
 * A person as Meta names them in webhooks: a phone number (a leading + is dropped) or a
 * business-scoped user ID such as US.13491208655302741918, kept exactly as given.
 */
export function personId(value: string): string {
	const text = value.trim();
	const phone = text.replace(/^\+/, '');
	if (/^\d{1,20}$/.test(phone)) return phone;
	if (text.length <= MAX_PERSON_ID_LENGTH && /^[A-Z]{2}\.[A-Za-z0-9.]+$/.test(text)) return text;
	throw new HttpError(
		400,
		'invalid_input',
		"Name the person by their WhatsApp number in international form, digits only (e.g. 16505551234), or by their business-scoped user ID as Meta sent it (e.g. US.13491208655302741918).",
	);
}
