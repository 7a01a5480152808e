/**
 * The core's field declarations as Zapier input fields. Keys are `zapierKey(field.key)`, so the
 * core's `phoneNumberId` is the zap author's `phone_number_id`.
 *
 * Zapier has no "show when" for fields: a field that depends on another (`showWhen`) is produced by
 * an input-field function that reads the controlling value, and the controlling field gets
 * `altersDynamicFields` so the editor refreshes when it changes. While the controlling value is
 * unknown (mapped from an earlier step), the dependent fields are all shown, optional: the core
 * checks the real values when the step runs.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { FieldDefinition, fieldVisibility, FieldVisibility, OperationDefinition, zapierKey } from '../shared';

/** The hidden trigger behind every phone number dropdown, and the search behind its "search" link. */
export const PHONE_NUMBER_DROPDOWN = 'phone_number_list.id.label';
export const PHONE_NUMBER_SEARCH = 'find_phone_number.id';
/** The same for templates (approved ones: the dropdown is for sending). */
export const TEMPLATE_DROPDOWN = 'template_list.id.label';
export const TEMPLATE_SEARCH = 'find_template.id';

/**
 * A template's placeholders become one input each, keyed `template_value_<key>` (`template_value_first_name`);
 * the core receives them together as its `source: 'templateParameters'` field.
 */
export const TEMPLATE_VALUE_PREFIX = 'template_value_';

/** Zapier's limit on helpText. */
const HELP_TEXT_MAX = 1000;

export const ADVANCED_GROUP = { key: 'advanced', label: 'Advanced Options', emphasize: false } as const;

export interface ZapierInputField {
	key: string;
	label: string;
	/** Absent on a line-item group (Zapier ignores it there: the help goes on its first field). */
	helpText?: string;
	required: boolean;
	/** Absent on a line-item group. */
	type?: 'string' | 'text' | 'number' | 'boolean' | 'password' | 'file';
	default?: string;
	placeholder?: string;
	list?: boolean;
	choices?: Array<{ value: string; label: string; sample: string }>;
	dynamic?: string;
	search?: string;
	altersDynamicFields?: boolean;
	group?: string;
	/** A line-item group: the fields of each line (a core field of type `rows`). */
	children?: ZapierInputField[];
}

export type InputFieldsFunction = (z: ZObject, bundle: Bundle) => ZapierInputField[] | Promise<ZapierInputField[]>;
export type InputFieldEntry = ZapierInputField | InputFieldsFunction;

export interface FieldMappingOptions {
	/** Links phone number and template dropdowns to their Find searches (not inside those searches themselves). */
	linkPhoneNumberSearch?: boolean;
	/** The inputs of a field that depend on Meta's data (a template's placeholders), when the app offers them. */
	dynamicFields?: (field: FieldDefinition) => InputFieldsFunction | undefined;
}

function zapierType(field: FieldDefinition): ZapierInputField['type'] {
	if (field.secret) return 'password';
	switch (field.type) {
		case 'file':
			return 'file';
		case 'boolean':
			return 'boolean';
		case 'number':
			return 'number';
		case 'text':
		case 'json':
			// Several values are entered one per box; one box per value reads best as a single line.
			return field.list ? 'string' : 'text';
		default:
			return 'string';
	}
}

/**
 * A `rows` field as a line-item group. Zapier takes neither type, help nor placeholder on the group
 * itself: the field's help leads the first column's.
 */
function lineItems(field: FieldDefinition, required: boolean, group: string | undefined): ZapierInputField {
	const children = (field.columns ?? []).map((column, index) => {
		const child = toZapierField(column, false);
		const help = index === 0 ? `${field.help}\n\n${column.help}` : column.help;
		return { ...child, helpText: help.length <= HELP_TEXT_MAX ? help : column.help };
	});
	return { key: zapierKey(field.key), label: field.label, required, children, ...(group ? { group } : {}) };
}

function helpText(field: FieldDefinition): string {
	const described = (field.options ?? []).filter((option) => option.description);
	if (!described.length) return field.help;
	const withOptions = `${field.help}\n\n${described.map((option) => `- **${option.label}**: ${option.description}`).join('\n')}`;
	return withOptions.length <= HELP_TEXT_MAX ? withOptions : field.help;
}

/** One core field as a Zapier input field (required as declared, unless told otherwise). */
export function toZapierField(
	field: FieldDefinition,
	controlsOthers: boolean,
	options: FieldMappingOptions = {},
	// Zapier cannot say "required unless that other field is set": such a field is optional here.
	required = field.required && field.supersededBy === undefined,
): ZapierInputField {
	if (field.type === 'rows') return lineItems(field, required, field.advanced ? ADVANCED_GROUP.key : undefined);
	const out: ZapierInputField = {
		key: zapierKey(field.key),
		label: field.label,
		helpText: helpText(field),
		required,
		type: zapierType(field),
	};
	if (field.default !== undefined && field.default !== '') out.default = String(field.default);
	if (field.placeholder) out.placeholder = field.placeholder;
	if (field.list) out.list = true;
	if (field.options) out.choices = field.options.map((option) => ({ value: option.value, label: option.label, sample: option.value }));
	if (field.source === 'phoneNumbers') {
		out.dynamic = PHONE_NUMBER_DROPDOWN;
		if (options.linkPhoneNumberSearch) out.search = PHONE_NUMBER_SEARCH;
	}
	if (field.source === 'templates') {
		out.dynamic = TEMPLATE_DROPDOWN;
		if (options.linkPhoneNumberSearch) out.search = TEMPLATE_SEARCH;
	}
	if (controlsOthers) out.altersDynamicFields = true;
	if (field.advanced) out.group = ADVANCED_GROUP.key;
	return out;
}

/** Whether a field applies, given what the zap author entered so far (Zapier keys): the core's rule. */
export function visibility(field: FieldDefinition, fields: readonly FieldDefinition[], inputData: Record<string, unknown>): FieldVisibility {
	return fieldVisibility(fields, field, (key) => inputData[zapierKey(key)]);
}

/** A value typed or picked in the editor, not one mapped from an earlier step (`{{123__id}}`) nor empty. */
export function isKnownValue(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	const text = String(value).trim();
	return text !== '' && !text.includes('{{');
}

/** A field the zap author no longer needs because the field superseding it has a known value. */
function superseded(field: FieldDefinition, inputData: Record<string, unknown>): boolean {
	return field.supersededBy !== undefined && isKnownValue(inputData[zapierKey(field.supersededBy)]);
}

/** Required as declared once its superseding field is known to be empty (not merely mapped). */
function requiredNow(field: FieldDefinition, inputData: Record<string, unknown>): boolean {
	if (!field.required) return false;
	if (field.supersededBy === undefined) return true;
	const other = inputData[zapierKey(field.supersededBy)];
	return other === undefined || other === null || String(other).trim() === '';
}

/**
 * The input fields of an operation, in Zapier's form: main fields first, rarely needed ones after
 * them in the "Advanced Options" group; runs of dependent fields become one input-field function.
 */
export function inputFieldsFor(operation: OperationDefinition, options: FieldMappingOptions = {}): InputFieldEntry[] {
	const fields = operation.fields;
	const dynamic = new Map(fields.map((field) => [field.key, options.dynamicFields?.(field)] as const).filter((entry): entry is [string, InputFieldsFunction] => entry[1] !== undefined));
	// Fields that change what else is shown: showWhen controllers, fields that supersede others, and
	// the template (its placeholders are the inputs of a dynamic field).
	const controllers = new Set([
		...fields.flatMap((field) => (field.showWhen ? [field.showWhen.field] : [])),
		...fields.flatMap((field) => (field.supersededBy && field.showWhen ? [field.supersededBy] : [])),
		...(dynamic.size ? fields.filter((field) => field.source === 'templates').map((field) => field.key) : []),
	]);
	const ordered = [...fields.filter((field) => !field.advanced), ...fields.filter((field) => field.advanced)];
	const entries: InputFieldEntry[] = [];
	let run: FieldDefinition[] = [];
	const flush = () => {
		if (!run.length) return;
		const dependent = run;
		entries.push((_z: ZObject, bundle: Bundle) =>
			dependent.flatMap((field) => {
				const state = visibility(field, fields, bundle.inputData ?? {});
				if (state === 'hidden' || superseded(field, bundle.inputData ?? {})) return [];
				return [toZapierField(field, controllers.has(field.key), options, state === 'shown' && requiredNow(field, bundle.inputData ?? {}))];
			}),
		);
		run = [];
	};
	for (const field of ordered) {
		const own = dynamic.get(field.key);
		if (own) {
			flush();
			entries.push(own);
			continue;
		}
		if (field.showWhen) {
			run.push(field);
			continue;
		}
		flush();
		entries.push(toZapierField(field, controllers.has(field.key), options));
	}
	flush();
	return entries;
}

/** The values of a template's placeholder inputs (`template_value_<key>`), by key; undefined when there are none. */
function templateValuesOf(inputData: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
	const entries = Object.entries(inputData ?? {})
		.filter(([key]) => key.startsWith(TEMPLATE_VALUE_PREFIX))
		.map(([key, value]) => [key.slice(TEMPLATE_VALUE_PREFIX.length), value] as const);
	return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The operation's input as the core reads it: Zapier keys back to the declaration's keys. */
export function coreInput(operation: OperationDefinition, inputData: Record<string, unknown> | undefined): Record<string, unknown> {
	const raw: Record<string, unknown> = {};
	for (const field of operation.fields) {
		const value = field.source === 'templateParameters' ? (inputData?.[zapierKey(field.key)] ?? templateValuesOf(inputData)) : inputData?.[zapierKey(field.key)];
		if (value !== undefined) raw[field.key] = value;
	}
	return raw;
}
