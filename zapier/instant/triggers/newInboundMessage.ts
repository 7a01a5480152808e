/**
 * New Inbound Message: someone wrote to one of your numbers (relayed from Meta's `messages`
 * webhook). The sender is named by phone number when WhatsApp shares it and by user ID (BSUID)
 * always (docs/meta-bsuid.md §2), so a Zap can answer people who hide their number.
 */
import type { ZObject } from 'zapier-platform-core';
import { InboundMessageEvent, mediaFileName } from '../../../shared';
import { hydrateMediaFile, MediaPointer } from '../../media';
import { hookOperation, phoneNumberFilterField } from '../hooks';
import { ErrorFields, errorFields, ERROR_OUTPUT_FIELDS, isEnvelope, OriginFields, originFields, originOutputFields } from '../mappers';

export interface InboundMessageItem extends ErrorFields, OriginFields {
	id: string;
	message_id: string;
	message_type: string;
	text: string | null;
	/** Who to answer: the phone number, or the user ID when the number is hidden. */
	sender: string | null;
	from: string | null;
	user_id: string | null;
	parent_user_id: string | null;
	username: string | null;
	contact_name: string | null;
	context_message_id: string | null;
	context_from: string | null;
	forwarded: boolean | null;
	reply_type: string | null;
	reply_id: string | null;
	reply_title: string | null;
	reply_description: string | null;
	media_id: string | null;
	media_mime_type: string | null;
	media_sha256: string | null;
	media_caption: string | null;
	media_filename: string | null;
	media_voice: boolean | null;
	/** The file, for later steps: downloaded through the core only when a step uses it (a hydrated file). */
	media_file: string | null;
	location_latitude: number | null;
	location_longitude: number | null;
	location_name: string | null;
	location_address: string | null;
	reaction_message_id: string | null;
	reaction_emoji: string | null;
}

/**
 * A relay delivery (or listed event) of an inbound message → the trigger's item; undefined for
 * anything else. With `z`, a media message's file comes as a dehydrated file: Zapier downloads it
 * through the core (the access token goes to Meta's media host only) when a later step uses it, so
 * no step ever holds a URL that needs the token. The pointer has no phone number: a file a customer
 * sent was uploaded by no business number (docs/meta-messaging.md §1.3).
 */
export function inboundMessageItem(envelope: unknown, z?: ZObject): InboundMessageItem | undefined {
	if (!isEnvelope(envelope) || envelope.event.type !== 'inboundMessage') return undefined;
	const event: InboundMessageEvent = envelope.event;
	const media = event.media;
	const pointer: MediaPointer | undefined = media ? { mediaId: media.id, fileName: mediaFileName(media.id, media.mimeType ?? '', media.filename) } : undefined;
	return {
		id: envelope.id,
		message_id: event.messageId,
		message_type: event.messageType,
		text: event.text ?? null,
		sender: event.from ?? event.userId ?? null,
		from: event.from ?? null,
		user_id: event.userId ?? null,
		parent_user_id: event.parentUserId ?? null,
		username: event.username ?? null,
		contact_name: event.contactName ?? null,
		context_message_id: event.context?.messageId ?? null,
		context_from: event.context?.from ?? null,
		forwarded: event.context?.forwarded ?? null,
		reply_type: event.reply?.type ?? null,
		reply_id: event.reply?.id ?? null,
		reply_title: event.reply?.title ?? null,
		reply_description: event.reply?.description ?? null,
		media_id: event.media?.id ?? null,
		media_mime_type: event.media?.mimeType ?? null,
		media_sha256: event.media?.sha256 ?? null,
		media_caption: event.media?.caption ?? null,
		media_filename: event.media?.filename ?? null,
		media_voice: event.media?.voice ?? null,
		media_file: pointer && z ? z.dehydrateFile(hydrateMediaFile, pointer) : null,
		location_latitude: event.location?.latitude ?? null,
		location_longitude: event.location?.longitude ?? null,
		location_name: event.location?.name ?? null,
		location_address: event.location?.address ?? null,
		reaction_message_id: event.reaction?.messageId ?? null,
		reaction_emoji: event.reaction?.emoji ?? null,
		// 131051 and the like: a message type WhatsApp cannot pass on.
		...errorFields(event.errors?.[0]),
		...originFields(envelope),
	};
}

export const INBOUND_MESSAGE_SAMPLE: InboundMessageItem = {
	id: 'inboundMessage:wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUNCNjRGQjQ3NUQ5QkI2NTYyNgA=',
	message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUNCNjRGQjQ3NUQ5QkI2NTYyNgA=',
	message_type: 'text',
	text: 'Hi, is my order 4417 on its way?',
	sender: '16505551234',
	from: '16505551234',
	user_id: 'US.13491208655302741918',
	parent_user_id: null,
	username: 'sheena.nelson',
	contact_name: 'Sheena Nelson',
	context_message_id: null,
	context_from: null,
	forwarded: null,
	reply_type: null,
	reply_id: null,
	reply_title: null,
	reply_description: null,
	media_id: null,
	media_mime_type: null,
	media_sha256: null,
	media_caption: null,
	media_filename: null,
	media_voice: null,
	media_file: null,
	location_latitude: null,
	location_longitude: null,
	location_name: null,
	location_address: null,
	reaction_message_id: null,
	reaction_emoji: null,
	error_code: null,
	error_title: null,
	error_message: null,
	error_details: null,
	phone_number_id: '106540352242922',
	display_phone_number: '15550783881',
	waba_id: '102290129340398',
	occurred_at: '2026-06-28T19:34:48.000Z',
	received_at: '2026-06-28T19:34:49.120Z',
};

export const newInboundMessage = {
	key: 'new_inbound_message',
	noun: 'Inbound Message',
	display: {
		label: 'New Inbound Message',
		description:
			"Triggers instantly when someone sends a message to one of your WhatsApp numbers: text, media (as a file for later steps), location, reactions and button replies, with the sender's number (or user ID when they hide it), username and name. Needs the relay (Relay URL in the connection).",
	},
	operation: {
		inputFields: [phoneNumberFilterField('Only messages to this phone number. Leave empty for all numbers of the relay.')],
		...hookOperation({
			settings: () => ({ eventTypes: ['inboundMessage'] }),
			item: (envelope, _settings, z) => inboundMessageItem(envelope, z),
			ignored: 'not an inbound message',
		}),
		sample: INBOUND_MESSAGE_SAMPLE,
		outputFields: [
			{ key: 'id', label: 'Event ID', type: 'string', primary: true },
			{ key: 'message_id', label: 'Message ID', type: 'string' },
			{ key: 'message_type', label: 'Message Type (text, image, document, location, interactive…)', type: 'string' },
			{ key: 'text', label: 'Text', type: 'string' },
			{ key: 'sender', label: 'Sender (phone number, or user ID when hidden)', type: 'string' },
			{ key: 'from', label: 'Sender Phone Number', type: 'string' },
			{ key: 'user_id', label: 'Sender User ID (BSUID)', type: 'string' },
			{ key: 'parent_user_id', label: 'Sender Parent User ID', type: 'string' },
			{ key: 'username', label: 'Sender Username', type: 'string' },
			{ key: 'contact_name', label: 'Sender Profile Name', type: 'string' },
			{ key: 'context_message_id', label: 'Replied-To Message ID', type: 'string' },
			{ key: 'context_from', label: 'Replied-To Message Sender', type: 'string' },
			{ key: 'forwarded', label: 'Forwarded', type: 'boolean' },
			{ key: 'reply_type', label: 'Reply Type (button_reply, list_reply, button)', type: 'string' },
			{ key: 'reply_id', label: 'Tapped Button or Row ID', type: 'string' },
			{ key: 'reply_title', label: 'Tapped Button or Row Title', type: 'string' },
			{ key: 'reply_description', label: 'Tapped Row Description', type: 'string' },
			{ key: 'media_id', label: 'Media ID', type: 'string' },
			{ key: 'media_mime_type', label: 'Media Type (MIME)', type: 'string' },
			{ key: 'media_sha256', label: 'Media SHA-256', type: 'string' },
			{ key: 'media_caption', label: 'Media Caption', type: 'string' },
			{ key: 'media_filename', label: 'Document File Name', type: 'string' },
			{ key: 'media_voice', label: 'Voice Note', type: 'boolean' },
			{ key: 'media_file', label: 'Media File', type: 'file' },
			{ key: 'location_latitude', label: 'Location Latitude', type: 'number' },
			{ key: 'location_longitude', label: 'Location Longitude', type: 'number' },
			{ key: 'location_name', label: 'Location Name', type: 'string' },
			{ key: 'location_address', label: 'Location Address', type: 'string' },
			{ key: 'reaction_message_id', label: 'Reacted-To Message ID', type: 'string' },
			{ key: 'reaction_emoji', label: 'Reaction Emoji', type: 'string' },
			...ERROR_OUTPUT_FIELDS,
			...originOutputFields('Sent At'),
		],
	},
};
