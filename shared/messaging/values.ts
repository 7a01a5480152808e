/** Checks of the single values of a message (recipient, template name and parameters, reply buttons, media reference), each naming its field. */
import { inputError } from '../errors';
import { identityKeyHash, internationalPhoneNumber, languageCode, mediaLink } from '../validation';
import { MESSAGE_FIELD_LABELS, BUTTON_ID_MAX_CHARACTERS, BUTTON_TITLE_MAX_CHARACTERS, MAX_REPLY_BUTTONS, ReplyButton, TEMPLATE_NAME_PATTERN } from './input';
import { characters } from './text';

export { limitedText } from './text';

/**
 * The recipient in the form Meta asks for: "Always include + and the country code" (docs/meta-api.md §2);
 * without `+`, Meta prepends the sender's own country code. Returns `+` followed by digits.
 */
export function recipientNumber(value: unknown, label: string = MESSAGE_FIELD_LABELS.to): string {
	// "+44 (0)20 …" is a common way to write a number; the "(0)" is dropped when dialling from abroad.
	const typed = String(value).trim().replace(/\(0\)/g, '');
	const digits = internationalPhoneNumber(typed, label);
	// A leading 0 (or 00) is a national or trunk prefix, never a country code.
	if (digits.startsWith('0') && !typed.startsWith('00')) {
		throw inputError(label, `"${typed}" starts with 0, so it looks like a national number.`, 'Use the international format with "+" and the country code, e.g. +44 7700 900123 instead of 07700 900123.');
	}
	const international = typed.startsWith('00') ? digits.slice(2) : digits;
	if (international.startsWith('0') || international.length < 8) {
		throw inputError(label, `"${typed}" is not an international number.`, 'Use "+" and the country code, e.g. +1 631 555 5555.');
	}
	return `+${international}`;
}


export function templateName(value: unknown, label: string = MESSAGE_FIELD_LABELS.templateName): string {
	const text = String(value).trim();
	if (!TEMPLATE_NAME_PATTERN.test(text)) {
		throw inputError(label, `"${text}" is not a template name.`, 'Use the name exactly as in WhatsApp Manager → Message templates: lowercase letters, digits and underscores, e.g. order_confirmation.');
	}
	return text;
}

/**
 * Meta rejects template parameters containing new lines, tabs or more than 4 consecutive spaces
 * (error 132018 in Meta's table; not in docs/meta-api.md, so this rule is one function to change).
 */
export function templateParameter(value: unknown, label: string, position: number): string {
	const text = String(value);
	if (text.trim() === '') throw inputError(label, `parameter ${position} is empty.`, 'Give every placeholder a value, one per line.');
	if (/[\n\r\t]/.test(text) || / {5,}/.test(text)) {
		throw inputError(label, `parameter ${position} contains a new line, a tab or more than 4 spaces in a row.`, 'WhatsApp does not accept those inside a template parameter; put the value on one line.');
	}
	return text;
}

/**
 * Reply buttons, one per line (or one per array item): `id|Title`, or just `Title` (then the id is
 * the title itself). The id comes back in the reply webhook so a workflow can branch on it.
 */
export function replyButtons(value: unknown, label: string = MESSAGE_FIELD_LABELS.buttons): ReplyButton[] {
	const lines = (Array.isArray(value) ? value : String(value).split(/\r?\n/))
		.map((line) => (typeof line === 'object' && line !== null ? buttonFromObject(line as Record<string, unknown>) : String(line)))
		.filter((line) => line.trim() !== '');
	const expected = `One button per line as "id|Title" or just "Title" (at most ${MAX_REPLY_BUTTONS} buttons, titles up to ${BUTTON_TITLE_MAX_CHARACTERS} characters), e.g. yes|Yes, please.`;
	if (lines.length === 0) throw inputError(label, 'has no button.', expected);
	if (lines.length > MAX_REPLY_BUTTONS) throw inputError(label, `has ${lines.length} buttons.`, expected);
	const buttons = lines.map((line, position) => {
		const separator = line.indexOf('|');
		const title = (separator === -1 ? line : line.slice(separator + 1)).trim();
		const id = (separator === -1 ? title : line.slice(0, separator)).trim();
		if (title === '') throw inputError(label, `button ${position + 1} has no title.`, expected);
		if (id === '') throw inputError(label, `button ${position + 1} has an empty id before "|".`, expected);
		if (characters(title) > BUTTON_TITLE_MAX_CHARACTERS) {
			throw inputError(label, `the title "${title}" is ${characters(title)} characters long.`, `Button titles can have at most ${BUTTON_TITLE_MAX_CHARACTERS} characters; shorten it.`);
		}
		if (characters(id) > BUTTON_ID_MAX_CHARACTERS) throw inputError(label, `button ${position + 1} has an id longer than ${BUTTON_ID_MAX_CHARACTERS} characters.`, expected);
		return { id, title };
	});
	for (const key of ['id', 'title'] as const) {
		const seen = new Set<string>();
		for (const button of buttons) {
			if (seen.has(button[key])) throw inputError(label, `two buttons have the ${key} "${button[key]}".`, `Each button needs its own ${key}.`);
			seen.add(button[key]);
		}
	}
	return buttons;
}

function buttonFromObject(item: Record<string, unknown>): string {
	const title = item.title ?? '';
	return item.id === undefined ? String(title) : `${String(item.id)}|${String(title)}`;
}

/** A media reference: all digits is an uploaded media ID, anything else must be a web link. */
export function mediaReference(value: unknown, label: string = MESSAGE_FIELD_LABELS.mediaUrl): { id: string } | { link: string } {
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return { id: text };
	return { link: mediaLink(text, label) };
}

export function optionalIdentityKeyHash(value: unknown, label: string = MESSAGE_FIELD_LABELS.recipientIdentityKeyHash): string {
	return identityKeyHash(value, label);
}

export function templateLanguage(value: unknown, label: string = MESSAGE_FIELD_LABELS.templateLanguage): string {
	return languageCode(value, label);
}

