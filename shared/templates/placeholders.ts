/**
 * What a send must supply for a template (docs/meta-templates.md §2.2, §4.1), one entry per input
 * key. Keys are what a marketer maps a column to:
 * - a named text placeholder: its name (`first_name`), the same value wherever the name appears;
 * - a positional one: `body_1`, `body_2`…, `header_1`;
 * - a media or location header: `header_image`, `header_video`, `header_document`, `header_location`;
 * - a URL button variable or a copy-code button: `button_1`… (the button's position, from 1);
 * - an authentication template's one-time code: `code` (sent in the body and the button, §4.3).
 */
import { WhatsAppError } from '../errors';
import { componentOf, MetaTemplate, MetaTemplateComponent } from './meta';
import { AUTHENTICATION_CODE_MAX, PLACEHOLDER_PATTERN, TEMPLATE_LIMITS } from './limits';

export type PlaceholderKind = 'text' | 'image' | 'video' | 'document' | 'location' | 'url' | 'copyCode' | 'code';

export interface TemplatePlaceholder {
	/** The input key (see above). */
	key: string;
	/** Where the value goes in the send. */
	component: 'header' | 'body' | 'button';
	kind: PlaceholderKind;
	/** The `{{…}}` name in the template (`first_name`, `1`); null for media, location and codes. */
	name: string | null;
	/** Meta's 0-based `index` of the button, for button values. */
	buttonIndex: number | null;
	/** The example stored with the template, or null. */
	example: string | null;
	/** What to enter, in words: 'Body {{first_name}}', 'Header image: a link or media ID'… */
	label: string;
	/** Longest value Meta takes, when it has its own limit. */
	maxLength: number | null;
	/** A one-time code: shells mask it as they mask a PIN. */
	secret: boolean;
}

/** The key of an authentication template's code (see above): an OTP, kept out of logs like one. */
export const AUTHENTICATION_CODE_KEY = 'code';

/** The names of the placeholders of a text, in order of appearance. */
export function placeholderNames(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]);
}

const MEDIA_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'];

function textExamples(component: MetaTemplateComponent | undefined, kind: 'header' | 'body', names: string[], named: boolean): Map<string, string> {
	const examples = new Map<string, string>();
	if (!component?.example) return examples;
	if (named) {
		for (const item of component.example[`${kind}_text_named_params`] ?? []) {
			if (item.param_name && item.example !== undefined) examples.set(item.param_name, String(item.example));
		}
		return examples;
	}
	// body_text holds one list of values; header_text is flat (§2.2).
	const values = kind === 'body' ? component.example.body_text?.[0] : component.example.header_text;
	names.forEach((name, position) => {
		const value = values?.[position];
		if (value !== undefined) examples.set(name, String(value));
	});
	return examples;
}

function textPlaceholders(component: MetaTemplateComponent | undefined, kind: 'header' | 'body', named: boolean): TemplatePlaceholder[] {
	const names = placeholderNames(String(component?.text ?? ''));
	const examples = textExamples(component, kind, names, named);
	const title = kind === 'body' ? 'Body' : 'Header';
	return [...new Set(names)].map((name) => ({
		key: named ? name : `${kind}_${name}`,
		component: kind,
		kind: 'text',
		name,
		buttonIndex: null,
		example: examples.get(name) ?? null,
		label: `${title} {{${name}}}`,
		maxLength: null,
		secret: false,
	}));
}

function headerPlaceholders(template: MetaTemplate, named: boolean): TemplatePlaceholder[] {
	const header = componentOf(template, 'HEADER');
	if (!header) return [];
	const format = String(header.format ?? 'TEXT').toUpperCase();
	if (format === 'TEXT') return textPlaceholders(header, 'header', named);
	const base = { component: 'header' as const, name: null, buttonIndex: null, example: null, maxLength: null, secret: false };
	if (format === 'LOCATION') return [{ ...base, key: 'header_location', kind: 'location', label: 'Header location: latitude, longitude (and optionally name, address)' }];
	if (MEDIA_FORMATS.includes(format)) {
		const kind = format.toLowerCase() as 'image' | 'video' | 'document';
		return [{ ...base, key: `header_${kind}`, kind, label: `Header ${kind}: a public https link or a media ID` }];
	}
	return [];
}

function buttonPlaceholders(template: MetaTemplate): TemplatePlaceholder[] {
	const buttons = componentOf(template, 'BUTTONS')?.buttons ?? [];
	const out: TemplatePlaceholder[] = [];
	buttons.forEach((button, index) => {
		const type = String(button.type ?? '').toUpperCase();
		const key = `button_${index + 1}`;
		const example = Array.isArray(button.example) ? (button.example[0] ?? null) : (button.example ?? null);
		if (type === 'URL') {
			const names = placeholderNames(String(button.url ?? ''));
			if (names.length === 0) return;
			const title = button.text ? ` "${button.text}"` : '';
			out.push({
				key,
				component: 'button',
				kind: 'url',
				name: names[0],
				buttonIndex: index,
				example: example === null ? null : String(example),
				label: `Button ${index + 1}${title}: the end of the link ${String(button.url)}`,
				maxLength: null,
				secret: false,
			});
		} else if (type === 'COPY_CODE') {
			out.push({
				key,
				component: 'button',
				kind: 'copyCode',
				name: null,
				buttonIndex: index,
				example: example === null ? null : String(example),
				label: `Button ${index + 1} (copy code): the coupon code`,
				maxLength: TEMPLATE_LIMITS.copyCode,
				secret: false,
			});
		}
	});
	return out;
}

/** §4.3: the code goes in body {{1}} and in the OTP button (sent as a URL button at its index). */
function authenticationPlaceholders(): TemplatePlaceholder[] {
	return [
		{
			key: AUTHENTICATION_CODE_KEY,
			component: 'body',
			kind: 'code',
			name: '1',
			buttonIndex: null,
			example: null,
			label: `The one-time code (at most ${AUTHENTICATION_CODE_MAX} characters), sent in the text and the button`,
			maxLength: AUTHENTICATION_CODE_MAX,
			secret: true,
		},
	];
}

/** A batch checks thousands of messages against one template object: its placeholders are worked out once. */
const known = new WeakMap<MetaTemplate, readonly TemplatePlaceholder[]>();

/**
 * Every value a send of this template needs, in the order they appear, one per key. A named
 * placeholder used in both header and body is one value. Throws when a name clashes with one of
 * the keys above (a template would have to name a variable `button_1` for that).
 */
export function templatePlaceholders(template: MetaTemplate): TemplatePlaceholder[] {
	let placeholders = known.get(template);
	if (!placeholders) {
		placeholders = readPlaceholders(template);
		known.set(template, placeholders);
	}
	return placeholders.map((placeholder) => ({ ...placeholder }));
}

function readPlaceholders(template: MetaTemplate): TemplatePlaceholder[] {
	if (String(template.category ?? '').toUpperCase() === 'AUTHENTICATION') return authenticationPlaceholders();
	const named = String(template.parameter_format ?? '').toUpperCase() === 'NAMED';
	const all = [...headerPlaceholders(template, named), ...textPlaceholders(componentOf(template, 'BODY'), 'body', named), ...buttonPlaceholders(template)];
	const byKey = new Map<string, TemplatePlaceholder>();
	for (const placeholder of all) {
		const seen = byKey.get(placeholder.key);
		if (!seen) {
			byKey.set(placeholder.key, placeholder);
			continue;
		}
		if (seen.kind === 'text' && placeholder.kind === 'text') continue;
		throw new WhatsAppError({
			category: 'template',
			message: `The template "${String(template.name)}" names a variable {{${placeholder.key}}}, which clashes with the ${seen.label.toLowerCase()}.`,
			nextStep: 'Rename that variable in WhatsApp Manager, or send the template with Template Components (JSON).',
			retry: { action: 'fix_and_retry' },
		});
	}
	return [...byKey.values()];
}
