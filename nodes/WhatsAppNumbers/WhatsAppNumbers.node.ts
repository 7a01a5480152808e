import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { actionProperties } from './actions/properties';
import { route } from './actions/router';
import { searchPhoneNumbers } from './methods/listSearch';
import { GRAPH_CREDENTIAL } from './transport';

/**
 * WhatsApp Business Numbers: every operation of the core (phone numbers, settings, usernames,
 * webhook overrides, messages), described and run from the core's declarations.
 */
export class WhatsAppNumbers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Numbers',
		name: 'whatsAppNumbers',
		icon: { light: 'file:whatsAppNumbers.svg', dark: 'file:whatsAppNumbers.dark.svg' },
		group: ['output'],
		version: 1,
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
		listSearch: { searchPhoneNumbers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
