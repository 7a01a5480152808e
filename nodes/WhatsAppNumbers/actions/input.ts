/**
 * Reads items' parameters into the raw input the core validates: top-level parameters by field
 * key, advanced ones from the Options collection, phone numbers through the resolver.
 *
 * What each item needs is read once, and nothing twice: a parameter that holds no expression has
 * the same value for every item, so it is read for the first item that needs it and kept; only a
 * parameter with an expression is read again for each item. Reads go through n8n's
 * `getNodeParameter` (defaults, resource locators, expressions), which costs about 0.2 ms a call on
 * n8n 2.8 and up to 1 ms on 2.41, except a parameter that only references a string field of the
 * item (`={{ $json.to }}`), taken from the item itself (jsonReference.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FieldDefinition, FieldVisibility, fieldVisibility, OperationDefinition } from '../../../shared';
import type { PhoneNumberResolver } from '../common/phoneNumberLocator';
import { binaryParameter, readBinaryProperty } from './binary';
import { jsonReferencePath, stringAtPath } from './jsonReference';
import { templateReference, templateValuesFrom } from '../common/templateLocator';
import { OPTIONS_PARAMETER, rowsOptionName } from './properties';
import { inVersion, nodeVersionOf, NodeVersion, VERSION_INPUTS } from './versions';

/** Fallback for parameters hidden in this configuration: n8n throws for a missing parameter without one. */
const ABSENT = null;

/** Whether a parameter's stored value holds an n8n expression anywhere (a string starting with `=`). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function asOptions(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** A fixedCollection's value (`{row: [{…}, {…}]}`) as the core's rows; anything else (an expression's array or JSON) as is. */
function rowsFrom(field: FieldDefinition, value: unknown): unknown {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	const rows = (value as IDataObject)[rowsOptionName(field)];
	return Array.isArray(rows) ? rows : [];
}

/** Reads the input of one operation for the items of one run (see the file comment). */
export class OperationReader {
	private readonly version: NodeVersion;
	private readonly stored: Record<string, unknown> | undefined;
	private readonly kept = new Map<string, unknown>();
	private readonly perItem = new Map<string, boolean>();
	/** Per-item parameters that only reference a field of the item, by name: the field's path. */
	private readonly references = new Map<string, readonly string[] | undefined>();
	private items?: INodeExecutionData[];
	/** The operation's fields this node version shows, in declaration order (worked out once). */
	private readonly versionFields: readonly FieldDefinition[];
	/** Keys of the fields a showWhen depends on. */
	private readonly controllerKeys: ReadonlySet<string>;
	/** The fields shown for every item, once known to be the same for all (see controllersFixed). */
	private shownFields?: readonly FieldDefinition[];

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly operation: OperationDefinition,
		private readonly resolver: PhoneNumberResolver,
	) {
		const node = context.getNode();
		this.version = nodeVersionOf(node.typeVersion);
		this.stored = node.parameters as Record<string, unknown> | undefined;
		this.versionFields = operation.fields.filter((field) => inVersion(operation.id, field.key, this.version));
		this.controllerKeys = new Set(operation.fields.flatMap((field) => (field.showWhen ? [field.showWhen.field] : [])));
	}

	/** A parameter's value for an item: read once when it holds no expression, per item otherwise. */
	parameter(name: string, itemIndex: number, fallback: unknown): unknown {
		let perItem = this.perItem.get(name);
		if (perItem === undefined) {
			// Unknown stored parameters (no node data): read every time, as n8n would.
			perItem = this.stored === undefined || holdsExpression(this.stored[name]);
			this.perItem.set(name, perItem);
		}
		if (perItem) return this.perItemParameter(name, itemIndex, fallback);
		if (!this.kept.has(name)) this.kept.set(name, this.context.getNodeParameter(name, itemIndex, fallback));
		return this.kept.get(name);
	}

	/** A per-item parameter: straight from the item when it only references one of its strings, through n8n otherwise. */
	private perItemParameter(name: string, itemIndex: number, fallback: unknown): unknown {
		if (!this.references.has(name)) this.references.set(name, this.stored === undefined ? undefined : jsonReferencePath(this.stored[name]));
		const path = this.references.get(name);
		const value = path && stringAtPath(this.item(itemIndex), path);
		return value ?? this.context.getNodeParameter(name, itemIndex, fallback);
	}

	options(itemIndex: number): IDataObject {
		return asOptions(this.parameter(OPTIONS_PARAMETER, itemIndex, {}));
	}

	/** The raw input of the operation for one item; throws the core's input error for an unknown display number. */
	async read(itemIndex: number): Promise<Record<string, unknown>> {
		const options = this.options(itemIndex);
		const fields = this.operation.fields;
		const raw: Record<string, unknown> = {};
		const valueOf = (key: string) => raw[key];
		// Controllers come first, so a visibility once worked out for this item does not change.
		const known = new Map<FieldDefinition, FieldVisibility>();
		const shown: FieldDefinition[] = [];
		for (const field of this.shownFields ?? this.versionFields) {
			// The controller of a showWhen is read first (declarations list it first), so a phone number
			// hidden by it is neither read nor looked up.
			if (!this.shownFields && fieldVisibility(fields, field, valueOf, 0, known) === 'hidden') continue;
			shown.push(field);
			const value = await this.field(field, itemIndex, options);
			// The template locator stands for the template ID (list, by ID) or its name (by name).
			if (field.source === 'templates') Object.assign(raw, templateReference(value));
			else if (value !== undefined && value !== null && raw[field.key] === undefined) raw[field.key] = value;
		}
		if (!this.shownFields && this.controllersFixed(shown)) this.shownFields = shown;
		return { ...raw, ...VERSION_INPUTS[this.operation.id]?.[this.version] };
	}

	/**
	 * Whether every showWhen controller read for an item has the same value for every item (a
	 * parameter without an expression): then the same fields are shown for every item, and later
	 * items read just those. A controller hidden for the item depends on one that was read.
	 */
	private controllersFixed(shown: readonly FieldDefinition[]): boolean {
		return shown.every((field) => {
			if (!this.controllerKeys.has(field.key)) return true;
			if (field.type === 'file') return false;
			return this.perItem.get(field.advanced ? OPTIONS_PARAMETER : field.key) === false;
		});
	}

	/** One field's raw value: the core coerces and checks it (and ignores it when hidden by showWhen). */
	private async field(field: FieldDefinition, itemIndex: number, options: IDataObject): Promise<unknown> {
		if (field.type === 'file') return await readBinaryProperty(this.context, String(this.parameter(binaryParameter(field).name, itemIndex, '') ?? '').trim(), itemIndex);
		const value = field.advanced ? options[field.key] : this.parameter(field.key, itemIndex, ABSENT);
		if (field.source === 'phoneNumbers') return await this.resolver.resolve(value, field.label);
		if (field.source === 'templateParameters') return templateValuesFrom(value, this.item(itemIndex));
		if (field.type === 'rows') return rowsFrom(field, value);
		return value;
	}

	private item(itemIndex: number): IDataObject {
		this.items ??= this.context.getInputData();
		return this.items[itemIndex]?.json ?? {};
	}
}
