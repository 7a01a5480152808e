/**
 * Every Meta fact the sandbox relies on, in one place, each with its source in
 * docs/meta-api.md (§) or marked [inferred]. When Meta turns out to differ,
 * change the constant here and the sandbox's own tests show what moved.
 */

/** Meta's error codes, titles and HTTP statuses (docs/meta-api.md §4). */
export const META_ERRORS = {
	/** §4.2: access token invalid (HTTP 401). */
	invalidToken: { code: 190, status: 401, type: 'OAuthException' },
	/** Graph: no access token at all, HTTP 400 (not 401), code 104. */
	missingToken: { code: 104, status: 400, type: 'OAuthException' },
	/** Graph: an app token is needed (`/<APP_ID>/subscriptions`). [inferred from Graph's #15] */
	appTokenRequired: { code: 15, status: 400, type: 'OAuthException', title: 'This method must be called with an app access_token.' },
	/** §4.2: invalid or unsupported parameter. */
	invalidParameter: { code: 100, status: 400, type: 'OAuthException', title: 'Invalid parameter' },
	/** Graph: unknown object ID (code 100, subcode 33, GraphMethodException). [inferred from Graph] */
	unknownObject: { code: 100, subcode: 33, status: 400, type: 'GraphMethodException' },
	/** Graph: a path the node does not have. [inferred from Graph] */
	unknownPath: { code: 2500, status: 400, type: 'OAuthException' },
	/** Graph: callback verification failed when setting a callback URL. [inferred from Graph's #2200] */
	callbackVerificationFailed: { code: 2200, status: 400, type: 'OAuthException', title: 'Callback verification failed' },
	/** §4.2: missing parameter inside a message payload. */
	missingParameter: { code: 131008, status: 400, type: 'OAuthException', title: 'Required parameter is missing' },
	/** §4.2: invalid parameter value inside a message payload. */
	invalidParameterValue: { code: 131009, status: 400, type: 'OAuthException', title: 'Parameter value is not valid' },
	/** §4.1 example: throughput reached. */
	throughput: { code: 130429, status: 400, type: 'OAuthException', title: 'Rate limit hit' },
	/** §4.2: pair rate limit. */
	pairRate: { code: 131056, status: 400, type: 'OAuthException', title: '(Business Account, Consumer Account) pair rate limit hit' },
	/** §1.4: request_code on a verified number (HTTP 400); title from the Graph request_code edge reference. */
	alreadyVerified: { code: 136024, status: 400, type: 'OAuthException', title: 'Request code error' },
	/**
	 * Wrong verification code. docs/meta-api.md §4.2 lists 136025 as [inferred], but the Graph
	 * reference of the `verify_code` edge (developers.facebook.com/docs/graph-api/reference/
	 * whats-app-business-account-to-number-current-status/verify_code) lists exactly two errors:
	 * "136025 Verify code error" and "100 Invalid parameter". So 136025 it is.
	 */
	wrongCode: { code: 136025, status: 400, type: 'OAuthException', title: 'Verify code error' },
	/** §4.2 + Graph register edge: two-step PIN mismatch. */
	pinMismatch: { code: 133005, status: 400, type: 'OAuthException', title: 'Two step verification PIN Mismatch' },
	/** §4.2 + Graph register edge: re-verification needed before register. */
	reverificationNeeded: { code: 133006, status: 400, type: 'OAuthException', title: 'Phone number re-verification needed' },
	/** §4.2 + Graph register edge: not registered (also sending from an unregistered number). */
	notRegistered: { code: 133010, status: 400, type: 'OAuthException', title: 'The account is not registered' },
	/** §1.6/§4.2 + Graph register edge title. */
	registrationLimit: {
		code: 133016,
		status: 400,
		type: 'OAuthException',
		title: 'Registration or Deregistration failed because there were too many attempts for this phone number in a short period of time',
	},
	/**
	 * Registering past the registered-number cap (§5). No source gives the code: 100 with a
	 * clear `details` is the sandbox's guess. [inferred]
	 */
	registeredNumberCap: { code: 100, status: 400, type: 'OAuthException', title: 'Invalid parameter' },
	/** §1.3: the number already exists (HTTP 409). Code not documented. [inferred] */
	numberExists: { code: 100, status: 409, type: 'OAuthException', title: 'Invalid parameter' },
	/** §1.3: phone-number limit of the WABA exceeded (HTTP 403). Code not documented. [inferred] */
	numberLimit: { code: 100, status: 403, type: 'OAuthException', title: 'Invalid parameter' },
	/** §1.14: username errors (from SDK code). */
	usernameUnavailable: { code: 147001, status: 400, type: 'OAuthException', title: 'Username not available' },
	usernameForceTransfer: { code: 147005, status: 400, type: 'OAuthException', title: 'Username belongs to another phone number; use force_transfer' },
	/** §4.2: unknown server errors (fault injection). */
	serverError: { code: 131000, status: 500, type: 'OAuthException', title: 'Something went wrong' },
	serviceUnavailable: { code: 2, status: 503, type: 'OAuthException', title: 'Service temporarily unavailable' },
} as const;

export type MetaErrorKind = keyof typeof META_ERRORS;

/** §1.10/§3.4: the failed-status error for an identity key hash mismatch. Title and details are undocumented. */
export const IDENTITY_MISMATCH = {
	code: 137000,
	title: 'Identity key hash mismatch',
	message: 'Identity key hash mismatch',
	details: "The recipient's identity key hash does not match the one sent; the message was not delivered.",
	href: '/documentation/business-messaging/whatsapp/support/error-codes',
} as const;

/** §1.6/§1.7/§5: register and deregister each allow 10 calls per number per 72 h, then 133016 blocks for 72 h. */
export const REGISTRATION_LIMIT = { calls: 10, windowMs: 72 * 60 * 60 * 1000, blockMs: 72 * 60 * 60 * 1000 } as const;

/** §1.2/§5: a verified OTP stays VERIFIED for 14 days. */
export const VERIFICATION_VALIDITY_MS = 14 * 24 * 60 * 60 * 1000;

/** §5: registered numbers per business: 2, raised to 20 once the business is verified. */
export const REGISTERED_NUMBER_CAP = { unverified: 2, verified: 20 } as const;

/**
 * The `business_capability_update` value sent when the business is verified and the cap rises 2 → 20.
 * §5 (phone numbers guide) says it carries `max_phone_numbers_per_business`; §3.8's table says that key
 * appears only at the 250 limit and `max_phone_numbers_per_waba` otherwise. The sandbox follows §5, the
 * page that describes this very event; `max_daily_conversations_per_business` uses the example's
 * integer form (§3.8: accept both integer and TIER_* string). [doc conflict]
 */
export const CAPABILITY_UPDATE_ON_VERIFY = { max_daily_conversations_per_business: 2000, max_phone_numbers_per_business: 20 } as const;

/** [inferred] numbers a WABA may hold (business_capability_update example shows 25, §3.8). */
export const NUMBERS_PER_WABA = 25;

/** §5: throughput per number by default (messages per second). */
export const DEFAULT_THROUGHPUT_PER_SECOND = 80;

/**
 * §4.2/§7.9: pair rate ~1 message per 6 s per recipient with bursts up to 45 (third-party summaries
 * of Meta's numbers). Configurable through options.pairRate.
 */
export const DEFAULT_PAIR_RATE = { burst: 45, perSeconds: 6 } as const;

/**
 * The version an unversioned path (`/<ID>`) is served with: Graph uses the app's default version
 * (https://developers.facebook.com/docs/apps/versions); the sandbox's app is on the version the
 * docs' examples use (§5).
 */
export const DEFAULT_GRAPH_VERSION = 'v25.0';

/** §1.6: data localization regions accepted by register. */
export const DATA_LOCALIZATION_REGIONS = ['AU', 'ID', 'IN', 'JP', 'SG', 'KR', 'DE', 'CH', 'GB', 'BR', 'BH', 'ZA', 'AE', 'CA'] as const;

/**
 * §1.10: the identity-check key the sandbox accepts inside `user_identity_change`. The guide and all
 * its examples use `enable_identity_key_check`; the v23 schema says `enabled`. The sandbox accepts
 * only the guide's name and rejects `enabled` with a clear 100 error, so a core that sends the
 * schema's name fails loudly here instead of silently on Meta. Add 'enabled' to accept both.
 */
export const IDENTITY_CHECK_KEYS: readonly string[] = ['enable_identity_key_check'];

/**
 * §1.10: whether `GET /settings` echoes `user_identity_change`. Undocumented, so the sandbox does not
 * echo it: a core must keep its own record, as the reference advises.
 */
export const SETTINGS_ECHO_IDENTITY_CHECK = false;

/** §1.11: fields that follow number/WABA overrides; every other field goes to the app callback. */
export const OVERRIDABLE_FIELDS: ReadonlySet<string> = new Set([
	'messages',
	'message_echoes',
	'calls',
	'consumer_profile',
	'messaging_handovers',
	'group_lifecycle_update',
	'group_participants_update',
	'group_settings_update',
	'group_status_update',
	'smb_message_echoes',
	'smb_app_state_sync',
	'history',
	'account_settings_update',
]);

/** §1.11: override URIs are at most 200 characters. */
export const OVERRIDE_URI_MAX_LENGTH = 200;

/** §3.2: webhook fields an app can subscribe to (the sandbox subscribes to all of them by default). */
export const WEBHOOK_FIELDS = [
	'account_alerts',
	'account_review_update',
	'account_settings_update',
	'account_update',
	'business_capability_update',
	'business_username_updates',
	'calls',
	'message_echoes',
	'message_template_quality_update',
	'message_template_status_update',
	'messages',
	'phone_number_name_update',
	'phone_number_quality_update',
	'security',
	'template_category_update',
	'user_id_update',
] as const;

/** §1.1: fields returned when `fields` is omitted. */
export const DEFAULT_NUMBER_FIELDS = ['id', 'display_phone_number', 'verified_name', 'quality_rating'] as const;

/** §1.1: `limit` bounds and Graph's default page size. [default 25 inferred from Graph] */
export const LIST_LIMIT = { min: 1, max: 100, default: 25 } as const;

/** §1.14: username rules. */
export const USERNAME_RULES = { minLength: 3, maxLength: 35 } as const;

/** §2: text body limit. [inferred: Meta's long-standing 4096 characters] */
export const TEXT_BODY_MAX_LENGTH = 4096;

/** §2: reply buttons per interactive button message. [inferred: long-standing 1–3, titles ≤ 20] */
export const REPLY_BUTTONS = { min: 1, max: 3, titleMaxLength: 20 } as const;

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
