/**
 * Normalized webhook events: what n8n's trigger emits, what the relay stores and fans out, and
 * what Zapier's instant triggers return. One event per meaningful thing in a Meta POST (a batch
 * may hold many entries, changes, messages and statuses).
 */

/**
 * The event types of the first release, before BSUID changes and template changes had their own
 * types (they came as `inboundMessage` and `other`). `parseWebhook(body, { eventVersion: 1 })`
 * produces only these, for receivers built on that release (version 1 of the n8n trigger).
 */
export const WEBHOOK_EVENT_TYPES_V1 = [
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

/** Every event type: the first release's, then those added since (appended, never reordered). */
export const WEBHOOK_EVENT_TYPES = [...WEBHOOK_EVENT_TYPES_V1, 'userIdChanged', 'templateStatusChanged', 'templateQualityChanged', 'templateCategoryChanged'] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Which set of event types a parse produces: 1 as the first release (see WEBHOOK_EVENT_TYPES_V1), 2 the current one. */
export type WebhookEventVersion = 1 | 2;

export interface ParseOptions {
	/** Default 2 (every type of WEBHOOK_EVENT_TYPES). */
	eventVersion?: WebhookEventVersion;
}

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
	/** `recipient_user_id`: the business-scoped user ID (BSUID), since 2026 (docs/meta-bsuid.md §3). */
	recipientUserId?: string;
	/** `recipient_parent_user_id`: the parent BSUID, only where parent BSUIDs are enabled. */
	recipientParentUserId?: string;
	/** The recipient's username, from the status's `contacts[]` (delivered and read, when they have one). */
	recipientUsername?: string;
	recipientIdentityKeyHash?: string;
	errors?: WebhookErrorDetail[];
}

export interface IdentityMismatchEvent extends WebhookEventBase {
	type: 'identityMismatch';
	messageId: string;
	recipientId?: string;
	/** `recipient_user_id`: the business-scoped user ID (BSUID), when Meta gives one. */
	recipientUserId?: string;
	/** `recipient_parent_user_id`: the parent BSUID, only where parent BSUIDs are enabled. */
	recipientParentUserId?: string;
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
	/** The parent BSUID, only where parent BSUIDs are enabled. */
	parentUserId?: string;
	/** The person's WhatsApp username, when the contact shows one. */
	username?: string;
	identityKeyHash: string;
	/** `contact` for an inbound message's contact, `status` for a status webhook. */
	source: 'contact' | 'status';
}

/** A media file of an inbound message (docs/meta-messaging.md §3.1): download it by `id` (valid 7 days). */
export interface InboundMedia {
	/** The media ID, for `GET /<MEDIA_ID>` and the download. */
	id: string;
	mimeType?: string;
	/** Base64 SHA-256 of the file, as the webhook gives it. */
	sha256?: string;
	caption?: string;
	/** Documents only. */
	filename?: string;
	/** Audio only: true for a voice note. */
	voice?: boolean;
	/** Stickers only. */
	animated?: boolean;
}

/** What an inbound message answers or quotes (`context`): a reply, a forward, or a tap on a button of a business message. */
export interface InboundContext {
	/** The message replied to (`context.id`). */
	messageId?: string;
	/** Who sent that message (`context.from`): the business number for replies to the business. */
	from?: string;
	forwarded?: boolean;
	frequentlyForwarded?: boolean;
}

/** A tap on a reply button or list row (`interactive`), or on a template's quick-reply button (`button`). */
export interface InboundReply {
	/** `button_reply`, `list_reply`, `nfm_reply` (a flow), or `button` (template quick reply). */
	type: string;
	/** The button or row ID the business set (`payload` for template buttons). */
	id?: string;
	/** What the person tapped, as shown to them. */
	title?: string;
	/** List rows only. */
	description?: string;
}

export interface InboundMessageEvent extends WebhookEventBase {
	type: 'inboundMessage';
	messageId: string;
	/** The sender's phone number (WhatsApp ID); left out by Meta when the user hides it (docs/meta-bsuid.md §2). */
	from?: string;
	messageType: string;
	/** The text of a text message. */
	text?: string;
	contactName?: string;
	/** The sender's business-scoped user ID (BSUID), since 2026: always there, phone number or not. */
	userId?: string;
	/** The sender's parent BSUID, only where parent BSUIDs are enabled. */
	parentUserId?: string;
	/** The sender's WhatsApp username, when they adopted one. */
	username?: string;
	identityKeyHash?: string;
	/** image, video, audio, document and sticker messages. */
	media?: InboundMedia;
	/** Replies and forwards. */
	context?: InboundContext;
	/** Button and list replies. */
	reply?: InboundReply;
	/** Location messages. */
	location?: { latitude?: number; longitude?: number; name?: string; address?: string };
	/** Reactions: the message reacted to and the emoji (empty when a reaction is removed). */
	reaction?: { messageId?: string; emoji?: string };
	/** `messages[].errors[]`, e.g. 131051 for a message type WhatsApp cannot pass on. */
	errors?: WebhookErrorDetail[];
}

/**
 * A person's business-scoped user ID changed (docs/meta-bsuid.md §5): a `messages` system message
 * of type `user_changed_number` (a new phone number, which they share) or `user_changed_user_id`
 * (only the BSUID change can be reported). Store the new BSUID in place of the previous one.
 */
export interface UserIdChangedEvent extends WebhookEventBase {
	type: 'userIdChanged';
	messageId: string;
	/** `system.type`: `user_changed_number`, `user_changed_user_id`, or the older `customer_changed_number`. */
	systemType: string;
	/** The new BSUID. */
	userId?: string;
	previousUserId?: string;
	parentUserId?: string;
	previousParentUserId?: string;
	/** The person's phone number after the change, when Meta shares it (`system.wa_id`; `new_wa_id` in older payloads). */
	waId?: string;
	/** The phone number before the change (the message's `from` of a `user_changed_number`). */
	previousWaId?: string;
	/** Meta's sentence about the change. */
	body?: string;
}

/** Fields every template event carries (docs/meta-templates.md §6). */
export interface TemplateEventBase extends WebhookEventBase {
	/** `message_template_id`, as a string (Meta sends a number here, unlike every other ID). */
	templateId: string;
	templateName?: string;
	/** As Meta wrote it (`en_US` or `en-US`: compare after turning `-` into `_`). */
	templateLanguage?: string;
}

/** `message_template_status_update`: a template was approved, rejected, paused, disabled… */
export interface TemplateStatusChangedEvent extends TemplateEventBase {
	type: 'templateStatusChanged';
	/** Meta's `event`: APPROVED, REJECTED, PAUSED, DISABLED, PENDING, IN_APPEAL, FLAGGED, REINSTATED, PENDING_DELETION, DELETED… */
	event: string;
	/** The rejection reason (INVALID_FORMAT, PROMOTIONAL…), NONE otherwise; null kept as Meta sends it. */
	reason?: string | null;
	/** `message_template_category`. */
	category?: string;
	/** `rejection_info` (INVALID_FORMAT rejections): what is wrong and how to fix it. */
	rejectionInfo?: { reason?: string; recommendation?: string };
	/** `disable_info.disable_date`, as ISO 8601 when Meta gives unix seconds. */
	disableDate?: string;
	/** `other_info` of pauses, unpauses, locks: `title` FIRST_PAUSE, SECOND_PAUSE, RATE_LIMITING_PAUSE, UNPAUSE, DISABLED. */
	otherInfo?: { title?: string; description?: string };
}

/** `message_template_quality_update`: GREEN, YELLOW, RED or UNKNOWN. */
export interface TemplateQualityChangedEvent extends TemplateEventBase {
	type: 'templateQualityChanged';
	/** `new_quality_score`. */
	qualityScore: string;
	previousQualityScore?: string;
}

/**
 * `template_category_update`: Meta announces a recategorization 24 hours ahead (`correctCategory`,
 * `categoryUpdateAt`) and then reports it done (`previousCategory`).
 */
export interface TemplateCategoryChangedEvent extends TemplateEventBase {
	type: 'templateCategoryChanged';
	/** `new_category`: the category now (on an announcement, still the current one). */
	category: string;
	previousCategory?: string;
	/** Announcements: the category the template will get. */
	correctCategory?: string;
	/** Announcements: when it changes, ISO 8601. */
	categoryUpdateAt?: string;
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
	| RejectedChangeEvent
	| UserIdChangedEvent
	| TemplateStatusChangedEvent
	| TemplateQualityChangedEvent
	| TemplateCategoryChangedEvent;

/** Result of checking a webhook request; `reason` is safe to show (no secret in it). */
export type VerificationResult = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** Result of checking and parsing one webhook POST; 400 is a signed body that is not a WhatsApp webhook. */
export type VerifyAndParseResult =
	| { ok: true; events: WebhookEvent[] }
	| { ok: false; status: 400 | 401 | 403; reason: string };

/** Result of Meta's GET verification handshake. */
export type ChallengeResult = { ok: true; challenge: string } | { ok: false; status: 400 | 403; reason: string };
