/** The action node's description is generated from the core's declarations: every operation, every field. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { binaryParameter } from '../../../../nodes/WhatsAppNumbers/actions/binary';
import { actionProperties } from '../../../../nodes/WhatsAppNumbers/actions/properties';
import { inVersion, NODE_VERSIONS } from '../../../../nodes/WhatsAppNumbers/actions/versions';
import { WhatsAppNumbers } from '../../../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { defineOperation, OPERATIONS } from '../../../../shared';
import { executeNode } from '../../support/engine';
import { GRAPH_CREDENTIALS } from '../../support/fixtures';

const node = new WhatsAppNumbers();
const properties = node.description.properties;
/** What the node offers: every core operation except the internal ones. */
const OFFERED = OPERATIONS.filter((operation) => !operation.internal);

const operationOptions = (resource: string) =>
	(properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource))?.options ?? []) as INodePropertyOptions[];

/** The parameter of an operation with this name, as a node of `version` shows it (parameters without @version show in all). */
function propertyFor(operationId: string, name: string, version = 1): INodeProperties | undefined {
	return properties.find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.operation?.includes(operationId) &&
			(property.displayOptions?.show?.['@version'] === undefined || property.displayOptions.show['@version'].includes(version)),
	);
}

function optionsCollection(operationId: string, version = 1): INodeProperties[] {
	return (propertyFor(operationId, 'options', version)?.options ?? []) as INodeProperties[];
}

const RESOURCES = ['phoneNumber', 'message', 'settings', 'webhook', 'template', 'media', 'businessProfile'];

describe('WhatsApp Business Numbers node description', () => {
	it('identifies the node as the issue asks', () => {
		expect(node.description).toMatchObject({
			name: 'whatsAppNumbers',
			displayName: 'WhatsApp Business Numbers',
			usableAsTool: true,
			icon: { light: 'file:whatsAppNumbers.svg', dark: 'file:whatsAppNumbers.dark.svg' },
			credentials: [{ name: 'whatsAppNumbersApi', required: true }],
		});
		expect(node.methods.listSearch.searchPhoneNumbers).toBeInstanceOf(Function);
	});

	it('offers the resources Business Profile, Media, Message, Phone Number, Settings, Template and Webhook', () => {
		const resource = properties.find((property) => property.name === 'resource');
		expect((resource?.options as INodePropertyOptions[]).map((option) => [option.name, option.value])).toEqual([
			['Business Profile', 'businessProfile'],
			['Media', 'media'],
			['Message', 'message'],
			['Phone Number', 'phoneNumber'],
			['Settings', 'settings'],
			['Template', 'template'],
			['Webhook', 'webhook'],
		]);
	});

	it('has every core operation that is not internal, with the core id as value and its title, action and description', () => {
		const nodeResource: Record<string, string> = {
			phoneNumber: 'phoneNumber',
			message: 'message',
			settings: 'settings',
			username: 'settings',
			webhook: 'webhook',
			template: 'template',
			media: 'media',
			businessProfile: 'businessProfile',
		};
		for (const operation of OFFERED) {
			const option = operationOptions(nodeResource[operation.resource]).find((candidate) => candidate.value === operation.id);
			expect(option).toBeDefined();
			expect(option?.name).toBe(operation.title);
			expect(option?.action).toBe(operation.action);
			expect(option?.description?.startsWith(operation.description)).toBe(true);
		}
		const total = RESOURCES.reduce((sum, resource) => sum + operationOptions(resource).length, 0);
		expect(total).toBe(OFFERED.length);
	});

	it('never offers an internal operation (app-token plumbing of the trigger and the relay), and refuses to run one', async () => {
		const internal = OPERATIONS.filter((operation) => operation.internal).map((operation) => operation.id);
		expect(internal).toEqual(['getAppSubscription', 'setAppSubscription', 'deleteAppSubscription', 'addAppToBusinessAccount']);
		const offered = RESOURCES.flatMap((resource) => operationOptions(resource).map((option) => option.value));
		expect(offered).toEqual(expect.arrayContaining(['getWebhookConfiguration', 'setWebhookOverride', 'clearWebhookOverride']));
		for (const id of internal) expect(offered).not.toContain(id);
		// n8n runs a value the Operation list does not offer (as an old or hand-edited workflow has it); the node refuses it.
		const run = await executeNode({ node: 'whatsAppNumbers', parameters: { resource: 'webhook', operation: 'setAppSubscription' }, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });
		expect(run.items).toEqual([]);
		expect(run.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'The operation "setAppSubscription" is not available in this version of the node.',
			description: 'Pick another operation, or update the package.',
		});
	});

	it('gives every field of every operation a parameter in the versions that have it, advanced ones under Options', () => {
		for (const version of NODE_VERSIONS) {
			for (const operation of OFFERED) {
				const fields = operation.fields.filter((field) => inVersion(operation.id, field.key, version));
				const locator = fields.find((field) => field.source === 'templates');
				for (const field of fields) {
					// The template name is the locator's By Name mode.
					if (locator && field.key === 'templateName') {
						expect(propertyFor(operation.id, locator.key, version)?.modes?.map((mode) => mode.name)).toContain('name');
						continue;
					}
					// A file is the name of a binary field of the input item (actions/binary.ts).
					const name = field.type === 'file' ? binaryParameter(field).name : field.key;
					const property = field.advanced ? optionsCollection(operation.id, version).find((candidate) => candidate.name === name) : propertyFor(operation.id, name, version);
					expect({ version, operation: operation.id, field: field.key, found: !!property }).toEqual({ version, operation: operation.id, field: field.key, found: true });
					expect(property?.displayName).toBe(field.type === 'file' ? binaryParameter(field).displayName : field.label);
					const ownWords = field.source === 'templates' || field.source === 'templateParameters' || (locator && field.key === 'templateLanguage');
					if (!ownWords) expect(property?.description).toBe(field.help);
					// To may be left empty for a business-scoped user ID; rows are checked by the core.
					const standIn = field.supersededBy !== undefined && fields.some((candidate) => candidate.key === field.supersededBy);
					if (field.required && !field.advanced && !ownWords && !standIn && field.type !== 'rows') expect(property?.required).toBe(true);
					if (field.type === 'rows') expect(property?.type).toBe('fixedCollection');
					if (field.secret) expect(property?.typeOptions?.password).toBe(true);
					if (field.source === 'phoneNumbers' || field.source === 'templates') expect(property?.type).toBe('resourceLocator');
					if (field.source === 'templateParameters') expect(property?.type).toBe('resourceMapper');
				}
			}
		}
	});

	it('uses one n8n type per parameter name across operations', () => {
		const typeByName = new Map<string, Set<string>>();
		for (const property of properties) typeByName.set(property.name, new Set([...(typeByName.get(property.name) ?? []), property.type]));
		const mixed = [...typeByName].filter(([, types]) => types.size > 1).map(([name, types]) => `${name}: ${[...types].join('/')}`);
		expect(mixed).toEqual([]);
	});

	it('is versioned: version 1 keeps Send Message as it was, version 2 picks the template and maps its parameters, version 3 (the default) streams', () => {
		expect(node.description).toMatchObject({ version: [1, 2, 3], defaultVersion: 3 });
		// Version 3 adds the summary option; the first two do not show it.
		expect(optionsCollection('sendMessage', 3).find((property) => property.name === 'summaryItem')).toMatchObject({ type: 'boolean', default: false });
		expect(optionsCollection('sendMessage', 2).map((property) => property.name)).not.toContain('summaryItem');
		// Version 1: the template by name, parameters by position, header fields; no check option.
		expect(['templateName', 'templateLanguage', 'templateParameters', 'templateHeaderType'].map((name) => propertyFor('sendMessage', name, 1)?.type)).toEqual(['string', 'string', 'string', 'options']);
		expect(['templateId', 'templateValues'].map((name) => propertyFor('sendMessage', name, 1))).toEqual([undefined, undefined]);
		expect(optionsCollection('sendMessage', 1).map((property) => property.name)).not.toContain('templateCheck');
		// Version 2: a locator, the language for By Name, a resource mapper, and the check under Options.
		expect(['templateName', 'templateParameters', 'templateHeaderType', 'templateHeaderValue'].map((name) => propertyFor('sendMessage', name, 2))).toEqual([undefined, undefined, undefined, undefined]);
		const locator = propertyFor('sendMessage', 'templateId', 2);
		expect(locator).toMatchObject({ type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
		expect(locator?.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([['list', 'searchApprovedTemplates'], ['name', undefined], ['id', undefined]]);
		expect(propertyFor('sendMessage', 'templateLanguage', 2)).toMatchObject({ type: 'string', default: '' });
		expect(propertyFor('sendMessage', 'templateLanguage', 2)?.required).toBe(false);
		expect(propertyFor('sendMessage', 'templateValues', 2)).toMatchObject({
			type: 'resourceMapper',
			default: { mappingMode: 'defineBelow', value: null },
			typeOptions: { loadOptionsDependsOn: ['templateId.value', 'templateLanguage'], resourceMapper: { resourceMapperMethod: 'getTemplateParameters', mode: 'add' } },
		});
		expect(optionsCollection('sendMessage', 2).find((property) => property.name === 'templateCheck')).toMatchObject({ type: 'boolean', default: true });
		// The other parameters are the same in both versions: listed once, without a version condition.
		expect(properties.filter((property) => property.name === 'to' && property.displayOptions?.show?.operation?.includes('sendMessage'))).toHaveLength(1);
		expect(propertyFor('sendMessage', 'to')?.displayOptions?.show?.['@version']).toBeUndefined();
		// Looking a template up offers every template, sending only approved ones.
		expect(propertyFor('getTemplate', 'templateId')?.modes?.[0].typeOptions?.searchListMethod).toBe('searchTemplates');
		expect(node.methods.listSearch).toMatchObject({ searchApprovedTemplates: expect.any(Function), searchTemplates: expect.any(Function) });
		expect(node.methods.resourceMapping.getTemplateParameters).toBeInstanceOf(Function);
	});

	it('picks the phone number from the list, by ID or by display number', () => {
		const locator = propertyFor('registerPhoneNumber', 'phoneNumberId');
		expect(locator?.default).toEqual({ mode: 'list', value: '' });
		expect(locator?.modes?.map((mode) => mode.name)).toEqual(['list', 'id', 'displayNumber']);
		expect(locator?.modes?.[0].typeOptions).toEqual({ searchListMethod: 'searchPhoneNumbers', searchable: true });
	});

	it('shows a field only under its controlling choice, transitively', () => {
		expect(propertyFor('sendMessage', 'templateName')?.displayOptions?.show).toEqual({ resource: ['message'], operation: ['sendMessage'], messageType: ['template'], '@version': [1] });
		expect(propertyFor('sendMessage', 'templateHeaderValue')?.displayOptions?.show).toEqual({
			resource: ['message'],
			operation: ['sendMessage'],
			templateHeaderType: ['text', 'image', 'video', 'document'],
			messageType: ['template'],
			'@version': [1],
		});
		const preview = optionsCollection('sendMessage').find((property) => property.name === 'previewUrl');
		expect(preview?.displayOptions?.show).toEqual({ '/messageType': ['text'] });
	});

	it('offers the batch pacing as options of Send Message, as the core declares them', () => {
		const rate = optionsCollection('sendMessage').find((property) => property.name === 'ratePerSecond');
		expect(rate).toMatchObject({ displayName: 'Rate Limit (Messages per Second)', type: 'number', default: 80, typeOptions: { minValue: 1, maxValue: 1000 } });
		expect(optionsCollection('sendMessage').map((property) => property.name)).toEqual(expect.arrayContaining(['concurrency', 'recipientSpacingMs']));
	});

	it('explains where the identity hash to store comes from', () => {
		const notice = propertyFor('sendMessage', 'identityHashNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/WhatsApp Business Numbers Trigger/);
		expect(notice?.displayName).toMatch(/Identity Hash Seen/);
	});

	it('warns before the calls Meta counts', () => {
		for (const operation of OPERATIONS.filter((candidate) => candidate.metaLimited)) {
			expect(propertyFor(operation.id, 'limitedNotice')?.type).toBe('notice');
		}
	});

	it('picks up a new core operation without changes to the node', () => {
		const extra = defineOperation({
			id: 'getThing',
			resource: 'settings',
			title: 'Get Thing',
			action: 'Get a thing',
			description: 'Reads a thing.',
			kind: 'read',
			fields: [{ key: 'thingId', label: 'Thing', type: 'string', required: true, help: 'The thing.' }],
			sample: {},
			outputFields: [],
			run: async () => ({}),
		});
		const generated = actionProperties([...OPERATIONS, extra]);
		const settingsOperations = generated.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('settings'));
		expect((settingsOperations?.options as INodePropertyOptions[]).map((option) => option.value)).toContain('getThing');
		expect(generated.find((property) => property.name === 'thingId')?.displayOptions?.show).toEqual({ resource: ['settings'], operation: ['getThing'] });
	});

	it('refuses a core field whose key clashes with the node parameters', () => {
		const clash = defineOperation({
			id: 'clash',
			resource: 'settings',
			title: 'Clash',
			action: 'Clash',
			description: 'Clash.',
			kind: 'read',
			fields: [{ key: 'operation', label: 'Operation', type: 'string', required: true, help: 'x' }],
			sample: {},
			outputFields: [],
			run: async () => ({}),
		});
		expect(() => actionProperties([clash])).toThrow('Operation clash: field key "operation" is reserved by the n8n node; rename it in the core.');
	});
});
