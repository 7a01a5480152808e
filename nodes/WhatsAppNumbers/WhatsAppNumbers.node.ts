import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { actionProperties } from './actions/properties';
import { route } from './actions/router';
import { DEFAULT_NODE_VERSION, NODE_VERSIONS } from './actions/versions';
import { searchPhoneNumbers } from './methods/listSearch';
import { getTemplateParameters, searchApprovedTemplates, searchTemplates } from './methods/templates';
import { GRAPH_CREDENTIAL } from './transport';

/**
 * WhatsApp Business Numbers: every operation of the core (phone numbers, settings, usernames,
 * webhook overrides, messages, templates), described and run from the core's declarations.
 * Version 2 picks templates from a list and maps their parameters by name (actions/versions.ts).
 */
export class WhatsAppNumbers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Numbers',
		name: 'whatsAppNumbers',
		icon: { light: 'file:whatsAppNumbers.svg', dark: 'file:whatsAppNumbers.dark.svg' },
		group: ['output'],
		version: [...NODE_VERSIONS],
		defaultVersion: DEFAULT_NODE_VERSION,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Onboard WhatsApp Business phone numbers, keep them healthy and send identity-checked messages',
		defaults: { name: 'WhatsApp Business Numbers' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: GRAPH_CREDENTIAL, required: true }],
		properties: actionProperties(),
	};

	methods = {
		listSearch: { searchPhoneNumbers, searchApprovedTemplates, searchTemplates },
		resourceMapping: { getTemplateParameters },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
