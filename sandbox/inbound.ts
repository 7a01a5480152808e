/**
 * A user writes to a business number: the signed `messages` webhook Meta would send
 * (docs/meta-messaging.md §3, docs/meta-bsuid.md §2). Text, media (stored, with a media ID the
 * business can download), location, reactions and interactive replies; `contacts[]` carries the
 * BSUID (`user_id`), the username when the user has one, and `wa_id`/`from` only when the user's
 * phone number is not hidden from the business.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from './context';
import { ControlError } from './control';
import { sha256Base64 } from './media/store';
import { INBOUND_MEDIA_URL, MEDIA_LIMITS, MediaKind } from './messagingConstants';
import { emitChange, messagesValue } from './notify';
import { sizeLimit } from './routes/media';
import { usernameProblem } from './routes/username';
import { webhookDisplayNumber } from './state';
import type { DeliveryRecord } from './webhookDelivery';

export interface InboundMedia {
	type: MediaKind;
	/** Defaults per type: image/jpeg, video/mp4, audio/ogg, application/pdf, image/webp. */
	mimeType?: string;
	/** The file; a small placeholder of the right type when left out. */
	dataBase64?: string;
	caption?: string;
	/** Documents only. */
	filename?: string;
	/** Audio only: a voice note. */
	voice?: boolean;
}

export interface InboundMessage {
	phoneNumberId: string;
	/** The sender's WhatsApp ID (digits, with country code), even when hidden from the business. */
	from: string;
	/** One of text, media, location, reaction or reply. */
	text?: string;
	media?: InboundMedia;
	location?: { latitude: number; longitude: number; name?: string; address?: string };
	reaction?: { messageId: string; emoji: string };
	/** A tap on a reply button or list row. */
	reply?: { type: 'button' | 'list'; id: string; title: string; description?: string };
	/** The business message this one answers (`context.id`). */
	contextMessageId?: string;
	/** Profile name; defaults to the contact's. */
	name?: string;
	/** Sets the user's username (null removes it). */
	username?: string | null;
	/** Sets whether the user's phone number is hidden from the business (a username adopter). */
	hidePhone?: boolean;
}

export interface InboundResult {
	messageId: string;
	/** The media ID of an inbound media message. */
	mediaId: string | null;
	delivery: DeliveryRecord | null;
}

const DEFAULT_MIME: Record<MediaKind, string> = { image: 'image/jpeg', video: 'video/mp4', audio: 'audio/ogg', document: 'application/pdf', sticker: 'image/webp' };

/** A few bytes that start like a file of the type, so downloads look plausible. */
function placeholder(mimeType: string): Buffer {
	const magic: Record<string, Buffer> = {
		'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
		'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		'application/pdf': Buffer.from('%PDF-1.4\n'),
		'audio/ogg': Buffer.from('OggS'),
		'video/mp4': Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]),
		'image/webp': Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'),
	};
	return Buffer.concat([magic[mimeType] ?? Buffer.alloc(0), randomBytes(64)]);
}

function exactlyOne(message: InboundMessage): string {
	const given = (['text', 'media', 'location', 'reaction', 'reply'] as const).filter((key) => message[key] !== undefined);
	if (given.length !== 1) throw new ControlError(400, 'inbound needs exactly one of text, media, location, reaction or reply.');
	return given[0];
}

function mediaContent(ctx: SandboxContext, numberId: string, media: InboundMedia): { type: string; content: Record<string, unknown>; mediaId: string } {
	if (!media || typeof media !== 'object' || !(media.type in MEDIA_LIMITS)) throw new ControlError(400, `media.type must be one of ${Object.keys(MEDIA_LIMITS).join(', ')}.`);
	const mimeType = media.mimeType ?? (media.type === 'audio' && media.voice ? 'audio/ogg; codecs=opus' : DEFAULT_MIME[media.type]);
	const base = mimeType.split(';')[0].trim();
	if (!(MEDIA_LIMITS[media.type].mimeTypes as readonly string[]).includes(base)) {
		throw new ControlError(400, `${media.type} media must be one of ${MEDIA_LIMITS[media.type].mimeTypes.join(', ')}.`);
	}
	const data = media.dataBase64 !== undefined ? Buffer.from(media.dataBase64, 'base64') : placeholder(base);
	const limit = sizeLimit(base, data);
	if (data.length === 0 || data.length > limit.maxBytes) throw new ControlError(400, `The ${limit.kind} must be 1 to ${limit.maxBytes} bytes.`);
	const now = ctx.clock.now();
	const record = ctx.state.messaging.media.add({ numberId, source: 'inbound', mimeType, data, filename: media.filename, createdAt: now });
	const content: Record<string, unknown> = {};
	if (media.caption !== undefined && media.type !== 'audio' && media.type !== 'sticker') content.caption = media.caption;
	if (media.type === 'document') content.filename = media.filename ?? 'document.pdf';
	content.mime_type = mimeType;
	content.sha256 = sha256Base64(data);
	content.id = record.id;
	if (INBOUND_MEDIA_URL) content.url = ctx.state.messaging.media.urlFor(record, now, ctx.baseUrl());
	if (media.type === 'audio') content.voice = media.voice ?? false;
	if (media.type === 'sticker') content.animated = false;
	return { type: media.type, content, mediaId: record.id };
}

function replyContent(reply: NonNullable<InboundMessage['reply']>): Record<string, unknown> {
	if (!reply || (reply.type !== 'button' && reply.type !== 'list') || typeof reply.id !== 'string' || typeof reply.title !== 'string') {
		throw new ControlError(400, 'reply needs type (button or list), id and title.');
	}
	if (reply.type === 'button') return { type: 'button_reply', button_reply: { id: reply.id, title: reply.title } };
	const row: Record<string, unknown> = { id: reply.id, title: reply.title };
	if (reply.description !== undefined) row.description = reply.description;
	return { type: 'list_reply', list_reply: row };
}

/** Builds, records and sends the inbound webhook. `from` must already be a valid WhatsApp ID. */
export function deliverInbound(ctx: SandboxContext, message: InboundMessage): InboundResult {
	const number = ctx.state.numbers.get(message.phoneNumberId);
	if (!number) throw new ControlError(404, `No phone number ${message.phoneNumberId} in the sandbox.`);
	const waba = ctx.state.wabas.get(number.wabaId);
	if (!waba) throw new ControlError(500, `Number ${number.id} has no WABA.`);
	const kind = exactlyOne(message);
	if (message.username !== undefined && message.username !== null) {
		const problem = typeof message.username === 'string' ? usernameProblem(message.username) : 'must be text';
		if (problem) throw new ControlError(400, `The username ${problem}.`);
	}
	let type = kind;
	let content: Record<string, unknown>;
	let mediaId: string | null = null;
	if (kind === 'text') {
		if (typeof message.text !== 'string' || message.text === '') throw new ControlError(400, 'inbound needs text.');
		content = { body: message.text };
	} else if (kind === 'media') {
		({ type, content, mediaId } = mediaContent(ctx, number.id, message.media as InboundMedia));
	} else if (kind === 'location') {
		const { latitude, longitude, name, address } = message.location ?? ({} as never);
		if (typeof latitude !== 'number' || typeof longitude !== 'number') throw new ControlError(400, 'location needs numeric latitude and longitude.');
		content = { latitude, longitude, ...(name !== undefined ? { name } : {}), ...(address !== undefined ? { address } : {}) };
	} else if (kind === 'reaction') {
		const { messageId, emoji } = message.reaction ?? ({} as never);
		if (typeof messageId !== 'string' || typeof emoji !== 'string') throw new ControlError(400, 'reaction needs messageId and emoji.');
		content = { message_id: messageId, emoji };
	} else {
		type = 'interactive';
		content = replyContent(message.reply as NonNullable<InboundMessage['reply']>);
	}

	const contact = ctx.state.contact(message.from);
	if (message.name) contact.name = message.name;
	const extras = { ...ctx.state.messaging.user(contact.waId) };
	if (message.username !== undefined) extras.username = message.username;
	if (message.hidePhone !== undefined) extras.phoneHidden = message.hidePhone;
	ctx.state.messaging.users.set(contact.waId, extras);

	const now = ctx.clock.now();
	const messageId = `wamid.${Buffer.concat([Buffer.from([0x1c, 0x18, contact.waId.length]), Buffer.from(contact.waId), randomBytes(12)]).toString('base64')}`;
	const profile: Record<string, unknown> = { name: contact.name };
	if (extras.username) profile.username = extras.username;
	const contactEntry: Record<string, unknown> = { profile };
	if (!extras.phoneHidden) contactEntry.wa_id = contact.waId;
	if (number.identityCheck) contactEntry.identity_key_hash = contact.identityKeyHash;
	contactEntry.user_id = contact.userId;
	const item: Record<string, unknown> = {};
	if (!extras.phoneHidden) item.from = contact.waId;
	item.from_user_id = contact.userId;
	item.id = messageId;
	item.timestamp = String(Math.floor(now / 1000));
	if (message.contextMessageId !== undefined) item.context = { from: webhookDisplayNumber(number), id: message.contextMessageId };
	item.type = type;
	item[type] = content;
	ctx.state.messaging.rememberInbound({ id: messageId, phoneNumberId: number.id, waId: contact.waId, type, createdAt: now, readAt: null, typingUntil: null });
	const value = messagesValue(number, { contacts: [contactEntry], messages: [item] });
	return { messageId, mediaId, delivery: emitChange(ctx, 'messages', waba, value, number) };
}
