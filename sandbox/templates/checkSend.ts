/**
 * A `type: template` send checked against the stored template like Meta (docs/meta-templates.md §4):
 * exists in that language and is APPROVED (132001, 132015, 132016), each component's parameter count
 * (132000) and format (132012), named parameters' `parameter_name` (100), parameter text (132018),
 * buttons by index and sub_type (132018), hydrated body length (132005).
 */
import type { SandboxContext } from '../context';
import { GraphError, invalidParameter, metaError } from '../graphError';
import type { NumberRecord } from '../state';
import { ButtonSlot, componentOf, slotsOf, TemplateSlots } from './placeholders';
import { LIMITS, MISSING_PARAMETER_NAME_DETAIL, PARAMETER_TEXT_FORBIDDEN, SEND_ERRORS, SendErrorKind, UNKNOWN_PARAMETER_NAME_CODE } from './rules';
import type { TemplateRecord } from './store';

type Json = Record<string, unknown>;

/** §4.5: an authentication code parameter is at most 15 characters. [code] */
const AUTHENTICATION_CODE_MAX = 15;
/** §4.2: body parameters may be text, currency or date_time. */
const BODY_PARAMETER_TYPES = ['text', 'currency', 'date_time'];

function sendError(kind: SendErrorKind | 'hydratedTooLong', details: string): GraphError {
	if (kind === 'hydratedTooLong') {
		return new GraphError({ status: 400, code: 132005, type: 'OAuthException', message: '(#132005) Template Hydrated Text Too Long', details });
	}
	const { code, status, title } = SEND_ERRORS[kind];
	return new GraphError({ status, code, type: 'OAuthException', message: `(#${code}) ${title}`, details });
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const countError = (where: string, given: number, expected: number): GraphError =>
	sendError('paramCount', `${where}: number of localizable_params (${given}) does not match the expected number of params (${expected})`);
const formatError = (where: string, expected: string, received: unknown): GraphError =>
	sendError('paramFormat', `${where}: Format mismatch, expected ${expected}, received ${typeof received === 'string' && received !== '' ? received.toUpperCase() : 'UNKNOWN'}`);

function parametersOf(component: Json | undefined): Json[] {
	const parameters = component?.parameters;
	if (parameters === undefined) return [];
	if (!Array.isArray(parameters) || !parameters.every(isObject)) throw metaError('invalidParameterValue', "template['components'][]['parameters'] must be a list of objects.");
	return parameters;
}

function checkText(where: string, parameter: Json, max?: number): string {
	if (typeof parameter.text !== 'string' || parameter.text === '') throw metaError('missingParameter', `${where}: a text parameter needs text.`);
	if (PARAMETER_TEXT_FORBIDDEN.test(parameter.text)) throw sendError('paramIssue', 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
	if (max !== undefined && parameter.text.length > max) throw sendError('paramIssue', `${where}: Parameter at index 0 exceeds the parameter length limit ${max}`);
	return parameter.text;
}

/** Named templates: every parameter carries `parameter_name`, and the names are the template's. */
function checkNames(where: string, parameters: Json[], names: string[]): void {
	const given = parameters.map((parameter) => parameter.parameter_name);
	if (given.some((name) => typeof name !== 'string' || name.trim() === '')) throw invalidParameter(MISSING_PARAMETER_NAME_DETAIL);
	const unknown = (given as string[]).find((name) => !names.includes(name));
	const missing = names.find((name) => !given.includes(name));
	if (unknown !== undefined || missing !== undefined) {
		const details = unknown !== undefined ? `${where}: the template has no parameter named ${unknown} (it has ${names.join(', ')})` : `${where}: no value for parameter ${missing}`;
		throw new GraphError({ status: 400, code: UNKNOWN_PARAMETER_NAME_CODE, type: 'OAuthException', message: '(#100) Invalid parameter', details });
	}
}

function checkHeader(slots: TemplateSlots, component: Json | undefined): void {
	const parameters = parametersOf(component);
	const slot = slots.header;
	if (!slot) {
		if (parameters.length > 0) throw sendError('paramIssue', 'header: the template has no header that takes parameters');
		return;
	}
	if (slot.kind === 'media' || slot.kind === 'location') {
		const expected = slot.kind === 'media' ? slot.format : 'LOCATION';
		const parameter = parameters[0];
		if (parameters.length !== 1 || parameter.type !== expected.toLowerCase()) throw formatError('header', expected, parameter?.type);
		const value = parameter[expected.toLowerCase()];
		const complete = slot.kind === 'media' ? isObject(value) && (value.id !== undefined || value.link !== undefined) : isObject(value) && value.latitude !== undefined && value.longitude !== undefined;
		if (!complete) throw metaError('missingParameter', slot.kind === 'media' ? `header: the ${parameter.type} needs id or link.` : 'header: the location needs latitude and longitude.');
		return;
	}
	if (parameters.length !== slot.names.length) throw countError('header', parameters.length, slot.names.length);
	if (parameters.length === 0) return;
	if (parameters[0].type !== 'text') throw formatError('header', 'TEXT', parameters[0].type);
	if (slots.named) checkNames('header', parameters, slot.names);
	checkText('header', parameters[0]);
}

function checkBody(template: TemplateRecord, slots: TemplateSlots, component: Json | undefined): Map<string, string> {
	const parameters = parametersOf(component);
	if (parameters.length !== slots.body.length) throw countError('body', parameters.length, slots.body.length);
	const values = new Map<string, string>();
	parameters.forEach((parameter, i) => {
		if (!BODY_PARAMETER_TYPES.includes(String(parameter.type))) throw formatError('body', 'TEXT', parameter.type);
		const max = template.category === 'AUTHENTICATION' ? AUTHENTICATION_CODE_MAX : undefined;
		const text = parameter.type === 'text' ? checkText('body', parameter, max) : String((parameter[String(parameter.type)] as Json | undefined)?.fallback_value ?? '');
		values.set(slots.named ? String(parameter.parameter_name) : String(i + 1), text);
	});
	if (slots.named) checkNames('body', parameters, slots.body);
	return values;
}

const subTypeTitle = (subType: string): string => subType.charAt(0).toUpperCase() + subType.slice(1);

function checkButton(slot: ButtonSlot, component: Json): void {
	const where = `button at index ${slot.index}`;
	if (String(component.sub_type).toLowerCase() !== slot.subType) throw sendError('paramIssue', `Button at index ${slot.index} must be of type ${subTypeTitle(slot.subType)}`);
	const parameters = parametersOf(component);
	if (slot.type === 'QUICK_REPLY') {
		const bad = parameters.find((parameter) => parameter.type !== 'payload' || typeof parameter.payload !== 'string');
		if (bad) throw formatError(where, 'PAYLOAD', bad.type);
		return;
	}
	if (parameters.length !== slot.names.length) throw countError(where, parameters.length, slot.names.length);
	if (slot.type === 'COPY_CODE') {
		const [parameter] = parameters;
		if (parameter.type !== 'coupon_code') throw formatError(where, 'COUPON_CODE', parameter.type);
		if (typeof parameter.coupon_code !== 'string' || parameter.coupon_code === '') throw metaError('missingParameter', `${where}: coupon_code is required.`);
		if (parameter.coupon_code.length > LIMITS.copyCodeExampleMax) throw sendError('paramIssue', `${where}: Parameter at index 0 exceeds the parameter length limit ${LIMITS.copyCodeExampleMax}`);
		return;
	}
	for (const parameter of parameters) {
		if (parameter.type !== 'text') throw formatError(where, 'TEXT', parameter.type);
		checkText(where, parameter, slot.type === 'OTP' ? AUTHENTICATION_CODE_MAX : undefined);
	}
}

function checkButtons(slots: TemplateSlots, components: Json[]): void {
	const used = new Set<number>();
	for (const component of components) {
		const index = Number(component.index);
		if (component.sub_type === undefined || component.index === undefined || !Number.isInteger(index)) {
			throw metaError('missingParameter', "A button component needs sub_type and index (the button's position, from 0).");
		}
		const slot = slots.buttons.find((candidate) => candidate.index === index);
		if (!slot || used.has(index)) throw sendError('paramIssue', `button: the template has no button at index ${index} to fill (or it is given twice)`);
		if (slot.type === 'PHONE_NUMBER') throw sendError('paramIssue', `Button at index ${index} is a phone number button and takes no parameters`);
		used.add(index);
		checkButton(slot, component);
	}
	const unfilled = slots.buttons.find((slot) => slot.names.length > 0 && !used.has(slot.index));
	if (unfilled) throw sendError('paramIssue', `button: the ${unfilled.type} button at index ${unfilled.index} needs a parameter`);
}

/** The template part of a send, as an object (form bodies carry it JSON-encoded). */
function templatePart(raw: unknown): Json {
	const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
	return value as Json;
}

function findTemplate(ctx: SandboxContext, number: NumberRecord, name: string, language: string): TemplateRecord {
	const template = ctx.state.templates.find(number.wabaId, name, language);
	if (!template) throw sendError('notFound', `template name (${name}) does not exist in ${language}`);
	if (template.status === 'PAUSED') throw sendError('paused', 'Template is paused due to low quality so it cannot be sent in a template message.');
	if (template.status === 'DISABLED') throw sendError('disabled', 'Template has been paused too many times due to low quality and is now permanently disabled.');
	if (template.status !== 'APPROVED') throw sendError('notFound', `template name (${name}) in ${language} is ${template.status}, not APPROVED`);
	return template;
}

/** Throws Meta's error for the first problem; returns the template when the send may go ahead. */
export function checkTemplateSend(ctx: SandboxContext, number: NumberRecord, raw: unknown): TemplateRecord {
	const part = templatePart(raw);
	const template = findTemplate(ctx, number, String(part.name), String((part.language as Json).code));
	const slots = slotsOf(template);
	const components = (part.components as Json[] | undefined) ?? [];
	const byType = (type: string): Json[] => components.filter((component) => String(component.type).toLowerCase() === type);
	const unknown = components.find((component) => !['header', 'body', 'button'].includes(String(component.type).toLowerCase()));
	if (unknown) throw metaError('invalidParameterValue', `template['components'][]['type'] must be header, body or button, not ${String(unknown.type)}.`);
	for (const type of ['header', 'body']) if (byType(type).length > 1) throw metaError('invalidParameterValue', `Send one ${type} component, not ${byType(type).length}.`);
	checkHeader(slots, byType('header')[0]);
	const values = checkBody(template, slots, byType('body')[0]);
	checkButtons(slots, byType('button'));
	const body = String(componentOf(template.components, 'BODY')?.text ?? '');
	const hydrated = body.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_all, name: string) => values.get(name) ?? '');
	if (hydrated.length > LIMITS.bodyMax) throw sendError('hydratedTooLong', `body: the text with its parameters is ${hydrated.length} characters, more than ${LIMITS.bodyMax}`);
	return template;
}
