/**
 * The fields of Send Message beyond text, templates and reply buttons (docs/meta-messaging.md §2,
 * §5; docs/meta-bsuid.md §4): who by business-scoped user ID, media from a file of the workflow,
 * lists and link buttons, locations, contact cards, reactions and the Marketing Messages API. Each
 * shows only for the message types it belongs to, so a workflow or Zap made before them is unchanged.
 */
import type { FieldDefinition } from '../../operation';
import {
	ACTION_BUTTON_MAX_CHARACTERS,
	actionButtonText,
	buttonUrl,
	FOOTER_TEXT_MAX_CHARACTERS,
	HEADER_TEXT_MAX_CHARACTERS,
	LIST_MAX_ROWS,
	LIST_ROW_DESCRIPTION_MAX_CHARACTERS,
	LIST_ROW_ID_MAX_CHARACTERS,
	LIST_ROW_TITLE_MAX_CHARACTERS,
	LIST_SECTION_TITLE_MAX_CHARACTERS,
	listRows,
} from '../../messaging/interactive';
import { MEDIA_MESSAGE_TYPES, MESSAGE_FIELD_LABELS as LABELS, MessageType } from '../../messaging/input';
import { businessScopedUserId } from '../../messaging/recipient';
import { contactCards, coordinate, LATITUDE_LIMIT, LONGITUDE_LIMIT, oneEmoji } from '../../messaging/richContent';
import { SUPPORTED_MEDIA_TEXT } from '../media/limits';
import { whatsAppMessageId } from '../../validation';

const forTypes = (...values: MessageType[]) => ({ field: 'messageType', values });

export const RECIPIENT_FIELD: FieldDefinition = {
	key: 'recipient',
	label: LABELS.recipient,
	type: 'string',
	required: false,
	help: "Instead of To: the person's business-scoped user ID, the user_id of their messages in the trigger (e.g. US.13491208655302741918), for people whose phone number WhatsApp does not share. When To is filled in too, the phone number is used. Authentication templates with a code button need the phone number.",
	placeholder: 'US.13491208655302741918',
	validate: (value, label) => businessScopedUserId(value, label),
};

/** Where the file of an image, document, video, audio or sticker comes from. */
export const MEDIA_SOURCE_FIELD: FieldDefinition = {
	key: 'mediaSource',
	label: LABELS.mediaSource,
	type: 'options',
	required: false,
	default: 'url',
	showWhen: forTypes(...MEDIA_MESSAGE_TYPES),
	help: 'A link or the ID of media uploaded earlier, or a file from an earlier step: the file is uploaded to WhatsApp first (once per run, however many messages carry it) and sent by its media ID.',
	options: [
		{ value: 'url', label: 'Link or Media ID', description: 'A public https link, or the ID of media uploaded to WhatsApp' },
		{ value: 'file', label: 'File', description: 'A file from an earlier step, uploaded first' },
	],
};

export const MEDIA_FILE_FIELD: FieldDefinition = {
	key: 'mediaFile',
	label: LABELS.mediaFile,
	type: 'file',
	required: true,
	showWhen: { field: 'mediaSource', values: ['file'] },
	help: `The file to send. It must match the message type; WhatsApp takes ${SUPPORTED_MEDIA_TEXT}. A document keeps its file name unless File Name says otherwise.`,
};

/** The message types added after text, templates, media and reply buttons, in the order shells list them. */
export const MORE_MESSAGE_TYPES = [
	{ value: 'sticker', label: 'Sticker', description: 'A WebP sticker by link, media ID or file' },
	{ value: 'list', label: 'List', description: 'Text with a button opening a list of up to 10 choices' },
	{ value: 'ctaUrl', label: 'Link Button', description: 'Text with one button that opens a web page' },
	{ value: 'location', label: 'Location', description: 'A pin on the map, with a name and address' },
	{ value: 'locationRequest', label: 'Location Request', description: 'Asks the person to share their location' },
	{ value: 'contacts', label: 'Contacts', description: 'One or more contact cards' },
	{ value: 'reaction', label: 'Reaction', description: 'An emoji on a message (empty removes your reaction)' },
];

/** Header and footer of reply buttons, lists and link buttons: shown after the text. */
export const INTERACTIVE_FRAME_FIELDS: FieldDefinition[] = [
	{
		key: 'headerText',
		label: LABELS.headerText,
		type: 'string',
		required: false,
		showWhen: forTypes('buttons', 'list', 'ctaUrl'),
		help: `Optional bold line above the text (up to ${HEADER_TEXT_MAX_CHARACTERS} characters).`,
		placeholder: 'Spring sale',
	},
	{
		key: 'footerText',
		label: LABELS.footerText,
		type: 'string',
		required: false,
		showWhen: forTypes('buttons', 'list', 'ctaUrl'),
		help: `Optional small grey line below the text (up to ${FOOTER_TEXT_MAX_CHARACTERS} characters).`,
		placeholder: 'Reply STOP to opt out',
	},
];

/** What the buttons of a list and a link button say and do. */
export const ACTION_FIELDS: FieldDefinition[] = [
	{
		key: 'buttonText',
		label: LABELS.buttonText,
		type: 'string',
		required: true,
		showWhen: forTypes('list', 'ctaUrl'),
		help: `The text on the button (up to ${ACTION_BUTTON_MAX_CHARACTERS} characters): for a list, the button that opens it; for a link button, the button that opens the page.`,
		placeholder: 'See options',
		validate: (value, label) => actionButtonText(value, label),
	},
	{
		key: 'buttonUrl',
		label: LABELS.buttonUrl,
		type: 'string',
		required: true,
		showWhen: forTypes('ctaUrl'),
		help: 'The web page the button opens (http or https). Add tracking parameters here, e.g. ?utm_source=whatsapp.',
		placeholder: 'https://shop.example.com/spring-sale',
		validate: (value, label) => buttonUrl(value, label),
	},
	{
		key: 'listRows',
		label: LABELS.listRows,
		type: 'rows',
		rowLabel: 'Row',
		required: true,
		showWhen: forTypes('list'),
		help: `The choices of the list, 1 to ${LIST_MAX_ROWS} in all. Rows with the same Section are grouped under that title (needed once there are several sections). The id of the chosen row comes back in the reply webhook.`,
		columns: [
			{ key: 'rowTitle', label: 'Title', type: 'string', required: true, help: `What the row says (up to ${LIST_ROW_TITLE_MAX_CHARACTERS} characters).`, placeholder: 'Express delivery' },
			{ key: 'rowId', label: 'Row ID', type: 'string', required: false, help: `What the reply webhook returns when this row is chosen (up to ${LIST_ROW_ID_MAX_CHARACTERS} characters; the title when empty).`, placeholder: 'express' },
			{ key: 'rowDescription', label: 'Description', type: 'string', required: false, help: `Optional grey line under the title (up to ${LIST_ROW_DESCRIPTION_MAX_CHARACTERS} characters).`, placeholder: 'Next day, 9.90 EUR' },
			{ key: 'rowSection', label: 'Section', type: 'string', required: false, help: `Optional section title the row is listed under (up to ${LIST_SECTION_TITLE_MAX_CHARACTERS} characters).`, placeholder: 'Delivery' },
		],
		validate: (value, label) => listRows(value, label),
	},
];

export const LOCATION_FIELDS: FieldDefinition[] = [
	{
		// Text, not a number field: n8n would otherwise fill in a number (0, 0 is a real place).
		key: 'latitude',
		label: LABELS.latitude,
		type: 'string',
		required: true,
		showWhen: forTypes('location'),
		help: 'In decimal degrees, from -90 to 90 (Google Maps shows it when you right-click a place).',
		placeholder: '37.4847',
		validate: (value, label) => coordinate(value, label, LATITUDE_LIMIT),
	},
	{
		key: 'longitude',
		label: LABELS.longitude,
		type: 'string',
		required: true,
		showWhen: forTypes('location'),
		help: 'In decimal degrees, from -180 to 180.',
		placeholder: '-122.1477',
		validate: (value, label) => coordinate(value, label, LONGITUDE_LIMIT),
	},
	{ key: 'locationName', label: LABELS.locationName, type: 'string', required: false, showWhen: forTypes('location'), help: 'Optional name of the place, shown in bold.', placeholder: 'Jasper Market' },
	{ key: 'locationAddress', label: LABELS.locationAddress, type: 'string', required: false, showWhen: forTypes('location'), help: 'Optional address shown under the name.', placeholder: '101 Forest Ave, Palo Alto' },
];

export const CONTACTS_FIELD: FieldDefinition = {
	key: 'contacts',
	label: LABELS.contacts,
	type: 'rows',
	rowLabel: 'Contact',
	required: true,
	showWhen: forTypes('contacts'),
	help: 'One contact card per row: a first or last name, and any of phone, email, company and website. The person can save the card or message the number.',
	columns: [
		{ key: 'contactFirstName', label: 'First Name', type: 'string', required: false, help: 'First name (a first or a last name is needed).', placeholder: 'Ana' },
		{ key: 'contactLastName', label: 'Last Name', type: 'string', required: false, help: 'Last name (a first or a last name is needed).', placeholder: 'Silva' },
		{ key: 'contactFullName', label: 'Full Name', type: 'string', required: false, help: 'The name shown on the card; "first last" when empty.', placeholder: 'Ana Silva (Support)' },
		{ key: 'contactPhone', label: 'Phone', type: 'string', required: false, help: 'A phone number with its country code.', placeholder: '+1 631 555 5555' },
		{ key: 'contactEmail', label: 'Email', type: 'string', required: false, help: 'An email address.', placeholder: 'support@example.com' },
		{ key: 'contactCompany', label: 'Company', type: 'string', required: false, help: 'The company or organization.', placeholder: 'Jasper Market' },
		{ key: 'contactUrl', label: 'Website', type: 'string', required: false, help: 'A web address starting with https://.', placeholder: 'https://jasper.example' },
	],
	validate: (value, label) => {
		contactCards(value, label);
		return value;
	},
};

export const REACTION_FIELDS: FieldDefinition[] = [
	{
		key: 'reactionMessageId',
		label: LABELS.reactionMessageId,
		type: 'string',
		required: true,
		showWhen: forTypes('reaction'),
		help: 'The ID of the message to react to: an incoming message (from the trigger) or one you sent (its Message ID). It starts with wamid.',
		placeholder: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
		validate: (value, label) => whatsAppMessageId(value, label, 'Use the id of the message to react to; it starts with wamid.'),
	},
	{
		key: 'emoji',
		label: LABELS.emoji,
		type: 'string',
		required: false,
		showWhen: forTypes('reaction'),
		help: 'One emoji, e.g. 👍. Leave it empty to remove your earlier reaction to that message.',
		placeholder: '👍',
		validate: (value, label) => oneEmoji(value, label),
	},
];

/** Templates only, rarely needed: after the main fields. */
export const MARKETING_FIELDS: FieldDefinition[] = [
	{
		key: 'marketingMessages',
		label: LABELS.marketingMessages,
		type: 'boolean',
		required: false,
		default: false,
		advanced: true,
		showWhen: forTypes('template'),
		help: "Sends a MARKETING template through Meta's Marketing Messages API (optimized delivery and reporting) instead of the Cloud API. The business must have accepted its terms in WhatsApp Manager first. With Check Template Before Sending on, a template of another category is refused before sending.",
	},
	{
		key: 'messageActivitySharing',
		label: LABELS.messageActivitySharing,
		type: 'options',
		required: false,
		default: 'default',
		advanced: true,
		showWhen: { field: 'marketingMessages', values: [true] },
		help: "Whether Meta may share this message's activity (such as the person reading it) for ad measurement. The account's setting in WhatsApp Manager applies unless you choose here.",
		options: [
			{ value: 'default', label: "Account's Setting", description: 'Leave it to the setting in WhatsApp Manager' },
			{ value: 'on', label: 'Share', description: 'Share the activity of this message' },
			{ value: 'off', label: 'Do Not Share', description: 'Do not share the activity of this message' },
		],
	},
	{
		key: 'productPolicy',
		label: LABELS.productPolicy,
		type: 'options',
		required: false,
		default: 'default',
		advanced: true,
		showWhen: { field: 'marketingMessages', values: [true] },
		help: "What Meta does when the Marketing Messages API cannot send this message: its default, send it through the Cloud API instead, or fail.",
		options: [
			{ value: 'default', label: "Meta's Default", description: 'Leave it to Meta' },
			{ value: 'CLOUD_API_FALLBACK', label: 'Send Through the Cloud API', description: 'Fall back to the Cloud API' },
			{ value: 'STRICT', label: 'Fail', description: 'Only the Marketing Messages API, or nothing' },
		],
	},
];
