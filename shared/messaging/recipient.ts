/**
 * Sending to a business-scoped user ID (docs/meta-bsuid.md §1, §4): `recipient` instead of `to`.
 * When both are known the phone number is used, as Meta does when it gets both (§4); the core then
 * sends only `to`, so what happened never depends on that precedence rule.
 */
import { inputError, WhatsAppError } from '../errors';
import { componentOf, MetaTemplate } from '../templates/meta';
import { templateTitle } from '../templates/sendable';

/**
 * §1 [doc]: an ISO 3166 alpha-2 country code, a period, an alphanumeric ID of up to 128 characters
 * (`US.13491208655302741918`); a parent BSUID adds `ENT.` (`US.ENT.11815799212886844830`).
 */
export const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

export function businessScopedUserId(value: unknown, label: string): string {
	const text = String(value).trim();
	if (!BSUID_PATTERN.test(text)) {
		throw inputError(label, `"${text}" is not a business-scoped user ID.`, 'Use the user_id exactly as a webhook of this business gave it, e.g. US.13491208655302741918 (a country code, a period and letters or digits).');
	}
	return text;
}

/** §4 [doc]: one-tap, zero-tap and copy-code authentication templates need a phone number (Meta: 131062). */
export const OTP_TYPES_NEEDING_PHONE = ['ONE_TAP', 'ZERO_TAP', 'COPY_CODE'] as const;

/** The OTP button's type of an authentication template (`COPY_CODE`, `ONE_TAP`, `ZERO_TAP`), else undefined. */
function authenticationOtpType(template: MetaTemplate): string | undefined {
	if (String(template.category ?? '').toUpperCase() !== 'AUTHENTICATION') return undefined;
	const otp = (componentOf(template, 'BUTTONS')?.buttons ?? []).find((button) => String(button.type ?? '').toUpperCase() === 'OTP');
	return otp?.otp_type === undefined ? undefined : String(otp.otp_type).toUpperCase();
}

/** Throws when the template cannot go to a BSUID; nothing is sent then. */
export function assertBsuidCanReceive(template: MetaTemplate, field: string): void {
	const otpType = authenticationOtpType(template);
	if (otpType === undefined || !(OTP_TYPES_NEEDING_PHONE as readonly string[]).includes(otpType)) return;
	throw new WhatsAppError({
		category: 'recipient',
		message: `The template ${templateTitle(String(template.name), String(template.language))} is an authentication template (${otpType.toLowerCase().replace('_', '-')} button), which WhatsApp only delivers to a phone number, not to a business-scoped user ID (error 131062). Nothing was sent.`,
		nextStep: 'Fill in To with the person\'s phone number; if you only have their user ID, verify them another way (an email code, for example).',
		retry: { action: 'fix_and_retry' },
		field,
	});
}
