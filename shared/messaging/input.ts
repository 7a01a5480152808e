/**
 * What a message is made of, as the marketer gives it: the message types, Meta's limits as
 * constants (a wrong one is changed in one place), the field labels errors use, the checked input
 * of Send Message, and the body and answer of `POST /<PHONE_NUMBER_ID>/messages` (docs/meta-api.md §2).
 */
import type { FileInput } from '../operation';
import type { ListRow } from './interactive';
import type { ContactInput } from './richContent';

/** Types a message can have; `template` and the first ones existed first, new ones are added at the end. */
export const MESSAGE_TYPES = ['text', 'template', 'image', 'document', 'video', 'audio', 'buttons', 'sticker', 'list', 'ctaUrl', 'location', 'locationRequest', 'contacts', 'reaction'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const MEDIA_MESSAGE_TYPES = ['image', 'document', 'video', 'audio', 'sticker'] as const;
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
	recipient: 'Business-Scoped User ID',
	mediaSource: 'Send Media From',
	mediaFile: 'File',
	headerText: 'Header Text',
	footerText: 'Footer Text',
	buttonText: 'Button Text',
	buttonUrl: 'Button URL',
	listRows: 'List Rows',
	latitude: 'Latitude',
	longitude: 'Longitude',
	locationName: 'Location Name',
	locationAddress: 'Location Address',
	contacts: 'Contacts',
	reactionMessageId: 'React to Message ID',
	emoji: 'Emoji',
	marketingMessages: 'Send Through Marketing Messages API',
	messageActivitySharing: 'Message Activity Sharing',
	productPolicy: 'If Marketing Messages API Cannot Send',
} as const;

/** A checked sendMessage input (after `parseInput`). Optional fields are absent when empty. */
export interface SendMessageInput {
	phoneNumberId: string;
	/** `+` and digits, as Meta advises (see `recipientNumber`). Absent when the message goes to `recipient`. */
	to?: string;
	/** A business-scoped user ID (docs/meta-bsuid.md §4); used only when `to` is absent. */
	recipient?: string;
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
	/** `url` (a link or media ID in `mediaUrl`, the default) or `file` (`mediaFile`, uploaded first). */
	mediaSource?: 'url' | 'file';
	mediaUrl?: string;
	mediaFile?: FileInput;
	caption?: string;
	filename?: string;
	buttons?: ReplyButton[];
	headerText?: string;
	footerText?: string;
	/** The button that opens a list, or the text of a link button. */
	buttonText?: string;
	buttonUrl?: string;
	listRows?: ListRow[];
	latitude?: number;
	longitude?: number;
	locationName?: string;
	locationAddress?: string;
	contacts?: ContactInput[];
	reactionMessageId?: string;
	/** Empty or absent removes the reaction. */
	emoji?: string;
	recipientIdentityKeyHash?: string;
	previewUrl?: boolean;
	replyToMessageId?: string;
	bizOpaqueCallbackData?: string;
	/** Templates only: send through `/marketing_messages` (docs/meta-messaging.md §5). */
	marketingMessages?: boolean;
	messageActivitySharing?: 'default' | 'on' | 'off';
	productPolicy?: 'default' | 'CLOUD_API_FALLBACK' | 'STRICT';
}

export interface ReplyButton {
	id: string;
	title: string;
}

/** The JSON body Meta receives: `to` (a phone number) or `recipient` (a BSUID), never both. */
export type MessagePayload = Record<string, unknown> & {
	messaging_product: 'whatsapp';
	recipient_type: 'individual';
	to?: string;
	recipient?: string;
	type: string;
};


/** Meta's success answer (docs/meta-api.md §2): accepted, not yet delivered. */
export interface MetaSendResponse {
	messaging_product?: string;
	contacts?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
	messages?: Array<{ id?: string; message_status?: string; group_id?: string }>;
}
