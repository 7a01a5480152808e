/**
 * The one declaration of an operation. The n8n node and the Zapier app are generated from these
 * declarations, so everything a shell needs to render a field or explain an output lives here.
 */
import type { GraphClient } from './client';
import { inputError } from './errors';
import { readRows } from './rows';
import { settleSync } from './settle';

export type Resource = 'phoneNumber' | 'message' | 'settings' | 'username' | 'webhook' | 'template' | 'media' | 'businessProfile';

/**
 * `file`: a FileInput, which each shell makes from its own files (n8n binary data, a Zapier file field).
 * `rows`: a list of records with the field's `columns` (n8n repeats a collection, Zapier shows line
 * items); read as an array of objects keyed by the column keys.
 */
export type FieldType = 'string' | 'text' | 'number' | 'boolean' | 'options' | 'json' | 'file' | 'rows';

/** A file as the core takes it in (and gives it out, in an output field of type `file`): bytes and what they are. */
export interface FileInput {
	data: Uint8Array;
	/** As the platform knows it; empty when unknown. */
	fileName?: string;
	/** As the platform knows it (n8n's binary data, the Content-Type of a Zapier file); empty when unknown. */
	mimeType?: string;
}

export interface FieldOption {
	value: string;
	label: string;
	description?: string;
}

export interface FieldDefinition {
	/** camelCase; n8n uses it as the parameter name, Zapier as `snake_case(key)` (see `zapierKey`). */
	key: string;
	label: string;
	type: FieldType;
	required: boolean;
	/** Shown under the field: what to enter and where to find it. */
	help: string;
	placeholder?: string;
	default?: string | number | boolean;
	options?: FieldOption[];
	/** PINs and OTP codes: masked in the UI, remembered for redaction, never echoed. */
	secret?: boolean;
	/**
	 * Where the value comes from, so shells can offer a picker: `phoneNumbers`, a phone number ID of
	 * the WABA; `templates`, a message template ID of the WABA; `templateParameters`, the values of
	 * the chosen template's placeholders by key (shells build one input per placeholder).
	 */
	source?: 'phoneNumbers' | 'templates' | 'templateParameters';
	/**
	 * Not needed when this other field has a value (a template picked by ID needs no name): not
	 * required then, and shells that can tell may hide it. A value given anyway is still read.
	 */
	supersededBy?: string;
	/** Only relevant when another field has one of these values. */
	showWhen?: { field: string; values: Array<string | boolean> };
	/** Rarely needed: n8n puts it under "Options", Zapier after the main fields. */
	advanced?: boolean;
	/** Several values (for example template parameters): an array, or one per line. */
	list?: boolean;
	/** Bounds for numbers. */
	min?: number;
	max?: number;
	/**
	 * `rows` only: the fields of one row (plain types only). Their keys are unique in the operation,
	 * because Zapier keys line-item fields like every other field of a step.
	 */
	columns?: FieldDefinition[];
	/** `rows` only: what one row is called ("Row", "Contact"), for the shells' "Add …" buttons. */
	rowLabel?: string;
	/** Checks and normalizes the (present, non-empty) value; throws `inputError` when wrong. */
	validate?: (value: unknown, label: string) => unknown;
}

export interface OutputFieldDefinition {
	key: string;
	label: string;
	/** `file`: the value is a FileInput; shells turn it into their own file (n8n binary data, a Zapier file). */
	type: 'string' | 'number' | 'boolean' | 'datetime' | 'file';
}

/** Everything an operation may use while running. */
export interface OperationContext {
	client: GraphClient;
}

export interface OperationDefinition<Input = unknown, Output = unknown> {
	/** The contract shared with the shells, e.g. `registerPhoneNumber`. */
	id: string;
	resource: Resource;
	/** Title case, verb first: "Register Phone Number". */
	title: string;
	/** Sentence case for n8n's action list: "Register a phone number". */
	action: string;
	/** One or two sentences a marketer understands. */
	description: string;
	/** `read` never changes anything at Meta; `search` looks something up (Zapier search). */
	kind: 'read' | 'write' | 'search';
	/**
	 * Meta counts or limits these calls (register, deregister, request_code, verify_code, PIN):
	 * never retried, and shells should warn before repeating them.
	 */
	metaLimited?: boolean;
	/**
	 * Plumbing for the shells' own lifecycles (a trigger's activation, the relay's set-up), not an
	 * action: app-token calls and steps that only make sense inside a lifecycle. The n8n action node
	 * and the Zapier app never offer it; code calls it through `runOperation` like any other.
	 */
	internal?: boolean;
	fields: FieldDefinition[];
	/** A realistic output, used as Zapier's sample and in docs. */
	sample: Output;
	outputFields: OutputFieldDefinition[];
	run(context: OperationContext, input: Input): Promise<Output>;
}

/** Identity helper that keeps the Input/Output types of a declaration. */
export function defineOperation<Input, Output>(definition: OperationDefinition<Input, Output>): OperationDefinition<Input, Output> {
	return definition;
}

/** The Zapier key of a field or output: `phoneNumberId` → `phone_number_id`. */
export function zapierKey(key: string): string {
	return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The inverse of `zapierKey`: `phone_number_id` → `phoneNumberId`. */
export function camelKey(key: string): string {
	return key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** The yes/no words every platform accepts for a boolean field (a mapped Zapier value, an n8n expression). */
const TRUE_WORDS = ['true', 'yes', '1', 'on', 'enable', 'enabled'];
const FALSE_WORDS = ['false', 'no', '0', 'off', 'disable', 'disabled'];

function coerce(field: FieldDefinition, value: unknown): unknown {
	const label = field.label;
	switch (field.type) {
		case 'number': {
			const number = typeof value === 'number' ? value : Number(String(value).trim());
			if (!Number.isFinite(number)) throw inputError(label, `"${String(value)}" is not a number.`, 'Enter a number.');
			if (field.min !== undefined && number < field.min) throw inputError(label, `${number} is below the minimum.`, `Enter at least ${field.min}.`);
			if (field.max !== undefined && number > field.max) throw inputError(label, `${number} is above the maximum.`, `Enter at most ${field.max}.`);
			return number;
		}
		case 'boolean': {
			if (typeof value === 'boolean') return value;
			const text = String(value).trim().toLowerCase();
			if (TRUE_WORDS.includes(text)) return true;
			if (FALSE_WORDS.includes(text)) return false;
			throw inputError(label, `"${String(value)}" is not yes or no.`, 'Choose true or false.');
		}
		case 'options': {
			const text = String(value).trim();
			const match = field.options?.find((option) => option.value.toLowerCase() === text.toLowerCase());
			if (!match) {
				const allowed = (field.options ?? []).map((option) => option.value).join(', ');
				throw inputError(label, `"${text}" is not one of the choices.`, `Choose one of: ${allowed}.`);
			}
			return match.value;
		}
		case 'file': {
			const file = value as Partial<FileInput> | null;
			if (typeof file !== 'object' || !(file?.data instanceof Uint8Array)) {
				throw inputError(label, 'is not a file.', 'Pass the file itself: its bytes (data), with its fileName and mimeType when known.');
			}
			return { data: file.data, fileName: typeof file.fileName === 'string' ? file.fileName.trim() : '', mimeType: typeof file.mimeType === 'string' ? file.mimeType.trim() : '' };
		}
		case 'rows':
			return readRows(
				field,
				value,
				(row, column) => row[column.key] ?? row[zapierKey(column.key)],
				(column, cell) => checkedValue(column, cell),
			);
		case 'json': {
			if (typeof value !== 'string') return value;
			try {
				return JSON.parse(value);
			} catch {
				throw inputError(label, 'is not valid JSON.', 'Enter valid JSON, for example {"key": "value"}.');
			}
		}
		default: {
			if (field.list) {
				const items = Array.isArray(value) ? value : String(value).split(/\r?\n/);
				return items.map((item) => String(item)).filter((item) => item.trim() !== '');
			}
			if (typeof value === 'object') return JSON.stringify(value);
			return String(value);
		}
	}
}

export type FieldVisibility = 'shown' | 'hidden' | 'unknown';

/**
 * Whether a field applies, given the values entered so far (`valueOf(key)`, declaration keys): its
 * `showWhen` and, in turn, that of the field controlling it. A controlling value is read as
 * `parseInput` reads it (defaults, yes/no words, choices in any case); `unknown` when it cannot be
 * read yet (in Zapier, a value mapped from an earlier step). The one rule n8n, Zapier and
 * `parseInput` use.
 */
export function fieldVisibility(
	fields: readonly FieldDefinition[],
	field: FieldDefinition,
	valueOf: (key: string) => unknown,
	depth = 0,
	known?: Map<FieldDefinition, FieldVisibility>,
): FieldVisibility {
	const rule = field.showWhen;
	if (!rule) return 'shown';
	const remembered = known?.get(field);
	if (remembered) return remembered;
	const controller = fieldsByKey(fields).get(rule.field);
	if (!controller || depth > fields.length) return 'unknown';
	const controllerVisibility = fieldVisibility(fields, controller, valueOf, depth + 1, known);
	const visibility = controlledVisibility(rule, controller, controllerVisibility, valueOf);
	known?.set(field, visibility);
	return visibility;
}

/**
 * Fields by key, built once per field list: a bulk send asks for the visibility of every field of
 * every item (a Send Message has dozens of fields).
 */
const FIELD_INDEX = new WeakMap<readonly FieldDefinition[], Map<string, FieldDefinition>>();
function fieldsByKey(fields: readonly FieldDefinition[]): Map<string, FieldDefinition> {
	let index = FIELD_INDEX.get(fields);
	if (!index) {
		index = new Map();
		// The first declaration of a key wins, as `find` would.
		for (const field of fields) if (!index.has(field.key)) index.set(field.key, field);
		FIELD_INDEX.set(fields, index);
	}
	return index;
}

function controlledVisibility(
	rule: NonNullable<FieldDefinition['showWhen']>,
	controller: FieldDefinition,
	controllerVisibility: FieldVisibility,
	valueOf: (key: string) => unknown,
): FieldVisibility {
	if (controllerVisibility === 'hidden') return 'hidden';
	let value = valueOf(controller.key);
	if (isEmpty(value)) value = controller.default;
	if (isEmpty(value)) return controllerVisibility === 'unknown' ? 'unknown' : 'hidden';
	const read = settleSync(() => coerce(controller, value));
	if (!read.ok || controllerVisibility === 'unknown') return 'unknown';
	return rule.values.some((allowed) => String(allowed) === String(read.value)) ? 'shown' : 'hidden';
}

/** The values of an operation's secret fields (PIN, OTP, verify token) in a raw input, to mask in its run. */
export function secretInputs(operation: OperationDefinition, raw: Record<string, unknown>): unknown[] {
	return operation.fields.filter((field) => field.secret).map((field) => raw[field.key]);
}

/**
 * Reads and checks an operation's input before anything is sent: required fields, types,
 * choices and each field's own validator. Throws a WhatsAppError naming the field.
 * Fields hidden by `showWhen` are ignored.
 */
export function parseInput<Input>(operation: OperationDefinition<Input, unknown>, raw: Record<string, unknown>): Input {
	const out: Record<string, unknown> = {};
	const valueOf = (key: string) => raw[key];
	const known = new Map<FieldDefinition, FieldVisibility>();
	for (const field of operation.fields) {
		if (fieldVisibility(operation.fields, field, valueOf, 0, known) !== 'shown') continue;
		let value = raw[field.key];
		if (isEmpty(value)) value = field.default;
		if (isEmpty(value)) {
			const superseded = field.supersededBy !== undefined && !isEmpty(raw[field.supersededBy]);
			if (field.required && !superseded) throw inputError(field.label, 'is required.', field.help);
			continue;
		}
		out[field.key] = checkedValue(field, value);
	}
	return out as Input;
}

/** A present value read as the field's type and checked by its own validator. */
function checkedValue(field: FieldDefinition, value: unknown): unknown {
	const parsed = coerce(field, value);
	return field.validate ? field.validate(parsed, field.label) : parsed;
}
