import { inputError, WhatsAppError } from '../../errors';
import { defineOperation } from '../../operation';
import { settle } from '../../settle';
import { MetaTemplate, TEMPLATE_FIELDS } from '../../templates/meta';
import { Template, TEMPLATE_OUTPUT_FIELDS, TEMPLATE_SAMPLE, toTemplate } from '../../templates/model';
import { TEMPLATE_LOOKUP_FIELDS } from './fields';

export interface GetTemplateInput {
	templateId?: string;
	templateName?: string;
	templateLanguage?: string;
}

export interface GetTemplateOutput extends Template {
	found: boolean;
	/** Every language the name exists in (by name), or just this one (by ID). */
	languages: string;
}

/** The answer when nothing matches: an answer, not an error, so searches work. */
function notFound(name: string, language: string, languages: string[]): GetTemplateOutput {
	return {
		...toTemplate({ id: '', name, language, status: 'NOT_FOUND' }),
		id: '',
		sendable: false,
		statusNote: languages.length ? `No ${language} version; the template exists in ${languages.join(', ')}.` : 'No template with this name in the account.',
		found: false,
		languages: languages.join(', '),
	};
}

/**
 * One template by ID (`GET /<TEMPLATE_ID>`, docs/meta-templates.md §1.2), or by name and language
 * (`GET /<WABA_ID>/message_templates?name=…`, §1.1, compared exactly). Not found is an answer
 * (found: false).
 */
export const getTemplate = defineOperation<GetTemplateInput, GetTemplateOutput>({
	id: 'getTemplate',
	resource: 'template',
	title: 'Get Template',
	action: 'Get a message template',
	description:
		'Finds one message template, by ID or by name and language, with its status, category, quality score, text, and the parameters a send has to fill (their keys and examples).',
	kind: 'search',
	fields: TEMPLATE_LOOKUP_FIELDS,
	sample: { ...TEMPLATE_SAMPLE, found: true, languages: TEMPLATE_SAMPLE.language },
	outputFields: [{ key: 'found', label: 'Found', type: 'boolean' }, { key: 'languages', label: 'Languages', type: 'string' }, ...TEMPLATE_OUTPUT_FIELDS],
	async run({ client }, input) {
		if (input.templateId) {
			const read = await settle(client.request<MetaTemplate>({ method: 'GET', path: input.templateId, query: { fields: TEMPLATE_FIELDS }, retry: 'read', operation: 'getTemplate' }));
			if (!read.ok) {
				if (read.error instanceof WhatsAppError && read.error.category === 'not_found') return notFound(input.templateName ?? '', input.templateLanguage ?? '', []);
				throw read.error;
			}
			return { ...toTemplate(read.value), found: true, languages: String(read.value.language ?? '') };
		}
		if (!input.templateName || !input.templateLanguage) throw inputError('Template', 'is required.', 'Pick the template from the list, or give its name and language.');
		const wabaId = client.requireWabaId();
		const named = (
			await client.requestAllPages<MetaTemplate>({
				path: `${wabaId}/message_templates`,
				query: { name: input.templateName, fields: TEMPLATE_FIELDS, limit: 100 },
				retry: 'read',
				operation: 'getTemplate',
			})
		).filter((template) => template.name === input.templateName);
		const languages = named.map((template) => String(template.language));
		const match = named.find((template) => template.language === input.templateLanguage);
		if (!match) return notFound(input.templateName, input.templateLanguage, languages);
		return { ...toTemplate(match), found: true, languages: languages.join(', ') };
	},
});
