import type { SeedMessaging } from './messagingState';
import type { SeedTemplate } from './templates/store';

/**
 * The sandbox's seed and saved-state format (one JSON shape for both: `--seed` and `--state` load
 * it, `GET /_sandbox/state` and `--state` write it). Every field is optional in a seed.
 */

export interface SandboxSeed {
	accessToken?: string;
	appId?: string;
	appSecret?: string;
	businessId?: string;
	/** A verified business may register 20 numbers instead of 2 (docs/meta-api.md §5). */
	businessVerified?: boolean;
	/** The app-level webhook subscription (docs/meta-api.md §6). */
	app?: SeedApp;
	wabas?: SeedWaba[];
	contacts?: SeedContact[];
	/** Usernames other businesses hold: asking for one answers 147001. */
	reservedUsernames?: string[];
	/** The next ID `POST /<WABA>/phone_numbers` hands out. */
	nextPhoneNumberId?: string;
	/** Business profiles, marketing-messages onboarding, usernames (media and uploads are not saved). */
	messaging?: SeedMessaging;
	/** The next ID `POST /<WABA>/message_templates` hands out. */
	nextTemplateId?: string;
}

export interface SeedApp {
	callbackUrl?: string | null;
	verifyToken?: string | null;
	/** Webhook fields the app is subscribed to; defaults to all WhatsApp fields. */
	fields?: string[];
}

export interface SeedWaba {
	id: string;
	name?: string;
	/** Whether the app is subscribed to this WABA (`/subscribed_apps`); nothing is delivered otherwise. Default true. */
	subscribed?: boolean;
	overrideCallbackUri?: string | null;
	overrideVerifyToken?: string | null;
	numbers?: SeedNumber[];
	/** Message templates (docs/meta-templates.md); checked like `POST /message_templates`. */
	templates?: SeedTemplate[];
}

export interface SeedNumber {
	id: string;
	/** Country calling code, e.g. "1". */
	cc?: string;
	/** National number digits. */
	phoneNumber?: string;
	/** E.g. "+1 555-010-0001"; parsed into cc + phoneNumber when those are absent. */
	displayPhoneNumber?: string;
	verifiedName?: string;
	requestedVerifiedName?: string | null;
	nameStatus?: string;
	status?: string;
	codeVerificationStatus?: string;
	/** When the OTP was verified (ms since epoch); VERIFIED lapses to EXPIRED 14 days later. */
	verifiedAt?: number | null;
	/** Two-step PIN in clear (seed only); saved state holds `pinHash` instead. */
	pin?: string;
	pinHash?: string | null;
	qualityRating?: string;
	accountMode?: string;
	throughputPerSecond?: number;
	identityCheck?: boolean;
	dataLocalizationRegion?: string | null;
	overrideCallbackUri?: string | null;
	overrideVerifyToken?: string | null;
	username?: string | null;
	usernameStatus?: string | null;
	otp?: { code: string; method: string; language: string; issuedAt: number } | null;
	register?: { attempts: number[]; blockedUntil: number | null };
	deregister?: { attempts: number[]; blockedUntil: number | null };
	createdAt?: number;
	lastOnboardedAt?: number | null;
	/** Settings features as last posted (calling, payload_encryption, …), keyed by feature. */
	settings?: Record<string, unknown>;
	/** A coexistence number: WhatsApp Business app + Cloud API (docs/meta-coexistence.md). */
	isOnBizApp?: boolean;
	/** Register answers the "PENDING 400" (100/2388001) until the display name is approved. */
	holdRegisterUntilNameApproved?: boolean;
}

export interface SeedContact {
	waId: string;
	name?: string;
	identityKeyHash?: string;
	/** Business-scoped user ID (BSUID), e.g. "US.13491208655302741918". */
	userId?: string;
}

/** Fault injection rates (0–1 each) for Graph API calls (never the /_sandbox control endpoints). */
export interface FaultOptions {
	/** Answer 5xx with Meta's envelope, before doing anything (no state change). */
	serverErrorRate?: number;
	/** 500 (code 131000) or 503 (code 2). Default 500. */
	serverErrorStatus?: 500 | 503;
	/** Do the work, then never answer (the client times out): the ambiguous "did Meta get it?" case. */
	timeoutRate?: number;
	/** Do the work, then drop the connection without an answer. */
	dropRate?: number;
	/** Do the work, then answer 200 with a truncated JSON body. */
	malformedRate?: number;
	/** Only requests whose path contains this text are affected (e.g. "/messages"). */
	pathIncludes?: string;
}

export interface WebhookRetryOptions {
	/** Attempts per delivery, the first included. Default 5. */
	maxAttempts?: number;
	/** Delay before the second attempt; doubles each time. Default 1000 ms. */
	initialDelayMs?: number;
	/** Longest delay between attempts. Default 30 000 ms. */
	maxDelayMs?: number;
	/** How long one POST (or the verification GET) may take. Default 5000 ms. */
	timeoutMs?: number;
}
