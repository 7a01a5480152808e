/**
 * `POST /<PNID>/messages` (docs/meta-api.md §2): validates the payload like Meta (100 for request
 * parameters, 131008 for a missing part of the message, 131009 for an invalid value), requires a
 * CONNECTED number, applies throughput (130429) and pair rate (131056), answers Meta's accepted shape
 * and then delivers the status webhooks: sent → delivered → read, or a single `failed` with 137000
 * when the send's `recipient_identity_key_hash` no longer matches the recipient (§1.10, §3.4).
 * Rich payloads, recipients by BSUID and read receipts live in ../messages/ (docs/meta-messaging.md,
 * docs/meta-bsuid.md).
 */
import { randomBytes } from 'node:crypto';
import { IDENTITY_MISMATCH, MEDIA_TYPES, TEXT_BODY_MAX_LENGTH } from '../constants';
import type { SandboxContext } from '../context';
import { invalidParameter, metaError, requiredParameter } from '../graphError';
import { MEDIA_CAPTION_MAX } from '../messagingConstants';
import { invalid, isText, missing, optionalText } from '../messages/checks';
import { checkInteractive } from '../messages/interactive';
import { checkContacts, checkLocation, checkReaction, checkReferences } from '../messages/payloads';
import { markRead } from '../messages/readReceipt';
import { answerContact, parseRecipient, Recipient, recipientContact } from '../messages/recipient';
import { emitStatus } from '../notify';
import { optionalString, Params, TRANSPORT_KEYS } from '../params';
import type { ContactRecord, NumberRecord } from '../state';
import { checkTemplateSend } from '../templates/checkSend';
import { GraphRequest, GraphResponse, GraphRoute, numberOf } from './types';

const MESSAGE_TYPES = ['text', 'template', ...MEDIA_TYPES, 'interactive', 'location', 'contacts', 'reaction'] as const;
const TOP_LEVEL = new Set<string>([
	'messaging_product',
	'recipient_type',
	'to',
	'recipient',
	'type',
	'context',
	'biz_opaque_callback_data',
	'recipient_identity_key_hash',
	...MESSAGE_TYPES,
]);

export interface ValidatedSend {
	/** `to` or `recipient` as given, and which of the two the send goes by. */
	recipient: Recipient;
	type: string;
	/** The message object (`text`, `image`, …; undefined for `contacts`). */
	part: Record<string, unknown> | undefined;
	hash: string | undefined;
	opaque: string | undefined;
	/** What the sandbox remembers of the message: its object (the list for `contacts`) and the message replied to. */
	content: unknown;
	contextMessageId: string | undefined;
}

function objectPart(params: Params, name: string): Record<string, unknown> | undefined {
	let value = params[name];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw invalid(`The parameter ${name} must be a JSON object.`);
		}
	}
	if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`The parameter ${name} must be a JSON object.`);
	return value as Record<string, unknown>;
}

function checkText(part: Record<string, unknown>): void {
	if (part.body === undefined) throw missing("The parameter text['body'] is required.");
	if (!isText(part.body)) throw invalid("text['body'] must be non-empty text.");
	if (part.body.length > TEXT_BODY_MAX_LENGTH) throw invalid(`text['body'] must be at most ${TEXT_BODY_MAX_LENGTH} characters.`);
	if (part.preview_url !== undefined && typeof part.preview_url !== 'boolean') throw invalid("text['preview_url'] must be true or false.");
}

function checkTemplate(part: Record<string, unknown>): void {
	if (part.name === undefined) throw missing("The parameter template['name'] is required.");
	if (!isText(part.name)) throw invalid("template['name'] must be the template's name.");
	const language = part.language as Record<string, unknown> | undefined;
	if (!language || typeof language !== 'object' || language.code === undefined) throw missing("The parameter template['language']['code'] is required.");
	if (typeof language.code !== 'string' || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(language.code)) {
		throw invalid("template['language']['code'] must be a language code such as en or en_US.");
	}
	if (part.components !== undefined) {
		if (!Array.isArray(part.components)) throw invalid("template['components'] must be a list.");
		for (const component of part.components as Array<Record<string, unknown>>) {
			if (!component || typeof component !== 'object' || !isText(component.type)) throw missing("Each of template['components'] needs a type.");
			if (component.parameters !== undefined && !Array.isArray(component.parameters)) throw invalid("template['components'][]['parameters'] must be a list.");
		}
	}
}

function checkMedia(type: string, part: Record<string, unknown>): void {
	const hasId = part.id !== undefined;
	const hasLink = part.link !== undefined;
	if (!hasId && !hasLink) throw missing(`Please provide either id or link for ${type}.`);
	if (hasId && hasLink) throw invalid(`Send either id or link for ${type}, not both.`);
	if (hasId && !(typeof part.id === 'string' && /^\d+$/.test(part.id))) throw invalid(`${type}['id'] must be the ID of an uploaded media file (digits).`);
	if (hasLink) {
		let url: URL | undefined;
		try {
			url = new URL(String(part.link));
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalid(`${type}['link'] must be an http(s) URL.`);
	}
	if (part.caption !== undefined && (type === 'audio' || type === 'sticker')) throw invalid(`${type} messages cannot have a caption.`);
	optionalText(part.caption, MEDIA_CAPTION_MAX, `${type}['caption']`);
	if (part.filename !== undefined && type !== 'document') throw invalid(`Only document messages have a filename.`);
}

function checkPart(type: string, part: Record<string, unknown>): void {
	if (type === 'text') checkText(part);
	else if (type === 'template') checkTemplate(part);
	else if ((MEDIA_TYPES as readonly string[]).includes(type)) checkMedia(type, part);
	else if (type === 'interactive') checkInteractive(part);
	else if (type === 'location') checkLocation(part);
	else if (type === 'reaction') checkReaction(part);
}

/** Everything Meta would check before accepting a send, in Meta's error codes. */
export function validateSend(params: Params, number: NumberRecord): ValidatedSend {
	const product = optionalString(params, 'messaging_product');
	if (product === undefined) throw requiredParameter('messaging_product');
	if (product !== 'whatsapp') throw invalidParameter('The parameter messaging_product must be whatsapp.');
	const type = optionalString(params, 'type') ?? 'text';
	if (!(MESSAGE_TYPES as readonly string[]).includes(type)) throw invalid(`Unsupported message type ${type}. Use one of ${MESSAGE_TYPES.join(', ')}.`);
	const unknown = Object.keys(params).find((key) => !TOP_LEVEL.has(key) && !TRANSPORT_KEYS.has(key));
	if (unknown) throw invalidParameter(`Unknown parameter ${unknown}.`);
	const recipientType = optionalString(params, 'recipient_type') ?? 'individual';
	if (recipientType !== 'individual') {
		throw invalid(recipientType === 'group' ? 'The sandbox does not simulate group messages; send with recipient_type individual.' : 'recipient_type must be individual or group.');
	}
	const recipient = parseRecipient(params, number);
	let part: Record<string, unknown> | undefined;
	if (type === 'contacts') {
		checkContacts(params.contacts);
	} else {
		part = objectPart(params, type);
		if (!part) throw missing(`The parameter ${type} is required.`);
		checkPart(type, part);
	}
	const hash = params.recipient_identity_key_hash;
	if (hash !== undefined && !isText(hash)) throw invalid('recipient_identity_key_hash must be the hash from a status or inbound webhook.');
	const opaque = params.biz_opaque_callback_data;
	if (opaque !== undefined && (typeof opaque !== 'string' || opaque.length > 512)) throw invalid('biz_opaque_callback_data must be text of at most 512 characters.');
	let contextMessageId: string | undefined;
	if (params.context !== undefined) {
		const context = objectPart(params, 'context');
		if (!context || !isText(context.message_id)) throw missing("The parameter context['message_id'] is required.");
		contextMessageId = context.message_id;
	}
	const content = type === 'contacts' ? params.contacts : part;
	return { recipient, type, part, hash: hash as string | undefined, opaque: opaque as string | undefined, content, contextMessageId };
}

/** A message ID like Meta's (`wamid.HBgL…`): base64 of a small header, the recipient and random bytes. */
export function newWamid(waId: string): string {
	const header = Buffer.from([0x1c, 0x18, waId.length & 0xff]);
	return `wamid.${Buffer.concat([header, Buffer.from(waId), Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]), randomBytes(9)]).toString('base64')}`;
}

async function sendMessage(ctx: SandboxContext, request: GraphRequest): Promise<GraphResponse> {
	const number = numberOf(ctx, request);
	if (request.params.status !== undefined) return markRead(ctx, number, request.params);
	const send = validateSend(request.params, number);
	checkReferences(ctx, number, send.type, send.part, send.recipient);
	return acceptSend(ctx, number, send);
}

/** What differs on `/marketing_messages` (docs/meta-messaging.md §5): `message_status` in the answer and the pricing on statuses. */
export interface SendVariant {
	messageStatus?: string;
	pricing?: Record<string, unknown>;
	/** The edge the send came through (remembered with the message). */
	edge?: string;
}

/** Accepts a validated send: number state, throughput, pair rate, then Meta's answer and the status webhooks. */
export function acceptSend(ctx: SandboxContext, number: NumberRecord, send: ValidatedSend, variant: SendVariant = {}): GraphResponse {
	if (number.status !== 'CONNECTED') throw metaError('notRegistered', 'This phone number is not registered. Register it before sending messages.');
	if (send.type === 'template') checkTemplateSend(ctx, number, send.part);
	// A BSUID nobody has is bad input: refused before it costs throughput.
	const contact = recipientContact(ctx, send.recipient);
	const now = ctx.clock.now();
	if (!ctx.limits.takeThroughput(number.id, number.throughputPerSecond, now)) {
		throw metaError('throughput', `Cloud API message throughput has been reached (${number.throughputPerSecond} messages per second for this number).`);
	}
	if (!ctx.limits.takePair(number.id, contact.waId, now)) {
		throw metaError('pairRate', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.');
	}
	const id = newWamid(contact.waId);
	const mismatch = send.hash !== undefined && send.hash !== contact.identityKeyHash;
	ctx.state.rememberMessage({
		id,
		phoneNumberId: number.id,
		waId: contact.waId,
		type: send.type,
		createdAt: now,
		sentWithHash: send.hash ?? null,
		outcome: mismatch ? 'identity_mismatch' : 'delivered',
		content: send.content,
		...(send.contextMessageId !== undefined ? { contextMessageId: send.contextMessageId } : {}),
		...(send.recipient.userId !== undefined ? { recipientUserId: send.recipient.userId } : {}),
		edge: variant.edge ?? 'messages',
	});
	scheduleStatuses(ctx, number, contact, id, send, mismatch, variant.pricing);
	const message = variant.messageStatus === undefined ? { id } : { id, message_status: variant.messageStatus };
	return { body: { messaging_product: 'whatsapp', contacts: [answerContact(send.recipient, contact)], messages: [message] } };
}

function scheduleStatuses(
	ctx: SandboxContext,
	number: NumberRecord,
	contact: ContactRecord,
	id: string,
	send: ValidatedSend,
	mismatch: boolean,
	pricingOverride?: Record<string, unknown>,
): void {
	const waba = ctx.state.wabas.get(number.wabaId);
	if (!waba) return;
	// §1.10: statuses of a send without a hash carry the recipient's current hash when the check is on.
	const observedHash = send.hash === undefined && number.identityCheck ? contact.identityKeyHash : undefined;
	const emit = (status: string, extra: Record<string, unknown> = {}): void => {
		const item: Record<string, unknown> = { id, status, timestamp: String(Math.floor(ctx.clock.now() / 1000)) };
		// docs/meta-bsuid.md §3: recipient_id only for sends by phone number; recipient_user_id left off a failed one of those.
		const byPhone = send.recipient.waId !== undefined;
		if (byPhone) item.recipient_id = contact.waId;
		if (status !== 'failed' || !byPhone) item.recipient_user_id = contact.userId;
		if (observedHash !== undefined) item.recipient_identity_key_hash = observedHash;
		if (send.opaque !== undefined) item.biz_opaque_callback_data = send.opaque;
		Object.assign(item, extra);
		emitStatus(ctx, waba, number, item);
	};
	const { sentMs, stepMs, read } = ctx.statusTiming;
	if (mismatch) {
		ctx.later(
			() =>
				emit('failed', {
					errors: [
						{
							code: IDENTITY_MISMATCH.code,
							title: IDENTITY_MISMATCH.title,
							message: IDENTITY_MISMATCH.message,
							error_data: { details: IDENTITY_MISMATCH.details },
							href: IDENTITY_MISMATCH.href,
						},
					],
				}),
			sentMs,
		);
		return;
	}
	const pricing =
		pricingOverride ??
		(send.type === 'template'
			? { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' }
			: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
	ctx.later(() => emit('sent', { pricing }), sentMs);
	ctx.later(() => emit('delivered', { pricing }), sentMs + stepMs);
	if (read) ctx.later(() => emit('read'), sentMs + 2 * stepMs);
}

export const messageRoutes: GraphRoute[] = [{ kind: 'number', method: 'POST', edge: 'messages', handle: sendMessage }];
