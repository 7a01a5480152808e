/**
 * Normalized webhook events: what n8n's trigger emits, what the relay stores and fans out, and
 * what Zapier's instant triggers return. One event per meaningful thing in a Meta POST (a batch
 * may hold many entries, changes, messages and statuses).
 */

export const WEBHOOK_EVENT_TYPES = [
	'statusChanged',
	'identityMismatch',
	'identityHashObserved',
	'messageStatus',
	'inboundMessage',
	'qualityChanged',
	'nameReviewed',
	'capabilityChanged',
	'accountReview',
	'usernameChanged',
	'other',
	'rejectedChange',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEventBase {
	type: WebhookEventType;
	/**
	 * Stable across Meta's redeliveries of the same thing, different for different things
	 * (e.g. `messageStatus:<wamid>:<status>`), so receivers can drop duplicates.
	 */
	dedupeKey: string;
	/** `entry[].id`: the WABA ID. */
	wabaId: string;
	/** `metadata.phone_number_id` where Meta gives it. */
	phoneNumberId?: string;
	/** `metadata.display_phone_number` or the value's `display_phone_number`. */
	displayPhoneNumber?: string;
	/** `changes[].field`, e.g. `messages`, `account_update`. */
	field: string;
	/** ISO 8601, from the item's timestamp or the entry's time, when Meta gives one. */
	occurredAt?: string;
	/** The Meta object this event was made from (the status, the message, or the change value), untouched. */
	raw: unknown;
}

/** One error as Meta puts it in `statuses[].errors[]`, `messages[].errors[]` or `value.errors[]`. */
export interface WebhookErrorDetail {
	code?: number;
	title?: string;
	message?: string;
	/** `error_data.details`: Meta's longer explanation. */
	details?: string;
	href?: string;
}

/** One `restriction_info[]` item of an `account_update`. */
export interface AccountRestriction {
	/** e.g. RESTRICTED_BIZ_INITIATED_MESSAGING. */
	type: string;
	/** ISO 8601, from the unix `expiration`. */
	expiresAt?: string;
	remediation?: string;
}

export interface StatusChangedEvent extends WebhookEventBase {
	type: 'statusChanged';
	/** account_update's `event` (e.g. ACCOUNT_RESTRICTION, ACCOUNT_RECONNECTED), or another status word. */
	status: string;
	/** `restriction_info[]`: what the account may not do, and until when. */
	restrictions?: AccountRestriction[];
	/** `ban_info.waba_ban_state`: DISABLE, REINSTATE or SCHEDULE_FOR_DISABLE. */
	banState?: string;
	/** `ban_info.waba_ban_date`, as Meta gives it. */
	banDate?: string;
	/** `violation_info.violation_type`. */
	violationType?: string;
	/** `disconnection_info.reason`, e.g. CHANGE_NUMBER, USER_RE_REGISTERED. */
	disconnectionReason?: string;
	/** `disconnection_info.initiated_by`: USER or SYSTEM. */
	disconnectionInitiatedBy?: string;
}

export interface MessageStatusEvent extends WebhookEventBase {
	type: 'messageStatus';
	messageId: string;
	status: string;
	recipientId?: string;
	/** `recipient_user_id`: the business-scoped user ID (BSUID), since 2026. */
	recipientUserId?: string;
	recipientIdentityKeyHash?: string;
	errors?: WebhookErrorDetail[];
}

export interface IdentityMismatchEvent extends WebhookEventBase {
	type: 'identityMismatch';
	messageId: string;
	recipientId?: string;
	/** `recipient_user_id`: the business-scoped user ID (BSUID), when Meta gives one. */
	recipientUserId?: string;
	/** What to do, in the user's words (re-verify outside WhatsApp, resend without a hash, store the new one). */
	nextStep: string;
	/** The 137000 error as Meta sent it. */
	error: WebhookErrorDetail;
}

export interface IdentityHashObservedEvent extends WebhookEventBase {
	type: 'identityHashObserved';
	/**
	 * The WhatsApp ID (phone digits) the hash belongs to. When Meta leaves out the phone number (a
	 * user with a username, 2026), this is the business-scoped user ID instead, so the hash is still kept.
	 */
	waId: string;
	/** The business-scoped user ID (BSUID) when Meta gives one. */
	userId?: string;
	identityKeyHash: string;
	/** `contact` for an inbound message's contact, `status` for a status webhook. */
	source: 'contact' | 'status';
}

export interface InboundMessageEvent extends WebhookEventBase {
	type: 'inboundMessage';
	messageId: string;
	from?: string;
	messageType: string;
	text?: string;
	contactName?: string;
	/** The sender's business-scoped user ID (BSUID), since 2026. */
	userId?: string;
	/** The sender's WhatsApp username, when they adopted one. */
	username?: string;
	identityKeyHash?: string;
	/** `messages[].errors[]`, e.g. 131051 for a message type WhatsApp cannot pass on. */
	errors?: WebhookErrorDetail[];
}

export interface QualityChangedEvent extends WebhookEventBase {
	type: 'qualityChanged';
	event: string;
	/** The messaging limit now: `current_limit`, or `max_daily_conversations_per_business` since Feb 2026. */
	currentLimit?: string;
	oldLimit?: string;
	maxDailyConversationsPerBusiness?: string | number;
}

export interface NameReviewedEvent extends WebhookEventBase {
	type: 'nameReviewed';
	decision: string;
	requestedVerifiedName?: string;
	rejectionReason?: string | null;
}

export interface CapabilityChangedEvent extends WebhookEventBase {
	type: 'capabilityChanged';
	/** Tier strings and integers are both accepted; integers are kept as numbers. */
	maxDailyConversationsPerBusiness?: string | number;
	maxPhoneNumbersPerBusiness?: number;
	maxPhoneNumbersPerWaba?: number;
	/** `max_daily_conversation_per_phone`, deprecated Feb 2026: 250, 2000, 10000, 100000, or -1 for unlimited. */
	maxDailyConversationPerPhone?: number;
	/** The messaging limit as a tier string (TIER_2K, TIER_UNLIMITED…), whichever form Meta used. */
	messagingLimitTier?: string;
}

export interface AccountReviewEvent extends WebhookEventBase {
	type: 'accountReview';
	decision: string;
}

export interface UsernameChangedEvent extends WebhookEventBase {
	type: 'usernameChanged';
	username?: string;
	status: string;
}

export interface OtherEvent extends WebhookEventBase {
	type: 'other';
	/** The value's `event` word when it has one (e.g. a template's APPROVED or REJECTED). */
	event?: string;
	/** For a `messages` change carrying only `value.errors[]`: the system-level error. */
	errors?: WebhookErrorDetail[];
}

/** A change that was not read because reading it could harm the receiver (see `reason`); the other changes of the POST were. */
export interface RejectedChangeEvent extends WebhookEventBase {
	type: 'rejectedChange';
	/** What was wrong and what happened, in plain words (e.g. nested too deeply). */
	reason: string;
	/** Where the change sat in Meta's body: `entry[entryIndex].changes[changeIndex]`. */
	entryIndex: number;
	changeIndex: number;
	/** Always null: the change itself cannot be stored or shown safely. */
	raw: null;
}

export type WebhookEvent =
	| StatusChangedEvent
	| MessageStatusEvent
	| IdentityMismatchEvent
	| IdentityHashObservedEvent
	| InboundMessageEvent
	| QualityChangedEvent
	| NameReviewedEvent
	| CapabilityChangedEvent
	| AccountReviewEvent
	| UsernameChangedEvent
	| OtherEvent
	| RejectedChangeEvent;

/** Result of checking a webhook request; `reason` is safe to show (no secret in it). */
export type VerificationResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** Result of checking and parsing one webhook POST; 400 is a signed body that is not a WhatsApp webhook. */
export type VerifyAndParseResult =
	| { ok: true; events: WebhookEvent[] }
	| { ok: false; status: 400 | 401 | 403; reason: string };

/** Result of Meta's GET verification handshake. */
export type ChallengeResult = { ok: true; challenge: string } | { ok: false; status: 400 | 403; reason: string };
