/**
 * The `messages` field (docs/meta-api.md §3.3, §3.4): inbound messages, the contacts' identity
 * hashes, statuses (with identity mismatches, error 137000) and system-level errors.
 */
import { ERROR_CATALOG } from '../../errors';
import { begin, ChangeContext, EventOf, finish } from '../context';
import { claimContentKey, claimIdentityHash, claimIn, keyPart } from '../dedupe';
import { isoFromUnix } from '../isoTime';
import { asId, asList, asString, isObject, JsonObject } from '../values';
import { normalizeErrors } from './errorDetails';

/** Meta's code for "the recipient's identity key changed" on a failed status (docs/meta-api.md §4.2). */
export const IDENTITY_MISMATCH_CODE = 137000;

const IDENTITY_MISMATCH_NEXT_STEP =
	ERROR_CATALOG[IDENTITY_MISMATCH_CODE]?.nextStep ??
	'Re-verify the person outside WhatsApp, then send once without an identity hash and store the new hash that comes back.';

const INBOUND_MARKER = '\u0000inbound';
const MISMATCH_MARKER = '\u0000mismatch';

function statusEvents(ctx: ChangeContext, status: JsonObject): void {
	const messageId = asId(status.id);
	const word = asString(status.status) ?? 'unknown';
	const occurredAt = isoFromUnix(status.timestamp) ?? isoFromUnix(ctx.entryTime);
	const recipientId = asId(status.recipient_id);
	const recipientUserId = asString(status.recipient_user_id);
	const hash = asString(status.recipient_identity_key_hash);
	const errors = normalizeErrors(status.errors);
	// Group sends report one status per participant under the same message ID.
	const participant = asId(status.recipient_participant_id);
	const what = participant ? `${word}:${participant}` : word;

	const statusKey = messageId
		? claimIn(ctx.seenByMessage, messageId, what) ? `messageStatus:${keyPart(messageId)}:${keyPart(what)}` : undefined
		: claimContentKey(ctx, 'messageStatus', status);
	if (statusKey !== undefined) {
		const event = begin<EventOf<'messageStatus'>>(ctx, 'messageStatus', statusKey, occurredAt);
		event.messageId = messageId ?? '';
		event.status = word;
		if (recipientId !== undefined) event.recipientId = recipientId;
		if (recipientUserId !== undefined) event.recipientUserId = recipientUserId;
		if (hash !== undefined) event.recipientIdentityKeyHash = hash;
		if (errors !== undefined) event.errors = errors;
		finish(ctx, event, status);
	}

	// Matched on the code alone: Meta's title and details for 137000 are undocumented (docs/meta-api.md §3.4).
	const mismatch = errors?.find((error) => error.code === IDENTITY_MISMATCH_CODE);
	if (mismatch) {
		const mismatchKey = messageId
			? claimIn(ctx.seenByMessage, messageId, MISMATCH_MARKER) ? `identityMismatch:${keyPart(messageId)}` : undefined
			: claimContentKey(ctx, 'identityMismatch', status);
		if (mismatchKey !== undefined) {
			const event = begin<EventOf<'identityMismatch'>>(ctx, 'identityMismatch', mismatchKey, occurredAt);
			event.messageId = messageId ?? '';
			if (recipientId !== undefined) event.recipientId = recipientId;
			if (recipientUserId !== undefined) event.recipientUserId = recipientUserId;
			event.nextStep = IDENTITY_MISMATCH_NEXT_STEP;
			event.error = mismatch;
			finish(ctx, event, status);
		}
	}

	const waId = recipientId ?? recipientUserId;
	if (hash && waId) identityHashEvent(ctx, waId, recipientUserId, hash, 'status', occurredAt, status);
}

function identityHashEvent(
	ctx: ChangeContext,
	waId: string,
	userId: string | undefined,
	hash: string,
	source: 'contact' | 'status',
	occurredAt: string | undefined,
	raw: JsonObject,
): void {
	if (!claimIdentityHash(ctx, waId, hash)) return;
	const key = `identityHashObserved:${keyPart(ctx.phoneNumberId ?? '')}:${keyPart(waId)}:${keyPart(hash)}`;
	const event = begin<EventOf<'identityHashObserved'>>(ctx, 'identityHashObserved', key, occurredAt);
	event.waId = waId;
	if (userId !== undefined) event.userId = userId;
	event.identityKeyHash = hash;
	event.source = source;
	finish(ctx, event, raw);
}

function contactFor(contacts: JsonObject[], message: JsonObject): JsonObject | undefined {
	const from = asId(message.from);
	const fromUserId = asString(message.from_user_id);
	for (const contact of contacts) {
		if (from !== undefined && asId(contact.wa_id) === from) return contact;
		if (fromUserId !== undefined && asString(contact.user_id) === fromUserId) return contact;
	}
	// A one-contact change is about that contact even when the message leaves out `from` (username users, 2026).
	return contacts.length === 1 && from === undefined ? contacts[0] : undefined;
}

function inboundMessageEvent(ctx: ChangeContext, message: JsonObject, contact: JsonObject | undefined, occurredAt: string | undefined): void {
	const messageId = asId(message.id);
	const key = messageId
		? claimIn(ctx.seenByMessage, messageId, INBOUND_MARKER) ? `inboundMessage:${keyPart(messageId)}` : undefined
		: claimContentKey(ctx, 'inboundMessage', message);
	if (key === undefined) return;
	const event = begin<EventOf<'inboundMessage'>>(ctx, 'inboundMessage', key, occurredAt);
	const profile = contact && isObject(contact.profile) ? contact.profile : undefined;
	const messageType = asString(message.type) ?? 'unknown';
	const from = asId(message.from);
	const text = messageType === 'text' && isObject(message.text) ? asString(message.text.body) : undefined;
	const contactName = asString(profile?.name);
	const userId = asString(contact?.user_id) ?? asString(message.from_user_id);
	const username = asString(profile?.username);
	const identityKeyHash = asString(contact?.identity_key_hash);
	const errors = normalizeErrors(message.errors);
	event.messageId = messageId ?? '';
	if (from !== undefined) event.from = from;
	event.messageType = messageType;
	if (text !== undefined) event.text = text;
	if (contactName !== undefined) event.contactName = contactName;
	if (userId !== undefined) event.userId = userId;
	if (username !== undefined) event.username = username;
	if (identityKeyHash !== undefined) event.identityKeyHash = identityKeyHash;
	if (errors !== undefined) event.errors = errors;
	finish(ctx, event, message);
}

/** Inbound messages, contact hashes, statuses, then system errors, in that order. */
export function messagesChangeEvents(ctx: ChangeContext, value: JsonObject): void {
	const metadata = isObject(value.metadata) ? value.metadata : undefined;
	ctx.phoneNumberId = asId(metadata?.phone_number_id);
	ctx.displayPhoneNumber = asString(metadata?.display_phone_number);
	const contacts: JsonObject[] = [];
	for (const contact of asList(value.contacts)) if (isObject(contact)) contacts.push(contact);
	// A contact's hash is dated by the first message from that contact.
	let contactTimes: Map<JsonObject, string | undefined> | undefined;

	for (const message of asList(value.messages)) {
		if (!isObject(message)) continue;
		const occurredAt = isoFromUnix(message.timestamp) ?? isoFromUnix(ctx.entryTime);
		const contact = contacts.length ? contactFor(contacts, message) : undefined;
		if (contact) {
			contactTimes ??= new Map();
			if (!contactTimes.has(contact)) contactTimes.set(contact, occurredAt);
		}
		inboundMessageEvent(ctx, message, contact, occurredAt);
	}

	for (const contact of contacts) {
		const hash = asString(contact.identity_key_hash);
		const userId = asString(contact.user_id);
		const waId = asId(contact.wa_id) ?? userId;
		if (!hash || !waId) continue;
		const occurredAt = contactTimes?.get(contact) ?? isoFromUnix(ctx.entryTime);
		identityHashEvent(ctx, waId, userId, hash, 'contact', occurredAt, contact);
	}

	for (const status of asList(value.statuses)) if (isObject(status)) statusEvents(ctx, status);

	for (const error of asList(value.errors)) {
		if (!isObject(error)) continue;
		const key = claimContentKey(ctx, 'other', { phoneNumberId: ctx.phoneNumberId ?? null, error });
		if (key === undefined) continue;
		const event = begin<EventOf<'other'>>(ctx, 'other', key, isoFromUnix(ctx.entryTime));
		const errors = normalizeErrors([error]);
		if (errors !== undefined) event.errors = errors;
		finish(ctx, event, error);
	}
}
