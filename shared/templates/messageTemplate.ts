/**
 * The template part of Send Message: which template a message names (by ID, or name + language),
 * its values gathered from every field that can carry them (the values by key, and the positional
 * list and header fields of earlier versions), checked against the template's definition before
 * anything is sent. Other message types pass through untouched.
 */
import { inputError } from '../errors';
import { MESSAGE_FIELD_LABELS as LABELS, SendMessageInput, TemplateHeaderType } from '../messaging/payload';
import type { TemplateDefinitions, TemplateReference } from './definitions';
import { componentOf, MetaTemplate } from './meta';
import { placeholderNames } from './placeholders';
import { assertSendable, templateTitle } from './sendable';
import { buildTemplateSend, GivenValue, TemplateSendObject } from './sendPayload';

/** The fields that say which template a message uses; shells refresh the value inputs when they change. */
export const TEMPLATE_REFERENCE_KEYS = ['templateId', 'templateName', 'templateLanguage'] as const;

/** Whether the message must read its template: checked, picked by ID, or filled by key. */
export function needsDefinition(input: SendMessageInput): boolean {
	if (input.messageType !== 'template') return false;
	if (input.templateCheck !== false) return true;
	if (input.templateId !== undefined || input.templateValues !== undefined) {
		const field = input.templateId !== undefined ? LABELS.templateId : LABELS.templateValues;
		throw inputError(field, `needs the template's definition, and ${LABELS.templateCheck} is off.`, `Turn on ${LABELS.templateCheck}, or give the template by name and language with Template Parameters.`);
	}
	return false;
}

/** The template a message names; call only when `needsDefinition`. */
export function referenceOf(input: SendMessageInput): TemplateReference {
	if (input.templateId !== undefined) return { id: input.templateId };
	if (input.templateName === undefined) throw inputError(LABELS.templateName, 'is required for a template message.', 'Pick the template from the list, or enter its name and language.');
	if (input.templateLanguage === undefined) throw inputError(LABELS.templateLanguage, 'is required when the template is given by name.', 'Enter the language code of the approved translation, e.g. en_US.');
	return { name: input.templateName, language: input.templateLanguage };
}

/** The key a header value of the earlier fields (header type + value) fills. */
function headerKey(template: MetaTemplate, type: TemplateHeaderType): string {
	const header = componentOf(template, 'HEADER');
	const format = String(header?.format ?? '').toUpperCase();
	if (type === 'text') {
		const [name] = placeholderNames(String(header?.text ?? ''));
		if (format !== 'TEXT' || name === undefined) {
			throw inputError(LABELS.templateHeaderType, `is text, but the template ${templateTitle(String(template.name), String(template.language))} has ${header ? `a ${format.toLowerCase()} header` : 'no header'} with a placeholder.`, 'Set the header type to match the template, or to None.');
		}
		return String(template.parameter_format ?? '').toUpperCase() === 'NAMED' ? name : 'header_1';
	}
	if (format !== type.toUpperCase()) {
		throw inputError(LABELS.templateHeaderType, `is ${type}, but the template ${templateTitle(String(template.name), String(template.language))} has ${header ? `a ${format.toLowerCase()} header` : 'no header'}.`, 'Set the header type to match the template.');
	}
	return `header_${type}`;
}

/** Every value of the message by placeholder key: the earlier positional fields first, the values by key over them. */
export function givenValues(template: MetaTemplate, input: SendMessageInput): Record<string, GivenValue> {
	const values: Record<string, GivenValue> = {};
	const positional = input.templateParameters ?? [];
	if (positional.length) {
		if (String(template.parameter_format ?? '').toUpperCase() === 'NAMED') {
			const names = [...new Set(placeholderNames(String(componentOf(template, 'BODY')?.text ?? '')))];
			throw inputError(
				LABELS.templateParameters,
				`gives values by position, but the template ${templateTitle(String(template.name), String(template.language))} names its placeholders (${names.map((name) => `{{${name}}}`).join(', ')}).`,
				`Give the values by name in ${LABELS.templateValues} (${names.join(', ')}).`,
			);
		}
		positional.forEach((value, position) => {
			values[`body_${position + 1}`] = { value, field: LABELS.templateParameters };
		});
	}
	const headerType = input.templateHeaderType ?? 'none';
	if (headerType !== 'none' && input.templateHeaderValue !== undefined) {
		values[headerKey(template, headerType)] = { value: input.templateHeaderValue, field: LABELS.templateHeaderValue };
	}
	for (const [key, value] of Object.entries(input.templateValues ?? {})) values[key] = { value, field: LABELS.templateValues };
	return values;
}

function rawComponents(input: SendMessageInput): Array<Record<string, unknown>> {
	const components = input.templateComponents;
	if (!Array.isArray(components) || components.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
		throw inputError(LABELS.templateComponents, 'must be a JSON array of component objects.', 'Use Meta\'s form, e.g. [{"type":"body","parameters":[{"type":"text","text":"12345"}]}], or leave it empty.');
	}
	if (input.templateValues !== undefined) {
		throw inputError(LABELS.templateComponents, `and ${LABELS.templateValues} are both given.`, 'Give the values one way: by key, or as Meta\'s components array.');
	}
	return components as Array<Record<string, unknown>>;
}

/**
 * The checked `template` object of a message, read through `definitions` (one read per template per
 * run), or undefined when the message is not a template or its check is off. Throws when the
 * template cannot be sent (not in that language, not approved) or the values do not fit it. Raw
 * components (Template Components) are sent as given, once the template is known to be sendable.
 */
export async function checkedTemplate(input: SendMessageInput, definitions: TemplateDefinitions): Promise<TemplateSendObject | undefined> {
	if (!needsDefinition(input)) return undefined;
	const template = await definitions.get(referenceOf(input));
	assertSendable(template);
	if (input.templateComponents !== undefined) {
		return { name: String(template.name), language: { code: String(template.language) }, components: rawComponents(input) };
	}
	return buildTemplateSend(template, givenValues(template, input));
}
