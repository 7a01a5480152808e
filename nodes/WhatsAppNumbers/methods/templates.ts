/**
 * The template pickers of the node, read through the core: the list (`listTemplates`) and the
 * chosen template's parameters as resource mapper fields (`getTemplate`).
 */
import type { ILoadOptionsFunctions, INodeListSearchResult, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { GetTemplateOutput, runOperation, Template } from '../../../shared';
import type { GraphClient } from '../../../shared';
import { templateReference } from '../common/templateLocator';
import { toNodeError } from '../errors';
import { graphClient } from '../transport';

/** "order_update · en_US · UTILITY" (plus the status when it is not approved). */
export function templateLabel(template: Template): string {
	return [template.name, template.language, template.category, ...(template.status === 'APPROVED' ? [] : [template.status])].join(' · ');
}

async function withClient<T>(context: ILoadOptionsFunctions, work: (client: GraphClient) => Promise<T>): Promise<T> {
	try {
		return await work(await graphClient(context));
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

async function search(context: ILoadOptionsFunctions, filter: string | undefined, status: string): Promise<INodeListSearchResult> {
	const output = await withClient(context, async (client) => await runOperation('listTemplates', client, { status, nameContains: filter ?? '' }));
	return { results: output.templates.map((template) => ({ name: templateLabel(template), value: template.id })) };
}

/** For sending: only the templates that can be sent. */
export async function searchApprovedTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await search(this, filter, 'APPROVED');
}

/** For looking up: every template, its status in the label. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await search(this, filter, 'any');
}

/** The chosen template (locator + language), or undefined while none is chosen. */
async function chosenTemplate(context: ILoadOptionsFunctions): Promise<GetTemplateOutput | undefined> {
	const reference = templateReference(context.getCurrentNodeParameter('templateId'));
	const language = context.getCurrentNodeParameter('templateLanguage');
	if (!reference.templateId && !(reference.templateName && typeof language === 'string' && language)) return undefined;
	const found = await withClient(context, async (client) => await runOperation('getTemplate', client, { ...reference, templateLanguage: language }));
	return found.found ? found : undefined;
}

/** One resource mapper field per placeholder: its key, where it goes, and Meta's example. */
export function placeholderFields(template: Template): ResourceMapperField[] {
	return template.placeholders.map((placeholder) => ({
		id: placeholder.key,
		displayName: placeholder.example ? `${placeholder.label} (e.g. ${placeholder.example})` : placeholder.label,
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
	}));
}

export async function getTemplateParameters(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const template = await chosenTemplate(this);
	return template ? { fields: placeholderFields(template), emptyFieldsNotice: 'This template takes no parameters: nothing to map.' } : { fields: [] };
}
