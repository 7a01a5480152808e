/**
 * How the core's resources appear in the node. The core's `settings` and `username` share the
 * node's "Settings" resource; the Record type makes a new core resource a compile error here.
 */
import type { OperationInput, Resource } from '../../../shared';

export type NodeResource = 'phoneNumber' | 'message' | 'settings' | 'webhook' | 'template' | 'media' | 'businessProfile';

export const NODE_RESOURCE_OF: Readonly<Record<Resource, NodeResource>> = {
	phoneNumber: 'phoneNumber',
	message: 'message',
	settings: 'settings',
	username: 'settings',
	webhook: 'webhook',
	media: 'media',
	businessProfile: 'businessProfile',
	template: 'template',
};

export const NODE_RESOURCES: ReadonlyArray<{ value: NodeResource; name: string; description: string }> = [
	{ value: 'businessProfile', name: 'Business Profile', description: 'Read and change the profile customers see for a number' },
	{ value: 'media', name: 'Media', description: 'Upload, download and delete media files' },
	{ value: 'message', name: 'Message', description: 'Send messages, optionally with the identity check, and mark received ones as read' },
	{ value: 'phoneNumber', name: 'Phone Number', description: 'Add, verify, register and check business phone numbers' },
	{ value: 'settings', name: 'Settings', description: 'Identity change check and business username of a number' },
	{ value: 'template', name: 'Template', description: 'List, look up, create and delete message templates' },
	{ value: 'webhook', name: 'Webhook', description: 'Send the webhooks of a number or account to your own URL' },
];

/** The core's batch send: its id, the field holding the items, and its pacing fields. */
export interface BatchConfig {
	operation: 'sendMessages';
	itemsField: keyof OperationInput<'sendMessages'>;
	pacingFields: ReadonlyArray<keyof OperationInput<'sendMessages'>>;
	/** Set when the run stops at the first failure: then a batch with an invalid item sends nothing. */
	allOrNothingField: keyof OperationInput<'sendMessages'>;
}

/**
 * Operations that n8n runs once for all input items through a batch operation of the core (pacing
 * per sender and recipient), with the batch operation's pacing fields offered as node options.
 */
export const BATCH_OPERATIONS: Readonly<Record<string, BatchConfig>> = {
	sendMessage: {
		operation: 'sendMessages',
		itemsField: 'messages',
		pacingFields: ['ratePerSecond', 'concurrency', 'recipientSpacingMs'],
		allOrNothingField: 'sendOnlyIfAllValid',
	},
};
