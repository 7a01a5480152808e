/**
 * Turns Meta's webhook POST body into normalized events (types.ts). Every entry, every change and
 * every status, message, contact and error inside them is read (docs/meta-api.md §3.2–3.11).
 *
 * Mapping (change field → events):
 * | field                                   | events                                                                 |
 * |-----------------------------------------|------------------------------------------------------------------------|
 * | messages: `statuses[]`                  | messageStatus each; + identityMismatch if an error has code 137000;    |
 * |                                         | + identityHashObserved (source status) if `recipient_identity_key_hash`|
 * | messages: `messages[]`                  | inboundMessage each (text body for type text; sender from `contacts[]`)|
 * | messages: `contacts[]`                  | identityHashObserved (source contact) for each `identity_key_hash`     |
 * | messages: `value.errors[]`              | other each, with `errors` (system-level error, no message)             |
 * | account_update                          | statusChanged (status = `event`; restriction, ban, violation and       |
 * |                                         | disconnection info lifted out)                                         |
 * | business_status_update [inferred shape] | statusChanged (status = `event` or `status`)                           |
 * | phone_number_quality_update             | qualityChanged                                                         |
 * | phone_number_name_update                | nameReviewed                                                           |
 * | business_capability_update              | capabilityChanged (tier strings and integers, and the deprecated       |
 * |                                         | per-phone key)                                                         |
 * | account_review_update                   | accountReview                                                          |
 * | business_username_updates (+ singular)  | usernameChanged                                                        |
 * | anything else (templates, user_id_update, calls, flows…) | other, with the value's `event` word when it has one  |
 * A known field whose value lacks its key word (`event`, `decision`, `status`…) becomes `other`:
 * a shape we do not know is passed through raw rather than guessed at.
 *
 * Dedupe keys (stable across Meta's redeliveries; equal keys mean the same fact):
 * - messageStatus: `messageStatus:<wamid>:<status>` (+ `:<recipient_participant_id>` for group sends)
 * - inboundMessage: `inboundMessage:<wamid>`; identityMismatch: `identityMismatch:<wamid>`
 * - identityHashObserved: `identityHashObserved:<phoneNumberId>:<waId>:<hash>`, the same from a contact
 *   and from a status, so one hash seen on sent, delivered and read is stored once
 * - everything else, and items without an ID: `<type>:<field>:<digest>`, the digest being the first
 *   22 base64url characters (132 bits) of the sha256 of type, field, WABA ID, entry time and the
 *   sorted-key JSON of the item (the change value; the error for `value.errors[]`)
 * Events with a key already produced earlier in the same body are dropped.
 */
import * as crypto from 'node:crypto';
import { ERROR_CATALOG, inputError } from '../errors';
import type {
	AccountRestriction,
	WebhookErrorDetail,
	WebhookEvent,
	WebhookEventBase,
	WebhookEventType,
} from './types';

/** `object` of every WhatsApp Business Account webhook. */
export const WHATSAPP_WEBHOOK_OBJECT = 'whatsapp_business_account';

/** Meta's code for "the recipient's identity key changed" on a failed status (docs/meta-api.md §4.2). */
export const IDENTITY_MISMATCH_CODE = 137000;

const IDENTITY_MISMATCH_NEXT_STEP =
	ERROR_CATALOG[IDENTITY_MISMATCH_CODE]?.nextStep ??
	'Re-verify the person outside WhatsApp, then send once without an identity hash and store the new hash that comes back.';

/**
 * Which subscription fields produce which event types; lets a trigger subscribe to exactly the
 * fields its chosen events need. `other` can come from any field.
 */
export const EVENT_TYPE_FIELDS: Readonly<Record<WebhookEventType, readonly string[]>> = {
	statusChanged: ['account_update', 'business_status_update'],
	identityMismatch: ['messages'],
	identityHashObserved: ['messages'],
	messageStatus: ['messages'],
	inboundMessage: ['messages'],
	qualityChanged: ['phone_number_quality_update'],
	nameReviewed: ['phone_number_name_update'],
	capabilityChanged: ['business_capability_update'],
	accountReview: ['account_review_update'],
	usernameChanged: ['business_username_updates'],
	other: [],
};

/**
 * Fields whose value carries an account-level status word, and the keys holding it (first found
 * wins). `business_status_update`'s shape is not in the reference [inferred]; change it here.
 */
const STATUS_BEARING_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
	['account_update', ['event']],
	['business_status_update', ['event', 'status']],
]);

/** Tier strings for the integer form of the messaging limit (docs/meta-api.md §1.12, §3.8). */
const TIER_BY_LIMIT: ReadonlyMap<number, string> = new Map([
	[50, 'TIER_50'],
	[250, 'TIER_250'],
	[1000, 'TIER_1K'],
	[2000, 'TIER_2K'],
	[10000, 'TIER_10K'],
	[100000, 'TIER_100K'],
	[-1, 'TIER_UNLIMITED'],
]);

type JsonObject = Record<string, unknown>;
/** An event being built: the common fields are set by `begin`, the caller sets the rest. */
type Draft<T extends WebhookEvent> = Partial<T>;
type EventOf<K extends WebhookEventType> = Extract<WebhookEvent, { type: K }>;

/** Per-change state, reused across changes of one body so the walk allocates little. */
interface ChangeContext {
	wabaId: string;
	field: string;
	entryTime: unknown;
	phoneNumberId: string | undefined;
	displayPhoneNumber: string | undefined;
	/*
	 * What this body already produced, to drop repeats. Looked up by strings that already exist
	 * (Meta's IDs and hashes, content digests) rather than by the joined dedupe key: hashing a
	 * freshly joined string for every event cost a sixth of the whole walk.
	 */
	/** Content digests of events keyed by content. */
	seenDigests: Set<string>;
	/** Message ID → what was produced for it (a status word, or a NUL-prefixed marker no status word can equal). */
	seenByMessage: Map<string, string[]>;
	/** Phone number ID → WhatsApp ID → identity hashes produced. */
	seenHashes: Map<string, Map<string, string[]>>;
	out: WebhookEvent[];
}

const INBOUND_MARKER = '\u0000inbound';
const MISMATCH_MARKER = '\u0000mismatch';

const isObject = (value: unknown): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const NOTHING: readonly unknown[] = Object.freeze([]);
const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : NOTHING);

/** IDs arrive as strings, but a few (template IDs, some test tools' WABA IDs) as numbers. */
function asId(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
	return undefined;
}

const pad2 = (value: number): string => (value < 10 ? '0' : '') + value;

/** `YYYY-MM-DD` of a day counted from 1970-01-01, by the days-to-civil algorithm (H. Hinnant). */
function civilDate(days: number): string {
	const shifted = days + 719_468;
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
	);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	return `${year}-${pad2(month)}-${pad2(day)}`;
}

// The events of one delivery nearly always share a day, so its date text is kept between calls.
let cachedDay = -1;
let cachedDate = '';

/**
 * ISO 8601, exactly as `Date.toISOString` gives it, from whole unix seconds. `toISOString` costs
 * about as much as reading the rest of an event, and a batch has one timestamp per event.
 */
function isoFromWholeSeconds(seconds: number): string {
	const days = Math.floor(seconds / 86_400);
	if (days !== cachedDay) {
		cachedDate = civilDate(days);
		cachedDay = days;
	}
	const secondOfDay = seconds - days * 86_400;
	const hour = Math.floor(secondOfDay / 3_600);
	const minute = Math.floor((secondOfDay - hour * 3_600) / 60);
	const second = secondOfDay - hour * 3_600 - minute * 60;
	return `${cachedDate}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.000Z`;
}

/** 1970 to 9999: where the fast path matches `toISOString` (four-digit years). */
const MAX_FAST_UNIX_SECONDS = 253_402_300_799;
/** Largest unix time (in seconds) a JS Date can show. */
const MAX_UNIX_SECONDS = 8.64e12;

/**
 * ISO 8601 from Meta's unix seconds (a string on items, a number on entries); undefined when the
 * value is not a time.
 */
export function isoFromUnix(value: unknown): string | undefined {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_UNIX_SECONDS) return undefined;
	if (Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_FAST_UNIX_SECONDS) return isoFromWholeSeconds(seconds);
	return new Date(seconds * 1000).toISOString();
}

// Meta's key names repeat endlessly; their JSON form is kept (bounded, as keys come from outside).
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 1_000;

function quotedKey(key: string): string {
	let quoted = QUOTED_KEYS.get(key);
	if (quoted === undefined) {
		quoted = JSON.stringify(key);
		if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
	}
	return quoted;
}

/**
 * JSON with object keys sorted at every level, so equal values give equal text whatever order
 * Meta (or a proxy) put the keys in.
 */
export function canonicalJson(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object':
			break;
		default:
			return 'null';
	}
	if (value === null) return 'null';
	if (Array.isArray(value)) {
		let out = '[';
		for (let index = 0; index < value.length; index++) out += (index ? ',' : '') + canonicalJson(value[index]);
		return out + ']';
	}
	const object = value as JsonObject;
	const keys = Object.keys(object);
	if (keys.length > 1) keys.sort();
	let out = '{';
	let first = true;
	for (const key of keys) {
		const inner = object[key];
		if (inner === undefined || typeof inner === 'function') continue;
		out += (first ? '' : ',') + quotedKey(key) + ':' + canonicalJson(inner);
		first = false;
	}
	return out + '}';
}

/** base64url characters of the sha256 kept in content keys: 132 bits, ample against collisions. */
const CONTENT_DIGEST_LENGTH = 22;

/** `crypto.hash` (Node ≥ 20.12) skips the Hash object; older Node takes the long way. */
const sha256Base64url: (text: string) => string =
	typeof crypto.hash === 'function'
		? (text) => crypto.hash('sha256', text, 'base64url')
		: (text) => crypto.createHash('sha256').update(text).digest('base64url');

/**
 * The dedupe key of an event keyed by content, or undefined when this body already produced it.
 * The digest covers the event type, the field, the WABA ID, the entry time and the sorted-key JSON
 * of the item, so a redelivery (same bytes, or the same JSON with keys reordered) gives the same key.
 */
function claimContentKey(ctx: ChangeContext, type: WebhookEventType, item: unknown): string | undefined {
	const entryTime = ctx.entryTime === undefined ? '' : String(ctx.entryTime);
	const digest = sha256Base64url(`${type}\n${ctx.field}\n${ctx.wabaId}\n${entryTime}\n${canonicalJson(item)}`);
	if (ctx.seenDigests.has(digest)) return undefined;
	ctx.seenDigests.add(digest);
	return `${type}:${ctx.field}:${digest.slice(0, CONTENT_DIGEST_LENGTH)}`;
}

/** @returns false when `what` was already produced for `primary` in this body. */
function claimIn(produced: Map<string, string[]>, primary: string, what: string): boolean {
	const list = produced.get(primary);
	if (list === undefined) produced.set(primary, [what]);
	else if (list.includes(what)) return false;
	else list.push(what);
	return true;
}

function claimIdentityHash(ctx: ChangeContext, waId: string, hash: string): boolean {
	const phoneKey = ctx.phoneNumberId ?? '';
	let byWaId = ctx.seenHashes.get(phoneKey);
	if (byWaId === undefined) ctx.seenHashes.set(phoneKey, (byWaId = new Map()));
	return claimIn(byWaId, waId, hash);
}

/**
 * A new event with the common fields set, for the caller to fill. Fields are set only when Meta
 * gave them (outputs carry no `undefined` keys), with plain stores: the walk runs for every event
 * of every delivery, and building from a spec object cost more than the rest of the walk.
 */
function begin<T extends WebhookEvent>(
	ctx: ChangeContext,
	type: T['type'],
	dedupeKey: string,
	occurredAt: string | undefined,
): Draft<T> {
	const { phoneNumberId, displayPhoneNumber } = ctx;
	// Per-number events have all three; one literal then spares the object its shape changes.
	if (phoneNumberId !== undefined && displayPhoneNumber !== undefined && occurredAt !== undefined) {
		const event = { type, dedupeKey, wabaId: ctx.wabaId, phoneNumberId, displayPhoneNumber, field: ctx.field, occurredAt };
		return event as Draft<T>;
	}
	const event: Partial<WebhookEventBase> = { type, dedupeKey, wabaId: ctx.wabaId };
	if (phoneNumberId !== undefined) event.phoneNumberId = phoneNumberId;
	if (displayPhoneNumber !== undefined) event.displayPhoneNumber = displayPhoneNumber;
	event.field = ctx.field;
	if (occurredAt !== undefined) event.occurredAt = occurredAt;
	return event as Draft<T>;
}

/** Adds `raw` last (so it ends the object when shown) and hands the event out. */
function finish<T extends WebhookEvent>(ctx: ChangeContext, event: Draft<T>, raw: unknown): void {
	event.raw = raw;
	ctx.out.push(event as T);
}

/** Meta's `{code, title, message, error_data: {details}, href}` list, with unknown keys left in `raw`. */
function normalizeErrors(value: unknown): WebhookErrorDetail[] | undefined {
	if (!Array.isArray(value) || value.length === 0) return undefined;
	const errors: WebhookErrorDetail[] = [];
	for (const item of value) {
		if (!isObject(item)) continue;
		const detail: WebhookErrorDetail = {};
		const code = asNumber(item.code);
		if (code !== undefined) detail.code = code;
		const title = asString(item.title);
		if (title !== undefined) detail.title = title;
		const message = asString(item.message);
		if (message !== undefined) detail.message = message;
		const details = isObject(item.error_data) ? asString(item.error_data.details) : asString(item.error_data);
		if (details !== undefined) detail.details = details;
		const href = asString(item.href);
		if (href !== undefined) detail.href = href;
		errors.push(detail);
	}
	return errors.length ? errors : undefined;
}

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
		? claimIn(ctx.seenByMessage, messageId, what) ? `messageStatus:${messageId}:${what}` : undefined
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
			? claimIn(ctx.seenByMessage, messageId, MISMATCH_MARKER) ? `identityMismatch:${messageId}` : undefined
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
	const key = `identityHashObserved:${ctx.phoneNumberId ?? ''}:${waId}:${hash}`;
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

function inboundMessageEvent(
	ctx: ChangeContext,
	message: JsonObject,
	contact: JsonObject | undefined,
	occurredAt: string | undefined,
): void {
	const messageId = asId(message.id);
	const key = messageId
		? claimIn(ctx.seenByMessage, messageId, INBOUND_MARKER) ? `inboundMessage:${messageId}` : undefined
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

function messagesChangeEvents(ctx: ChangeContext, value: JsonObject): void {
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

function restrictionsOf(value: unknown): AccountRestriction[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const restrictions: AccountRestriction[] = [];
	for (const item of value) {
		if (!isObject(item)) continue;
		const restriction: AccountRestriction = { type: asString(item.restriction_type) ?? 'UNKNOWN' };
		const expiresAt = isoFromUnix(item.expiration);
		if (expiresAt !== undefined) restriction.expiresAt = expiresAt;
		const remediation = asString(item.remediation);
		if (remediation !== undefined) restriction.remediation = remediation;
		restrictions.push(restriction);
	}
	return restrictions;
}

/** Integers become the tier strings Meta uses elsewhere; unknown integers give no tier (the number stays). */
function tierOf(limit: unknown): string | undefined {
	if (typeof limit === 'string' && limit.startsWith('TIER_')) return limit;
	const number = asNumber(limit);
	return number === undefined ? undefined : TIER_BY_LIMIT.get(number);
}

function limitValue(value: unknown): string | number | undefined {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
}

function firstStatusWord(value: JsonObject, keys: readonly string[]): string | undefined {
	for (const key of keys) {
		const word = asString(value[key]);
		if (word) return word;
	}
	return undefined;
}

/**
 * A new event for an account-level change (one event per change, keyed by the change's content), or
 * undefined when this body already produced it.
 */
function beginAccountEvent<K extends WebhookEventType>(
	ctx: ChangeContext,
	type: K,
	value: JsonObject,
): Draft<EventOf<K>> | undefined {
	const key = claimContentKey(ctx, type, value);
	if (key === undefined) return undefined;
	return begin<EventOf<K>>(ctx, type as EventOf<K>['type'], key, isoFromUnix(ctx.entryTime));
}

function statusChangedEvent(ctx: ChangeContext, value: JsonObject, status: string): void {
	const event = beginAccountEvent(ctx, 'statusChanged', value);
	if (!event) return;
	event.status = status;
	const restrictions = restrictionsOf(value.restriction_info);
	if (restrictions !== undefined) event.restrictions = restrictions;
	const ban = isObject(value.ban_info) ? value.ban_info : undefined;
	const banState = asString(ban?.waba_ban_state);
	if (banState !== undefined) event.banState = banState;
	const banDate = asId(ban?.waba_ban_date);
	if (banDate !== undefined) event.banDate = banDate;
	const violationType = isObject(value.violation_info) ? asString(value.violation_info.violation_type) : undefined;
	if (violationType !== undefined) event.violationType = violationType;
	const disconnection = isObject(value.disconnection_info) ? value.disconnection_info : undefined;
	const disconnectionReason = asString(disconnection?.reason);
	if (disconnectionReason !== undefined) event.disconnectionReason = disconnectionReason;
	const initiatedBy = asString(disconnection?.initiated_by);
	if (initiatedBy !== undefined) event.disconnectionInitiatedBy = initiatedBy;
	finish(ctx, event, value);
}

/** @returns false when the value does not have the shape of its field, so the caller passes it on as `other`. */
function accountLevelEvents(ctx: ChangeContext, value: JsonObject): boolean {
	const field = ctx.field;
	const statusKeys = STATUS_BEARING_FIELDS.get(field);
	if (statusKeys) {
		const status = firstStatusWord(value, statusKeys);
		if (!status) return false;
		statusChangedEvent(ctx, value, status);
		return true;
	}
	if (field === 'phone_number_quality_update') {
		const qualityEvent = asString(value.event);
		if (!qualityEvent) return false;
		const event = beginAccountEvent(ctx, 'qualityChanged', value);
		if (!event) return true;
		const perBusiness = limitValue(value.max_daily_conversations_per_business);
		const currentLimit = asString(value.current_limit) ?? tierOf(perBusiness);
		const oldLimit = asString(value.old_limit);
		event.event = qualityEvent;
		if (currentLimit !== undefined) event.currentLimit = currentLimit;
		if (oldLimit !== undefined) event.oldLimit = oldLimit;
		if (perBusiness !== undefined) event.maxDailyConversationsPerBusiness = perBusiness;
		finish(ctx, event, value);
		return true;
	}
	if (field === 'phone_number_name_update') {
		const decision = asString(value.decision);
		if (!decision) return false;
		const event = beginAccountEvent(ctx, 'nameReviewed', value);
		if (!event) return true;
		const requestedVerifiedName = asString(value.requested_verified_name);
		// null is Meta's "no reason" and is kept as such; a missing key stays missing.
		const rejectionReason = value.rejection_reason === null ? null : asString(value.rejection_reason);
		event.decision = decision;
		if (requestedVerifiedName !== undefined) event.requestedVerifiedName = requestedVerifiedName;
		if (rejectionReason !== undefined) event.rejectionReason = rejectionReason;
		finish(ctx, event, value);
		return true;
	}
	if (field === 'business_capability_update') {
		const perBusiness = limitValue(value.max_daily_conversations_per_business);
		const perPhone = asNumber(value.max_daily_conversation_per_phone);
		const numbersPerBusiness = asNumber(value.max_phone_numbers_per_business);
		const numbersPerWaba = asNumber(value.max_phone_numbers_per_waba);
		const limits = [perBusiness, perPhone, numbersPerBusiness, numbersPerWaba];
		if (limits.every((limit) => limit === undefined)) return false;
		const event = beginAccountEvent(ctx, 'capabilityChanged', value);
		if (!event) return true;
		const tier = tierOf(perBusiness ?? perPhone);
		if (perBusiness !== undefined) event.maxDailyConversationsPerBusiness = perBusiness;
		if (numbersPerBusiness !== undefined) event.maxPhoneNumbersPerBusiness = numbersPerBusiness;
		if (numbersPerWaba !== undefined) event.maxPhoneNumbersPerWaba = numbersPerWaba;
		if (perPhone !== undefined) event.maxDailyConversationPerPhone = perPhone;
		if (tier !== undefined) event.messagingLimitTier = tier;
		finish(ctx, event, value);
		return true;
	}
	if (field === 'account_review_update') {
		const decision = asString(value.decision);
		if (!decision) return false;
		const event = beginAccountEvent(ctx, 'accountReview', value);
		if (!event) return true;
		event.decision = decision;
		finish(ctx, event, value);
		return true;
	}
	if (field === 'business_username_updates' || field === 'business_username_update') {
		const status = asString(value.status);
		if (!status) return false;
		const event = beginAccountEvent(ctx, 'usernameChanged', value);
		if (!event) return true;
		const username = asString(value.username);
		if (username !== undefined) event.username = username;
		event.status = status;
		finish(ctx, event, value);
		return true;
	}
	return false;
}

function otherEvent(ctx: ChangeContext, value: unknown): void {
	const key = claimContentKey(ctx, 'other', value ?? null);
	if (key === undefined) return;
	const event = begin<EventOf<'other'>>(ctx, 'other', key, isoFromUnix(ctx.entryTime));
	const word = isObject(value) ? asString(value.event) : undefined;
	if (word !== undefined) event.event = word;
	finish(ctx, event, value);
}

function changeEvents(ctx: ChangeContext, change: JsonObject): void {
	const value = change.value;
	ctx.field = asString(change.field) ?? 'unknown';
	ctx.phoneNumberId = undefined;
	ctx.displayPhoneNumber = undefined;
	if (!isObject(value)) return otherEvent(ctx, value);
	if (ctx.field === 'messages') return messagesChangeEvents(ctx, value);
	// Other per-number fields (calls, echoes…) carry `metadata` like messages; account-level values name
	// the number only by its display form (`phone_number` on some account_update events).
	const metadata = isObject(value.metadata) ? value.metadata : undefined;
	ctx.phoneNumberId = asId(metadata?.phone_number_id) ?? asId(value.phone_number_id);
	ctx.displayPhoneNumber =
		asString(metadata?.display_phone_number) ?? asString(value.display_phone_number) ?? asString(value.phone_number);
	if (!accountLevelEvents(ctx, value)) otherEvent(ctx, value);
}

const AS_SENT = 'Pass the body exactly as Meta sent it.';
const BODY_EXPECTED = 'Pass the body of Meta’s webhook POST (the raw bytes, a string, or the parsed JSON object).';

function envelopeOf(body: unknown): JsonObject {
	let parsed: unknown = body;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		const text =
			typeof body === 'string'
				? body
				: Buffer.isBuffer(body)
					? body.toString('utf8')
					: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
		if (text.trim() === '') throw inputError('body', 'is empty, so there is no webhook to read', BODY_EXPECTED);
		try {
			parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		} catch {
			throw inputError('body', 'is not valid JSON, so it is not a webhook from Meta', BODY_EXPECTED);
		}
	}
	if (!isObject(parsed)) throw inputError('body', 'is not a JSON object, so it is not a webhook from Meta', BODY_EXPECTED);
	if (parsed.object !== WHATSAPP_WEBHOOK_OBJECT) {
		// Echoed only when it looks like an object name: the text comes from an unverified sender and ends up in logs.
		const given =
			typeof parsed.object !== 'string'
				? 'missing'
				: /^[\w.-]{1,60}$/.test(parsed.object)
					? `"${parsed.object}"`
					: 'not a known object name';
		throw inputError(
			'object',
			`is ${given}, so this is not a WhatsApp Business Account webhook`,
			`Meta’s WhatsApp webhooks have "object": "${WHATSAPP_WEBHOOK_OBJECT}"; subscribe this URL to the WhatsApp Business Account object in the App Dashboard.`,
		);
	}
	if (!Array.isArray(parsed.entry)) {
		throw inputError(
			'entry',
			'is missing, so the webhook carries nothing to read',
			'Meta’s webhooks carry an "entry" list; pass the body exactly as Meta sent it.',
		);
	}
	return parsed;
}

/**
 * Reads a WhatsApp webhook POST into normalized events, in body order (entries, then changes; within
 * a `messages` change: inbound messages, contact hashes, statuses, then system errors).
 *
 * @param body The raw body (Buffer, Uint8Array or string) or the already parsed JSON object.
 * @returns One event per meaningful thing; `[]` for a valid envelope with no changes.
 * @throws WhatsAppError (invalid_input) when the body is not JSON, not a WhatsApp Business Account
 *   webhook, or has no `entry` list (or an entry or change that is not an object).
 */
export function parseWebhook(body: unknown): WebhookEvent[] {
	const envelope = envelopeOf(body);
	const entries = envelope.entry as unknown[];
	const ctx: ChangeContext = {
		wabaId: '',
		field: '',
		entryTime: undefined,
		phoneNumberId: undefined,
		displayPhoneNumber: undefined,
		seenDigests: new Set(),
		seenByMessage: new Map(),
		seenHashes: new Map(),
		out: [],
	};
	for (let entryIndex = 0; entryIndex < entries.length; entryIndex++) {
		const entry = entries[entryIndex];
		const wabaId = isObject(entry) ? asId(entry.id) : undefined;
		if (!isObject(entry) || wabaId === undefined) {
			throw inputError(`entry[${entryIndex}]`, 'has no "id" (the WhatsApp Business Account ID)', AS_SENT);
		}
		if (entry.changes === undefined) continue;
		if (!Array.isArray(entry.changes)) {
			throw inputError(`entry[${entryIndex}].changes`, 'is not a list', AS_SENT);
		}
		ctx.wabaId = wabaId;
		ctx.entryTime = entry.time;
		for (let changeIndex = 0; changeIndex < entry.changes.length; changeIndex++) {
			const change: unknown = entry.changes[changeIndex];
			if (!isObject(change)) {
				throw inputError(`entry[${entryIndex}].changes[${changeIndex}]`, 'is not an object', AS_SENT);
			}
			changeEvents(ctx, change);
		}
	}
	return ctx.out;
}
