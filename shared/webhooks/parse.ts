/**
 * Turns Meta's webhook POST body into normalized events (types.ts). Every entry, every change and
 * every status, message, contact and error inside them is read (meta-api.md §3.2–3.11).
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
 * - everything else, and items without an ID: `<type>:<field>:<sha256 of field, WABA ID, entry time
 *   and the sorted-key JSON of the item>` (first 32 hex characters)
 * Events with a key already produced earlier in the same body are dropped.
 */
import { createHash } from 'node:crypto';
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

/** Meta's code for "the recipient's identity key changed" on a failed status (meta-api.md §4.2). */
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
const STATUS_BEARING_FIELDS: Readonly<Record<string, readonly string[]>> = {
	account_update: ['event'],
	business_status_update: ['event', 'status'],
};

/** Tier strings for the integer form of the messaging limit (meta-api.md §1.12, §3.8). */
const TIER_BY_LIMIT: Readonly<Record<string, string>> = {
	'50': 'TIER_50',
	'250': 'TIER_250',
	'1000': 'TIER_1K',
	'2000': 'TIER_2K',
	'10000': 'TIER_10K',
	'100000': 'TIER_100K',
	'-1': 'TIER_UNLIMITED',
};

type JsonObject = Record<string, unknown>;
type Specific<T extends WebhookEvent> = Omit<T, keyof WebhookEventBase>;

/** Per-change state, reused across changes of one body so the walk allocates little. */
interface ChangeContext {
	wabaId: string;
	field: string;
	entryTime: unknown;
	phoneNumberId: string | undefined;
	displayPhoneNumber: string | undefined;
	seen: Set<string>;
	out: WebhookEvent[];
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

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

/** Largest unix time (in seconds) a JS Date can show. */
const MAX_UNIX_SECONDS = 8.64e12;

/** ISO 8601 from Meta's unix seconds (a string on items, a number on entries). */
function isoFromUnix(value: unknown): string | undefined {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_UNIX_SECONDS) return undefined;
	return new Date(seconds * 1000).toISOString();
}

/**
 * JSON with object keys sorted at every level, so equal values give equal text whatever order
 * Meta (or a proxy) put the keys in.
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		let out = '[';
		for (let index = 0; index < value.length; index++) out += (index ? ',' : '') + canonicalJson(value[index] ?? null);
		return out + ']';
	}
	if (isObject(value)) {
		let out = '{';
		let first = true;
		for (const key of Object.keys(value).sort()) {
			const inner = value[key];
			if (inner === undefined || typeof inner === 'function') continue;
			out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(inner);
			first = false;
		}
		return out + '}';
	}
	return JSON.stringify(value) ?? 'null';
}

function contentKey(ctx: ChangeContext, type: WebhookEventType, item: unknown): string {
	const entryTime = ctx.entryTime === undefined ? '' : String(ctx.entryTime);
	const digest = createHash('sha256')
		.update(`${ctx.field}\n${ctx.wabaId}\n${entryTime}\n${canonicalJson(item)}`)
		.digest('hex');
	return `${type}:${ctx.field}:${digest.slice(0, 32)}`;
}

function emit<T extends WebhookEvent>(
	ctx: ChangeContext,
	type: T['type'],
	dedupeKey: string,
	occurredAt: string | undefined,
	specific: Specific<T>,
	raw: unknown,
): void {
	if (ctx.seen.has(dedupeKey)) return;
	ctx.seen.add(dedupeKey);
	const event: JsonObject = { type, dedupeKey, wabaId: ctx.wabaId };
	if (ctx.phoneNumberId !== undefined) event.phoneNumberId = ctx.phoneNumberId;
	if (ctx.displayPhoneNumber !== undefined) event.displayPhoneNumber = ctx.displayPhoneNumber;
	event.field = ctx.field;
	if (occurredAt !== undefined) event.occurredAt = occurredAt;
	const values = specific as unknown as JsonObject;
	for (const key in values) if (values[key] !== undefined) event[key] = values[key];
	event.raw = raw;
	ctx.out.push(event as unknown as WebhookEvent);
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

function identityHashKey(ctx: ChangeContext, waId: string, hash: string): string {
	return `identityHashObserved:${ctx.phoneNumberId ?? ''}:${waId}:${hash}`;
}

function statusEvents(ctx: ChangeContext, status: JsonObject): void {
	const messageId = asId(status.id);
	const word = asString(status.status) ?? 'unknown';
	const occurredAt = isoFromUnix(status.timestamp) ?? isoFromUnix(ctx.entryTime);
	const recipientId = asId(status.recipient_id);
	const recipientUserId = asString(status.recipient_user_id);
	const hash = asString(status.recipient_identity_key_hash);
	const errors = normalizeErrors(status.errors);
	const participant = asId(status.recipient_participant_id);
	const statusKey = messageId
		? `messageStatus:${messageId}:${word}${participant ? `:${participant}` : ''}`
		: contentKey(ctx, 'messageStatus', status);
	emit<Extract<WebhookEvent, { type: 'messageStatus' }>>(
		ctx,
		'messageStatus',
		statusKey,
		occurredAt,
		{ messageId: messageId ?? '', status: word, recipientId, recipientUserId, recipientIdentityKeyHash: hash, errors },
		status,
	);
	// Matched on the code alone: Meta's title and details for 137000 are undocumented (meta-api.md §3.4).
	const mismatch = errors?.find((error) => error.code === IDENTITY_MISMATCH_CODE);
	if (mismatch) {
		emit<Extract<WebhookEvent, { type: 'identityMismatch' }>>(
			ctx,
			'identityMismatch',
			messageId ? `identityMismatch:${messageId}` : contentKey(ctx, 'identityMismatch', status),
			occurredAt,
			{ messageId: messageId ?? '', recipientId, recipientUserId, nextStep: IDENTITY_MISMATCH_NEXT_STEP, error: mismatch },
			status,
		);
	}
	const waId = recipientId ?? recipientUserId;
	if (hash && waId) {
		emit<Extract<WebhookEvent, { type: 'identityHashObserved' }>>(
			ctx,
			'identityHashObserved',
			identityHashKey(ctx, waId, hash),
			occurredAt,
			{ waId, userId: recipientUserId, identityKeyHash: hash, source: 'status' },
			status,
		);
	}
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

function messagesChangeEvents(ctx: ChangeContext, value: JsonObject): void {
	const metadata = isObject(value.metadata) ? value.metadata : undefined;
	ctx.phoneNumberId = asId(metadata?.phone_number_id);
	ctx.displayPhoneNumber = asString(metadata?.display_phone_number);
	const contacts = asList(value.contacts).filter(isObject);
	const messages = asList(value.messages).filter(isObject);
	const contactTime = new Map<JsonObject, string | undefined>();

	for (const message of messages) {
		const messageId = asId(message.id);
		const occurredAt = isoFromUnix(message.timestamp) ?? isoFromUnix(ctx.entryTime);
		const contact = contactFor(contacts, message);
		if (contact && !contactTime.has(contact)) contactTime.set(contact, occurredAt);
		const profile = contact && isObject(contact.profile) ? contact.profile : undefined;
		const messageType = asString(message.type) ?? 'unknown';
		const text = messageType === 'text' && isObject(message.text) ? asString(message.text.body) : undefined;
		emit<Extract<WebhookEvent, { type: 'inboundMessage' }>>(
			ctx,
			'inboundMessage',
			messageId ? `inboundMessage:${messageId}` : contentKey(ctx, 'inboundMessage', message),
			occurredAt,
			{
				messageId: messageId ?? '',
				from: asId(message.from),
				messageType,
				text,
				contactName: asString(profile?.name),
				userId: asString(contact?.user_id) ?? asString(message.from_user_id),
				username: asString(profile?.username),
				identityKeyHash: asString(contact?.identity_key_hash),
				errors: normalizeErrors(message.errors),
			},
			message,
		);
	}

	for (const contact of contacts) {
		const hash = asString(contact.identity_key_hash);
		const userId = asString(contact.user_id);
		const waId = asId(contact.wa_id) ?? userId;
		if (!hash || !waId) continue;
		emit<Extract<WebhookEvent, { type: 'identityHashObserved' }>>(
			ctx,
			'identityHashObserved',
			identityHashKey(ctx, waId, hash),
			contactTime.get(contact) ?? isoFromUnix(ctx.entryTime),
			{ waId, userId, identityKeyHash: hash, source: 'contact' },
			contact,
		);
	}

	for (const status of asList(value.statuses)) if (isObject(status)) statusEvents(ctx, status);

	for (const error of asList(value.errors)) {
		if (!isObject(error)) continue;
		emit<Extract<WebhookEvent, { type: 'other' }>>(
			ctx,
			'other',
			contentKey(ctx, 'other', { phoneNumberId: ctx.phoneNumberId ?? null, error }),
			isoFromUnix(ctx.entryTime),
			{ errors: normalizeErrors([error]) },
			error,
		);
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
	return number === undefined ? undefined : TIER_BY_LIMIT[String(number)];
}

function limitValue(value: unknown): string | number | undefined {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
}

/** @returns false when the value does not have the shape of its field, so the caller passes it on as `other`. */
function accountLevelEvents(ctx: ChangeContext, value: JsonObject): boolean {
	const occurredAt = isoFromUnix(ctx.entryTime);
	const key = (type: WebhookEventType) => contentKey(ctx, type, value);
	const statusKeys = STATUS_BEARING_FIELDS[ctx.field];
	if (statusKeys) {
		let status: string | undefined;
		for (const statusKey of statusKeys) if ((status = asString(value[statusKey]))) break;
		if (!status) return false;
		const ban = isObject(value.ban_info) ? value.ban_info : undefined;
		const violation = isObject(value.violation_info) ? value.violation_info : undefined;
		const disconnection = isObject(value.disconnection_info) ? value.disconnection_info : undefined;
		emit<Extract<WebhookEvent, { type: 'statusChanged' }>>(ctx, 'statusChanged', key('statusChanged'), occurredAt, {
			status,
			restrictions: restrictionsOf(value.restriction_info),
			banState: asString(ban?.waba_ban_state),
			banDate: asId(ban?.waba_ban_date),
			violationType: asString(violation?.violation_type),
			disconnectionReason: asString(disconnection?.reason),
			disconnectionInitiatedBy: asString(disconnection?.initiated_by),
		}, value);
		return true;
	}
	switch (ctx.field) {
		case 'phone_number_quality_update': {
			const event = asString(value.event);
			if (!event) return false;
			const perBusiness = limitValue(value.max_daily_conversations_per_business);
			emit<Extract<WebhookEvent, { type: 'qualityChanged' }>>(ctx, 'qualityChanged', key('qualityChanged'), occurredAt, {
				event,
				currentLimit: asString(value.current_limit) ?? tierOf(perBusiness),
				oldLimit: asString(value.old_limit),
				maxDailyConversationsPerBusiness: perBusiness,
			}, value);
			return true;
		}
		case 'phone_number_name_update': {
			const decision = asString(value.decision);
			if (!decision) return false;
			const rejection = value.rejection_reason;
			emit<Extract<WebhookEvent, { type: 'nameReviewed' }>>(ctx, 'nameReviewed', key('nameReviewed'), occurredAt, {
				decision,
				requestedVerifiedName: asString(value.requested_verified_name),
				rejectionReason: rejection === null ? null : asString(rejection),
			}, value);
			return true;
		}
		case 'business_capability_update': {
			const perBusiness = limitValue(value.max_daily_conversations_per_business);
			const perPhone = asNumber(value.max_daily_conversation_per_phone);
			const numbersPerBusiness = asNumber(value.max_phone_numbers_per_business);
			const numbersPerWaba = asNumber(value.max_phone_numbers_per_waba);
			if (perBusiness === undefined && perPhone === undefined && numbersPerBusiness === undefined && numbersPerWaba === undefined) {
				return false;
			}
			emit<Extract<WebhookEvent, { type: 'capabilityChanged' }>>(ctx, 'capabilityChanged', key('capabilityChanged'), occurredAt, {
				maxDailyConversationsPerBusiness: perBusiness,
				maxPhoneNumbersPerBusiness: numbersPerBusiness,
				maxPhoneNumbersPerWaba: numbersPerWaba,
				maxDailyConversationPerPhone: perPhone,
				messagingLimitTier: tierOf(perBusiness ?? perPhone),
			}, value);
			return true;
		}
		case 'account_review_update': {
			const decision = asString(value.decision);
			if (!decision) return false;
			emit<Extract<WebhookEvent, { type: 'accountReview' }>>(ctx, 'accountReview', key('accountReview'), occurredAt, { decision }, value);
			return true;
		}
		case 'business_username_updates':
		case 'business_username_update': {
			const status = asString(value.status);
			if (!status) return false;
			emit<Extract<WebhookEvent, { type: 'usernameChanged' }>>(ctx, 'usernameChanged', key('usernameChanged'), occurredAt, {
				username: asString(value.username),
				status,
			}, value);
			return true;
		}
		default:
			return false;
	}
}

function otherEvent(ctx: ChangeContext, value: unknown): void {
	emit<Extract<WebhookEvent, { type: 'other' }>>(
		ctx,
		'other',
		contentKey(ctx, 'other', value ?? null),
		isoFromUnix(ctx.entryTime),
		{ event: isObject(value) ? asString(value.event) : undefined },
		value,
	);
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

const BODY_EXPECTED = 'Pass the body of Meta’s webhook POST (the raw bytes, a string, or the parsed JSON object).';

function envelopeOf(body: unknown): JsonObject {
	let parsed: unknown = body;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		const text =
			typeof body === 'string'
				? body
				: (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)).toString('utf8');
		if (text.trim() === '') throw inputError('body', 'is empty, so there is no webhook to read', BODY_EXPECTED);
		try {
			parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		} catch {
			throw inputError('body', 'is not valid JSON, so it is not a webhook from Meta', BODY_EXPECTED);
		}
	}
	if (!isObject(parsed)) throw inputError('body', 'is not a JSON object, so it is not a webhook from Meta', BODY_EXPECTED);
	if (parsed.object !== WHATSAPP_WEBHOOK_OBJECT) {
		const given = typeof parsed.object === 'string' ? `"${parsed.object.slice(0, 60)}"` : 'missing';
		throw inputError(
			'object',
			`is ${given}, so this is not a WhatsApp Business Account webhook`,
			`Meta’s WhatsApp webhooks have "object": "${WHATSAPP_WEBHOOK_OBJECT}"; subscribe this URL to the WhatsApp Business Account object in the App Dashboard.`,
		);
	}
	if (!Array.isArray(parsed.entry)) {
		throw inputError('entry', 'is missing, so the webhook carries nothing to read', 'Meta’s webhooks carry an "entry" list; pass the body exactly as Meta sent it.');
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
		seen: new Set(),
		out: [],
	};
	for (let entryIndex = 0; entryIndex < entries.length; entryIndex++) {
		const entry = entries[entryIndex];
		const wabaId = isObject(entry) ? asId(entry.id) : undefined;
		if (!isObject(entry) || wabaId === undefined) {
			throw inputError(`entry[${entryIndex}]`, 'has no "id" (the WhatsApp Business Account ID)', 'Pass the body exactly as Meta sent it.');
		}
		if (entry.changes === undefined) continue;
		if (!Array.isArray(entry.changes)) {
			throw inputError(`entry[${entryIndex}].changes`, 'is not a list', 'Pass the body exactly as Meta sent it.');
		}
		ctx.wabaId = wabaId;
		ctx.entryTime = entry.time;
		for (let changeIndex = 0; changeIndex < entry.changes.length; changeIndex++) {
			const change: unknown = entry.changes[changeIndex];
			if (!isObject(change)) {
				throw inputError(`entry[${entryIndex}].changes[${changeIndex}]`, 'is not an object', 'Pass the body exactly as Meta sent it.');
			}
			changeEvents(ctx, change);
		}
	}
	return ctx.out;
}
