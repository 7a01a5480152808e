/**
 * n8n parameters generated from the core's operation declarations: one operation selector per
 * resource, one parameter per field, and an "Options" collection for the advanced fields.
 * Nothing here knows any particular operation except through BATCH_OPERATIONS.
 */
import type { INodeProperties, INodePropertyOptions, NodeParameterValue } from 'n8n-workflow';

import { FieldDefinition, findOperation, OperationDefinition, OPERATIONS } from '../../../shared';
import { phoneNumberLocator } from '../common/phoneNumberLocator';
import { BINARY_PROPERTY_PARAMETER, binaryFieldProperty, fileOutputKey, outputFileProperty } from './binary';
import { TEMPLATE_LANGUAGE_KEY, TEMPLATE_NAME_KEY, templateLanguageByName, templateLocator, templateParametersMapper } from '../common/templateLocator';
import { BATCH_OPERATIONS, NODE_RESOURCE_OF, NODE_RESOURCES, NodeResource } from './resources';
import { inVersion, isVersioned, NODE_VERSIONS } from './versions';

/** Parameter names the node itself uses; a core field with one of these keys would clash. */
export const RESERVED_PARAMETERS = ['resource', 'operation', 'options', 'identityHashNotice', 'limitedNotice', BINARY_PROPERTY_PARAMETER] as const;

export const OPTIONS_PARAMETER = 'options';

const TEXT_ROWS = 4;

type Conditions = Record<string, NodeParameterValue[]>;

/**
 * The conditions under which a field shows: its own `showWhen` and, transitively, the conditions of
 * the field that controls it (a header value shows for templates with a header type, not merely
 * for a header type left over from an earlier template).
 */
function showConditions(operation: OperationDefinition, field: FieldDefinition, insideOptions: boolean): Conditions {
	const conditions: Conditions = {};
	const seen = new Set<string>();
	let current: FieldDefinition | undefined = field;
	while (current?.showWhen && !seen.has(current.key)) {
		seen.add(current.key);
		const controlling = operation.fields.find((candidate) => candidate.key === current?.showWhen?.field);
		const controllerInOptions = controlling?.advanced === true;
		// A top-level parameter cannot look into the Options collection; the core still skips the
		// field when its controller says so, so showing it is harmless.
		if (!insideOptions && controllerInOptions) break;
		const name = insideOptions && !controllerInOptions ? `/${current.showWhen.field}` : current.showWhen.field;
		if (!(name in conditions)) conditions[name] = [...current.showWhen.values];
		current = controlling;
	}
	return conditions;
}

function defaultOf(field: FieldDefinition): INodeProperties['default'] {
	switch (field.type) {
		case 'number':
			return typeof field.default === 'number' ? field.default : (field.min ?? 0);
		case 'boolean':
			return typeof field.default === 'boolean' ? field.default : false;
		case 'options':
			return field.default !== undefined ? String(field.default) : (field.options?.[0]?.value ?? '');
		default:
			return field.default !== undefined ? String(field.default) : '';
	}
}

/** The fields an operation shows (in one node version), for fields rendered together with others. */
export interface FieldContext {
	operation: OperationDefinition;
	fields: readonly FieldDefinition[];
}

/**
 * A field that is part of another field's parameter: the template name is the By Name mode of the
 * template locator. Undefined when the field has a parameter of its own.
 */
function templateLocatorOf(field: FieldDefinition, context: FieldContext | undefined): FieldDefinition | undefined {
	if (field.key !== TEMPLATE_NAME_KEY && field.key !== TEMPLATE_LANGUAGE_KEY && field.source !== 'templateParameters') return undefined;
	return context?.fields.find((candidate) => candidate.source === 'templates');
}

/** The name of the one option of a `rows` field's fixedCollection: its rows' label in camelCase ("row", "contact"). */
export function rowsOptionName(field: FieldDefinition): string {
	const label = field.rowLabel ?? 'Row';
	return label.charAt(0).toLowerCase() + label.slice(1).replace(/\s+/g, '');
}

/** A `rows` field: a fixedCollection with one repeatable option whose values are the columns. */
function rowsProperty(field: FieldDefinition): INodeProperties {
	const rowLabel = field.rowLabel ?? 'Row';
	return {
		displayName: field.label,
		name: field.key,
		description: field.help,
		placeholder: `Add ${rowLabel}`,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: [
			{
				displayName: rowLabel,
				name: rowsOptionName(field),
				values: (field.columns ?? []).map((column) => fieldProperty(column)).filter(present),
			},
		],
	};
}

/**
 * Required as declared, unless another field shown beside it can stand in for it (`supersededBy`):
 * To is not needed with a business-scoped user ID, the core checks that one of them is there.
 */
function requiredHere(field: FieldDefinition, context: FieldContext | undefined): boolean {
	if (!field.required) return false;
	return field.supersededBy === undefined || !context?.fields.some((candidate) => candidate.key === field.supersededBy);
}

/** One core field as an n8n parameter (without displayOptions); undefined when another parameter covers it. */
export function fieldProperty(field: FieldDefinition, context?: FieldContext): INodeProperties | undefined {
	const base = {
		displayName: field.label,
		name: field.key,
		description: field.help,
		...(requiredHere(field, context) ? { required: true } : {}),
		...(field.placeholder !== undefined ? { placeholder: field.placeholder } : {}),
	};
	if (field.source === 'phoneNumbers') return phoneNumberLocator(base, field.placeholder);
	if (field.source === 'templates') return templateLocator(base, context?.operation.kind === 'write');
	const locator = templateLocatorOf(field, context);
	if (locator && field.key === TEMPLATE_NAME_KEY) return undefined;
	if (locator && field.key === TEMPLATE_LANGUAGE_KEY) return templateLanguageByName(base);
	if (field.source === 'templateParameters') {
		if (!locator) throw new Error(`Field "${field.key}" takes a template's parameters, but its operation offers no template to pick.`);
		return templateParametersMapper(base, locator.key);
	}
	switch (field.type) {
		case 'file':
			return binaryFieldProperty(field);
		case 'rows':
			return rowsProperty(field);
		case 'number':
			return {
				...base,
				type: 'number',
				default: defaultOf(field),
				typeOptions: { ...(field.min !== undefined ? { minValue: field.min } : {}), ...(field.max !== undefined ? { maxValue: field.max } : {}) },
			};
		case 'boolean':
			return { ...base, type: 'boolean', default: defaultOf(field) };
		case 'options':
			return {
				...base,
				type: 'options',
				default: defaultOf(field),
				options: (field.options ?? []).map<INodePropertyOptions>((option) => ({
					name: option.label,
					value: option.value,
					...(option.description ? { description: option.description } : {}),
				})),
			};
		case 'json':
			return { ...base, type: 'json', default: defaultOf(field) };
		case 'text':
			return { ...base, type: 'string', default: defaultOf(field), typeOptions: { rows: TEXT_ROWS } };
		default:
			return {
				...base,
				type: 'string',
				default: defaultOf(field),
				...(field.secret ? { typeOptions: { password: true } } : field.list ? { typeOptions: { rows: TEXT_ROWS } } : {}),
			};
	}
}

/** Operation options of one node resource: name = title, action = sentence, value = the core's id. */
function operationSelector(resource: NodeResource, operations: OperationDefinition[]): INodeProperties {
	const firstOperation = operations[0].id;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations.map((operation) => ({
			name: operation.title,
			value: operation.id,
			action: operation.action,
			description: operation.metaLimited
				? `${operation.description} Meta limits how often this may be done, so it is never retried automatically.`
				: operation.description,
		})),
		default: firstOperation,
	};
}

/**
 * The options a batch operation lends to its single-item operation: its pacing fields as declared
 * by the core (worded for streaming from the version that streams), then the node's own options.
 * Without a version: those of every version.
 */
export function batchOptionFields(operation: OperationDefinition, version?: number): FieldDefinition[] {
	const batch = BATCH_OPERATIONS[operation.id];
	if (!batch) return [];
	const batchOperation = findOperation(batch.operation);
	if (!batchOperation) return [];
	const streaming = version !== undefined && version >= batch.streamingSince;
	const pacing = batch.pacingFields
		.map((key) => batchOperation.fields.find((field) => field.key === key))
		.filter((field): field is FieldDefinition => !!field)
		.map((field) => {
			if (!streaming) return field;
			const key = field.key as keyof typeof batch.streamingHelp;
			return { ...field, help: batch.streamingHelp[key] ?? field.help, default: batch.streamingDefaults[key] ?? field.default };
		});
	return [...pacing, ...batch.nodeFields.filter((field) => version === undefined || inVersion(operation.id, field.key, version))];
}

/** Notices that explain what a marketer cannot guess from the fields alone. */
function notices(resource: NodeResource, operation: OperationDefinition): INodeProperties[] {
	const show = { resource: [resource], operation: [operation.id] };
	const out: INodeProperties[] = [];
	if (operation.fields.some((field) => field.key === 'recipientIdentityKeyHash')) {
		out.push({
			displayName:
				'Identity check: store the hash that the WhatsApp Business Numbers Trigger outputs (event "Identity Hash Seen", field identityKeyHash) and put it in Recipient Identity Key Hash. If the person\'s WhatsApp identity changed, WhatsApp does not deliver and the trigger reports "Identity Mismatch (Error 137000)".',
			name: 'identityHashNotice',
			type: 'notice',
			default: '',
			displayOptions: { show },
		});
	}
	if (operation.metaLimited) {
		out.push({
			displayName: 'Meta counts these calls and blocks a number for hours after too many attempts. This step is never retried automatically; check the result before running it again.',
			name: 'limitedNotice',
			type: 'notice',
			default: '',
			displayOptions: { show },
		});
	}
	return out;
}

const present = (property: INodeProperties | undefined): property is INodeProperties => property !== undefined;

/** The parameters of an operation showing `fields` (all of them, or those of one node `version`). */
function propertiesFor(resource: NodeResource, operation: OperationDefinition, fields: readonly FieldDefinition[], version?: number): INodeProperties[] {
	const show = { resource: [resource], operation: [operation.id] };
	const context: FieldContext = { operation, fields };
	const properties: INodeProperties[] = notices(resource, operation);
	for (const field of fields) {
		if (field.advanced) continue;
		const property = fieldProperty(field, context);
		if (property) properties.push({ ...property, displayOptions: { show: { ...show, ...showConditions(operation, field, false) } } });
	}
	if (fileOutputKey(operation)) properties.push({ ...outputFileProperty(), displayOptions: { show } });
	const advanced = [
		...fields
			.filter((field) => field.advanced)
			.map((field) => {
				const conditions = showConditions(operation, field, true);
				const property = fieldProperty(field, context);
				return property && Object.keys(conditions).length ? { ...property, displayOptions: { show: conditions } } : property;
			}),
		...batchOptionFields(operation, version).map((field) => fieldProperty(field)),
	].filter(present);
	if (advanced.length) {
		properties.push({
			displayName: 'Options',
			name: OPTIONS_PARAMETER,
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show },
			options: advanced.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	return properties;
}

/** A parameter shown only in some node versions. */
function inVersions(property: INodeProperties, versions: number[]): INodeProperties {
	const show = property.displayOptions?.show ?? {};
	return { ...property, displayOptions: { ...property.displayOptions, show: { ...show, '@version': versions } } };
}

/**
 * The parameters of an operation. When its fields differ between node versions, each version's
 * parameters are generated and merged: a parameter identical in every version appears once, as
 * before; one that differs appears once per version it belongs to, limited to those versions.
 */
function operationProperties(resource: NodeResource, operation: OperationDefinition): INodeProperties[] {
	if (!isVersioned(operation.id)) return propertiesFor(resource, operation, operation.fields);
	let merged: Array<{ property: INodeProperties; versions: number[] }> = [];
	for (const version of NODE_VERSIONS) {
		const next = propertiesFor(resource, operation, operation.fields.filter((field) => inVersion(operation.id, field.key, version)), version);
		const signature = (property: INodeProperties) => JSON.stringify(property);
		const out: typeof merged = [];
		let i = 0;
		let j = 0;
		while (i < merged.length || j < next.length) {
			if (i < merged.length && j < next.length && signature(merged[i].property) === signature(next[j])) {
				out.push({ property: merged[i].property, versions: [...merged[i].versions, version] });
				i++;
				j++;
			} else if (i < merged.length && !next.slice(j).some((property) => signature(property) === signature(merged[i].property))) {
				out.push(merged[i++]);
			} else {
				out.push({ property: next[j++], versions: [version] });
			}
		}
		merged = out;
	}
	return merged.map(({ property, versions }) => (versions.length === NODE_VERSIONS.length ? property : inVersions(property, versions)));
}

/** Every parameter of the action node: resource, operation per resource, then each operation's fields (internal operations left out). */
export function actionProperties(operations: ReadonlyArray<OperationDefinition> = OPERATIONS): INodeProperties[] {
	const byResource = new Map<NodeResource, OperationDefinition[]>();
	// Internal operations are the trigger's and the relay's plumbing, never actions.
	for (const operation of operations.filter((candidate) => !candidate.internal)) {
		const clash = operation.fields.find((field) => (RESERVED_PARAMETERS as readonly string[]).includes(field.key));
		if (clash) throw new Error(`Operation ${operation.id}: field key "${clash.key}" is reserved by the n8n node; rename it in the core.`);
		// One "binaryPropertyName" per operation: its required input file, or its output file.
		const binaryUses = operation.fields.filter((field) => field.type === 'file' && (field.required || field.advanced)).length + (fileOutputKey(operation) ? 1 : 0);
		if (binaryUses > 1 || operation.fields.some((field) => field.type === 'file' && field.advanced)) {
			throw new Error(`Operation ${operation.id}: the n8n node offers one required file (or one file output) per operation, never under Options.`);
		}
		const resource = NODE_RESOURCE_OF[operation.resource];
		byResource.set(resource, [...(byResource.get(resource) ?? []), operation]);
	}
	const resources = NODE_RESOURCES.filter((resource) => byResource.has(resource.value));
	const defaultResource = resources.some((resource) => resource.value === 'phoneNumber') ? 'phoneNumber' : resources[0].value;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value, description }) => ({ name, value, description })),
			default: defaultResource,
		},
	];
	for (const resource of resources) properties.push(operationSelector(resource.value, byResource.get(resource.value) ?? []));
	for (const resource of resources) {
		for (const operation of byResource.get(resource.value) ?? []) properties.push(...operationProperties(resource.value, operation));
	}
	return properties;
}
