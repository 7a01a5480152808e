/**
 * One inbound message of a `messages` change (docs/meta-api.md §3.3, docs/meta-messaging.md §3,
 * docs/meta-bsuid.md §2): the sender as the matching `contacts[]` entry shows them (phone number
 * when Meta gives it, BSUID always, username, profile name) and what they sent, read per type.
 */
import { begin, ChangeContext, Draft, EventOf, finish } from '../context';
import { claimContentKey, claimIn, keyPart } from '../dedupe';
import type { InboundMedia, InboundMessageEvent, InboundReply } from '../types';
import { asId, asNumber, asString, isObject, JsonObject } from '../values';
import { normalizeErrors } from './errorDetails';

const INBOUND_MARKER = '\u0000inbound';

/** Message types whose content is a media file (docs/meta-messaging.md §3.1). */
const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'video', 'audio', 'document', 'sticker']);

const asBoolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/**
 * The `contacts[]` entry about a person named by phone number and/or BSUID. A one-contact change is
 * about that contact even when the item leaves the phone number out (username users, 2026).
 */
export function contactFor(contacts: readonly JsonObject[], waId: string | undefined, userId: string | undefined): JsonObject | undefined {
	for (const contact of contacts) {
		if (waId !== undefined && asId(contact.wa_id) === waId) return contact;
		if (userId !== undefined && asString(contact.user_id) === userId) return contact;
	}
	return contacts.length === 1 && waId === undefined ? contacts[0] : undefined;
}

/** The profile of a contact, when it has one. */
export function profileOf(contact: JsonObject | undefined): JsonObject | undefined {
	return contact && isObject(contact.profile) ? contact.profile : undefined;
}

function mediaOf(content: JsonObject, type: string): InboundMedia | undefined {
	const id = asId(content.id);
	if (id === undefined) return undefined;
	const media: InboundMedia = { id };
	const mimeType = asString(content.mime_type);
	if (mimeType !== undefined) media.mimeType = mimeType;
	const sha256 = asString(content.sha256);
	if (sha256 !== undefined) media.sha256 = sha256;
	const caption = asString(content.caption);
	if (caption !== undefined) media.caption = caption;
	if (type === 'document') {
		const filename = asString(content.filename);
		if (filename !== undefined) media.filename = filename;
	}
	const voice = asBoolean(content.voice);
	if (voice !== undefined) media.voice = voice;
	const animated = asBoolean(content.animated);
	if (animated !== undefined) media.animated = animated;
	return media;
}

function replyOf(message: JsonObject, type: string): InboundReply | undefined {
	if (type === 'button' && isObject(message.button)) {
		// A tap on a template's quick-reply button: its payload and its text.
		const reply: InboundReply = { type: 'button' };
		const id = asString(message.button.payload);
		if (id !== undefined) reply.id = id;
		const title = asString(message.button.text);
		if (title !== undefined) reply.title = title;
		return reply;
	}
	if (type !== 'interactive' || !isObject(message.interactive)) return undefined;
	const kind = asString(message.interactive.type);
	if (kind === undefined) return undefined;
	const reply: InboundReply = { type: kind };
	const chosen = message.interactive[kind];
	if (isObject(chosen)) {
		const id = asString(chosen.id);
		if (id !== undefined) reply.id = id;
		// A flow's answer (nfm_reply) has a name rather than a title.
		const title = asString(chosen.title) ?? asString(chosen.name);
		if (title !== undefined) reply.title = title;
		const description = asString(chosen.description);
		if (description !== undefined) reply.description = description;
	}
	return reply;
}

/** What was sent, per type: text, media, location, reaction or a reply. */
function readContent(event: Draft<InboundMessageEvent>, message: JsonObject, type: string): void {
	const content = message[type];
	if (type === 'text') {
		const text = isObject(content) ? asString(content.body) : undefined;
		if (text !== undefined) event.text = text;
	} else if (MEDIA_TYPES.has(type)) {
		const media = isObject(content) ? mediaOf(content, type) : undefined;
		if (media !== undefined) event.media = media;
	} else if (type === 'location' && isObject(content)) {
		const location: NonNullable<InboundMessageEvent['location']> = {};
		const latitude = asNumber(content.latitude);
		if (latitude !== undefined) location.latitude = latitude;
		const longitude = asNumber(content.longitude);
		if (longitude !== undefined) location.longitude = longitude;
		const name = asString(content.name);
		if (name !== undefined) location.name = name;
		const address = asString(content.address);
		if (address !== undefined) location.address = address;
		event.location = location;
	} else if (type === 'reaction' && isObject(content)) {
		const reaction: NonNullable<InboundMessageEvent['reaction']> = {};
		const messageId = asId(content.message_id);
		if (messageId !== undefined) reaction.messageId = messageId;
		const emoji = asString(content.emoji);
		if (emoji !== undefined) reaction.emoji = emoji;
		event.reaction = reaction;
	} else {
		const reply = replyOf(message, type);
		if (reply !== undefined) event.reply = reply;
	}
}

function contextOf(value: unknown): InboundMessageEvent['context'] {
	if (!isObject(value)) return undefined;
	const context: NonNullable<InboundMessageEvent['context']> = {};
	const messageId = asId(value.id);
	if (messageId !== undefined) context.messageId = messageId;
	const from = asId(value.from);
	if (from !== undefined) context.from = from;
	const forwarded = asBoolean(value.forwarded);
	if (forwarded !== undefined) context.forwarded = forwarded;
	const frequentlyForwarded = asBoolean(value.frequently_forwarded);
	if (frequentlyForwarded !== undefined) context.frequentlyForwarded = frequentlyForwarded;
	return context;
}

export function inboundMessageEvent(ctx: ChangeContext, message: JsonObject, contact: JsonObject | undefined, occurredAt: string | undefined): void {
	const messageId = asId(message.id);
	const key = messageId
		? claimIn(ctx.seenByMessage, messageId, INBOUND_MARKER) ? `inboundMessage:${keyPart(messageId)}` : undefined
		: claimContentKey(ctx, 'inboundMessage', message);
	if (key === undefined) return;
	const event = begin<EventOf<'inboundMessage'>>(ctx, 'inboundMessage', key, occurredAt);
	const profile = profileOf(contact);
	const messageType = asString(message.type) ?? 'unknown';
	const from = asId(message.from);
	const contactName = asString(profile?.name);
	const userId = asString(contact?.user_id) ?? asString(message.from_user_id);
	const parentUserId = asString(contact?.parent_user_id) ?? asString(message.from_parent_user_id);
	const username = asString(profile?.username);
	const identityKeyHash = asString(contact?.identity_key_hash);
	event.messageId = messageId ?? '';
	if (from !== undefined) event.from = from;
	event.messageType = messageType;
	readContent(event, message, messageType);
	if (contactName !== undefined) event.contactName = contactName;
	if (userId !== undefined) event.userId = userId;
	if (parentUserId !== undefined) event.parentUserId = parentUserId;
	if (username !== undefined) event.username = username;
	if (identityKeyHash !== undefined) event.identityKeyHash = identityKeyHash;
	const context = contextOf(message.context);
	if (context !== undefined) event.context = context;
	const errors = normalizeErrors(message.errors);
	if (errors !== undefined) event.errors = errors;
	finish(ctx, event, message);
}
