/**
 * Location, contact cards and reactions (docs/meta-messaging.md §2.6–2.8): the objects Meta takes,
 * built from a marketer's fields and checked before sending.
 */
import { inputError } from '../errors';
import { whatsAppMessageId } from '../validation';

/** §2.6 [inferred ranges]: latitude −90…90, longitude −180…180. */
export const LATITUDE_LIMIT = 90;
export const LONGITUDE_LIMIT = 180;

export function coordinate(value: unknown, label: string, limit: number): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(number) || Math.abs(number) > limit) {
		throw inputError(label, `"${String(value)}" is not a coordinate from -${limit} to ${limit}.`, 'Enter decimal degrees, e.g. 37.4847 and -122.1477 (Google Maps shows them when you right-click a place).');
	}
	return number;
}

export interface LocationInput {
	latitude: unknown;
	longitude: unknown;
	name?: string;
	address?: string;
}

export function locationObject(location: LocationInput, labels: { latitude: string; longitude: string }): Record<string, unknown> {
	return {
		latitude: coordinate(location.latitude, labels.latitude, LATITUDE_LIMIT),
		longitude: coordinate(location.longitude, labels.longitude, LONGITUDE_LIMIT),
		...(location.name?.trim() ? { name: location.name.trim() } : {}),
		...(location.address?.trim() ? { address: location.address.trim() } : {}),
	};
}

/** One contact card as the Contacts field reads it (its column keys). */
export interface ContactInput {
	contactFullName?: string;
	contactFirstName?: string;
	contactLastName?: string;
	contactPhone?: string;
	contactEmail?: string;
	contactCompany?: string;
	contactUrl?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * §2.7 [doc]: each card needs `name.formatted_name` and at least one of first/last name (Meta also
 * takes middle name, prefix or suffix; the fields here offer the two everyone has). The full name
 * defaults to "first last".
 */
export function contactCards(value: unknown, label: string): Array<Record<string, unknown>> {
	const rows = (Array.isArray(value) ? value : []) as ContactInput[];
	if (rows.length === 0) throw inputError(label, 'has no contact.', 'Add at least one contact with a first or last name.');
	return rows.map((row, index) => {
		const where = `contact ${index + 1}`;
		const text = (cell: string | undefined) => String(cell ?? '').trim();
		const first = text(row.contactFirstName);
		const last = text(row.contactLastName);
		if (!first && !last) throw inputError(label, `${where} has no first or last name.`, 'WhatsApp needs a first or a last name on every contact card.');
		const phone = text(row.contactPhone);
		if (phone && !/^\+?[\d\s().-]{3,}$/.test(phone)) throw inputError(label, `${where}: "${phone}" is not a phone number.`, 'Enter the number with its country code, e.g. +1 631 555 5555.');
		const email = text(row.contactEmail);
		if (email && !EMAIL.test(email)) throw inputError(label, `${where}: "${email}" is not an email address.`, 'Enter an address such as support@example.com, or leave it empty.');
		const url = text(row.contactUrl);
		if (url && !/^https?:\/\/\S+$/i.test(url)) throw inputError(label, `${where}: "${url}" is not a web address.`, 'Enter the full address starting with https://, or leave it empty.');
		const company = text(row.contactCompany);
		return {
			name: { formatted_name: text(row.contactFullName) || [first, last].filter(Boolean).join(' '), ...(first ? { first_name: first } : {}), ...(last ? { last_name: last } : {}) },
			...(phone ? { phones: [{ phone }] } : {}),
			...(email ? { emails: [{ email }] } : {}),
			...(company ? { org: { company } } : {}),
			...(url ? { urls: [{ url }] } : {}),
		};
	});
}

/**
 * One emoji: a flag, a keycap, or pictographs joined by zero-width joiners with optional variation
 * selectors and skin tones (Unicode TR51). Meta's answer to text or several emoji is unpublished
 * (§2.8), so it is refused here.
 */
const ONE_EMOJI = /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*)*)$/u;

export function oneEmoji(value: unknown, label: string): string {
	const text = String(value).trim();
	if (!ONE_EMOJI.test(text)) throw inputError(label, `"${text}" is not one emoji.`, 'Enter exactly one emoji, e.g. 👍, or leave it empty to remove your reaction.');
	return text;
}

/** §2.8 [doc]: `{message_id, emoji}`; an empty emoji removes the reaction. */
export function reactionObject(messageId: unknown, emoji: string | undefined, labels: { messageId: string; emoji: string }): Record<string, string> {
	return {
		message_id: whatsAppMessageId(messageId, labels.messageId, 'Use the id of the message to react to (messages[].id of an incoming message, or the Message ID of one you sent; it starts with wamid.).'),
		emoji: emoji === undefined || emoji.trim() === '' ? '' : oneEmoji(emoji, labels.emoji),
	};
}
