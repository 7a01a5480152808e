/**
 * Reads one item's parameters into the raw input the core validates: top-level parameters by field
 * key, advanced ones from the Options collection, phone numbers through the resolver.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldDefinition, fieldVisibility, OperationDefinition } from '../../../shared';
import type { PhoneNumberResolver } from '../common/phoneNumberLocator';
import { readBinaryFile } from './binary';
import { templateReference, templateValuesFrom } from '../common/templateLocator';
import { OPTIONS_PARAMETER, rowsOptionName } from './properties';
import { inVersion, nodeVersionOf, VERSION_INPUTS } from './versions';

/** Fallback for parameters hidden in this configuration: n8n throws for a missing parameter without one. */
const ABSENT = null;

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = context.getNodeParameter(OPTIONS_PARAMETER, itemIndex, {});
	return options && typeof options === 'object' && !Array.isArray(options) ? (options as IDataObject) : {};
}

/** One field's raw value: the core coerces and checks it (and ignores it when hidden by showWhen). */
async function readField(context: IExecuteFunctions, field: FieldDefinition, itemIndex: number, options: IDataObject, resolver: PhoneNumberResolver): Promise<unknown> {
	if (field.type === 'file') return await readBinaryFile(context, field, itemIndex);
	const value = field.advanced ? options[field.key] : context.getNodeParameter(field.key, itemIndex, ABSENT);
	if (field.source === 'phoneNumbers') return await resolver.resolve(value, field.label);
	if (field.source === 'templateParameters') return templateValuesFrom(value, context.getInputData()[itemIndex]?.json ?? {});
	if (field.type === 'rows') return rowsFrom(field, value);
	return value;
}

/** A fixedCollection's value (`{row: [{…}, {…}]}`) as the core's rows; anything else (an expression's array or JSON) as is. */
function rowsFrom(field: FieldDefinition, value: unknown): unknown {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	const rows = (value as IDataObject)[rowsOptionName(field)];
	return Array.isArray(rows) ? rows : [];
}

/** The raw input of `operation` for one item; throws the core's input error for an unknown display number. */
export async function readOperationInput(
	context: IExecuteFunctions,
	operation: OperationDefinition,
	itemIndex: number,
	resolver: PhoneNumberResolver,
): Promise<Record<string, unknown>> {
	const options = readOptions(context, itemIndex);
	const version = nodeVersionOf(context.getNode().typeVersion);
	const raw: Record<string, unknown> = {};
	for (const field of operation.fields) {
		if (!inVersion(operation.id, field.key, version)) continue;
		// The controller of a showWhen is read first (declarations list it first), so a phone number
		// hidden by it is neither read nor looked up.
		if (fieldVisibility(operation.fields, field, (key) => raw[key]) === 'hidden') continue;
		const value = await readField(context, field, itemIndex, options, resolver);
		// The template locator stands for the template ID (list, by ID) or its name (by name).
		if (field.source === 'templates') Object.assign(raw, templateReference(value));
		else if (value !== undefined && value !== null && raw[field.key] === undefined) raw[field.key] = value;
	}
	return { ...raw, ...VERSION_INPUTS[operation.id]?.[version] };
}
