/**
 * Interactive messages (docs/meta-messaging.md §2.2–2.5): reply buttons, lists, a link (CTA URL)
 * button and a location request, checked against Meta's limits before anything is sent. Meta answers
 * a value out of bounds with 131009 and a missing part with 131008 (§2.10), naming the part in
 * words a marketer does not know; the errors here name the field the marketer filled in.
 *
 * The limits are [doc] (§2.2–2.5) unless marked; a wrong one is changed here.
 */
import { inputError } from '../errors';
import { characters, limitedText } from './text';

/** §2.2–2.4: a text header and the footer take at most 60 characters. */
export const HEADER_TEXT_MAX_CHARACTERS = 60;
export const FOOTER_TEXT_MAX_CHARACTERS = 60;
/** §2.3: a list's body takes 4096 characters (buttons, link button and location request 1024). */
export const LIST_BODY_MAX_CHARACTERS = 4096;
export const INTERACTIVE_BODY_MAX_CHARACTERS = 1024;
/** §2.3: the button that opens a list, and §2.4: the link button's text, 1–20 characters. */
export const ACTION_BUTTON_MAX_CHARACTERS = 20;
/** §2.3: at most 10 sections and 10 rows across all of them. */
export const LIST_MAX_SECTIONS = 10;
export const LIST_MAX_ROWS = 10;
export const LIST_SECTION_TITLE_MAX_CHARACTERS = 24;
export const LIST_ROW_ID_MAX_CHARACTERS = 200;
export const LIST_ROW_TITLE_MAX_CHARACTERS = 24;
export const LIST_ROW_DESCRIPTION_MAX_CHARACTERS = 72;
/** §2.5: the action of a location request. */
export const LOCATION_REQUEST_ACTION = 'send_location';

/** One row of a list as a marketer gives it: the section it belongs to, its id (the title when empty), title and description. */
export interface ListRow {
	section?: string;
	id: string;
	title: string;
	description?: string;
}

/** The row as the core's `rows` field reads it (column keys of the List Rows field). */
export interface ListRowInput {
	rowSection?: string;
	rowId?: string;
	rowTitle?: string;
	rowDescription?: string;
}

function fits(label: string, text: string, max: number, what: string): string {
	if (characters(text) > max) throw inputError(label, `${what} "${text}" is ${characters(text)} characters long.`, `WhatsApp takes at most ${max} characters there; shorten it.`);
	return text;
}

/**
 * The rows of a list, checked as Meta checks them: 1 to 10 rows in all, titles, ids and
 * descriptions within their limits, ids unique, and a section title on every row once there is more
 * than one section (Meta requires a title per section then).
 */
export function listRows(value: unknown, label: string): ListRow[] {
	const given = (Array.isArray(value) ? value : []) as ListRowInput[];
	const expected = `Add 1 to ${LIST_MAX_ROWS} rows, each with a title (up to ${LIST_ROW_TITLE_MAX_CHARACTERS} characters); the id comes back in the reply webhook.`;
	if (given.length === 0) throw inputError(label, 'has no row.', expected);
	if (given.length > LIST_MAX_ROWS) throw inputError(label, `has ${given.length} rows; a WhatsApp list shows at most ${LIST_MAX_ROWS} (across all sections).`, `Keep at most ${LIST_MAX_ROWS} rows, or split them over two messages.`);
	const rows = given.map((row, index): ListRow => {
		const where = `row ${index + 1}`;
		const title = String(row.rowTitle ?? '').trim();
		if (title === '') throw inputError(label, `${where} has no title.`, expected);
		const id = String(row.rowId ?? '').trim() || title;
		const section = String(row.rowSection ?? '').trim();
		const description = String(row.rowDescription ?? '').trim();
		fits(label, title, LIST_ROW_TITLE_MAX_CHARACTERS, `the title of ${where},`);
		fits(label, id, LIST_ROW_ID_MAX_CHARACTERS, `the id of ${where},`);
		if (section) fits(label, section, LIST_SECTION_TITLE_MAX_CHARACTERS, `the section of ${where},`);
		if (description) fits(label, description, LIST_ROW_DESCRIPTION_MAX_CHARACTERS, `the description of ${where},`);
		return { id, title, ...(section ? { section } : {}), ...(description ? { description } : {}) };
	});
	const ids = new Set<string>();
	for (const row of rows) {
		if (ids.has(row.id)) throw inputError(label, `two rows have the id "${row.id}".`, 'Each row needs its own id (a row without an id uses its title, so two rows with the same title need ids).');
		ids.add(row.id);
	}
	const sections = new Set(rows.map((row) => row.section ?? ''));
	if (sections.size > 1 && sections.has('')) {
		const position = rows.findIndex((row) => row.section === undefined) + 1;
		throw inputError(label, `row ${position} has no section, but the list has several sections.`, 'Give every row a section title once the list has more than one section (WhatsApp shows a title above each section).');
	}
	return rows;
}

/** The sections of a list, in the order their first row appears. */
function sectionsOf(rows: readonly ListRow[]): Array<Record<string, unknown>> {
	const sections = new Map<string, Array<Record<string, string>>>();
	for (const row of rows) {
		const key = row.section ?? '';
		const entry: Record<string, string> = { id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) };
		sections.set(key, [...(sections.get(key) ?? []), entry]);
	}
	return [...sections.entries()].map(([title, sectionRows]) => (title ? { title, rows: sectionRows } : { rows: sectionRows }));
}

/** What the marketer gave for the texts around an interactive message. */
export interface InteractiveTexts {
	body: string;
	bodyLabel: string;
	headerText?: string;
	headerLabel: string;
	footerText?: string;
	footerLabel: string;
}

/** `header` (text), `body` and `footer`, each within its limit; `bodyMax` depends on the kind. */
function frame(texts: InteractiveTexts, bodyMax: number): Record<string, unknown> {
	return {
		...(texts.headerText !== undefined ? { header: { type: 'text', text: limitedText(texts.headerText, texts.headerLabel, HEADER_TEXT_MAX_CHARACTERS) } } : {}),
		body: { text: limitedText(texts.body, texts.bodyLabel, bodyMax) },
		...(texts.footerText !== undefined ? { footer: { text: limitedText(texts.footerText, texts.footerLabel, FOOTER_TEXT_MAX_CHARACTERS) } } : {}),
	};
}

/** The text on a list's button or on a link button: 1–20 characters. */
export function actionButtonText(value: unknown, label: string): string {
	const text = String(value).trim();
	if (characters(text) > ACTION_BUTTON_MAX_CHARACTERS) {
		throw inputError(label, `"${text}" is ${characters(text)} characters long.`, `WhatsApp shows at most ${ACTION_BUTTON_MAX_CHARACTERS} characters on the button; shorten it.`);
	}
	return text;
}

/** §2.4: the link button opens an http or https URL. */
export function buttonUrl(value: unknown, label: string): string {
	const text = String(value).trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(text)) {
		throw inputError(label, `"${text}" is not a web address.`, 'Enter the full address the button opens, starting with https://, e.g. https://shop.example.com/sale.');
	}
	return text;
}

export function replyButtonsObject(texts: InteractiveTexts, buttons: ReadonlyArray<{ id: string; title: string }>, bodyMax: number): Record<string, unknown> {
	return { type: 'button', ...frame(texts, bodyMax), action: { buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) } };
}

export function listObject(texts: InteractiveTexts, button: string, rows: readonly ListRow[]): Record<string, unknown> {
	return { type: 'list', ...frame(texts, LIST_BODY_MAX_CHARACTERS), action: { button, sections: sectionsOf(rows) } };
}

export function ctaUrlObject(texts: InteractiveTexts, displayText: string, url: string): Record<string, unknown> {
	return { type: 'cta_url', ...frame(texts, INTERACTIVE_BODY_MAX_CHARACTERS), action: { name: 'cta_url', parameters: { display_text: displayText, url } } };
}

export function locationRequestObject(texts: InteractiveTexts): Record<string, unknown> {
	return { type: 'location_request_message', ...frame({ ...texts, headerText: undefined, footerText: undefined }, INTERACTIVE_BODY_MAX_CHARACTERS), action: { name: LOCATION_REQUEST_ACTION } };
}
