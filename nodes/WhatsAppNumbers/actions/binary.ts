/**
 * Files the n8n way: a core field of type `file` is the name of a binary field of the input item
 * (read with n8n's binary helpers into the core's bytes), and an output field of type `file` becomes
 * binary data on the output item (n8n's `prepareBinaryData`), next to the JSON. The core never sees
 * n8n's binary data, and n8n never sees the core's bytes as JSON.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldDefinition, FileInput, OperationDefinition } from '../../../shared';

/** n8n's usual name for "which binary field": the required input file, and the output file. */
export const BINARY_PROPERTY_PARAMETER = 'binaryPropertyName';

const DEFAULT_BINARY_PROPERTY = 'data';

/**
 * The n8n parameter of a file field: the operation's (required) file is n8n's familiar "Input Binary
 * Field"; an optional one (a profile picture) is named after its field and empty by default.
 */
export function binaryParameter(field: FieldDefinition): { name: string; displayName: string } {
	return field.required ? { name: BINARY_PROPERTY_PARAMETER, displayName: 'Input Binary Field' } : { name: `${field.key}BinaryPropertyName`, displayName: `${field.label} Binary Field` };
}

/** One file field as an n8n parameter (without displayOptions). */
export function binaryFieldProperty(field: FieldDefinition): INodeProperties {
	const { name, displayName } = binaryParameter(field);
	if (field.required) {
		return { displayName, name, type: 'string', default: DEFAULT_BINARY_PROPERTY, required: true, hint: 'The name of the input binary field containing the file', description: field.help };
	}
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: DEFAULT_BINARY_PROPERTY,
		hint: 'The name of the input binary field containing the file; leave empty to keep the current one',
		description: field.help,
	};
}

/** The output field of type `file`, if the operation has one. */
export function fileOutputKey(operation: OperationDefinition): string | undefined {
	return operation.outputFields.find((field) => field.type === 'file')?.key;
}

/** Where an operation with a file output puts it: n8n's "Put Output File in Field". */
export function outputFileProperty(): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: BINARY_PROPERTY_PARAMETER,
		type: 'string',
		default: DEFAULT_BINARY_PROPERTY,
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description: 'The downloaded file goes to this binary field of the output item, with its file name and MIME type; the JSON keeps the details',
	};
}

/**
 * The file a binary field of the input item holds, as the core takes it. `property` is the field's
 * name (the value of the file field's parameter); an empty name of an optional file means "no file".
 * n8n's own errors (no such binary field) name the field and the item.
 */
export async function readBinaryProperty(context: IExecuteFunctions, property: string, itemIndex: number): Promise<FileInput | undefined> {
	if (!property) return undefined;
	const binary = context.helpers.assertBinaryData(itemIndex, property);
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, property);
	return { data: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), fileName: binary.fileName ?? '', mimeType: binary.mimeType ?? '' };
}

/** The output as an n8n item's JSON and binary: the file output moves to binary data. */
export async function splitFileOutput(
	context: IExecuteFunctions,
	operation: OperationDefinition,
	output: unknown,
	itemIndex: number,
): Promise<{ json: IDataObject; binary?: IBinaryKeyData }> {
	const json = { ...((output ?? {}) as IDataObject) };
	const key = fileOutputKey(operation);
	const file = key ? (json[key] as unknown as FileInput | undefined) : undefined;
	if (!key || !file || !(file.data instanceof Uint8Array)) return { json };
	delete json[key];
	const property = String(context.getNodeParameter(BINARY_PROPERTY_PARAMETER, itemIndex, DEFAULT_BINARY_PROPERTY) ?? '').trim() || DEFAULT_BINARY_PROPERTY;
	const buffer = Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength);
	return { json, binary: { [property]: await context.helpers.prepareBinaryData(buffer, file.fileName, file.mimeType) } };
}
