/**
 * Coexistence numbers: one number on both the WhatsApp Business app and Cloud API, onboarded through
 * Embedded Signup's Business app flow (docs/meta-coexistence.md). What the sandbox does differently
 * for them, each guess kept here in one named constant.
 */
import { GraphError } from './graphError';
import type { NumberRecord } from './state';
import type { SeedWaba } from './types';

export const COEXISTENCE = {
	/** §3: "Business app phone numbers … fixed at 20 messages per second" (throughput page). [doc] */
	throughputPerSecond: 20,
	/**
	 * §3: what `GET /<PNID>?fields=throughput` reports for such a number. No source shows it; the enum
	 * is STANDARD | HIGH | NOT_APPLICABLE and 20 mps is below the standard 80. [inferred]
	 */
	throughputLevel: 'STANDARD',
	/**
	 * §4: whether the number counts toward the 2 (or 20) registered numbers of a business. Undocumented;
	 * it is registered through the Business app, not `/register`, so the sandbox leaves it out. [inferred]
	 */
	countsTowardRegisteredCap: false,
	/**
	 * §2: Meta's answer to `/register` or `/deregister` on such a number. The docs only say onboarding
	 * skips registration ("the number is already registered") and that deregister "cannot be used" on
	 * it; no code is documented. The sandbox refuses both with 100, so a core that calls either on a
	 * coexistence number fails here instead of on Meta. [inferred]
	 */
	refusal: { code: 100, status: 400, type: 'OAuthException', message: '(#100) Invalid parameter' },
} as const;

/** Refuses register/deregister on a coexistence number (before the call counts toward 10 per 72 h). */
export function refuseOnCoexistenceNumber(number: NumberRecord, call: 'register' | 'deregister'): void {
	if (!number.isOnBizApp) return;
	const { code, status, type, message } = COEXISTENCE.refusal;
	const details =
		call === 'register'
			? 'This phone number is in use with both the WhatsApp Business app and Cloud API and is already registered. Do not call register for it.'
			: 'This phone number is in use with both the WhatsApp Business app and Cloud API, so it cannot be deregistered. Offboard it from the WhatsApp Business app instead.';
	throw new GraphError({ status, code, type, message, details });
}

/** The default world's coexistence WABA: one CONNECTED Business app number at 20 messages per second. */
export const COEXISTENCE_SEED = { wabaId: '100000000000002', phoneNumberId: '190000000000001', displayPhoneNumber: '+1 555-010-0099' } as const;

export function coexistenceWaba(): SeedWaba {
	return {
		id: COEXISTENCE_SEED.wabaId,
		name: 'Sandbox Coexistence WABA',
		subscribed: true,
		numbers: [
			{
				id: COEXISTENCE_SEED.phoneNumberId,
				displayPhoneNumber: COEXISTENCE_SEED.displayPhoneNumber,
				verifiedName: 'Sandbox Corner Shop',
				status: 'CONNECTED',
				nameStatus: 'APPROVED',
				codeVerificationStatus: 'VERIFIED',
				qualityRating: 'GREEN',
				isOnBizApp: true,
				throughputPerSecond: COEXISTENCE.throughputPerSecond,
			},
		],
	};
}
