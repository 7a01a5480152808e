/**
 * The "PENDING 400": Meta refuses `/register` while the display name is not approved yet, so the
 * number stays PENDING. Captured answer (github.com/chatwoot/chatwoot PR #12556): HTTP 400, code 100,
 * error_subcode 2388001, error_user_title "Cannot Create Certificate", error_user_msg "Your display
 * name could not be processed. Please edit your display name and try again." [code]
 *
 * New sandbox numbers register whatever their name status (the old behaviour other tests rely on);
 * a number put on hold (`name-review {holdRegister: true}` or the seed's
 * `holdRegisterUntilNameApproved`) answers this until its name is APPROVED.
 */
import { userFacingError } from './graphError';
import type { NumberRecord } from './state';

export const NAME_NOT_APPROVED = {
	subcode: 2388001,
	title: 'Cannot Create Certificate',
	message: 'Your display name could not be processed. Please edit your display name and try again.',
} as const;

/** Name statuses a certificate can be made from (docs/meta-api.md §1.12). */
const REGISTRABLE_NAME_STATUSES: readonly string[] = ['APPROVED', 'AVAILABLE_WITHOUT_REVIEW'];

export function checkNameApprovedForRegister(number: NumberRecord): void {
	if (!number.holdRegisterUntilNameApproved || REGISTRABLE_NAME_STATUSES.includes(number.nameStatus)) return;
	throw userFacingError({ subcode: NAME_NOT_APPROVED.subcode, title: NAME_NOT_APPROVED.title, message: NAME_NOT_APPROVED.message });
}
