/**
 * How the core's resources appear in the node. The core's `settings` and `username` share the
 * node's "Settings" resource; the Record type makes a new core resource a compile error here.
 */
import { STREAMED_DEFAULT_CONCURRENCY, type FieldDefinition, type OperationInput, type PACING_FIELDS, type Resource } from '../../../shared';
import type { NodeVersion } from './versions';

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
	pacingFields: ReadonlyArray<(typeof PACING_FIELDS)[number]>;
	/** Set when the run stops at the first failure: then a batch with an invalid item sends nothing. */
	allOrNothingField: keyof OperationInput<'sendMessages'>;
	/** From this node version on, items are read while they are sent (actions/batch.ts). */
	streamingSince: NodeVersion;
	/** What the pacing fields say from `streamingSince` on, where an empty rate means the number's own. */
	streamingHelp: Partial<Record<(typeof PACING_FIELDS)[number], string>>;
	/** Defaults that differ from `streamingSince` on (shown in the field, used when it is left out). */
	streamingDefaults: Partial<Record<(typeof PACING_FIELDS)[number], number>>;
	/** Options of the node itself (not of the core's operation), offered with the pacing fields. */
	nodeFields: readonly FieldDefinition[];
}

/** The option that adds a summary of a bulk send to the output (node version 3). */
export const SUMMARY_ITEM_FIELD: FieldDefinition = {
	key: 'summaryItem',
	label: 'Add Summary Item',
	type: 'boolean',
	required: false,
	default: false,
	advanced: true,
	help: 'Adds one item after the results with the totals of the run: sent, failed by kind of failure, messages Meta first refused for throughput that then went through, and the pace each number sent at. Each message keeps its own item.',
};

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
		streamingSince: 3,
		streamingHelp: {
			ratePerSecond:
				"The most messages per second each sending number may send. Leave it out to send at the number's own throughput, which the step reads from Meta: 80 per second by default, 1,000 after Meta's automatic upgrade, 20 for numbers shared with the WhatsApp Business app. Either way the step slows down by itself when Meta answers that the number is sending too fast, and sends those messages again.",
			concurrency: `How many messages may be on their way to Meta at once (default ${STREAMED_DEFAULT_CONCURRENCY}, enough for 1,000 per second while Meta's answers take up to 400 ms). The step keeps fewer under way when the number's pace needs fewer.`,
		},
		// A busy n8n sees Meta's answers later than 200 ms, so 200 in flight would cap the pace.
		streamingDefaults: { concurrency: STREAMED_DEFAULT_CONCURRENCY },
		nodeFields: [SUMMARY_ITEM_FIELD],
	},
};
