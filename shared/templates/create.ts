/**
 * The body of `POST /<WABA_ID>/message_templates` (docs/meta-templates.md §1.3) from a marketer's
 * input, checked like Meta checks it (§2, §5) so a mistake is explained before any request: name,
 * limits, placeholders and their examples, header formats, button kinds and counts.
 */
import { inputError } from '../errors';
import { BUTTON_TYPE_MAX, NAMED_PLACEHOLDER_PATTERN, TEMPLATE_LIMITS, TEMPLATE_NAME_MAX } from './limits';
import type { TemplateCategory } from './meta';
import { placeholderNames } from './placeholders';

export const HEADER_TYPES = ['none', 'text', 'image', 'video', 'document', 'location'] as const;
export type CreateHeaderType = (typeof HEADER_TYPES)[number];

export interface CreateTemplateInput {
	templateName: string;
	category: TemplateCategory;
	templateLanguage: string;
	body?: string;
	bodyExamples?: string[];
	headerType?: CreateHeaderType;
	headerText?: string;
	headerExample?: string;
	headerHandle?: string;
	footer?: string;
	templateButtons?: string[];
	addSecurityRecommendation?: boolean;
	codeExpirationMinutes?: number;
	otpButtonText?: string;
	allowCategoryChange?: boolean;
}

/** The labels errors name, the same the declaration shows. */
export const CREATE_FIELD_LABELS = {
	templateName: 'Template Name',
	category: 'Category',
	templateLanguage: 'Template Language',
	body: 'Body',
	bodyExamples: 'Body Examples',
	headerType: 'Header Type',
	headerText: 'Header Text',
	headerExample: 'Header Example',
	headerHandle: 'Header Example Handle',
	footer: 'Footer',
	templateButtons: 'Buttons',
	codeExpirationMinutes: 'Code Expires After (Minutes)',
	otpButtonText: 'Copy Code Button Text',
} as const;

const L = CREATE_FIELD_LABELS;
type Json = Record<string, unknown>;

const characters = (text: string): number => [...text].length;

function limited(label: string, text: string, max: number): string {
	if (characters(text) > max) throw inputError(label, `is ${characters(text)} characters long.`, `WhatsApp allows at most ${max} characters here (Meta answers 2388040 otherwise); shorten it.`);
	return text;
}

/** NAMED when the text uses names, POSITIONAL when it uses {{1}}, {{2}}…; one template uses one (§2.2). */
function formatOf(names: string[], label: string): 'NAMED' | 'POSITIONAL' | undefined {
	if (names.length === 0) return undefined;
	const positional = names.filter((name) => /^\d+$/.test(name));
	if (positional.length === names.length) {
		const sorted = [...new Set(positional.map(Number))].sort((a, b) => a - b);
		if (sorted.some((value, position) => value !== position + 1)) {
			throw inputError(label, `numbers its placeholders ${sorted.map((value) => `{{${value}}}`).join(', ')}.`, 'Number them {{1}}, {{2}}, … without gaps.');
		}
		return 'POSITIONAL';
	}
	if (positional.length > 0) throw inputError(label, 'mixes numbered placeholders ({{1}}) and named ones ({{first_name}}).', 'Use one kind in the whole template.');
	const bad = names.find((name) => !NAMED_PLACEHOLDER_PATTERN.test(name));
	if (bad !== undefined) throw inputError(label, `{{${bad}}} is not a placeholder name.`, 'Use lowercase letters, digits and underscores, starting with a letter, e.g. {{first_name}}.');
	if (new Set(names).size !== names.length) throw inputError(label, 'uses the same placeholder name twice.', 'Give each placeholder its own name.');
	return 'NAMED';
}

/** The example values: `name=value` lines for named placeholders, values in order for numbered ones. */
function examples(label: string, names: string[], format: 'NAMED' | 'POSITIONAL', given: string[], kind: 'body' | 'header'): Json | undefined {
	if (names.length === 0) return undefined;
	const unique = [...new Set(names)];
	if (format === 'NAMED') {
		const byName = new Map<string, string>();
		for (const line of given) {
			const separator = line.indexOf('=');
			if (separator === -1) throw inputError(label, `"${line}" is not name=example.`, `Give one line per placeholder as name=example, e.g. ${unique[0]}=Pablo.`);
			byName.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
		}
		const missing = unique.filter((name) => !byName.get(name));
		if (missing.length) throw inputError(label, `has no example for ${missing.map((name) => `{{${name}}}`).join(', ')}.`, `Meta reviews every placeholder with an example: add ${missing.map((name) => `${name}=…`).join(', ')}.`);
		const extra = [...byName.keys()].filter((name) => !unique.includes(name));
		if (extra.length) throw inputError(label, `gives an example for ${extra.join(', ')}, which the text does not use.`, 'Remove it, or add the placeholder to the text.');
		return { [`${kind}_text_named_params`]: unique.map((name) => ({ param_name: name, example: byName.get(name) as string })) };
	}
	if (given.length !== unique.length) {
		throw inputError(label, `has ${given.length} example(s) for ${unique.length} placeholder(s).`, `Give one example per placeholder, in order ({{1}} first), one per line.`);
	}
	// body_text holds one list of values, header_text is flat (§2.2).
	return kind === 'body' ? { body_text: [given] } : { header_text: given };
}

function bodyComponent(input: CreateTemplateInput): { component: Json; format?: 'NAMED' | 'POSITIONAL' } {
	const body = input.body;
	if (body === undefined || body.trim() === '') throw inputError(L.body, 'is required.', 'Enter the message text, with placeholders such as {{first_name}} or {{1}}.');
	limited(L.body, body, TEMPLATE_LIMITS.body);
	const names = placeholderNames(body);
	const format = formatOf(names, L.body);
	if (format) {
		const trimmed = body.trim();
		// Meta: 2388299 "Variables can't be at the start or end of the template" (§2.2).
		if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed)) {
			throw inputError(L.body, 'starts or ends with a placeholder.', 'Add some words before the first and after the last placeholder (Meta refuses it with 2388299 otherwise).');
		}
	}
	const example = format ? examples(L.bodyExamples, names, format, input.bodyExamples ?? [], 'body') : undefined;
	return { component: { type: 'BODY', text: body, ...(example ? { example } : {}) }, format };
}

function headerComponent(input: CreateTemplateInput, bodyFormat: 'NAMED' | 'POSITIONAL' | undefined): { component?: Json; format?: 'NAMED' | 'POSITIONAL' } {
	const type = input.headerType ?? 'none';
	if (type === 'none') return {};
	if (type === 'location') return { component: { type: 'HEADER', format: 'LOCATION' } };
	if (type === 'text') {
		const text = input.headerText;
		if (text === undefined || text.trim() === '') throw inputError(L.headerText, 'is required for a text header.', 'Enter the header text, or set Header Type to None.');
		limited(L.headerText, text, TEMPLATE_LIMITS.headerText);
		const names = placeholderNames(text);
		if (names.length > TEMPLATE_LIMITS.headerTextPlaceholders) throw inputError(L.headerText, `has ${names.length} placeholders.`, 'A header may have one placeholder.');
		const format = formatOf(names, L.headerText);
		if (format && bodyFormat && format !== bodyFormat) throw inputError(L.headerText, 'uses another kind of placeholder than the body.', 'Use named placeholders everywhere, or numbered ones everywhere.');
		const example = format ? examples(L.headerExample, names, format, input.headerExample ? [input.headerExample] : [], 'header') : undefined;
		return { component: { type: 'HEADER', format: 'TEXT', text, ...(example ? { example } : {}) }, format };
	}
	const handle = input.headerHandle?.trim();
	if (!handle) {
		throw inputError(
			L.headerHandle,
			`is required for a ${type} header.`,
			'Upload a sample file with Meta\'s Resumable Upload API (POST /<APP_ID>/uploads, then POST /upload:<SESSION_ID> with the file) and paste the handle it returns (it starts with 4::).',
		);
	}
	return { component: { type: 'HEADER', format: type.toUpperCase(), example: { header_handle: [handle] } } };
}

const BUTTON_FORMS = 'quick_reply|Text · url|Text|https://…/{{1}}|https://…/example · phone|Text|+15550100001 · copy_code|CODE123';

/** A URL variable follows the template's format like every placeholder (§2.2: one template uses one format). */
function buttonOf(line: string, position: number, format: 'NAMED' | 'POSITIONAL' | undefined): Json {
	const parts = line.split('|').map((part) => part.trim());
	const kind = parts[0].toLowerCase().replace(/[\s-]/g, '_');
	const where = `button ${position}`;
	const text = (value: string | undefined): string => {
		if (!value) throw inputError(L.templateButtons, `${where} has no text.`, `One button per line: ${BUTTON_FORMS}.`);
		return limited(L.templateButtons, value, TEMPLATE_LIMITS.buttonText);
	};
	switch (kind) {
		case 'quick_reply':
			return { type: 'QUICK_REPLY', text: text(parts[1]) };
		case 'url': {
			const url = parts[2] ?? '';
			if (!/^https?:\/\/\S+$/.test(url)) throw inputError(L.templateButtons, `${where} needs a web address (https://…).`, `Write it as url|Text|https://example.com/track/{{1}}|https://example.com/track/123.`);
			limited(L.templateButtons, url, TEMPLATE_LIMITS.url);
			const names = placeholderNames(url);
			if (names.length > 1 || (names.length === 1 && !/\{\{[^{}]*\}\}$/.test(url))) throw inputError(L.templateButtons, `${where}: a link may have one variable, at the very end.`, 'Put a single {{1}} at the end of the link.');
			if (names.length === 1) {
				const named = !/^\d+$/.test(names[0]);
				if (named && !NAMED_PLACEHOLDER_PATTERN.test(names[0])) throw inputError(L.templateButtons, `${where}: {{${names[0]}}} is not a variable name.`, 'Use lowercase letters, digits and underscores, e.g. {{order_id}}.');
				if (format === 'NAMED' && !named) throw inputError(L.templateButtons, `${where}: the text uses named placeholders, so the link variable needs a name too.`, 'Write e.g. https://example.com/track/{{order_id}}.');
				if (format !== 'NAMED' && named) throw inputError(L.templateButtons, `${where}: the text uses numbered placeholders (or none), so the link variable must be {{1}}.`, 'Write e.g. https://example.com/track/{{1}}.');
			}
			if (names.length === 1 && !/^https?:\/\/\S+$/.test(parts[3] ?? '')) {
				throw inputError(L.templateButtons, `${where} has a variable, so it needs an example link.`, 'Add the full link with a sample value after another |, e.g. url|Track|https://example.com/track/{{1}}|https://example.com/track/123.');
			}
			return { type: 'URL', text: text(parts[1]), url, ...(names.length ? { example: [parts[3]] } : {}) };
		}
		case 'phone':
		case 'phone_number': {
			const phone = (parts[2] ?? '').replace(/[\s().-]/g, '');
			if (!/^\+?\d{4,}$/.test(phone) || phone.length > TEMPLATE_LIMITS.phoneNumber) {
				throw inputError(L.templateButtons, `${where} needs a phone number with its country code (at most ${TEMPLATE_LIMITS.phoneNumber} characters).`, 'Write it as phone|Call us|+15550100001.');
			}
			return { type: 'PHONE_NUMBER', text: text(parts[1]), phone_number: phone };
		}
		case 'copy_code': {
			const code = parts[1];
			if (!code) throw inputError(L.templateButtons, `${where} needs an example code.`, 'Write it as copy_code|SUMMER25.');
			return { type: 'COPY_CODE', example: limited(L.templateButtons, code, TEMPLATE_LIMITS.copyCode) };
		}
		default:
			throw inputError(L.templateButtons, `"${parts[0]}" is not a button kind.`, `One button per line: ${BUTTON_FORMS}.`);
	}
}

function buttonsComponent(lines: string[], format: 'NAMED' | 'POSITIONAL' | undefined): Json | undefined {
	if (lines.length === 0) return undefined;
	if (lines.length > TEMPLATE_LIMITS.buttons) throw inputError(L.templateButtons, `has ${lines.length} buttons.`, `A template may have at most ${TEMPLATE_LIMITS.buttons} buttons.`);
	const buttons = lines.map((line, position) => buttonOf(line, position + 1, format));
	const types = buttons.map((button) => String(button.type));
	for (const [type, max] of Object.entries(BUTTON_TYPE_MAX)) {
		const count = types.filter((candidate) => candidate === type).length;
		if (count > max) throw inputError(L.templateButtons, `has ${count} ${type.toLowerCase().replace('_', ' ')} buttons.`, `A template may have at most ${max}.`);
	}
	// Quick replies and the other buttons form two groups, never interleaved (§2.5).
	const groups = types.map((type) => type === 'QUICK_REPLY').filter((quick, position, all) => position === 0 || quick !== all[position - 1]);
	if (groups.length > 2) throw inputError(L.templateButtons, 'mixes quick replies between the other buttons.', 'List the quick replies together, before or after the other buttons.');
	return { type: 'BUTTONS', buttons };
}

function authenticationComponents(input: CreateTemplateInput): Json[] {
	const components: Json[] = [{ type: 'BODY', add_security_recommendation: input.addSecurityRecommendation !== false }];
	if (input.codeExpirationMinutes !== undefined) components.push({ type: 'FOOTER', code_expiration_minutes: input.codeExpirationMinutes });
	const text = input.otpButtonText?.trim() || 'Copy code';
	components.push({ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: limited(L.otpButtonText, text, TEMPLATE_LIMITS.buttonText) }] });
	return components;
}

/** The JSON body Meta receives; throws an input error naming the field for the first problem. */
export function buildCreateRequest(input: CreateTemplateInput): Json {
	const name = input.templateName;
	if (characters(name) > TEMPLATE_NAME_MAX) throw inputError(L.templateName, `is ${characters(name)} characters long.`, `Use at most ${TEMPLATE_NAME_MAX} characters.`);
	const base: Json = { name, language: input.templateLanguage, category: input.category };
	if (input.allowCategoryChange === true) base.allow_category_change = true;
	if (input.category === 'AUTHENTICATION') return { ...base, components: authenticationComponents(input) };
	const body = bodyComponent(input);
	const header = headerComponent(input, body.format);
	const format = body.format ?? header.format;
	const components: Json[] = [];
	if (header.component) components.push(header.component);
	components.push(body.component);
	if (input.footer !== undefined && input.footer.trim() !== '') {
		if (placeholderNames(input.footer).length) throw inputError(L.footer, 'has a placeholder.', 'A footer cannot have placeholders.');
		components.push({ type: 'FOOTER', text: limited(L.footer, input.footer, TEMPLATE_LIMITS.footer) });
	}
	const buttons = buttonsComponent(input.templateButtons ?? [], format);
	if (buttons) components.push(buttons);
	// A template with named placeholders must say so, or Meta reviews it as positional and rejects it (§1.3).
	return { ...base, parameter_format: format ?? 'POSITIONAL', components };
}
