/**
 * Builds the body of `POST /<PHONE_NUMBER_ID>/messages` (docs/meta-api.md §2) from a marketer's input,
 * and reads Meta's answer. Pure: no I/O, no clock, so it is reused by the single send, the batch
 * and the shells, and tested on its own.
 *
 * Limits Meta enforces are constants here so a wrong one is changed in one place.
 */
import { inputError } from '../errors';
import { identityKeyHash, internationalPhoneNumber, languageCode, mediaLink } from '../validation';

export const MESSAGE_TYPES = ['text', 'template', 'image', 'document', 'video', 'audio', 'buttons'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const MEDIA_MESSAGE_TYPES = ['image', 'document', 'video', 'audio'] as const;
export type MediaMessageType = (typeof MEDIA_MESSAGE_TYPES)[number];
/** Audio cannot carry a caption (Meta's media object has no caption for audio). */
export const CAPTIONED_MESSAGE_TYPES = ['image', 'document', 'video'] as const;

export const TEMPLATE_HEADER_TYPES = ['none', 'text', 'image', 'video', 'document'] as const;
export type TemplateHeaderType = (typeof TEMPLATE_HEADER_TYPES)[number];

/** Text message body limit [doc SEND: "maximum 4096 characters"]. */
export const TEXT_MAX_CHARACTERS = 4096;
/** Media caption limit [Meta media object reference; not in docs/meta-api.md, change here if Meta differs]. */
export const CAPTION_MAX_CHARACTERS = 1024;
/** Body text of an interactive (reply buttons) message [Meta interactive object reference; not in docs/meta-api.md]. */
export const BUTTONS_BODY_MAX_CHARACTERS = 1024;
/** Reply buttons: at most 3, titles up to 20 characters, ids up to 256 [Meta interactive object reference]. */
export const MAX_REPLY_BUTTONS = 3;
export const BUTTON_TITLE_MAX_CHARACTERS = 20;
export const BUTTON_ID_MAX_CHARACTERS = 256;
/** Template names are lowercase letters, digits and underscores (WhatsApp Manager enforces this on creation). */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9_]{1,512}$/;
/** `biz_opaque_callback_data` is echoed in status webhooks; Meta caps it at 512 characters [Meta send reference]. */
export const CALLBACK_DATA_MAX_CHARACTERS = 512;

/**
 * The labels of the sendMessage fields. Errors name the field the way the user sees it, and the
 * operation declaration uses the same labels, so they live together here.
 */
export const MESSAGE_FIELD_LABELS = {
	phoneNumberId: 'Phone Number',
	to: 'To',
	messageType: 'Message Type',
	text: 'Text',
	templateId: 'Template',
	templateName: 'Template Name',
	templateLanguage: 'Template Language',
	templateValues: 'Template Values',
	templateCheck: 'Check Template Before Sending',
	templateParameters: 'Template Parameters',
	templateHeaderType: 'Template Header Type',
	templateHeaderValue: 'Template Header Value',
	templateComponents: 'Template Components (JSON)',
	mediaUrl: 'Media URL or ID',
	caption: 'Caption',
	filename: 'File Name',
	buttons: 'Buttons',
	recipientIdentityKeyHash: 'Recipient Identity Key Hash',
	previewUrl: 'Show Link Preview',
	replyToMessageId: 'Reply to Message ID',
	bizOpaqueCallbackData: 'Tracking Data',
} as const;

/** A checked sendMessage input (after `parseInput`). Optional fields are absent when empty. */
export interface SendMessageInput {
	phoneNumberId: string;
	/** `+` and digits, as Meta advises (see `recipientNumber`). */
	to: string;
	messageType: MessageType;
	text?: string;
	/** A template picked from the list: its name and language are read from it. */
	templateId?: string;
	templateName?: string;
	templateLanguage?: string;
	/** Values by placeholder key (`first_name`, `body_1`, `header_image`, `button_1`…), see shared/templates/placeholders.ts. */
	templateValues?: Record<string, unknown>;
	/** Read the template and check the message against it before sending (default on). */
	templateCheck?: boolean;
	templateParameters?: string[];
	templateHeaderType?: TemplateHeaderType;
	templateHeaderValue?: string;
	/** Raw `components` array; when given it replaces the body/header parameters. */
	templateComponents?: unknown[];
	mediaUrl?: string;
	caption?: string;
	filename?: string;
	buttons?: ReplyButton[];
	recipientIdentityKeyHash?: string;
	previewUrl?: boolean;
	replyToMessageId?: string;
	bizOpaqueCallbackData?: string;
}

export interface ReplyButton {
	id: string;
	title: string;
}

/** The JSON body Meta receives. */
export type MessagePayload = Record<string, unknown> & {
	messaging_product: 'whatsapp';
	recipient_type: 'individual';
	to: string;
	type: string;
};

const characters = (text: string): number => [...text].length;

/**
 * The recipient in the form Meta asks for: "Always include + and the country code" (docs/meta-api.md §2);
 * without `+`, Meta prepends the sender's own country code. Returns `+` followed by digits.
 */
export function recipientNumber(value: unknown, label: string = MESSAGE_FIELD_LABELS.to): string {
	// "+44 (0)20 …" is a common way to write a number; the "(0)" is dropped when dialling from abroad.
	const typed = String(value).trim().replace(/\(0\)/g, '');
	const digits = internationalPhoneNumber(typed, label);
	// A leading 0 (or 00) is a national or trunk prefix, never a country code.
	if (digits.startsWith('0') && !typed.startsWith('00')) {
		throw inputError(label, `"${typed}" starts with 0, so it looks like a national number.`, 'Use the international format with "+" and the country code, e.g. +44 7700 900123 instead of 07700 900123.');
	}
	const international = typed.startsWith('00') ? digits.slice(2) : digits;
	if (international.startsWith('0') || international.length < 8) {
		throw inputError(label, `"${typed}" is not an international number.`, 'Use "+" and the country code, e.g. +1 631 555 5555.');
	}
	return `+${international}`;
}

/** Text with a length limit; returns the text unchanged (Meta keeps the user's whitespace). */
export function limitedText(value: unknown, label: string, max: number): string {
	const text = String(value);
	if (text.trim() === '') throw inputError(label, 'is empty.', 'Enter the text to send.');
	const length = characters(text);
	if (length > max) throw inputError(label, `is ${length} characters long.`, `WhatsApp allows at most ${max} characters; shorten it.`);
	return text;
}

export function templateName(value: unknown, label: string = MESSAGE_FIELD_LABELS.templateName): string {
	const text = String(value).trim();
	if (!TEMPLATE_NAME_PATTERN.test(text)) {
		throw inputError(label, `"${text}" is not a template name.`, 'Use the name exactly as in WhatsApp Manager → Message templates: lowercase letters, digits and underscores, e.g. order_confirmation.');
	}
	return text;
}

/**
 * Meta rejects template parameters containing new lines, tabs or more than 4 consecutive spaces
 * (error 132018 in Meta's table; not in docs/meta-api.md, so this rule is one function to change).
 */
export function templateParameter(value: unknown, label: string, position: number): string {
	const text = String(value);
	if (text.trim() === '') throw inputError(label, `parameter ${position} is empty.`, 'Give every placeholder a value, one per line.');
	if (/[\n\r\t]/.test(text) || / {5,}/.test(text)) {
		throw inputError(label, `parameter ${position} contains a new line, a tab or more than 4 spaces in a row.`, 'WhatsApp does not accept those inside a template parameter; put the value on one line.');
	}
	return text;
}

/**
 * Reply buttons, one per line (or one per array item): `id|Title`, or just `Title` (then the id is
 * the title itself). The id comes back in the reply webhook so a workflow can branch on it.
 */
export function replyButtons(value: unknown, label: string = MESSAGE_FIELD_LABELS.buttons): ReplyButton[] {
	const lines = (Array.isArray(value) ? value : String(value).split(/\r?\n/))
		.map((line) => (typeof line === 'object' && line !== null ? buttonFromObject(line as Record<string, unknown>) : String(line)))
		.filter((line) => line.trim() !== '');
	const expected = `One button per line as "id|Title" or just "Title" (at most ${MAX_REPLY_BUTTONS} buttons, titles up to ${BUTTON_TITLE_MAX_CHARACTERS} characters), e.g. yes|Yes, please.`;
	if (lines.length === 0) throw inputError(label, 'has no button.', expected);
	if (lines.length > MAX_REPLY_BUTTONS) throw inputError(label, `has ${lines.length} buttons.`, expected);
	const buttons = lines.map((line, position) => {
		const separator = line.indexOf('|');
		const title = (separator === -1 ? line : line.slice(separator + 1)).trim();
		const id = (separator === -1 ? title : line.slice(0, separator)).trim();
		if (title === '') throw inputError(label, `button ${position + 1} has no title.`, expected);
		if (id === '') throw inputError(label, `button ${position + 1} has an empty id before "|".`, expected);
		if (characters(title) > BUTTON_TITLE_MAX_CHARACTERS) {
			throw inputError(label, `the title "${title}" is ${characters(title)} characters long.`, `Button titles can have at most ${BUTTON_TITLE_MAX_CHARACTERS} characters; shorten it.`);
		}
		if (characters(id) > BUTTON_ID_MAX_CHARACTERS) throw inputError(label, `button ${position + 1} has an id longer than ${BUTTON_ID_MAX_CHARACTERS} characters.`, expected);
		return { id, title };
	});
	for (const key of ['id', 'title'] as const) {
		const seen = new Set<string>();
		for (const button of buttons) {
			if (seen.has(button[key])) throw inputError(label, `two buttons have the ${key} "${button[key]}".`, `Each button needs its own ${key}.`);
			seen.add(button[key]);
		}
	}
	return buttons;
}

function buttonFromObject(item: Record<string, unknown>): string {
	const title = item.title ?? '';
	return item.id === undefined ? String(title) : `${String(item.id)}|${String(title)}`;
}

/** A media reference: all digits is an uploaded media ID, anything else must be a web link. */
export function mediaReference(value: unknown, label: string = MESSAGE_FIELD_LABELS.mediaUrl): { id: string } | { link: string } {
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return { id: text };
	return { link: mediaLink(text, label) };
}

export function optionalIdentityKeyHash(value: unknown, label: string = MESSAGE_FIELD_LABELS.recipientIdentityKeyHash): string {
	return identityKeyHash(value, label);
}

export function templateLanguage(value: unknown, label: string = MESSAGE_FIELD_LABELS.templateLanguage): string {
	return languageCode(value, label);
}

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

/** The `<type>` part of the body and Meta's `type` for it. */
function content(input: SendMessageInput, template: object | undefined): { type: string; object: Record<string, unknown> } {
	const type = input.messageType;
	if (type === 'template' && template) return { type, object: { ...template } };
	switch (type) {
		case 'text': {
			const body = limitedText(required(input.text, 'text', type, 'Enter the message text.'), MESSAGE_FIELD_LABELS.text, TEXT_MAX_CHARACTERS);
			return { type: 'text', object: { preview_url: input.previewUrl === true, body } };
		}
		case 'template': {
			const name = templateName(required(input.templateName, 'templateName', type, 'Enter the approved template name, e.g. order_confirmation.'));
			const code = templateLanguage(required(input.templateLanguage, 'templateLanguage', type, 'Enter the template language code, e.g. en_US.'));
			const components = templateComponents(input);
			return { type: 'template', object: { name, language: { code }, ...(components ? { components } : {}) } };
		}
		case 'image':
		case 'document':
		case 'video':
		case 'audio': {
			const media: Record<string, unknown> = { ...mediaReference(required(input.mediaUrl, 'mediaUrl', type, 'Enter a public https link to the file, or a media ID.')) };
			if (input.caption !== undefined && type !== 'audio') media.caption = limitedText(input.caption, MESSAGE_FIELD_LABELS.caption, CAPTION_MAX_CHARACTERS);
			if (input.filename !== undefined && type === 'document') media.filename = String(input.filename).trim();
			return { type, object: media };
		}
		case 'buttons': {
			const body = limitedText(required(input.text, 'text', 'buttons', 'Enter the text shown above the buttons.'), MESSAGE_FIELD_LABELS.text, BUTTONS_BODY_MAX_CHARACTERS);
			const buttons = required(input.buttons, 'buttons', 'buttons', 'Enter up to 3 buttons, one per line, e.g. yes|Yes.');
			return {
				type: 'interactive',
				object: { type: 'button', body: { text: body }, action: { buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) } },
			};
		}
		default: {
			const unknownType: never = type;
			throw inputError(MESSAGE_FIELD_LABELS.messageType, `"${String(unknownType)}" is not a message type.`, `Choose one of: ${MESSAGE_TYPES.join(', ')}.`);
		}
	}
}

/**
 * The exact JSON body for `POST /<PHONE_NUMBER_ID>/messages`. Throws an input error naming the
 * field when something the chosen type needs is missing or out of Meta's limits. `template`: the
 * `template` object already built and checked against the template's definition
 * (shared/templates/sendPayload.ts); without it a template is built from the fields as given.
 */
export function buildMessagePayload(input: SendMessageInput, template?: object): MessagePayload {
	const { type, object } = content(input, template);
	const payload: MessagePayload = { messaging_product: 'whatsapp', recipient_type: 'individual', to: recipientNumber(input.to), type };
	if (input.recipientIdentityKeyHash !== undefined) payload.recipient_identity_key_hash = optionalIdentityKeyHash(input.recipientIdentityKeyHash);
	if (input.replyToMessageId !== undefined) payload.context = { message_id: String(input.replyToMessageId).trim() };
	if (input.bizOpaqueCallbackData !== undefined) {
		payload.biz_opaque_callback_data = limitedText(input.bizOpaqueCallbackData, MESSAGE_FIELD_LABELS.bizOpaqueCallbackData, CALLBACK_DATA_MAX_CHARACTERS);
	}
	payload[type] = object;
	return payload;
}

/** Meta's success answer (docs/meta-api.md §2): accepted, not yet delivered. */
export interface MetaSendResponse {
	messaging_product?: string;
	contacts?: Array<{ input?: string; wa_id?: string }>;
	messages?: Array<{ id?: string; message_status?: string; group_id?: string }>;
}
