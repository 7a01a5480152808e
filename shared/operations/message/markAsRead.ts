import { whatsAppMessageId } from '../../validation';
import { defineOperation } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';

export interface MarkAsReadInput {
	phoneNumberId: string;
	messageId: string;
	showTypingIndicator?: boolean;
}

export interface MarkAsReadOutput {
	success: boolean;
	phoneNumberId: string;
	messageId: string;
	typingIndicatorShown: boolean;
	/** When the indicator disappears at the latest (or earlier, when you reply), ISO 8601; null without one. */
	typingIndicatorUntil: string | null;
}

/** docs/meta-messaging.md §4 [doc]: the typing indicator shows for at most 25 seconds. */
export const TYPING_INDICATOR_MS = 25_000;

export { MESSAGE_ID_PREFIX } from '../../validation';

const incomingMessageId = (value: unknown, label: string): string =>
	whatsAppMessageId(value, label, 'Use the id of an incoming message from the trigger (it starts with wamid.).');

/**
 * `POST /<PHONE_NUMBER_ID>/messages` `{messaging_product, status: "read", message_id, typing_indicator?}`
 * → `{success: true}` (docs/meta-messaging.md §4). Not a message: nothing is paid or paced. Marking
 * read is idempotent (a read message stays read), so the call is retried like a read.
 */
export const markAsRead = defineOperation<MarkAsReadInput, MarkAsReadOutput>({
	id: 'markAsRead',
	resource: 'message',
	title: 'Mark Message as Read',
	action: 'Mark a received message as read',
	description: 'Marks a message a customer sent (and the ones before it) as read, so they see blue ticks; optionally shows a typing indicator while you prepare the reply.',
	kind: 'write',
	fields: [
		{ ...phoneNumberIdField, help: 'The business number that received the message (its phone number ID).' },
		{
			key: 'messageId',
			label: 'Message ID',
			type: 'string',
			required: true,
			help: 'The id of the incoming message (it starts with wamid.), from the trigger.',
			placeholder: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
			validate: (value, label) => incomingMessageId(value, label),
		},
		{
			key: 'showTypingIndicator',
			label: 'Show Typing Indicator',
			type: 'boolean',
			required: false,
			default: false,
			help: 'Shows "typing…" to the customer for up to 25 seconds, or until you reply. Turn it on only when a reply follows.',
		},
	],
	sample: {
		success: true,
		phoneNumberId: '106540352242922',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
		typingIndicatorShown: true,
		typingIndicatorUntil: '2026-11-21T12:00:25.000Z',
	},
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'messageId', label: 'Message ID', type: 'string' },
		{ key: 'typingIndicatorShown', label: 'Typing Indicator Shown', type: 'boolean' },
		{ key: 'typingIndicatorUntil', label: 'Typing Indicator Until', type: 'datetime' },
	],
	async run({ client }, input) {
		const typing = input.showTypingIndicator === true;
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/messages`,
			json: { messaging_product: 'whatsapp', status: 'read', message_id: input.messageId, ...(typing ? { typing_indicator: { type: 'text' } } : {}) },
			retry: 'read',
			operation: 'markAsRead',
		});
		return {
			success: response.success === true,
			phoneNumberId: input.phoneNumberId,
			messageId: input.messageId,
			typingIndicatorShown: typing && response.success === true,
			typingIndicatorUntil: typing && response.success === true ? new Date(client.runtime.now() + TYPING_INDICATOR_MS).toISOString() : null,
		};
	},
});
