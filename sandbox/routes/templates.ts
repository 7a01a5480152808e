/**
 * Message templates (docs/meta-templates.md §1): `GET|POST|DELETE /<WABA_ID>/message_templates` and
 * `GET /<TEMPLATE_ID>`. Lists filter and page like Graph; creation is checked like Meta and starts
 * PENDING (a reviewer decides through `POST /_sandbox/templates/:id/review`).
 */
import type { SandboxContext } from '../context';
import { nonexistingField, requiredParameter, userFacingError } from '../graphError';
import { cursorPage } from '../paging';
import { optionalString, parseFields, Params } from '../params';
import { invalidTemplate, parseDefinition } from '../templates/definition';
import { componentOf } from '../templates/placeholders';
import { CREATE_ERRORS, DEFAULT_TEMPLATE_FIELDS, DELETED_NAME_BLOCK_MS, LANGUAGES, TEMPLATE_FIELDS } from '../templates/rules';
import type { TemplateRecord } from '../templates/store';
import { GraphRequest, GraphResponse, GraphRoute, SUCCESS, wabaOf } from './types';

const FIELD_READERS: Record<(typeof TEMPLATE_FIELDS)[number], (template: TemplateRecord) => unknown> = {
	id: (t) => t.id,
	name: (t) => t.name,
	language: (t) => t.language,
	status: (t) => t.status,
	category: (t) => t.category,
	components: (t) => structuredClone(t.components),
	parameter_format: (t) => t.parameterFormat,
	quality_score: (t) => ({ ...t.quality }),
	rejected_reason: (t) => t.rejectedReason,
	previous_category: (t) => t.previousCategory ?? undefined,
};

function requestedFields(params: Params): readonly string[] {
	const fields = parseFields(optionalString(params, 'fields')) ?? DEFAULT_TEMPLATE_FIELDS;
	for (const field of fields) if (!(field in FIELD_READERS)) throw nonexistingField(field, 'WhatsAppMessageTemplate');
	return fields;
}

/** The template with the requested fields; `id` always comes back, empty fields are left out. */
function render(template: TemplateRecord, fields: readonly string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		const value = FIELD_READERS[field as keyof typeof FIELD_READERS](template);
		if (value !== undefined) out[field] = value;
	}
	if (!('id' in out)) out.id = template.id;
	return out;
}

const listOf = (value: string | undefined): string[] | undefined => value?.split(',').map((item) => item.trim().toUpperCase()).filter(Boolean);
const contains = (haystack: string, needle: string): boolean => haystack.toLowerCase().includes(needle.toLowerCase());
const bodyText = (template: TemplateRecord): string => String(componentOf(template.components, 'BODY')?.text ?? '');

/** Graph's list filters: status, category (lists), language, name, content, name_or_content, quality_score. */
function filterFor(params: Params): (template: TemplateRecord) => boolean {
	const statuses = listOf(optionalString(params, 'status'));
	const categories = listOf(optionalString(params, 'category'));
	const qualities = listOf(optionalString(params, 'quality_score'));
	const language = optionalString(params, 'language');
	const name = optionalString(params, 'name');
	const content = optionalString(params, 'content');
	const nameOrContent = optionalString(params, 'name_or_content');
	return (t) =>
		(!statuses || statuses.includes(t.status)) &&
		(!categories || categories.includes(t.category)) &&
		(!qualities || qualities.includes(t.quality.score)) &&
		(language === undefined || t.language === language) &&
		(name === undefined || contains(t.name, name)) &&
		(content === undefined || contains(bodyText(t), content)) &&
		(nameOrContent === undefined || contains(t.name, nameOrContent) || contains(bodyText(t), nameOrContent));
}

const FILTER_PARAMS = ['status', 'category', 'language', 'name', 'content', 'name_or_content', 'quality_score'];

/** `GET /<WABA_ID>/message_templates`: `data` in creation order, with Graph's cursor paging. */
function listTemplates(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	const fields = requestedFields(request.params);
	const templates = ctx.state.templates.forWaba(waba.id).filter(filterFor(request.params));
	const carried: Record<string, string | undefined> = { fields: fields.join(',') };
	for (const name of FILTER_PARAMS) carried[name] = optionalString(request.params, name);
	const { page, paging } = cursorPage(ctx, request, templates, { keyOf: (t) => t.id, cursorPrefix: 'tpl', carried });
	const body: Record<string, unknown> = { data: page.map((t) => render(t, fields)) };
	if (paging) body.paging = paging;
	return { body };
}

/** `POST /<WABA_ID>/message_templates` → `{id, status: "PENDING", category}`. */
function createTemplate(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	const definition = parseDefinition(request.params);
	const { templates } = ctx.state;
	if (templates.find(waba.id, definition.name, definition.language)) {
		throw userFacingError({
			subcode: CREATE_ERRORS.duplicate.subcode,
			title: CREATE_ERRORS.duplicate.title,
			message: `There is already ${LANGUAGES[definition.language]} content for this template. You can create a new template and try again.`,
		});
	}
	const now = ctx.clock.now();
	const deletedAt = templates.deletedApproved.get(`${waba.id}\n${definition.name}`);
	if (deletedAt !== undefined && now - deletedAt < DELETED_NAME_BLOCK_MS) {
		throw invalidTemplate(`The approved template ${definition.name} was deleted less than 30 days ago; its name cannot be used again until ${new Date(deletedAt + DELETED_NAME_BLOCK_MS).toISOString()}.`);
	}
	const record: TemplateRecord = {
		id: templates.newId(),
		wabaId: waba.id,
		...definition,
		status: 'PENDING',
		quality: { score: 'UNKNOWN', date: Math.floor(now / 1000) },
		rejectedReason: 'NONE',
		previousCategory: null,
		pauses: 0,
		createdAt: now,
	};
	templates.add(record);
	return { body: { id: record.id, status: record.status, category: record.category } };
}

function notFound(name: string): Error {
	return userFacingError({ subcode: CREATE_ERRORS.notFound.subcode, title: CREATE_ERRORS.notFound.title, message: `The message template ${name} wasn't found for this account.` });
}

/** The IDs in `hsm_ids`, given as a JSON list or comma-separated. */
function idList(raw: unknown): string[] {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			value = raw.split(',');
		}
	}
	const ids = (Array.isArray(value) ? value : [value]).map((id) => String(id).trim()).filter(Boolean);
	if (ids.length === 0 || ids.length > 100) throw invalidTemplate('hsm_ids must list 1 to 100 template IDs.');
	return ids;
}

/**
 * `DELETE /<WABA_ID>/message_templates?name=…[&hsm_id=…]` or `?hsm_ids=[…]` (§1.4): by name every
 * language goes; with hsm_id only that one; hsm_ids deletes all or nothing. DISABLED templates stay.
 */
function deleteTemplates(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	const { templates } = ctx.state;
	const name = optionalString(request.params, 'name');
	const hsmId = optionalString(request.params, 'hsm_id');
	let doomed: TemplateRecord[];
	if (request.params.hsm_ids !== undefined) {
		if (name !== undefined || hsmId !== undefined) throw invalidTemplate('hsm_ids cannot be combined with name or hsm_id.');
		const ids = idList(request.params.hsm_ids);
		doomed = ids.map((id) => templates.byId(id)).filter((t): t is TemplateRecord => t !== undefined && t.wabaId === waba.id);
		if (doomed.length !== ids.length) throw invalidTemplate('Some of hsm_ids are not templates of this WhatsApp Business Account; nothing was deleted.');
	} else {
		if (name === undefined) throw requiredParameter('name');
		doomed = templates.named(waba.id, name).filter((t) => hsmId === undefined || t.id === hsmId);
		if (doomed.length === 0) throw notFound(name);
	}
	const disabled = doomed.find((t) => t.status === 'DISABLED');
	if (disabled) throw invalidTemplate(`Template ${disabled.name} (${disabled.language}) is DISABLED, and disabled templates cannot be deleted.`);
	const now = ctx.clock.now();
	for (const t of doomed) {
		if (t.status === 'APPROVED') templates.deletedApproved.set(`${waba.id}\n${t.name}`, now);
		templates.remove(t.id);
	}
	return SUCCESS;
}

/** `GET /<TEMPLATE_ID>`. */
function getTemplate(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const template = ctx.state.templates.byId(request.nodeId) as TemplateRecord;
	return { body: render(template, requestedFields(request.params)) };
}

export const templateRoutes: GraphRoute[] = [
	{ kind: 'waba', method: 'GET', edge: 'message_templates', handle: listTemplates },
	{ kind: 'waba', method: 'POST', edge: 'message_templates', handle: createTemplate },
	{ kind: 'waba', method: 'DELETE', edge: 'message_templates', handle: deleteTemplates },
	{ kind: 'template', method: 'GET', edge: '', handle: getTemplate },
];
