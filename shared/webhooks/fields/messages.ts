/**
 * The `messages` field (docs/meta-api.md §3.3, §3.4, docs/meta-bsuid.md §2–3, §5): inbound messages
 * (inbound.ts), BSUID changes (system.ts), the contacts' identity hashes, statuses (with identity
 * mismatches, error 137000) and system-level errors. People are named by phone number when Meta
 * gives one and by business-scoped user ID (BSUID) always, so nothing is lost when the phone number
 * is left out.
 */
import { ERROR_CATALOG } from '../../errors';
import { begin, ChangeContext, EventOf, finish } from '../context';
import { claimContentKey, claimIdentityHash, claimIn, keyPart } from '../dedupe';
import { isoFromUnix } from '../isoTime';
import { asId, asList, asString, isObject, JsonObject } from '../values';
import { normalizeErrors } from './errorDetails';
import { contactFor, inboundMessageEvent, profileOf } from './inbound';
import { userIdChange, userIdChangedEvent } from './system';

/** Meta's code for "the recipient's identity key changed" on a failed status (docs/meta-api.md §4.2). */
export const IDENTITY_MISMATCH_CODE = 137000;

const IDENTITY_MISMATCH_NEXT_STEP =
	ERROR_CATALOG[IDENTITY_MISMATCH_CODE]?.nextStep ??
	'Re-verify the person outside WhatsApp, then send once without an identity hash and store the new hash that comes back.';

const MISMATCH_MARKER = '\u0000mismatch';

/** Who an identity hash belongs to: the phone number, or the BSUID when Meta leaves the number out. */
interface HashOwner {
	waId: string;
	userId: string | undefined;
	parentUserId: string | undefined;
	username: string | undefined;
}

function statusEvents(ctx: ChangeContext, status: JsonObject, contacts: readonly JsonObject[]): void {
	const messageId = asId(status.id);
	const word = asString(status.status) ?? 'unknown';
	const occurredAt = isoFromUnix(status.timestamp) ?? isoFromUnix(ctx.entryTime);
	const recipientId = asId(status.recipient_id);
	// Since the BSUID rollout sent, delivered and read statuses may carry `contacts[]` (docs/meta-bsuid.md §3).
	const contact = contacts.length ? contactFor(contacts, recipientId, asString(status.recipient_user_id)) : undefined;
	const recipientUserId = asString(status.recipient_user_id) ?? asString(contact?.user_id);
	const recipientParentUserId = asString(status.recipient_parent_user_id) ?? asString(status.parent_recipient_user_id) ?? asString(contact?.parent_user_id);
	const recipientUsername = asString(profileOf(contact)?.username);
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
		if (recipientParentUserId !== undefined) event.recipientParentUserId = recipientParentUserId;
		if (recipientUsername !== undefined) event.recipientUsername = recipientUsername;
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
			if (recipientParentUserId !== undefined) event.recipientParentUserId = recipientParentUserId;
			event.nextStep = IDENTITY_MISMATCH_NEXT_STEP;
			event.error = mismatch;
			finish(ctx, event, status);
		}
	}

	const waId = recipientId ?? recipientUserId;
	if (hash && waId) identityHashEvent(ctx, { waId, userId: recipientUserId, parentUserId: recipientParentUserId, username: recipientUsername }, hash, 'status', occurredAt, status);
}

function identityHashEvent(ctx: ChangeContext, owner: HashOwner, hash: string, source: 'contact' | 'status', occurredAt: string | undefined, raw: JsonObject): void {
	if (!claimIdentityHash(ctx, owner.waId, hash)) return;
	const key = `identityHashObserved:${keyPart(ctx.phoneNumberId ?? '')}:${keyPart(owner.waId)}:${keyPart(hash)}`;
	const event = begin<EventOf<'identityHashObserved'>>(ctx, 'identityHashObserved', key, occurredAt);
	event.waId = owner.waId;
	if (owner.userId !== undefined) event.userId = owner.userId;
	if (owner.parentUserId !== undefined) event.parentUserId = owner.parentUserId;
	if (owner.username !== undefined) event.username = owner.username;
	event.identityKeyHash = hash;
	event.source = source;
	finish(ctx, event, raw);
}

/** Inbound messages (and BSUID changes), contact hashes, statuses, then system errors, in that order. */
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
		// Version 1 receivers got BSUID changes as inbound system messages, and still do.
		const system = ctx.eventVersion >= 2 ? userIdChange(message) : undefined;
		if (system) {
			userIdChangedEvent(ctx, message, system, occurredAt);
			continue;
		}
		const contact = contacts.length ? contactFor(contacts, asId(message.from), asString(message.from_user_id)) : undefined;
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
		const owner = { waId, userId, parentUserId: asString(contact.parent_user_id), username: asString(profileOf(contact)?.username) };
		identityHashEvent(ctx, owner, hash, 'contact', occurredAt, contact);
	}

	for (const status of asList(value.statuses)) if (isObject(status)) statusEvents(ctx, status, contacts);

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
