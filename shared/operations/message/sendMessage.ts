import { camelKey, defineOperation, FieldDefinition, parseInput } from '../../operation';
import type { SendEdge } from '../../messaging/marketing';
import {
	CAPTION_MAX_CHARACTERS,
	MAX_REPLY_BUTTONS,
	BUTTON_TITLE_MAX_CHARACTERS,
	MESSAGE_FIELD_LABELS as LABELS,
	optionalIdentityKeyHash,
	recipientNumber,
	replyButtons,
	SendMessageInput,
	TEXT_MAX_CHARACTERS,
	CALLBACK_DATA_MAX_CHARACTERS,
} from '../../messaging/payload';
import { TemplateDefinitions } from '../../templates/definitions';
import { deliverMessage, prepareMessage } from './delivery';
import { phoneNumberIdField } from '../phoneNumber/model';
import {
	ACTION_FIELDS,
	CONTACTS_FIELD,
	INTERACTIVE_FRAME_FIELDS,
	LOCATION_FIELDS,
	MARKETING_FIELDS,
	MEDIA_FILE_FIELD,
	MEDIA_SOURCE_FIELD,
	MORE_MESSAGE_TYPES,
	REACTION_FIELDS,
	RECIPIENT_FIELD,
} from './messageFields';
import { TEMPLATE_ADVANCED_FIELDS, TEMPLATE_FIELDS } from './templateFields';

export type { SendMessageInput } from '../../messaging/payload';
export { deliverMessage, prepareMessage } from './delivery';
export type { PreparedMessage } from './delivery';

export interface SendMessageOutput {
	/** `wamid.…`: match it with the status webhooks (sent, delivered, read, failed). */
	messageId: string;
	/** The recipient's WhatsApp ID as Meta resolved it (may differ from `input`); null when sent to a business-scoped user ID. */
	waId: string | null;
	/** The number (or user ID) as Meta read it from the request. */
	input: string | null;
	/** Which recipient the message went to: the phone number (To) or the business-scoped user ID. */
	sentTo: 'phone_number' | 'user_id';
	/** The business-scoped user ID Meta answered for a send to one (docs/meta-bsuid.md §4). */
	userId: string | null;
	/** `accepted`, `held_for_quality_assessment` or `paused`; only templates under pacing carry it (docs/meta-api.md §2). */
	messageStatus: string | null;
	/** True when a hash was sent: Meta accepted it for checking. A mismatch arrives later as a failed status (137000). */
	identityHashChecked: boolean;
	/** The hash that was sent, or null. The hash to store comes from the status or inbound webhook. */
	recipientIdentityKeyHash: string | null;
	phoneNumberId: string;
	/** The recipient as sent to Meta: `+` and digits; null when sent to a business-scoped user ID. */
	to: string | null;
	/** The media ID of the file uploaded for this message (sent from a file), else null. */
	uploadedMediaId: string | null;
	/** `messages` (the Cloud API) or `marketing_messages` (the Marketing Messages API, docs/meta-messaging.md §5). */
	sentVia: SendEdge;
}

const messageTypeField: FieldDefinition = {
	key: 'messageType',
	label: LABELS.messageType,
	type: 'options',
	required: true,
	default: 'text',
	help: 'Free text and media can only be sent within 24 hours of the person\'s last message; outside that window send an approved template.',
	options: [
		{ value: 'text', label: 'Text', description: 'A text message (within the 24-hour window)' },
		{ value: 'template', label: 'Template', description: 'An approved template, with its parameters' },
		{ value: 'image', label: 'Image', description: 'An image by link, media ID or file, with a caption' },
		{ value: 'document', label: 'Document', description: 'A PDF or other file by link, media ID or file' },
		{ value: 'video', label: 'Video', description: 'A video by link, media ID or file, with a caption' },
		{ value: 'audio', label: 'Audio', description: 'An audio file by link, media ID or file' },
		{ value: 'buttons', label: 'Reply Buttons', description: 'Text with up to 3 reply buttons' },
		...MORE_MESSAGE_TYPES,
	],
};

/**
 * The fields of one message. `sendMessages` reads each item of its batch with the same fields, so a
 * batch item and a single send are checked identically.
 */
export const SEND_MESSAGE_FIELDS: FieldDefinition[] = [
	{ ...phoneNumberIdField, help: 'The business number that sends the message (its phone number ID): pick it from the list, or find it in WhatsApp Manager → Phone numbers.' },
	{
		key: 'to',
		label: LABELS.to,
		type: 'string',
		required: true,
		help: 'The recipient\'s phone number in international format with the country code, e.g. +1 631 555 5555. Spaces, dashes and brackets are fine; it is sent as + and digits.',
		placeholder: '+16315555555',
		supersededBy: RECIPIENT_FIELD.key,
		validate: (value, label) => recipientNumber(value, label),
	},
	RECIPIENT_FIELD,
	messageTypeField,
	{
		key: 'text',
		label: LABELS.text,
		type: 'text',
		required: true,
		showWhen: { field: 'messageType', values: ['text', 'buttons', 'list', 'ctaUrl', 'locationRequest'] },
		help: `The message text (up to ${TEXT_MAX_CHARACTERS} characters; above reply buttons, a link button or a location request, up to 1024). WhatsApp formatting such as *bold* works.`,
		placeholder: 'Your order has shipped!',
	},
	...TEMPLATE_FIELDS,
	MEDIA_SOURCE_FIELD,
	{
		key: 'mediaUrl',
		label: LABELS.mediaUrl,
		type: 'string',
		required: true,
		showWhen: { field: 'mediaSource', values: ['url'] },
		help: 'A public https link to the file, or the ID of media uploaded to WhatsApp (digits only). WhatsApp caches a link for 10 minutes; add ?v=2 to force a new fetch.',
		placeholder: 'https://example.com/invoice.pdf',
	},
	MEDIA_FILE_FIELD,
	{
		key: 'caption',
		label: LABELS.caption,
		type: 'text',
		required: false,
		showWhen: { field: 'messageType', values: ['image', 'document', 'video'] },
		help: `Optional text shown with the image, video or document (up to ${CAPTION_MAX_CHARACTERS} characters).`,
	},
	{
		key: 'filename',
		label: LABELS.filename,
		type: 'string',
		required: false,
		showWhen: { field: 'messageType', values: ['document'] },
		help: 'Optional name the recipient sees for the document, e.g. invoice-1234.pdf.',
		placeholder: 'invoice-1234.pdf',
	},
	{
		key: 'buttons',
		label: LABELS.buttons,
		type: 'text',
		list: true,
		required: true,
		showWhen: { field: 'messageType', values: ['buttons'] },
		help: `Up to ${MAX_REPLY_BUTTONS} reply buttons, one per line as "id|Title" or just "Title" (the id is then the title). Titles up to ${BUTTON_TITLE_MAX_CHARACTERS} characters. The id of the tapped button comes back in the reply webhook.`,
		placeholder: 'yes|Yes, please\nno|No, thanks',
		validate: (value, label) => replyButtons(value, label),
	},
	...ACTION_FIELDS,
	...INTERACTIVE_FRAME_FIELDS,
	...LOCATION_FIELDS,
	CONTACTS_FIELD,
	...REACTION_FIELDS,
	{
		key: 'recipientIdentityKeyHash',
		label: LABELS.recipientIdentityKeyHash,
		type: 'string',
		required: false,
		help: 'Optional identity check: the hash you stored from this person\'s last status or inbound webhook. If their WhatsApp identity changed (for example the number has a new owner), the message is not delivered and a failed status with code 137000 arrives later. Needs the identity check turned on for the number.',
		placeholder: 'DF2lS5v2W6x=',
		validate: (value, label) => optionalIdentityKeyHash(value, label),
	},
	{
		key: 'previewUrl',
		label: LABELS.previewUrl,
		type: 'boolean',
		required: false,
		default: false,
		advanced: true,
		showWhen: { field: 'messageType', values: ['text'] },
		help: 'Show a preview of the first link in the text.',
	},
	{
		key: 'replyToMessageId',
		label: LABELS.replyToMessageId,
		type: 'string',
		required: false,
		advanced: true,
		help: 'Optional: the message ID (wamid.…) of a message from this person to quote in the reply.',
		placeholder: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
	},
	{
		key: 'bizOpaqueCallbackData',
		label: LABELS.bizOpaqueCallbackData,
		type: 'string',
		required: false,
		advanced: true,
		help: `Optional text (up to ${CALLBACK_DATA_MAX_CHARACTERS} characters), e.g. a campaign or order ID, returned in every status webhook of this message.`,
		placeholder: 'campaign-2026-spring',
	},
	...TEMPLATE_ADVANCED_FIELDS,
	...MARKETING_FIELDS,
];

export const SEND_MESSAGE_SAMPLE: SendMessageOutput = {
	messageId: 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
	waId: '16315555555',
	input: '+16315555555',
	messageStatus: null,
	identityHashChecked: true,
	recipientIdentityKeyHash: 'DF2lS5v2W6x=',
	sentTo: 'phone_number',
	userId: null,
	phoneNumberId: '106540352242922',
	to: '+16315555555',
	uploadedMediaId: null,
	sentVia: 'messages',
};

/**
 * Reads and checks one message input (camelCase or Zapier snake_case keys). Throws an input error
 * naming the field; no request is involved.
 */
export function readMessage(raw: Record<string, unknown>): SendMessageInput {
	const named: Record<string, unknown> = { ...raw };
	for (const [key, value] of Object.entries(raw)) {
		const camel = camelKey(key);
		if (camel !== key && named[camel] === undefined) named[camel] = value;
	}
	return parseInput<SendMessageInput>(sendMessage, named);
}

/**
 * `POST /<PHONE_NUMBER_ID>/messages` (docs/meta-api.md §2), with the optional identity check (§1.10).
 */
export const sendMessage = defineOperation<SendMessageInput, SendMessageOutput>({
	id: 'sendMessage',
	resource: 'message',
	title: 'Send Message',
	action: 'Send a message',
	description:
		'Sends a text, template, image, document, video, audio, sticker, reply-button, list, link-button, location, location-request, contact or reaction message, to a phone number or a business-scoped user ID; media can come from a file of an earlier step (uploaded first). With a Recipient Identity Key Hash, WhatsApp only delivers it if the person\'s identity has not changed; a mismatch is reported later by the status webhook (code 137000, delivered by the trigger or the relay), not by this step. Store the hash that arrives in the status or inbound webhook, not the one sent here. The result means Meta accepted the message, not that it was delivered.',
	kind: 'write',
	fields: SEND_MESSAGE_FIELDS,
	sample: SEND_MESSAGE_SAMPLE,
	outputFields: [
		{ key: 'messageId', label: 'Message ID', type: 'string' },
		{ key: 'waId', label: 'WhatsApp ID', type: 'string' },
		{ key: 'input', label: 'Number as Read by Meta', type: 'string' },
		{ key: 'messageStatus', label: 'Message Status', type: 'string' },
		{ key: 'identityHashChecked', label: 'Identity Hash Checked', type: 'boolean' },
		{ key: 'recipientIdentityKeyHash', label: 'Identity Hash Sent', type: 'string' },
		{ key: 'phoneNumberId', label: 'Sender Phone Number ID', type: 'string' },
		{ key: 'to', label: 'To', type: 'string' },
		{ key: 'sentTo', label: 'Sent To (Phone Number or User ID)', type: 'string' },
		{ key: 'userId', label: 'Business-Scoped User ID', type: 'string' },
		{ key: 'uploadedMediaId', label: 'Uploaded Media ID', type: 'string' },
		{ key: 'sentVia', label: 'Sent Via', type: 'string' },
	],
	async run({ client }, input) {
		return deliverMessage(client, await prepareMessage(input, new TemplateDefinitions(client, 'sendMessage')));
	},
});
