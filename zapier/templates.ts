/**
 * Message templates in the Zapier app: the hidden `template_list` trigger behind every template
 * dropdown (approved templates, one entry per language), the Find Template search (the core's
 * getTemplate), and the inputs of a chosen template's placeholders in Send Message.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { FieldDefinition, GetTemplateOutput, ListTemplatesOutput, Template, TemplatePlaceholder, zapierKey } from '../shared';
import { inputFieldsFor, InputFieldsFunction, isKnownValue, TEMPLATE_VALUE_PREFIX, visibility, ZapierInputField } from './fields';
import { requireOperation, SEARCH_LABELS } from './labels';
import { operationOutputFields, toZapierValue, zapierSample } from './output';
import { runForZapier } from './perform';

const listTemplates = requireOperation('listTemplates');
const getTemplate = requireOperation('getTemplate');

/** Zapier's limit on helpText. */
const HELP_TEXT_MAX = 1000;

/** "order_update · en_US · UTILITY": what the dropdown shows. */
export function templateDropdownLabel(template: Pick<Template, 'name' | 'language' | 'category'>): string {
	return `${template.name} · ${template.language} · ${template.category}`;
}

/** Hidden: feeds every template dropdown (`dynamic: 'template_list.id.label'`). Only approved templates can be sent. */
export const templateList = {
	key: 'template_list',
	noun: 'Template',
	display: { label: 'List Templates', description: 'Lists the approved message templates of the account for dropdowns.', hidden: true },
	operation: {
		type: 'polling' as const,
		perform: async (z: ZObject, bundle: Bundle) => {
			const output = await runForZapier<ListTemplatesOutput>(z, bundle, listTemplates, { input: { status: 'APPROVED' } });
			return output.templates.map((template) => ({
				id: template.id,
				label: templateDropdownLabel(template),
				name: template.name,
				language: template.language,
				category: template.category,
				status: template.status,
			}));
		},
	},
};

export const findTemplate = {
	key: 'find_template',
	noun: 'Template',
	display: { label: SEARCH_LABELS.getTemplate, description: getTemplate.description },
	operation: {
		inputFields: inputFieldsFor(getTemplate),
		perform: async (z: ZObject, bundle: Bundle) => {
			const found = await runForZapier<GetTemplateOutput>(z, bundle, getTemplate);
			return found.found ? [toZapierValue<Record<string, unknown>>(found)] : [];
		},
		sample: zapierSample(getTemplate.sample),
		outputFields: operationOutputFields(getTemplate),
	},
};

function placeholderHelp(template: GetTemplateOutput, placeholder: TemplatePlaceholder): string {
	const example = placeholder.example ? ` Example: ${placeholder.example}.` : '';
	const limit = placeholder.maxLength ? ` At most ${placeholder.maxLength} characters.` : '';
	const intro = `${placeholder.label}.${example}${limit} One line, no tabs.`;
	const body = template.body ? ` The template "${template.name}" (${template.language}, ${template.category}) reads: ${template.body}` : '';
	const help = `${intro}${body}`;
	return help.length <= HELP_TEXT_MAX ? help : `${help.slice(0, HELP_TEXT_MAX - 1)}…`;
}

/**
 * The inputs of the template chosen in the dropdown: one per placeholder, required, with the
 * template's text and Meta's example in the help. Nothing while no template is chosen or it is
 * mapped from an earlier step (the core checks the values when the step runs).
 */
export function templateParameterInputs(operation: { fields: readonly FieldDefinition[] }, field: FieldDefinition): InputFieldsFunction {
	const idKey = zapierKey(operation.fields.find((candidate) => candidate.source === 'templates')?.key ?? 'templateId');
	return async (z: ZObject, bundle: Bundle): Promise<ZapierInputField[]> => {
		const inputData = bundle.inputData ?? {};
		if (visibility(field, operation.fields, inputData) === 'hidden') return [];
		const id = inputData[idKey];
		if (!isKnownValue(id)) return [];
		const template = await runForZapier<GetTemplateOutput>(z, bundle, getTemplate, { input: { templateId: String(id).trim() } });
		if (!template.found) return [];
		return template.placeholders.map((placeholder) => ({
			key: `${TEMPLATE_VALUE_PREFIX}${placeholder.key}`,
			label: placeholder.label,
			helpText: placeholderHelp(template, placeholder),
			required: true,
			type: placeholder.secret ? ('password' as const) : ('string' as const),
			...(placeholder.example && !placeholder.secret ? { placeholder: placeholder.example } : {}),
		}));
	};
}
