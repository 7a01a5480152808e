/**
 * The sandbox-only controls: what Meta's side does on its own (a code arriving by SMS, a reviewer
 * approving a display name, a user's phone changing hands, an inbound message, the business being
 * verified, time passing) plus fault settings and save/load. Used by `sb.control` in-process and by
 * the `/_sandbox/...` HTTP endpoints.
 */
import { CAPABILITY_UPDATE_ON_VERIFY, WEBHOOK_FIELDS } from './constants';
import type { SandboxContext } from './context';
import type { InboundMessage, InboundResult } from './inbound';
import { MessagingControl } from './messagingControl';
import { emitChange } from './notify';
import type { PairRate } from './rateLimit';
import { announce } from './routes/username';
import { TemplateControl } from './templates/control';
import { ContactRecord, newIdentityKeyHash, NumberRecord, SandboxState, webhookDisplayNumber } from './state';
import type { FaultOptions, SandboxSeed } from './types';
import type { DeliveryRecord } from './webhookDelivery';

/** A control call that cannot be done; `status` is the HTTP status the control endpoint answers. */
export class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const NAME_DECISIONS = ['APPROVED', 'REJECTED', 'DEFERRED', 'PENDING'] as const;
export type NameDecision = (typeof NAME_DECISIONS)[number];
const REJECTION_REASONS = ['NAME_EMPLOYEE_ISSUE', 'NAME_ENDCLIENT_NOTRELATED', 'NAME_FORMAT_UNACCEPTABLE', 'NAME_INDIVIDUAL_ISSUE', 'NAME_NOT_CONSISTENT', 'UNKNOWN'];
const USERNAME_STATUSES = ['reserved', 'approved', 'deleted'];

export type { InboundMessage, InboundResult } from './inbound';

export interface NumberStatusUpdate {
	status?: string;
	codeVerificationStatus?: string;
	nameStatus?: string;
	qualityRating?: string;
	accountMode?: string;
}

export class SandboxControl {
	/** Media, BSUID, username and marketing-messages controls (messagingControl.ts). */
	readonly messaging: MessagingControl;
	/** Template review, quality and category changes (docs/meta-templates.md §3). */
	readonly templates: TemplateControl;

	constructor(
		private readonly ctx: SandboxContext,
		private readonly initialSeed: SandboxSeed,
	) {
		this.messaging = new MessagingControl(ctx);
		this.templates = new TemplateControl(ctx);
	}

	private number(phoneNumberId: string): NumberRecord {
		const number = this.ctx.state.numbers.get(phoneNumberId);
		if (!number) throw new ControlError(404, `No phone number ${phoneNumberId} in the sandbox.`);
		return number;
	}

	/** The latest verification code sent to the number, or null when none is pending. */
	verificationCode(phoneNumberId: string): string | null {
		return this.number(phoneNumberId).otp?.code ?? null;
	}

	contact(waId: string): ContactRecord {
		checkWaId(waId);
		return { ...this.ctx.state.contact(waId) };
	}

	/** The user's identity changes (as when a phone number is recycled): a new identity key hash. */
	rotateIdentity(waId: string): { waId: string; identityKeyHash: string } {
		checkWaId(waId);
		const contact = this.ctx.state.contact(waId);
		let next = newIdentityKeyHash();
		while (next === contact.identityKeyHash) next = newIdentityKeyHash();
		contact.identityKeyHash = next;
		return { waId, identityKeyHash: next };
	}

	/**
	 * A user writes to the number: a signed `messages` webhook, with `identity_key_hash` when the check
	 * is on (§3.3); text, media, location, reactions and replies (inbound.ts).
	 */
	inbound(message: InboundMessage): InboundResult {
		return this.messaging.inbound(message);
	}

	/** The app-level callback (as set in the App Dashboard); verified with Meta's GET before the first delivery. */
	setApp(app: { callbackUrl: string | null; verifyToken?: string | null; fields?: string[] }): void {
		if (app.callbackUrl !== null) {
			try {
				const url = new URL(app.callbackUrl);
				if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
			} catch {
				throw new ControlError(400, 'callbackUrl must be an http(s) URL, or null to remove it.');
			}
		}
		if (app.fields !== undefined && (!Array.isArray(app.fields) || app.fields.some((field) => typeof field !== 'string'))) {
			throw new ControlError(400, 'fields must be a list of webhook field names.');
		}
		this.ctx.state.app = {
			callbackUrl: app.callbackUrl,
			verifyToken: app.verifyToken ?? null,
			fields: app.fields ? [...app.fields] : [...WEBHOOK_FIELDS],
		};
	}

	/** Forces state fields (for polling tests): status, code verification, name status, quality, account mode. */
	setNumberStatus(phoneNumberId: string, update: NumberStatusUpdate): Record<string, unknown> {
		const number = this.number(phoneNumberId);
		const upper = (value: unknown, name: string): string => {
			if (typeof value !== 'string' || !/^[A-Z_]+$/.test(value)) throw new ControlError(400, `${name} must be an upper-case word such as CONNECTED.`);
			return value;
		};
		if (update.status !== undefined) number.status = upper(update.status, 'status');
		if (update.codeVerificationStatus !== undefined) {
			number.codeStatus = upper(update.codeVerificationStatus, 'codeVerificationStatus');
			number.verifiedAt = number.codeStatus === 'VERIFIED' ? this.ctx.clock.now() : null;
		}
		if (update.nameStatus !== undefined) number.nameStatus = upper(update.nameStatus, 'nameStatus');
		if (update.qualityRating !== undefined) number.qualityRating = upper(update.qualityRating, 'qualityRating');
		if (update.accountMode !== undefined) number.accountMode = upper(update.accountMode, 'accountMode');
		return { id: number.id, status: number.status, codeVerificationStatus: number.codeStatus, nameStatus: number.nameStatus, qualityRating: number.qualityRating };
	}

	/** Messages per second the number may send before 130429. */
	setThroughput(phoneNumberId: string, perSecond: number): void {
		if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) throw new ControlError(400, 'perSecond must be a positive number.');
		this.number(phoneNumberId).throughputPerSecond = perSecond;
	}

	/** A reviewer decides on the display name: updates name_status and sends `phone_number_name_update` (§3.6). */
	reviewName(phoneNumberId: string, decision: NameDecision, rejectionReason?: string): DeliveryRecord | null {
		const number = this.number(phoneNumberId);
		if (!NAME_DECISIONS.includes(decision)) throw new ControlError(400, `decision must be one of ${NAME_DECISIONS.join(', ')}.`);
		if (rejectionReason !== undefined && !REJECTION_REASONS.includes(rejectionReason)) {
			throw new ControlError(400, `rejectionReason must be one of ${REJECTION_REASONS.join(', ')}.`);
		}
		const requested = number.requestedVerifiedName ?? number.verifiedName;
		if (decision === 'APPROVED') {
			number.nameStatus = 'APPROVED';
			number.verifiedName = requested;
			number.requestedVerifiedName = null;
		} else if (decision === 'REJECTED') {
			number.nameStatus = 'DECLINED';
		} else {
			number.nameStatus = 'PENDING_REVIEW';
		}
		const waba = this.ctx.state.wabas.get(number.wabaId);
		if (!waba) return null;
		return emitChange(
			this.ctx,
			'phone_number_name_update',
			waba,
			{
				display_phone_number: webhookDisplayNumber(number),
				decision,
				requested_verified_name: requested,
				rejection_reason: decision === 'REJECTED' ? (rejectionReason ?? 'UNKNOWN') : null,
			},
			number,
		);
	}

	/** While on hold, register answers the "PENDING 400" (100/2388001) until the display name is APPROVED. */
	holdRegisterUntilNameApproved(phoneNumberId: string, hold: boolean): void {
		if (typeof hold !== 'boolean') throw new ControlError(400, 'holdRegister must be true or false.');
		this.number(phoneNumberId).holdRegisterUntilNameApproved = hold;
	}

	/** Moves the number's username to reserved/approved/deleted and sends `business_username_updates` (§1.14). */
	setUsernameStatus(phoneNumberId: string, status: string): void {
		const number = this.number(phoneNumberId);
		if (!USERNAME_STATUSES.includes(status)) throw new ControlError(400, `status must be one of ${USERNAME_STATUSES.join(', ')}.`);
		if (!number.username && status !== 'deleted') throw new ControlError(409, `Number ${phoneNumberId} has no username.`);
		number.usernameStatus = status;
		if (status === 'deleted') number.username = null;
		announce(this.ctx, number);
	}

	/**
	 * The business passes verification: the registered-number cap rises from 2 to 20 and each
	 * subscribed WABA gets a `business_capability_update` (§5, §3.8).
	 */
	verifyBusiness(): { changed: boolean; deliveries: DeliveryRecord[] } {
		if (this.ctx.state.businessVerified) return { changed: false, deliveries: [] };
		this.ctx.state.businessVerified = true;
		const deliveries: DeliveryRecord[] = [];
		for (const waba of this.ctx.state.wabas.values()) {
			const delivery = emitChange(this.ctx, 'business_capability_update', waba, { ...CAPABILITY_UPDATE_ON_VERIFY });
			if (delivery) deliveries.push(delivery);
		}
		return { changed: true, deliveries };
	}

	/** Moves the sandbox clock forward (the 72-hour register window, the 14-day OTP validity, rate buckets). */
	advanceClock(ms: number): number {
		try {
			return this.ctx.clock.advance(ms);
		} catch (error) {
			throw new ControlError(400, (error as Error).message);
		}
	}

	setFaults(update: { latencyMs?: number; faults?: FaultOptions }): { latencyMs: number; faults: FaultOptions } {
		try {
			this.ctx.faults.configure(update);
		} catch (error) {
			throw new ControlError(400, (error as Error).message);
		}
		return { latencyMs: this.ctx.faults.latencyMs, faults: this.ctx.faults.faults };
	}

	/** Pair rate for 131056: `burst` messages at once then one per `perSeconds`; null turns it off. */
	setPairRate(rate: PairRate | null): void {
		if (rate !== null && !(rate.burst >= 1 && rate.perSeconds > 0)) throw new ControlError(400, 'pairRate needs burst ≥ 1 and perSeconds > 0, or null.');
		this.ctx.limits.setPairRate(rate === null ? null : { burst: rate.burst, perSeconds: rate.perSeconds });
	}

	/** The whole world as a seed (PINs as hashes), to save and load later. */
	snapshot(): SandboxSeed {
		return this.ctx.state.toSeed();
	}

	/** Replaces the world with a saved state or seed; rate buckets and verified callbacks start afresh. */
	load(seed: SandboxSeed): void {
		let state: SandboxState;
		try {
			state = SandboxState.fromSeed(seed, this.ctx.clock.now());
		} catch (error) {
			throw new ControlError(400, (error as Error).message);
		}
		this.ctx.state = state;
		this.ctx.limits.reset();
		this.ctx.webhooks.forgetVerifications();
	}

	/** Back to the seed the sandbox started with; the delivery log is cleared too. */
	reset(): void {
		this.load(this.initialSeed);
		this.ctx.webhooks.clear();
	}
}

export function checkWaId(waId: string): void {
	if (typeof waId !== 'string' || !/^\d{7,15}$/.test(waId)) throw new ControlError(400, 'A WhatsApp ID is 7 to 15 digits with the country code, e.g. 16505551234.');
}
