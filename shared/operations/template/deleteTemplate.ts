import { WhatsAppError } from '../../errors';
import { defineOperation } from '../../operation';
import { MetaTemplate } from '../../templates/meta';
import { templateLanguageField, templateNameField } from './fields';

export interface DeleteTemplateInput {
	templateName: string;
	templateLanguage?: string;
}

export interface DeletedTemplate {
	id: string;
	language: string;
	status: string;
}

export interface DeleteTemplateOutput {
	deleted: boolean;
	name: string;
	/** How many templates (languages) went. */
	count: number;
	templates: DeletedTemplate[];
	/** What the deletion means for later: name reuse, messages on their way. */
	note: string;
}

/** §1.4: after an approved template is deleted, its name is blocked for 30 days [doc TM]. */
const NAME_BLOCK_DAYS = 30;

function refuse(message: string, nextStep: string, category: 'not_found' | 'template' = 'template'): WhatsAppError {
	return new WhatsAppError({ category, message, nextStep, retry: { action: 'do_not_retry' }, operation: 'deleteTemplate' });
}

/**
 * `DELETE /<WABA_ID>/message_templates?name=…[&hsm_id=…]` (docs/meta-templates.md §1.4): by name every
 * language goes; with a language, only that template (by its `hsm_id`). The templates
 * are read first, so nothing is deleted when the name (or language) is not there or one of them is
 * DISABLED (Meta refuses those), and the output lists exactly what went.
 */
export const deleteTemplate = defineOperation<DeleteTemplateInput, DeleteTemplateOutput>({
	id: 'deleteTemplate',
	resource: 'template',
	title: 'Delete Template',
	action: 'Delete a message template',
	description: `Permanently deletes a message template: every language of the name, or only one language. This cannot be undone, and the name of an approved template cannot be used again for ${NAME_BLOCK_DAYS} days.`,
	kind: 'write',
	fields: [
		{ ...templateNameField, help: 'The template to delete, by name exactly as in WhatsApp Manager. Destructive: without a language, every language of this name is deleted.' },
		{ ...templateLanguageField, required: false, help: 'Only this language (e.g. en_US). Leave empty to delete every language of the name.' },
	],
	sample: {
		deleted: true,
		name: 'summer_sale',
		count: 1,
		templates: [{ id: '1387372356726668', language: 'en_US', status: 'APPROVED' }],
		note: `Deleted. Messages already sent are not affected; the name cannot be used for a new template for ${NAME_BLOCK_DAYS} days.`,
	},
	outputFields: [
		{ key: 'deleted', label: 'Deleted', type: 'boolean' },
		{ key: 'name', label: 'Template Name', type: 'string' },
		{ key: 'count', label: 'Templates Deleted', type: 'number' },
		{ key: 'note', label: 'Note', type: 'string' },
		{ key: 'templates[]id', label: 'Deleted Template ID', type: 'string' },
		{ key: 'templates[]language', label: 'Deleted Language', type: 'string' },
		{ key: 'templates[]status', label: 'Status Before Deletion', type: 'string' },
	],
	async run({ client }, input) {
		const wabaId = client.requireWabaId();
		const named = (
			await client.requestAllPages<MetaTemplate>({
				path: `${wabaId}/message_templates`,
				query: { name: input.templateName, fields: 'id,name,language,status', limit: 100 },
				retry: 'read',
				operation: 'deleteTemplate',
			})
		).filter((template) => template.name === input.templateName);
		const doomed = named.filter((template) => !input.templateLanguage || template.language === input.templateLanguage);
		if (doomed.length === 0) {
			const which = input.templateLanguage ? ` in ${input.templateLanguage}` : '';
			const has = named.length ? ` (it exists in ${named.map((template) => `${template.language}, ID ${template.id}`).join('; ')})` : '';
			throw refuse(`There is no template "${input.templateName}"${which}${has} in this WhatsApp Business Account, so nothing was deleted.`, 'Check the name and language in WhatsApp Manager → Message templates.', 'not_found');
		}
		const disabled = doomed.find((template) => String(template.status).toUpperCase() === 'DISABLED');
		if (disabled) {
			throw refuse(`The template "${input.templateName}" (${String(disabled.language)}) is DISABLED, and Meta does not delete disabled templates, so nothing was deleted.`, 'Leave it; a disabled template cannot be sent anyway.');
		}
		// Names are unique per language (§1.3), so a language names exactly one template.
		const one = input.templateLanguage ? doomed[0] : undefined;
		await client.request({
			method: 'DELETE',
			path: `${wabaId}/message_templates`,
			query: { name: input.templateName, hsm_id: one?.id },
			retry: 'send',
			operation: 'deleteTemplate',
			checkBeforeRepeating: 'The template may already be deleted: list the templates before deleting again.',
		});
		const deleted = one ? [one] : doomed;
		const approved = deleted.some((template) => String(template.status).toUpperCase() === 'APPROVED');
		return {
			deleted: true,
			name: input.templateName,
			count: deleted.length,
			templates: deleted.map((template) => ({ id: String(template.id), language: String(template.language), status: String(template.status) })),
			note: `Deleted. Messages already sent are not affected${approved ? `; the name cannot be used for a new template for ${NAME_BLOCK_DAYS} days` : ''}.`,
		};
	},
});
