/**
 * `POST /<WABA_ID>/message_templates` checked like Meta (docs/meta-templates.md §2, §5): name,
 * language, category, parameter format, components, placeholders and their examples, limits.
 * Returns the definition as Meta stores it (component `type` and header `format` in capitals).
 */
import { GraphError, requiredParameter, userFacingError } from '../graphError';
import { optionalString, Params, requireString } from '../params';
import { placeholders } from './placeholders';
import {
	BUTTON_TYPE_MAX,
	CATEGORIES,
	CREATE_ERRORS,
	HEADER_FORMATS,
	LANGUAGES,
	LIMITS,
	MEDIA_HEADER_FORMATS,
	NAME_PATTERN,
	NAMED_PARAMETER_PATTERN,
	PARAMETER_FORMATS,
	ParameterFormat,
} from './rules';
import type { TemplateComponent } from './store';

export interface TemplateDefinition {
	name: string;
	language: string;
	category: string;
	parameterFormat: ParameterFormat;
	components: TemplateComponent[];
}

type Json = Record<string, unknown>;

/** Graph's `(#100) Invalid parameter` for the template-management API (no `messaging_product`). */
export function invalidTemplate(details: string): GraphError {
	return new GraphError({ status: 400, code: 100, type: 'OAuthException', whatsapp: false, message: '(#100) Invalid parameter', details });
}

function characterLimit(field: string, max: number): GraphError {
	return userFacingError({ subcode: CREATE_ERRORS.characterLimit.subcode, title: CREATE_ERRORS.characterLimit.title, message: `The ${field} is longer than ${max} characters. Shorten it and try again.` });
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function jsonParam(params: Params, name: string): unknown {
	const value = params[name];
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		throw invalidTemplate(`The parameter ${name} must be JSON.`);
	}
}

function upperEnum<T extends string>(value: string, allowed: readonly T[], what: string): T {
	const upper = value.toUpperCase() as T;
	if (!allowed.includes(upper)) throw invalidTemplate(`${what} must be one of ${allowed.join(', ')}.`);
	return upper;
}

/** Placeholders must all follow the template's format: {{1}}..{{n}} in sequence, or lowercase names. */
function checkPlaceholders(where: string, names: string[], format: ParameterFormat): void {
	if (format === 'POSITIONAL') {
		const bad = names.find((name) => !/^\d+$/.test(name));
		if (bad !== undefined) throw invalidTemplate(`${where}: {{${bad}}} is not a positional parameter. Use {{1}}, {{2}}, … or set parameter_format to NAMED.`);
		const sorted = [...new Set(names.map(Number))].sort((a, b) => a - b);
		if (sorted.some((value, i) => value !== i + 1)) throw invalidTemplate(`${where}: positional parameters must run {{1}}, {{2}}, … without gaps.`);
		return;
	}
	const bad = names.find((name) => !NAMED_PARAMETER_PATTERN.test(name));
	if (bad !== undefined) throw invalidTemplate(`${where}: {{${bad}}} is not a named parameter. Names use lowercase letters, digits and underscores, e.g. {{first_name}}.`);
	if (new Set(names).size !== names.length) throw invalidTemplate(`${where}: each named parameter may appear once.`);
}

/** Examples are required when a text has placeholders: `<kind>_text` (positional) or `<kind>_text_named_params`. */
function checkExamples(kind: 'header' | 'body', component: Json, names: string[], format: ParameterFormat): void {
	if (names.length === 0) return;
	const example = component.example;
	const where = kind.toUpperCase();
	if (!isObject(example)) throw invalidTemplate(`${where} has parameters, so it needs example values (example.${kind}_text${format === 'NAMED' ? '_named_params' : ''}).`);
	if (format === 'NAMED') {
		const list = example[`${kind}_text_named_params`];
		const given = Array.isArray(list) ? list.filter((item): item is Json => isObject(item) && isText(item.param_name) && isText(item.example)).map((item) => item.param_name) : [];
		const missing = names.filter((name) => !given.includes(name));
		if (missing.length > 0 || given.length !== names.length) {
			throw invalidTemplate(`${where}: example.${kind}_text_named_params needs one {param_name, example} for each of ${names.join(', ')}.`);
		}
		return;
	}
	const list = example[`${kind}_text`];
	// body_text is a list holding one list of values; header_text is a flat list (§2.2).
	const values = kind === 'body' ? (Array.isArray(list) && Array.isArray(list[0]) ? list[0] : undefined) : list;
	if (!Array.isArray(values) || values.length !== names.length || !values.every(isText)) {
		const shape = kind === 'body' ? '[["value 1", "value 2", …]]' : '["value"]';
		throw invalidTemplate(`${where}: example.${kind}_text must be ${shape} with ${names.length} value(s).`);
	}
}

function checkHeader(component: Json, format: ParameterFormat): void {
	if (typeof component.format !== 'string') throw invalidTemplate(`HEADER needs a format: ${HEADER_FORMATS.join(', ')}.`);
	component.format = upperEnum(component.format, HEADER_FORMATS, 'HEADER format');
	if (component.format === 'TEXT') {
		if (!isText(component.text)) throw invalidTemplate('A TEXT header needs text.');
		if (component.text.length > LIMITS.headerTextMax) throw characterLimit('header text', LIMITS.headerTextMax);
		const names = placeholders(component.text);
		if (names.length > LIMITS.headerTextVariablesMax) throw invalidTemplate(`A TEXT header supports ${LIMITS.headerTextVariablesMax} parameter.`);
		checkPlaceholders('HEADER', names, format);
		checkExamples('header', component, names, format);
	} else if (MEDIA_HEADER_FORMATS.includes(component.format as string)) {
		const handles = isObject(component.example) ? component.example.header_handle : undefined;
		if (!Array.isArray(handles) || !isText(handles[0])) throw invalidTemplate(`A ${component.format} header needs example.header_handle: [handle from the Resumable Upload API].`);
	}
}

function checkBody(component: Json, format: ParameterFormat, category: string): void {
	if (category === 'AUTHENTICATION') return;
	if (!isText(component.text)) throw invalidTemplate('BODY needs text.');
	if (component.text.length > LIMITS.bodyMax) throw characterLimit('body text', LIMITS.bodyMax);
	const names = placeholders(component.text);
	checkPlaceholders('BODY', names, format);
	const trimmed = component.text.trim();
	if (names.length > 0 && (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed))) {
		throw userFacingError({
			subcode: CREATE_ERRORS.leadingOrTrailingVariable.subcode,
			title: CREATE_ERRORS.leadingOrTrailingVariable.title,
			message: 'Variables can\'t be at the start or end of the template. Add text before the first and after the last variable.',
		});
	}
	checkExamples('body', component, names, format);
}

function checkButton(button: Json, index: number, format: ParameterFormat, category: string): void {
	const where = `BUTTONS[${index}]`;
	if (typeof button.type !== 'string') throw invalidTemplate(`${where} needs a type.`);
	button.type = button.type.toUpperCase();
	const type = button.type as string;
	if (!(type in BUTTON_TYPE_MAX)) throw invalidTemplate(`${where}: the sandbox simulates ${Object.keys(BUTTON_TYPE_MAX).join(', ')} buttons, not ${type}.`);
	if ((type === 'OTP') !== (category === 'AUTHENTICATION')) {
		throw invalidTemplate(`${where}: AUTHENTICATION templates have one OTP button, and OTP buttons belong to AUTHENTICATION templates only.`);
	}
	const needsText = type !== 'COPY_CODE' && type !== 'OTP';
	if (needsText && !isText(button.text)) throw invalidTemplate(`${where} needs text.`);
	if (typeof button.text === 'string' && button.text.length > LIMITS.buttonTextMax) throw characterLimit('button text', LIMITS.buttonTextMax);
	if (type === 'URL') {
		if (!isText(button.url) || !/^https?:\/\//.test(button.url)) throw invalidTemplate(`${where}: a URL button needs url, an http(s) address.`);
		if (button.url.length > LIMITS.urlMax) throw characterLimit('button URL', LIMITS.urlMax);
		const names = placeholders(button.url);
		if (names.length > 1 || (names.length === 1 && !/\{\{[^{}]*\}\}$/.test(button.url))) throw invalidTemplate(`${where}: a URL supports one variable, at the very end.`);
		checkPlaceholders(where, names, format);
		if (names.length === 1 && !(Array.isArray(button.example) && isText(button.example[0]))) throw invalidTemplate(`${where}: a URL with a variable needs example: ["full example URL"].`);
	} else if (type === 'PHONE_NUMBER') {
		if (!isText(button.phone_number) || !/^\+?\d{4,}$/.test(button.phone_number) || button.phone_number.length > LIMITS.phoneNumberMax) {
			throw invalidTemplate(`${where}: a PHONE_NUMBER button needs phone_number, digits with the country code (at most ${LIMITS.phoneNumberMax} characters).`);
		}
	} else if (type === 'COPY_CODE') {
		if (!isText(button.example)) throw invalidTemplate(`${where}: a COPY_CODE button needs example, the code to copy.`);
		if (button.example.length > LIMITS.copyCodeExampleMax) throw characterLimit('copy code example', LIMITS.copyCodeExampleMax);
	} else if (type === 'OTP') {
		if (typeof button.otp_type !== 'string' || !['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(button.otp_type.toUpperCase())) {
			throw invalidTemplate(`${where}: an OTP button needs otp_type COPY_CODE, ONE_TAP or ZERO_TAP.`);
		}
	}
}

function checkButtons(component: Json, format: ParameterFormat, category: string): void {
	const buttons = component.buttons;
	if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > LIMITS.buttonsMax) {
		throw invalidTemplate(`BUTTONS needs buttons: a list of 1 to ${LIMITS.buttonsMax}.`);
	}
	buttons.forEach((button, index) => {
		if (!isObject(button)) throw invalidTemplate(`BUTTONS[${index}] must be an object.`);
		checkButton(button, index, format, category);
	});
	const types = buttons.map((button) => String((button as Json).type));
	for (const [type, max] of Object.entries(BUTTON_TYPE_MAX)) {
		if (types.filter((t) => t === type).length > max) throw invalidTemplate(`A template may have at most ${max} ${type} button(s).`);
	}
	// Quick replies and the other buttons form two groups, never interleaved (§2.5).
	const groups = types.map((type) => type === 'QUICK_REPLY').filter((quick, i, all) => i === 0 || quick !== all[i - 1]);
	if (groups.length > 2) throw invalidTemplate('Quick reply buttons and the other buttons must each be grouped together (e.g. QUICK_REPLY, QUICK_REPLY, URL).');
	if (category === 'AUTHENTICATION' && !types.includes('OTP')) throw invalidTemplate('An AUTHENTICATION template needs an OTP button.');
}

function checkComponents(raw: unknown, format: ParameterFormat, category: string): TemplateComponent[] {
	if (!Array.isArray(raw) || raw.length === 0) throw invalidTemplate('components must be a list with at least a BODY component.');
	const components = structuredClone(raw) as unknown[];
	const seen = new Set<string>();
	for (const component of components) {
		if (!isObject(component) || typeof component.type !== 'string') throw invalidTemplate('Each component needs a type: HEADER, BODY, FOOTER or BUTTONS.');
		component.type = upperEnum(component.type, ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'], 'A component type');
		const type = component.type as string;
		if (seen.has(type)) throw invalidTemplate(`A template has at most one ${type} component.`);
		seen.add(type);
		if (type === 'HEADER') checkHeader(component, format);
		else if (type === 'BODY') checkBody(component, format, category);
		else if (type === 'FOOTER') {
			if (!isText(component.text)) throw invalidTemplate('FOOTER needs text.');
			if (component.text.length > LIMITS.footerMax) throw characterLimit('footer text', LIMITS.footerMax);
			if (placeholders(component.text).length > 0) throw invalidTemplate('FOOTER text cannot have parameters.');
		} else checkButtons(component, format, category);
	}
	if (!seen.has('BODY')) throw invalidTemplate('Every template needs a BODY component.');
	if (category === 'AUTHENTICATION' && !seen.has('BUTTONS')) throw invalidTemplate('An AUTHENTICATION template needs an OTP button.');
	return components as TemplateComponent[];
}

/** The whole create request; throws Meta's error for the first problem found. */
export function parseDefinition(params: Params): TemplateDefinition {
	for (const name of ['name', 'language', 'category', 'components']) if (params[name] === undefined || params[name] === '') throw requiredParameter(name);
	const name = requireString(params, 'name');
	if (name.length > LIMITS.nameMax) throw characterLimit('template name', LIMITS.nameMax);
	if (!NAME_PATTERN.test(name)) throw invalidTemplate('Template names may only contain lowercase letters, numbers and underscores, e.g. order_update.');
	const language = requireString(params, 'language');
	if (!(language in LANGUAGES)) throw invalidTemplate(`Language ${language} is not supported. Use a code such as en_US, es or pt_BR.`);
	const category = upperEnum(requireString(params, 'category'), CATEGORIES, 'category');
	const format = upperEnum(optionalString(params, 'parameter_format') ?? 'POSITIONAL', PARAMETER_FORMATS, 'parameter_format');
	const components = checkComponents(jsonParam(params, 'components'), format, category);
	return { name, language, category, parameterFormat: format, components };
}
