/**
 * The sandbox's world: the business, its WABAs, their numbers, contacts (with identities), the app
 * subscription and recent messages. Lookups are maps so a send costs O(1) whatever the size.
 * `toSeed()` / `SandboxState.fromSeed()` are the save/load format (types.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_THROUGHPUT_PER_SECOND, VERIFICATION_VALIDITY_MS, WEBHOOK_FIELDS } from './constants';
import { MessagingState } from './messagingState';
import { COEXISTENCE } from './coexistence';
import { DEFAULT_SEED, defaultSeed } from './seed';
import { loadSeedTemplate } from './templates/seed';
import { TemplateStore } from './templates/store';
import type { SandboxSeed, SeedContact, SeedNumber, SeedWaba } from './types';

export interface CallbackTarget {
	url: string;
	verifyToken: string;
}

export interface WindowedCounter {
	attempts: number[];
	blockedUntil: number | null;
}

export interface NumberRecord {
	id: string;
	wabaId: string;
	cc: string;
	national: string;
	verifiedName: string;
	requestedVerifiedName: string | null;
	nameStatus: string;
	status: string;
	/** As stored; read through `codeVerificationStatus()` so VERIFIED lapses after 14 days. */
	codeStatus: string;
	verifiedAt: number | null;
	pinHash: string | null;
	qualityRating: string;
	accountMode: string;
	throughputPerSecond: number;
	identityCheck: boolean;
	dataLocalizationRegion: string | null;
	override: CallbackTarget | null;
	username: string | null;
	usernameStatus: string | null;
	otp: { code: string; method: string; language: string; issuedAt: number } | null;
	register: WindowedCounter;
	deregister: WindowedCounter;
	createdAt: number;
	lastOnboardedAt: number | null;
	settings: Record<string, unknown>;
	isOnBizApp: boolean;
	holdRegisterUntilNameApproved: boolean;
}

export interface WabaRecord {
	id: string;
	name: string;
	subscribed: boolean;
	override: CallbackTarget | null;
	numberIds: string[];
}

export interface ContactRecord {
	waId: string;
	name: string;
	identityKeyHash: string;
	userId: string;
}

export interface AppSubscription {
	callbackUrl: string | null;
	verifyToken: string | null;
	fields: string[];
}

export interface MessageRecord {
	id: string;
	phoneNumberId: string;
	waId: string;
	type: string;
	createdAt: number;
	/** The hash the send carried, if any. */
	sentWithHash: string | null;
	outcome: 'delivered' | 'identity_mismatch';
	/** What was sent: the object of its type (`image`, `interactive`…; the list for `contacts`). */
	content?: unknown;
	/** `context.message_id` of a reply. */
	contextMessageId?: string;
	/** The BSUID the send was addressed to (`recipient`), when it went by BSUID. */
	recipientUserId?: string;
	/** `messages` or `marketing_messages`. */
	edge?: string;
}

const MESSAGE_MEMORY = 20_000;

export function hashPin(pin: string): string {
	return createHash('sha256').update(`sandbox-pin:${pin}`).digest('hex');
}

/** A base64-like identity hash like Meta's example `DF2lS5v2W6x=`: 12 characters ending with `=`. */
export function newIdentityKeyHash(): string {
	return randomBytes(8).toString('base64');
}

/** A business-scoped user ID like `US.13491208655302741918`. */
export function newUserId(): string {
	// 20 digits from one random draw (a digit at a time would cost 20 calls into the CSPRNG per contact).
	const value = randomBytes(8).readBigUInt64BE() % 90_000_000_000_000_000_000n;
	return `US.${(value + 10_000_000_000_000_000_000n).toString()}`;
}

/** `+1 555-010-0001` for NANP numbers, `+<cc> <national>` otherwise. */
export function formatDisplayNumber(cc: string, national: string): string {
	if (cc === '1' && national.length === 10) return `+1 ${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
	return `+${cc} ${national}`;
}

function parseDisplayNumber(display: string): { cc: string; national: string } {
	const match = /^\+(\d{1,3})\s+(.+)$/.exec(display.trim());
	if (!match) throw new Error(`Seed: displayPhoneNumber "${display}" should look like "+1 555-010-0001"`);
	return { cc: match[1], national: match[2].replace(/\D/g, '') };
}

export class SandboxState {
	accessToken: string;
	appId: string;
	appSecret: string;
	businessId: string;
	businessVerified: boolean;
	app: AppSubscription;
	readonly wabas = new Map<string, WabaRecord>();
	readonly numbers = new Map<string, NumberRecord>();
	readonly contacts = new Map<string, ContactRecord>();
	readonly messages = new Map<string, MessageRecord>();
	/** Media, uploads, profiles, marketing onboarding, usernames (messagingState.ts). */
	readonly messaging: MessagingState;
	readonly templates = new TemplateStore();
	reservedUsernames: Set<string>;
	nextPhoneNumberId: bigint;

	private constructor(seed: SandboxSeed, now: number) {
		this.accessToken = seed.accessToken ?? DEFAULT_SEED.accessToken;
		this.appId = seed.appId ?? DEFAULT_SEED.appId;
		this.appSecret = seed.appSecret ?? DEFAULT_SEED.appSecret;
		this.businessId = seed.businessId ?? DEFAULT_SEED.businessId;
		this.businessVerified = seed.businessVerified ?? false;
		this.app = {
			callbackUrl: seed.app?.callbackUrl ?? null,
			verifyToken: seed.app?.verifyToken ?? null,
			fields: seed.app?.fields ? [...seed.app.fields] : [...WEBHOOK_FIELDS],
		};
		this.messaging = MessagingState.fromSeed(seed.messaging);
		this.reservedUsernames = new Set((seed.reservedUsernames ?? []).map((name) => name.toLowerCase()));
		let highest = 0n;
		for (const waba of seed.wabas ?? []) {
			this.addWaba(waba, now);
			for (const number of waba.numbers ?? []) if (/^\d+$/.test(number.id) && BigInt(number.id) > highest) highest = BigInt(number.id);
		}
		for (const contact of seed.contacts ?? []) this.contacts.set(contact.waId, normalizeContact(contact));
		const next = seed.nextPhoneNumberId ? BigInt(seed.nextPhoneNumberId) : highest + 1n;
		this.nextPhoneNumberId = next > highest ? next : highest + 1n;
		if (seed.nextTemplateId && BigInt(seed.nextTemplateId) > this.templates.nextId) this.templates.nextId = BigInt(seed.nextTemplateId);
	}

	/** Builds the world from a seed (or saved state); throws with a clear message on a bad seed. */
	static fromSeed(seed: SandboxSeed = defaultSeed(), now = Date.now()): SandboxState {
		return new SandboxState(seed, now);
	}

	private addWaba(seed: SeedWaba, now: number): void {
		if (!seed.id) throw new Error('Seed: every WABA needs an id');
		const waba: WabaRecord = {
			id: String(seed.id),
			name: seed.name ?? 'Sandbox WABA',
			subscribed: seed.subscribed ?? true,
			override: seed.overrideCallbackUri ? { url: seed.overrideCallbackUri, verifyToken: seed.overrideVerifyToken ?? '' } : null,
			numberIds: [],
		};
		this.wabas.set(waba.id, waba);
		for (const number of seed.numbers ?? []) this.insertNumber(normalizeNumber(number, waba.id, now));
		for (const template of seed.templates ?? []) loadSeedTemplate(this.templates, waba.id, template, now);
	}

	insertNumber(number: NumberRecord): void {
		if (this.numbers.has(number.id)) throw new Error(`Seed: phone number id ${number.id} appears twice`);
		this.numbers.set(number.id, number);
		this.wabas.get(number.wabaId)?.numberIds.push(number.id);
	}

	/** A new number as `POST /<WABA>/phone_numbers` creates it: unverified, PENDING, name in review. */
	createNumber(wabaId: string, cc: string, national: string, verifiedName: string, now: number): NumberRecord {
		const id = String(this.nextPhoneNumberId);
		this.nextPhoneNumberId += 1n;
		const number = normalizeNumber(
			{
				id,
				cc,
				phoneNumber: national,
				verifiedName,
				requestedVerifiedName: verifiedName,
				nameStatus: 'PENDING_REVIEW',
				status: 'PENDING',
				codeVerificationStatus: 'UNVERIFIED',
				qualityRating: 'NA',
			},
			wabaId,
			now,
		);
		this.insertNumber(number);
		return number;
	}

	findNumberByPhone(cc: string, national: string): NumberRecord | undefined {
		for (const number of this.numbers.values()) if (number.cc === cc && number.national === national) return number;
		return undefined;
	}

	/** The contact for a WhatsApp ID, created with a fresh identity on first use. */
	contact(waId: string): ContactRecord {
		let contact = this.contacts.get(waId);
		if (!contact) {
			contact = normalizeContact({ waId });
			this.contacts.set(waId, contact);
		}
		return contact;
	}

	rememberMessage(message: MessageRecord): void {
		this.messages.set(message.id, message);
		if (this.messages.size > MESSAGE_MEMORY) {
			const oldest = this.messages.keys().next().value;
			if (oldest !== undefined) this.messages.delete(oldest);
		}
	}

	/** Numbers CONNECTED across the business (the registered-number cap counts these). */
	connectedCount(): number {
		let count = 0;
		for (const number of this.numbers.values()) if (number.status === 'CONNECTED' && (COEXISTENCE.countsTowardRegisteredCap || !number.isOnBizApp)) count++;
		return count;
	}

	/** The saved-state form: a complete seed (PINs as hashes only). */
	toSeed(): SandboxSeed {
		return {
			accessToken: this.accessToken,
			appId: this.appId,
			appSecret: this.appSecret,
			businessId: this.businessId,
			businessVerified: this.businessVerified,
			app: { callbackUrl: this.app.callbackUrl, verifyToken: this.app.verifyToken, fields: [...this.app.fields] },
			wabas: [...this.wabas.values()].map((waba) => ({
				id: waba.id,
				name: waba.name,
				subscribed: waba.subscribed,
				overrideCallbackUri: waba.override?.url ?? null,
				overrideVerifyToken: waba.override?.verifyToken ?? null,
				numbers: waba.numberIds.map((id) => numberToSeed(this.numbers.get(id) as NumberRecord)),
				templates: this.templates.toSeed(waba.id),
			})),
			contacts: [...this.contacts.values()].map((contact) => ({ ...contact })),
			reservedUsernames: [...this.reservedUsernames],
			nextPhoneNumberId: String(this.nextPhoneNumberId),
			messaging: this.messaging.toSeed(),
			nextTemplateId: String(this.templates.nextId),
		};
	}
}

/** VERIFIED lapses to EXPIRED 14 days after verification (docs/meta-api.md §1.2). */
export function codeVerificationStatus(number: NumberRecord, now: number): string {
	if (number.codeStatus === 'VERIFIED' && number.verifiedAt !== null && now - number.verifiedAt > VERIFICATION_VALIDITY_MS) return 'EXPIRED';
	return number.codeStatus;
}

export function displayNumber(number: NumberRecord): string {
	return formatDisplayNumber(number.cc, number.national);
}

/** The digits-only form webhooks use in `metadata.display_phone_number` (e.g. `15550783881`). */
export function webhookDisplayNumber(number: NumberRecord): string {
	return `${number.cc}${number.national}`;
}

function normalizeNumber(seed: SeedNumber, wabaId: string, now: number): NumberRecord {
	if (!seed.id) throw new Error('Seed: every number needs an id');
	let cc = seed.cc;
	let national = seed.phoneNumber?.replace(/\D/g, '');
	if ((!cc || !national) && seed.displayPhoneNumber) ({ cc, national } = parseDisplayNumber(seed.displayPhoneNumber));
	if (!cc || !national) throw new Error(`Seed: number ${seed.id} needs cc + phoneNumber or displayPhoneNumber`);
	const codeStatus = seed.codeVerificationStatus ?? 'UNVERIFIED';
	const status = seed.status ?? 'PENDING';
	const pinHash = seed.pinHash ?? (seed.pin ? hashPin(seed.pin) : null);
	return {
		id: String(seed.id),
		wabaId,
		cc,
		national,
		verifiedName: seed.verifiedName ?? 'Sandbox Business',
		requestedVerifiedName: seed.requestedVerifiedName ?? null,
		nameStatus: seed.nameStatus ?? (status === 'CONNECTED' ? 'APPROVED' : 'PENDING_REVIEW'),
		status,
		codeStatus,
		verifiedAt: seed.verifiedAt !== undefined ? seed.verifiedAt : codeStatus === 'VERIFIED' ? now : null,
		pinHash,
		qualityRating: seed.qualityRating ?? (status === 'CONNECTED' ? 'GREEN' : 'NA'),
		accountMode: seed.accountMode ?? 'LIVE',
		throughputPerSecond: seed.throughputPerSecond ?? DEFAULT_THROUGHPUT_PER_SECOND,
		identityCheck: seed.identityCheck ?? false,
		dataLocalizationRegion: seed.dataLocalizationRegion ?? null,
		override: seed.overrideCallbackUri ? { url: seed.overrideCallbackUri, verifyToken: seed.overrideVerifyToken ?? '' } : null,
		username: seed.username ?? null,
		usernameStatus: seed.usernameStatus ?? (seed.username ? 'approved' : null),
		otp: seed.otp ?? null,
		register: { attempts: [...(seed.register?.attempts ?? [])], blockedUntil: seed.register?.blockedUntil ?? null },
		deregister: { attempts: [...(seed.deregister?.attempts ?? [])], blockedUntil: seed.deregister?.blockedUntil ?? null },
		createdAt: seed.createdAt ?? now,
		lastOnboardedAt: seed.lastOnboardedAt !== undefined ? seed.lastOnboardedAt : status === 'CONNECTED' ? now : null,
		settings: { ...(seed.settings ?? {}) },
		isOnBizApp: seed.isOnBizApp ?? false,
		holdRegisterUntilNameApproved: seed.holdRegisterUntilNameApproved ?? false,
	};
}

function numberToSeed(number: NumberRecord): SeedNumber {
	return {
		id: number.id,
		cc: number.cc,
		phoneNumber: number.national,
		verifiedName: number.verifiedName,
		requestedVerifiedName: number.requestedVerifiedName,
		nameStatus: number.nameStatus,
		status: number.status,
		codeVerificationStatus: number.codeStatus,
		verifiedAt: number.verifiedAt,
		pinHash: number.pinHash,
		qualityRating: number.qualityRating,
		accountMode: number.accountMode,
		throughputPerSecond: number.throughputPerSecond,
		identityCheck: number.identityCheck,
		dataLocalizationRegion: number.dataLocalizationRegion,
		overrideCallbackUri: number.override?.url ?? null,
		overrideVerifyToken: number.override?.verifyToken ?? null,
		username: number.username,
		usernameStatus: number.usernameStatus,
		otp: number.otp,
		register: { attempts: [...number.register.attempts], blockedUntil: number.register.blockedUntil },
		deregister: { attempts: [...number.deregister.attempts], blockedUntil: number.deregister.blockedUntil },
		createdAt: number.createdAt,
		lastOnboardedAt: number.lastOnboardedAt,
		settings: { ...number.settings },
		isOnBizApp: number.isOnBizApp,
		holdRegisterUntilNameApproved: number.holdRegisterUntilNameApproved,
	};
}

function normalizeContact(seed: SeedContact): ContactRecord {
	if (!seed.waId || !/^\d{6,15}$/.test(seed.waId)) throw new Error(`Seed: contact waId "${seed.waId}" should be 6–15 digits`);
	return {
		waId: seed.waId,
		name: seed.name ?? `Sandbox User ${seed.waId.slice(-4)}`,
		identityKeyHash: seed.identityKeyHash ?? newIdentityKeyHash(),
		userId: seed.userId ?? newUserId(),
	};
}
