/**
 * Builds the body of `POST /<PHONE_NUMBER_ID>/messages` (docs/meta-api.md §2) from a marketer's input,
 * and reads Meta's answer. Pure: no I/O, no clock, so it is reused by the single send, the batch
 * and the shells, and tested on its own. The input, Meta's limits and the field labels are in
 * input.ts, the checks of single values in values.ts, each kind of content in its own module.
 */
import { inputError } from '../errors';
import { ctaUrlObject, InteractiveTexts, listObject, locationRequestObject, replyButtonsObject } from './interactive';
import {
	BUTTONS_BODY_MAX_CHARACTERS,
	CALLBACK_DATA_MAX_CHARACTERS,
	CAPTION_MAX_CHARACTERS,
	CAPTIONED_MESSAGE_TYPES,
	MediaMessageType,
	MESSAGE_FIELD_LABELS,
	MESSAGE_TYPES,
	MessagePayload,
	MessageType,
	SendMessageInput,
	TEXT_MAX_CHARACTERS,
} from './input';
import { checkedMessageFile, MessageFile } from './mediaFile';
import { businessScopedUserId } from './recipient';
import { contactCards, locationObject, reactionObject } from './richContent';
import { limitedText } from './text';
import { mediaReference, optionalIdentityKeyHash, recipientNumber, templateLanguage, templateName, templateParameter } from './values';

export * from './input';
export * from './values';

function required<T>(value: T | undefined, key: keyof typeof MESSAGE_FIELD_LABELS, messageType: string, expected: string): T {
	if (value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) {
		throw inputError(MESSAGE_FIELD_LABELS[key], `is required for a ${messageType} message.`, expected);
	}
	return value;
}

function templateComponents(input: SendMessageInput): unknown[] | undefined {
	const label = MESSAGE_FIELD_LABELS.templateComponents;
	if (input.templateComponents !== undefined) {
		if (!Array.isArray(input.templateComponents) || input.templateComponents.some((item) => typeof item !== 'object' || item === null)) {
			throw inputError(label, 'must be a JSON array of component objects.', 'Use Meta\'s form, e.g. [{"type":"body","parameters":[{"type":"text","text":"12345"}]}], or leave it empty and use Template Parameters.');
		}
		return input.templateComponents;
	}
	const components: unknown[] = [];
	const headerType = input.templateHeaderType ?? 'none';
	if (headerType !== 'none') {
		const value = required(input.templateHeaderValue, 'templateHeaderValue', `template with a ${headerType} header`, headerType === 'text' ? 'Enter the text for the header placeholder.' : 'Enter a public https link or a media ID for the header.');
		const parameter =
			headerType === 'text'
				? { type: 'text', text: templateParameter(value, MESSAGE_FIELD_LABELS.templateHeaderValue, 1) }
				: { type: headerType, [headerType]: mediaReference(value, MESSAGE_FIELD_LABELS.templateHeaderValue) };
		components.push({ type: 'header', parameters: [parameter] });
	}
	const parameters = input.templateParameters ?? [];
	if (parameters.length > 0) {
		components.push({
			type: 'body',
			parameters: parameters.map((text, position) => ({ type: 'text', text: templateParameter(text, MESSAGE_FIELD_LABELS.templateParameters, position + 1) })),
		});
	}
	return components.length > 0 ? components : undefined;
}

/** How a message type is named in errors ("is required for a link button message"). */
const TYPE_NAMES: Readonly<Record<MessageType, string>> = {
	text: 'text',
	template: 'template',
	image: 'image',
	document: 'document',
	video: 'video',
	audio: 'audio',
	buttons: 'reply buttons',
	sticker: 'sticker',
	list: 'list',
	ctaUrl: 'link button',
	location: 'location',
	locationRequest: 'location request',
	contacts: 'contacts',
	reaction: 'reaction',
};

/** The `<type>` part of the body, Meta's `type` for it, and the file to upload first, if any. */
interface Content {
	type: string;
	object: unknown;
	file?: MessageFile;
}

function interactiveTexts(input: SendMessageInput, expected: string): InteractiveTexts {
	return {
		body: required(input.text, 'text', TYPE_NAMES[input.messageType], expected),
		bodyLabel: MESSAGE_FIELD_LABELS.text,
		headerText: input.headerText,
		headerLabel: MESSAGE_FIELD_LABELS.headerText,
		footerText: input.footerText,
		footerLabel: MESSAGE_FIELD_LABELS.footerText,
	};
}

/** An image, document, video, audio or sticker: by link or media ID, or from a file uploaded first. */
function mediaContent(input: SendMessageInput, type: MediaMessageType): Content {
	const name = TYPE_NAMES[type];
	const fromFile = input.mediaSource === 'file';
	const file = fromFile
		? checkedMessageFile(type, required(input.mediaFile, 'mediaFile', name, 'Give the file from an earlier step.'), MESSAGE_FIELD_LABELS.mediaFile, MESSAGE_FIELD_LABELS.messageType)
		: undefined;
	const media: Record<string, unknown> = file ? {} : { ...mediaReference(required(input.mediaUrl, 'mediaUrl', name, 'Enter a public https link to the file, or a media ID.')) };
	if (input.caption !== undefined && (CAPTIONED_MESSAGE_TYPES as readonly string[]).includes(type)) media.caption = limitedText(input.caption, MESSAGE_FIELD_LABELS.caption, CAPTION_MAX_CHARACTERS);
	// A document from a file keeps the file's name for the recipient unless another is given.
	const filename = input.filename !== undefined ? String(input.filename).trim() : file?.file.fileName?.trim() ? file.checked.fileName : undefined;
	if (filename && type === 'document') media.filename = filename;
	return { type, object: media, file };
}

function content(input: SendMessageInput, template: object | undefined): Content {
	const type = input.messageType;
	if (type === 'template' && template) return { type, object: { ...template } };
	const name = TYPE_NAMES[type];
	switch (type) {
		case 'text': {
			const body = limitedText(required(input.text, 'text', name, 'Enter the message text.'), MESSAGE_FIELD_LABELS.text, TEXT_MAX_CHARACTERS);
			return { type: 'text', object: { preview_url: input.previewUrl === true, body } };
		}
		case 'template': {
			const templateLabel = templateName(required(input.templateName, 'templateName', name, 'Enter the approved template name, e.g. order_confirmation.'));
			const code = templateLanguage(required(input.templateLanguage, 'templateLanguage', name, 'Enter the template language code, e.g. en_US.'));
			const components = templateComponents(input);
			return { type: 'template', object: { name: templateLabel, language: { code }, ...(components ? { components } : {}) } };
		}
		case 'image':
		case 'document':
		case 'video':
		case 'audio':
		case 'sticker':
			return mediaContent(input, type);
		case 'buttons': {
			const buttons = required(input.buttons, 'buttons', name, 'Enter up to 3 buttons, one per line, e.g. yes|Yes.');
			return { type: 'interactive', object: replyButtonsObject(interactiveTexts(input, 'Enter the text shown above the buttons.'), buttons, BUTTONS_BODY_MAX_CHARACTERS) };
		}
		case 'list': {
			const texts = interactiveTexts(input, 'Enter the text shown above the list button.');
			const button = required(input.buttonText, 'buttonText', name, 'Enter the text of the button that opens the list, e.g. See options.');
			const rows = required(input.listRows, 'listRows', name, 'Add the rows people can choose from.');
			return { type: 'interactive', object: listObject(texts, button, rows) };
		}
		case 'ctaUrl': {
			const texts = interactiveTexts(input, 'Enter the text shown above the button.');
			const button = required(input.buttonText, 'buttonText', name, 'Enter the text on the button, e.g. See dates.');
			const url = required(input.buttonUrl, 'buttonUrl', name, 'Enter the address the button opens, e.g. https://shop.example.com/sale.');
			return { type: 'interactive', object: ctaUrlObject(texts, button, url) };
		}
		case 'locationRequest':
			return { type: 'interactive', object: locationRequestObject(interactiveTexts(input, 'Enter the text asking for the location, e.g. Where should we pick you up?')) };
		case 'location': {
			const where = { latitude: input.latitude, longitude: input.longitude, name: input.locationName, address: input.locationAddress };
			required(input.latitude, 'latitude', name, 'Enter the latitude in decimal degrees, e.g. 37.4847.');
			required(input.longitude, 'longitude', name, 'Enter the longitude in decimal degrees, e.g. -122.1477.');
			return { type: 'location', object: locationObject(where, { latitude: MESSAGE_FIELD_LABELS.latitude, longitude: MESSAGE_FIELD_LABELS.longitude }) };
		}
		case 'contacts':
			return { type: 'contacts', object: contactCards(required(input.contacts, 'contacts', name, 'Add at least one contact.'), MESSAGE_FIELD_LABELS.contacts) };
		case 'reaction': {
			const messageId = required(input.reactionMessageId, 'reactionMessageId', name, 'Enter the ID of the message to react to (it starts with wamid.).');
			return { type: 'reaction', object: reactionObject(messageId, input.emoji, { messageId: MESSAGE_FIELD_LABELS.reactionMessageId, emoji: MESSAGE_FIELD_LABELS.emoji }) };
		}
		default: {
			const unknownType: never = type;
			throw inputError(MESSAGE_FIELD_LABELS.messageType, `"${String(unknownType)}" is not a message type.`, `Choose one of: ${MESSAGE_TYPES.join(', ')}.`);
		}
	}
}

/** Who the message goes to: the phone number when there is one (docs/meta-bsuid.md §4), else the BSUID. */
function recipientOf(input: SendMessageInput): { to: string } | { recipient: string } {
	if (input.to !== undefined) return { to: recipientNumber(input.to) };
	if (input.recipient !== undefined) return { recipient: businessScopedUserId(input.recipient, MESSAGE_FIELD_LABELS.recipient) };
	throw inputError(MESSAGE_FIELD_LABELS.to, 'is required.', `Enter the recipient's phone number with the country code, or their ${MESSAGE_FIELD_LABELS.recipient}.`);
}

/** A message body, and the file to upload before sending it (its media ID goes into `payload[type].id`). */
export interface BuiltMessage {
	payload: MessagePayload;
	file?: MessageFile;
}

/**
 * The exact JSON body for `POST /<PHONE_NUMBER_ID>/messages`. Throws an input error naming the
 * field when something the chosen type needs is missing or out of Meta's limits. `template`: the
 * `template` object already built and checked against the template's definition
 * (shared/templates/sendPayload.ts); without it a template is built from the fields as given.
 */
export function buildMessage(input: SendMessageInput, template?: object): BuiltMessage {
	const { type, object, file } = content(input, template);
	const payload: MessagePayload = { messaging_product: 'whatsapp', recipient_type: 'individual', ...recipientOf(input), type };
	if (input.recipientIdentityKeyHash !== undefined) payload.recipient_identity_key_hash = optionalIdentityKeyHash(input.recipientIdentityKeyHash);
	if (input.replyToMessageId !== undefined) payload.context = { message_id: String(input.replyToMessageId).trim() };
	if (input.bizOpaqueCallbackData !== undefined) {
		payload.biz_opaque_callback_data = limitedText(input.bizOpaqueCallbackData, MESSAGE_FIELD_LABELS.bizOpaqueCallbackData, CALLBACK_DATA_MAX_CHARACTERS);
	}
	payload[type] = object;
	return file ? { payload, file } : { payload };
}

/** The body alone (see `buildMessage`); a message from a file still lacks its media ID here. */
export function buildMessagePayload(input: SendMessageInput, template?: object): MessagePayload {
	return buildMessage(input, template).payload;
}

