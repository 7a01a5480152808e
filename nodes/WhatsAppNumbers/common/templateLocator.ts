/**
 * How the node offers a template wherever the core declares `source: 'templates'`: a resource
 * locator (from the account's list, where each entry is one language of a template; by name, with
 * the language beside it; or by ID), and its values as a resource mapper with one
 * field per placeholder (`source: 'templateParameters'`), so a column such as `first_name` is
 * mapped by name instead of by position.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const TEMPLATE_MODES = { list: 'list', id: 'id', name: 'name' } as const;

/** Names of the methods the node registers for templates. */
export const TEMPLATE_METHODS = {
	searchApproved: 'searchApprovedTemplates',
	searchAll: 'searchTemplates',
	parameters: 'getTemplateParameters',
} as const;

/** The core fields a template locator stands for (its By Name mode fills the name). */
export const TEMPLATE_NAME_KEY = 'templateName';
export const TEMPLATE_LANGUAGE_KEY = 'templateLanguage';

type Base = Omit<INodeProperties, 'type' | 'default' | 'modes'>;

/** `approvedOnly`: for sending, the list offers only templates that can be sent. */
export function templateLocator(base: Base, approvedOnly: boolean): INodeProperties {
	return {
		...base,
		description: `${approvedOnly ? 'The approved template to send' : 'The template'}: from the account's list, by name (with the language below), or by ID from WhatsApp Manager → Message templates.`,
		required: true,
		type: 'resourceLocator',
		default: { mode: TEMPLATE_MODES.list, value: '' },
		modes: [
			{
				displayName: 'From List',
				name: TEMPLATE_MODES.list,
				type: 'list',
				placeholder: 'Select a template...',
				typeOptions: { searchListMethod: approvedOnly ? TEMPLATE_METHODS.searchApproved : TEMPLATE_METHODS.searchAll, searchable: true },
			},
			{
				displayName: 'By Name',
				name: TEMPLATE_MODES.name,
				type: 'string',
				placeholder: 'order_update',
				hint: 'The name exactly as in WhatsApp Manager; pick the language below',
				validation: [{ type: 'regex', properties: { regex: '^\\s*[a-z0-9_]{1,512}\\s*$', errorMessage: 'Template names use lowercase letters, digits and underscores, e.g. order_update' } }],
			},
			{
				displayName: 'By ID',
				name: TEMPLATE_MODES.id,
				type: 'string',
				placeholder: '1387372356726668',
				hint: 'The template ID from WhatsApp Manager → Message templates',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d{1,25}\\s*$', errorMessage: 'A template ID has only digits, e.g. 1387372356726668' } }],
			},
		],
	};
}

/** The language beside the locator: only needed by name (a template from the list or by ID has its own). */
export function templateLanguageByName(base: Base): INodeProperties {
	return {
		...base,
		description: 'Only when the template is given by name: the language code of the translation to send, e.g. en_US (en and en_US are different). A template from the list or by ID has its own language.',
		required: false,
		type: 'string',
		default: '',
	};
}

/** One field per placeholder of the chosen template, mapped by name (or from the input fields of the same name). */
export function templateParametersMapper(base: Base, locatorName: string): INodeProperties {
	return {
		...base,
		description:
			'The values of the template\'s placeholders, one field each (first_name, body_1, header_image, button_1…). Map them from your data, or let fields of the same name fill them. Every message is checked against the template before sending.',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		typeOptions: {
			loadOptionsDependsOn: [`${locatorName}.value`, TEMPLATE_LANGUAGE_KEY],
			resourceMapper: {
				resourceMapperMethod: TEMPLATE_METHODS.parameters,
				mode: 'add',
				valuesLabel: 'Template Parameters',
				fieldWords: { singular: 'parameter', plural: 'parameters' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'This template takes no parameters, or none is chosen yet.',
			},
		},
	};
}

interface LocatorValue {
	mode?: string;
	value?: unknown;
}

const isLocator = (value: unknown): value is LocatorValue => typeof value === 'object' && value !== null && 'mode' in value && 'value' in value;

/** The core input a locator value stands for: `{templateId}` (list, by ID) or `{templateName}` (by name). */
export function templateReference(value: unknown): { templateId?: string; templateName?: string } {
	if (!isLocator(value)) return typeof value === 'string' && value.trim() !== '' ? { templateId: value.trim() } : {};
	const raw = typeof value.value === 'string' ? value.value.trim() : value.value;
	if (raw === undefined || raw === null || raw === '') return {};
	return value.mode === TEMPLATE_MODES.name ? { templateName: String(raw) } : { templateId: String(raw) };
}

/** A resource mapper value as the core's values by key: the mapped ones, or the item's fields of the same name. */
export function templateValuesFrom(mapper: unknown, item: IDataObject): Record<string, unknown> | undefined {
	if (typeof mapper !== 'object' || mapper === null) return undefined;
	const { mappingMode, value, schema } = mapper as { mappingMode?: string; value?: IDataObject | null; schema?: Array<{ id: string; removed?: boolean }> };
	if (mappingMode === 'autoMapInputData') {
		const keys = (schema ?? []).filter((field) => !field.removed).map((field) => field.id);
		return Object.fromEntries(keys.filter((key) => item[key] !== undefined).map((key) => [key, item[key]]));
	}
	if (!value) return undefined;
	return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null && inner !== undefined && inner !== ''));
}
