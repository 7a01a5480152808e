import { defineOperation } from '../../operation';
import { MetaTemplate, TEMPLATE_CATEGORIES, TEMPLATE_FIELDS, TEMPLATE_STATUSES } from '../../templates/meta';
import { Template, TEMPLATE_OUTPUT_FIELDS, TEMPLATE_SAMPLE, toTemplate } from '../../templates/model';
import { languageCode } from '../../validation';

export interface ListTemplatesInput {
	status?: string;
	category?: string;
	templateLanguage?: string;
	nameContains?: string;
}

export interface ListTemplatesOutput {
	templates: Template[];
	count: number;
}

const ANY = 'any';

/** `GET /<WABA_ID>/message_templates`, every page, filtered by Meta and again here (docs/meta-templates.md §1.1). */
export const listTemplates = defineOperation<ListTemplatesInput, ListTemplatesOutput>({
	id: 'listTemplates',
	resource: 'template',
	title: 'List Templates',
	action: 'List the message templates of the account',
	description:
		'Lists the message templates of the WhatsApp Business Account with their status (approved, in review, rejected, paused, disabled), category, quality score and the parameters a send has to fill.',
	kind: 'read',
	fields: [
		{
			key: 'status',
			label: 'Status',
			type: 'options',
			required: false,
			default: ANY,
			help: 'Only templates with this status. Only approved templates can be sent.',
			options: [{ value: ANY, label: 'Any' }, ...TEMPLATE_STATUSES.map((status) => ({ value: status, label: status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ') }))],
		},
		{
			key: 'category',
			label: 'Category',
			type: 'options',
			required: false,
			default: ANY,
			help: 'Only templates of this category.',
			options: [{ value: ANY, label: 'Any' }, ...TEMPLATE_CATEGORIES.map((category) => ({ value: category, label: category.charAt(0) + category.slice(1).toLowerCase() }))],
		},
		{
			key: 'templateLanguage',
			label: 'Template Language',
			type: 'string',
			required: false,
			help: 'Only templates in this language code, e.g. en_US. Leave empty for every language.',
			placeholder: 'en_US',
			validate: (value, label) => languageCode(value, label),
		},
		{
			key: 'nameContains',
			label: 'Name Contains',
			type: 'string',
			required: false,
			help: 'Only templates whose name contains this text (any case).',
			placeholder: 'order',
		},
	],
	sample: { templates: [TEMPLATE_SAMPLE], count: 1 },
	outputFields: [{ key: 'count', label: 'Number of Templates', type: 'number' }, ...TEMPLATE_OUTPUT_FIELDS.map((field) => ({ ...field, key: `templates[]${field.key}` }))],
	async run({ client }, input) {
		const wabaId = client.requireWabaId();
		const status = input.status && input.status !== ANY ? input.status : undefined;
		const category = input.category && input.category !== ANY ? input.category : undefined;
		const needle = input.nameContains?.trim().toLowerCase();
		const raw = await client.requestAllPages<MetaTemplate>({
			path: `${wabaId}/message_templates`,
			query: { fields: TEMPLATE_FIELDS, limit: 100, status, category, language: input.templateLanguage, name: needle || undefined },
			retry: 'read',
			operation: 'listTemplates',
		});
		const templates = raw
			.map(toTemplate)
			.filter(
				(template) =>
					(!status || template.status === status) &&
					(!category || template.category === category) &&
					(!input.templateLanguage || template.language === input.templateLanguage) &&
					(!needle || template.name.toLowerCase().includes(needle)),
			);
		return { templates, count: templates.length };
	},
});
