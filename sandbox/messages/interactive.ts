/**
 * Interactive message payloads (docs/meta-messaging.md §2.2–2.5): reply buttons, lists, CTA URL
 * buttons and location requests checked against Meta's limits, 131008 for a missing part and
 * 131009 for a value out of bounds. Flows, products and call requests are accepted as they come.
 */
import { REPLY_BUTTONS } from '../constants';
import { INTERACTIVE_LIMITS as LIMITS, LOCATION_REQUEST_ACTION } from '../messagingConstants';
import { invalid, isHttpUrl, isObject, isText, missing, optionalText, requiredText } from './checks';

export const INTERACTIVE_TYPES = ['button', 'list', 'cta_url', 'flow', 'location_request_message', 'voice_call', 'request_contact_info', 'product', 'product_list'];

const HEADER_TYPES = ['text', 'image', 'video', 'document'];

function checkHeader(header: unknown, interactiveType: string): void {
	if (header === undefined) return;
	if (!isObject(header) || !isText(header.type)) throw missing("The parameter interactive['header']['type'] is required.");
	const allowed = interactiveType === 'list' ? ['text'] : HEADER_TYPES;
	if (!allowed.includes(header.type)) throw invalid(`interactive['header']['type'] must be ${allowed.join(', ')} for a ${interactiveType} message.`);
	if (header.type === 'text') {
		requiredText(header.text, LIMITS.headerText, "interactive['header']['text']");
		return;
	}
	const media = header[header.type];
	if (!isObject(media) || (media.id === undefined && media.link === undefined)) {
		throw missing(`The parameter interactive['header']['${header.type}'] needs an id or a link.`);
	}
	if (media.link !== undefined && !isHttpUrl(media.link)) throw invalid(`interactive['header']['${header.type}']['link'] must be an http(s) URL.`);
}

function checkButtons(action: Record<string, unknown>): void {
	const buttons = action.buttons;
	if (!Array.isArray(buttons)) throw missing("The parameter interactive['action']['buttons'] is required.");
	const { min, max, titleMaxLength: titleMax } = REPLY_BUTTONS;
	const idMax = LIMITS.replyButtonIdMax;
	if (buttons.length < min || buttons.length > max) throw invalid(`A button message has ${min} to ${max} buttons; this one has ${buttons.length}.`);
	const ids = new Set<string>();
	const titles = new Set<string>();
	for (const button of buttons as unknown[]) {
		const reply = isObject(button) ? button.reply : undefined;
		if (!isObject(button) || button.type !== 'reply') throw invalid("Each button's type must be reply.");
		if (!isObject(reply) || reply.id === undefined || reply.title === undefined) throw missing("Each button needs reply['id'] and reply['title'].");
		if (!isText(reply.title) || reply.title.length > titleMax) throw invalid(`Button titles are 1 to ${titleMax} characters.`);
		if (!isText(reply.id) || reply.id.length > idMax || reply.id !== reply.id.trim()) throw invalid(`Button ids are 1 to ${idMax} characters without leading or trailing spaces.`);
		if (ids.has(reply.id) || titles.has(reply.title)) throw invalid('Button ids and titles must be unique within the message.');
		ids.add(reply.id);
		titles.add(reply.title);
	}
}

function checkList(action: Record<string, unknown>): void {
	const list = LIMITS.list;
	requiredText(action.button, list.buttonMax, "interactive['action']['button']");
	const sections = action.sections;
	if (!Array.isArray(sections) || sections.length === 0) throw missing("The parameter interactive['action']['sections'] is required (1 to 10 sections).");
	if (sections.length > list.sectionsMax) throw invalid(`A list has at most ${list.sectionsMax} sections; this one has ${sections.length}.`);
	const rowIds = new Set<string>();
	let rowCount = 0;
	sections.forEach((section: unknown, index) => {
		if (!isObject(section)) throw invalid(`interactive['action']['sections'][${index}] must be an object with rows.`);
		if (sections.length > 1 || section.title !== undefined) requiredText(section.title, list.sectionTitleMax, `interactive['action']['sections'][${index}]['title']`);
		if (!Array.isArray(section.rows) || section.rows.length === 0) throw missing(`The parameter interactive['action']['sections'][${index}]['rows'] is required.`);
		for (const row of section.rows as unknown[]) {
			rowCount++;
			const label = `interactive['action']['sections'][${index}]['rows']`;
			if (!isObject(row)) throw invalid(`Each of ${label} must be an object with id and title.`);
			const id = requiredText(row.id, list.rowIdMax, `${label}[]['id']`);
			requiredText(row.title, list.rowTitleMax, `${label}[]['title']`);
			optionalText(row.description, list.rowDescriptionMax, `${label}[]['description']`);
			if (rowIds.has(id)) throw invalid(`Row ids must be unique across the list; ${id} appears twice.`);
			rowIds.add(id);
		}
	});
	if (rowCount > list.rowsTotalMax) throw invalid(`A list has at most ${list.rowsTotalMax} rows across all sections; this one has ${rowCount}.`);
}

function checkCtaUrl(action: Record<string, unknown>): void {
	if (action.name !== 'cta_url') throw invalid("interactive['action']['name'] must be cta_url.");
	const parameters = action.parameters;
	if (!isObject(parameters) || parameters.url === undefined || parameters.display_text === undefined) {
		throw missing("A cta_url message needs action['parameters']['display_text'] and ['url'].");
	}
	requiredText(parameters.display_text, LIMITS.ctaDisplayTextMax, "interactive['action']['parameters']['display_text']");
	if (!isHttpUrl(parameters.url)) throw invalid("interactive['action']['parameters']['url'] must be an http(s) URL.");
}

/** Everything Meta checks in `interactive` before accepting the send. */
export function checkInteractive(part: Record<string, unknown>): void {
	if (part.type === undefined) throw missing("The parameter interactive['type'] is required.");
	if (typeof part.type !== 'string' || !INTERACTIVE_TYPES.includes(part.type)) throw invalid(`interactive['type'] must be one of ${INTERACTIVE_TYPES.join(', ')}.`);
	const type = part.type;
	const action = part.action;
	if (!isObject(action)) throw missing("The parameter interactive['action'] is required.");
	checkHeader(part.header, type);
	const body = isObject(part.body) ? part.body : undefined;
	if (['button', 'list', 'cta_url', 'location_request_message'].includes(type)) {
		requiredText(body?.text, type === 'list' ? LIMITS.listBodyText : LIMITS.bodyText, "interactive['body']['text']");
	}
	if (part.footer !== undefined) requiredText(isObject(part.footer) ? part.footer.text : undefined, LIMITS.footerText, "interactive['footer']['text']");
	if (type === 'button') checkButtons(action);
	else if (type === 'list') checkList(action);
	else if (type === 'cta_url') checkCtaUrl(action);
	else if (type === 'location_request_message' && action.name !== LOCATION_REQUEST_ACTION) {
		throw invalid(`interactive['action']['name'] must be ${LOCATION_REQUEST_ACTION} for a location request.`);
	}
}
