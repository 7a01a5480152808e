/**
 * The `template` object of a send (docs/meta-templates.md §4.1), built from the template's own
 * definition and values given by placeholder key, and checked like Meta checks it (§4.2) before any
 * request: every placeholder has a value, no value is left over, header media is there, button
 * variables are there, no new line/tab/5 spaces (132018), the filled-in body fits (132005).
 * Pure: no I/O. Named placeholders carry `parameter_name`, as Meta requires (§4.1).
 */
import { inputError } from '../errors';
import { settleSync } from '../settle';
import { mediaLink } from '../validation';
import { componentOf, MetaTemplate } from './meta';
import { FILLED_BODY_MAX, PARAMETER_TEXT_FORBIDDEN } from './limits';
import { AUTHENTICATION_CODE_KEY, placeholderNames, TemplatePlaceholder, templatePlaceholders } from './placeholders';
import { templateTitle } from './sendable';

export interface TemplateSendObject {
	name: string;
	language: { code: string };
	components?: Array<Record<string, unknown>>;
}

/** A value for one placeholder key, with the field it was given in (named in errors). */
export interface GivenValue {
	value: unknown;
	field: string;
}

type Parameter = Record<string, unknown>;

const characters = (text: string): number => [...text].length;
const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function placeholderText(placeholder: TemplatePlaceholder, given: GivenValue, title: string): string {
	const value = given.value;
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	const where = placeholder.name !== null && placeholder.kind === 'text' ? `{{${placeholder.name}}}` : placeholder.key;
	if (PARAMETER_TEXT_FORBIDDEN.test(text)) {
		throw inputError(
			given.field,
			`the value for ${where} of the template ${title} contains a new line, a tab or more than 4 spaces in a row, which WhatsApp refuses in a template parameter (error 132018).`,
			'Put the value on one line with single spaces; the line breaks belong in the template text itself.',
		);
	}
	if (placeholder.maxLength !== null && characters(text) > placeholder.maxLength) {
		throw inputError(given.field, `the value for ${where} of the template ${title} is ${characters(text)} characters long.`, `WhatsApp takes at most ${placeholder.maxLength} characters there; shorten it.`);
	}
	return text;
}

function mediaObject(placeholder: TemplatePlaceholder, given: GivenValue): Record<string, string> {
	const value = given.value;
	if (typeof value === 'object' && value !== null) {
		const object = value as Record<string, unknown>;
		if (typeof object.id === 'string' || typeof object.id === 'number') return { id: String(object.id) };
		if (typeof object.link === 'string') return { link: mediaLink(object.link, given.field) };
	}
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return { id: text };
	const link = mediaLink(text, `${given.field} (${placeholder.key})`);
	return { link };
}

function locationObject(placeholder: TemplatePlaceholder, given: GivenValue): Record<string, unknown> {
	let value: unknown = given.value;
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		// Not JSON: reported below as not a location.
		const parsed = settleSync(() => JSON.parse(value as string) as unknown);
		if (parsed.ok) value = parsed.value;
	}
	let location: Record<string, unknown> | undefined;
	if (typeof value === 'object' && value !== null) location = { ...(value as Record<string, unknown>) };
	else {
		const [latitude, longitude, name, ...address] = String(value).split(',').map((part) => part.trim());
		location = { latitude, longitude, ...(name ? { name } : {}), ...(address.length ? { address: address.join(', ') } : {}) };
	}
	const latitude = Number(location.latitude);
	const longitude = Number(location.longitude);
	if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
		throw inputError(given.field, `${placeholder.key} is not a location.`, 'Give "latitude, longitude" (optionally followed by the place name and address), e.g. 37.4839, -122.1484, Meta HQ.');
	}
	return { ...location, latitude, longitude };
}

/** The values by key, every placeholder filled and nothing left over; throws naming what is wrong. */
function checkedValues(template: MetaTemplate, placeholders: TemplatePlaceholder[], values: Readonly<Record<string, GivenValue>>, title: string): Map<string, GivenValue> {
	const known = new Set(placeholders.map((placeholder) => placeholder.key));
	const extra = Object.entries(values).filter(([key, given]) => !known.has(key) && !isEmpty(given.value));
	if (extra.length) {
		const [key, given] = extra[0];
		const has = placeholders.length ? `it has ${placeholders.map((placeholder) => placeholder.key).join(', ')}` : 'it takes no parameters';
		throw inputError(given.field, `"${key}" is not a parameter of the template ${title} (${has}).`, 'Remove that value, or check that you picked the right template.');
	}
	const missing = placeholders.filter((placeholder) => isEmpty(values[placeholder.key]?.value));
	if (missing.length) {
		const field = values[missing[0].key]?.field ?? Object.values(values)[0]?.field ?? 'Template Values';
		const list = missing.map((placeholder) => `${placeholder.label} (key ${placeholder.key})`).join('; ');
		throw inputError(field, `the template ${title} needs a value for ${list}. Nothing was sent.`, `Map a value to ${missing.map((placeholder) => placeholder.key).join(', ')}, e.g. from a column of your data.`);
	}
	return new Map(placeholders.map((placeholder) => [placeholder.key, values[placeholder.key] as GivenValue]));
}

function textParameter(text: string, name: string | null, named: boolean): Parameter {
	return named && name !== null ? { type: 'text', parameter_name: name, text } : { type: 'text', text };
}

/**
 * Checks `values` against the template and returns the `template` object to send. Throws an input
 * error naming the missing, extra or wrong value; nothing is sent for such a message.
 */
export function buildTemplateSend(template: MetaTemplate, values: Readonly<Record<string, GivenValue>>): TemplateSendObject {
	const name = String(template.name);
	const language = String(template.language);
	const title = templateTitle(name, language);
	const placeholders = templatePlaceholders(template);
	const checked = checkedValues(template, placeholders, values, title);
	const named = String(template.parameter_format ?? '').toUpperCase() === 'NAMED';
	const byKey = new Map(placeholders.map((placeholder) => [placeholder.key, placeholder]));
	const texts = new Map<string, string>();
	for (const placeholder of placeholders) {
		if (placeholder.kind === 'text' || placeholder.kind === 'url' || placeholder.kind === 'copyCode' || placeholder.kind === 'code') {
			texts.set(placeholder.key, placeholderText(placeholder, checked.get(placeholder.key) as GivenValue, title));
		}
	}
	const keyOf = (kind: 'header' | 'body', placeholderName: string) => (named ? placeholderName : `${kind}_${placeholderName}`);
	const components: Array<Record<string, unknown>> = [];

	if (String(template.category ?? '').toUpperCase() === 'AUTHENTICATION') {
		const code = texts.get(AUTHENTICATION_CODE_KEY) as string;
		components.push({ type: 'body', parameters: [{ type: 'text', text: code }] });
		const otpIndex = (componentOf(template, 'BUTTONS')?.buttons ?? []).findIndex((button) => String(button.type).toUpperCase() === 'OTP');
		components.push({ type: 'button', sub_type: 'url', index: String(Math.max(otpIndex, 0)), parameters: [{ type: 'text', text: code }] });
		return { name, language: { code: language }, components };
	}

	const header = componentOf(template, 'HEADER');
	const headerFormat = String(header?.format ?? 'TEXT').toUpperCase();
	if (header && headerFormat === 'TEXT') {
		const parameters = [...new Set(placeholderNames(String(header.text ?? '')))].map((placeholderName) =>
			textParameter(texts.get(keyOf('header', placeholderName)) as string, placeholderName, named),
		);
		if (parameters.length) components.push({ type: 'header', parameters });
	} else if (header) {
		const placeholder = placeholders.find((candidate) => candidate.component === 'header');
		if (placeholder) {
			const given = checked.get(placeholder.key) as GivenValue;
			const kind = placeholder.kind;
			const object = kind === 'location' ? locationObject(placeholder, given) : mediaObject(placeholder, given);
			components.push({ type: 'header', parameters: [{ type: kind, [kind]: object }] });
		}
	}

	const bodyText = String(componentOf(template, 'BODY')?.text ?? '');
	const bodyNames = placeholderNames(bodyText);
	const bodyParameters = (named ? [...new Set(bodyNames)] : bodyNames).map((placeholderName) => textParameter(texts.get(keyOf('body', placeholderName)) as string, placeholderName, named));
	if (bodyParameters.length) components.push({ type: 'body', parameters: bodyParameters });
	const filled = bodyText.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_all, placeholderName: string) => texts.get(keyOf('body', placeholderName)) ?? '');
	if (characters(filled) > FILLED_BODY_MAX) {
		const field = Object.values(values)[0]?.field ?? 'Template Values';
		throw inputError(field, `the text of the template ${title} would be ${characters(filled)} characters long once filled in, and WhatsApp refuses more than ${FILLED_BODY_MAX} (error 132005).`, 'Shorten the values.');
	}

	for (const placeholder of placeholders.filter((candidate) => candidate.component === 'button')) {
		const text = texts.get(placeholder.key) as string;
		const index = String(placeholder.buttonIndex);
		if (byKey.get(placeholder.key)?.kind === 'copyCode') {
			components.push({ type: 'button', sub_type: 'copy_code', index, parameters: [{ type: 'coupon_code', coupon_code: text }] });
		} else {
			const variable = placeholder.name !== null && !/^\d+$/.test(placeholder.name) ? placeholder.name : null;
			components.push({ type: 'button', sub_type: 'url', index, parameters: [textParameter(text, variable, variable !== null)] });
		}
	}
	return { name, language: { code: language }, ...(components.length ? { components } : {}) };
}
