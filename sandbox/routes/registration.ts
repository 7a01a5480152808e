/**
 * The number lifecycle (docs/meta-api.md §1.4–§1.8): request_code → verify_code → register (two-step PIN,
 * optional data localization, the 10-per-72-hours limit, the registered-number cap) → deregister,
 * and setting the PIN.
 */
import { randomInt } from 'node:crypto';
import { refuseOnCoexistenceNumber } from '../coexistence';
import { DATA_LOCALIZATION_REGIONS, REGISTERED_NUMBER_CAP, REGISTRATION_LIMIT } from '../constants';
import type { SandboxContext } from '../context';
import { invalidParameter, metaError, requiredParameter } from '../graphError';
import { checkNameApprovedForRegister } from '../nameReview';
import { optionalString, Params, requireString } from '../params';
import { takeWindowed } from '../rateLimit';
import { codeVerificationStatus, displayNumber, hashPin } from '../state';
import { GraphRequest, GraphResponse, GraphRoute, numberOf, SUCCESS } from './types';

const CODE_METHODS = ['SMS', 'VOICE'];
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;
const SIX_DIGITS = /^\d{6}$/;

/** `POST /<PNID>/request_code` (§1.4): a 6-digit code, logged (there is no SMS here) and readable from the control API. */
function requestCode(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const method = requireString(request.params, 'code_method');
	const language = requireString(request.params, 'language');
	if (!CODE_METHODS.includes(method)) throw invalidParameter('The parameter code_method must be SMS or VOICE.');
	if (!LANGUAGE.test(language)) throw invalidParameter('The parameter language must be a language code such as en or en_US.');
	if (codeVerificationStatus(number, ctx.clock.now()) === 'VERIFIED') {
		throw metaError('alreadyVerified', 'This phone number is already verified. Check code_verification_status before requesting a code.');
	}
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	number.otp = { code, method, language, issuedAt: ctx.clock.now() };
	ctx.log(`verification code for ${displayNumber(number)} (${number.id}) by ${method}: ${code}`);
	return SUCCESS;
}

/** `POST /<PNID>/verify_code` (§1.5): the right code → VERIFIED; a wrong one → 136025. */
function verifyCode(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const code = requireString(request.params, 'code');
	if (!SIX_DIGITS.test(code)) throw invalidParameter('The parameter code must be the 6 digits of the code, without the hyphen, e.g. 123830.');
	if (!number.otp) throw metaError('wrongCode', 'No verification code was requested for this phone number. Request a code first.');
	if (number.otp.code !== code) throw metaError('wrongCode', 'The verification code is not correct. Check the code or request a new one.');
	number.otp = null;
	number.codeStatus = 'VERIFIED';
	number.verifiedAt = ctx.clock.now();
	return SUCCESS;
}

function sixDigitPin(params: Params): string {
	const pin = requireString(params, 'pin');
	if (!SIX_DIGITS.test(pin)) throw invalidParameter('The parameter pin must be 6 digits.');
	return pin;
}

function requireWhatsApp(params: Params): void {
	const product = optionalString(params, 'messaging_product');
	if (product === undefined) throw requiredParameter('messaging_product');
	if (product.toLowerCase() !== 'whatsapp') throw invalidParameter('The parameter messaging_product must be whatsapp.');
}

function registrationLimitError(kind: 'register' | 'deregister', blockedUntil: number | null): Error {
	const until = blockedUntil === null ? '' : ` It is blocked until ${new Date(blockedUntil).toISOString()}.`;
	return metaError('registrationLimit', `More than ${REGISTRATION_LIMIT.calls} ${kind} requests for this phone number in 72 hours.${until}`);
}

/** `POST /<PNID>/register` (§1.6). Every well-formed call counts towards the 10-per-72-hours limit. */
function register(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const now = ctx.clock.now();
	requireWhatsApp(request.params);
	const pin = sixDigitPin(request.params);
	const region = optionalString(request.params, 'data_localization_region');
	if (region !== undefined && !(DATA_LOCALIZATION_REGIONS as readonly string[]).includes(region)) {
		throw invalidParameter(`The parameter data_localization_region must be one of ${DATA_LOCALIZATION_REGIONS.join(', ')}.`);
	}
	refuseOnCoexistenceNumber(number, 'register');
	if (!takeWindowed(number.register, REGISTRATION_LIMIT, now)) throw registrationLimitError('register', number.register.blockedUntil);
	if (codeVerificationStatus(number, now) !== 'VERIFIED') {
		throw metaError('reverificationNeeded', 'Verify the phone number (request_code, then verify_code) before registering it.');
	}
	if (number.pinHash !== null && number.pinHash !== hashPin(pin)) {
		throw metaError('pinMismatch', 'The PIN does not match the two-step verification PIN of this phone number.');
	}
	checkNameApprovedForRegister(number);
	if (number.status === 'CONNECTED' && (region ?? null) !== number.dataLocalizationRegion) {
		throw invalidParameter('data_localization_region cannot be changed on a registered number. Deregister it, then register again.');
	}
	if (number.status !== 'CONNECTED') {
		const cap = ctx.state.businessVerified ? REGISTERED_NUMBER_CAP.verified : REGISTERED_NUMBER_CAP.unverified;
		if (ctx.state.connectedCount() >= cap) {
			throw metaError(
				'registeredNumberCap',
				`The business already has ${cap} registered phone numbers, the most it may have. Verify the business to register up to ${REGISTERED_NUMBER_CAP.verified}.`,
			);
		}
	}
	number.pinHash ??= hashPin(pin);
	number.status = 'CONNECTED';
	number.dataLocalizationRegion = region ?? null;
	number.lastOnboardedAt ??= now;
	return SUCCESS;
}

/** `POST /<PNID>/deregister` (§1.7): no longer CONNECTED; local storage off; same 10-per-72-hours limit. */
function deregister(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	refuseOnCoexistenceNumber(number, 'deregister');
	if (!takeWindowed(number.deregister, REGISTRATION_LIMIT, ctx.clock.now())) throw registrationLimitError('deregister', number.deregister.blockedUntil);
	if (number.status === 'CONNECTED') number.status = 'DISCONNECTED';
	number.dataLocalizationRegion = null;
	return SUCCESS;
}

/** `POST /<PNID> {pin}` (§1.8) sets or changes the two-step PIN (the old one is not needed): the checked PIN's hash. */
export function newPinHash(params: Params): string {
	return hashPin(sixDigitPin(params));
}

export const registrationRoutes: GraphRoute[] = [
	{ kind: 'number', method: 'POST', edge: 'request_code', handle: requestCode },
	{ kind: 'number', method: 'POST', edge: 'verify_code', handle: verifyCode },
	{ kind: 'number', method: 'POST', edge: 'register', handle: register },
	{ kind: 'number', method: 'POST', edge: 'deregister', handle: deregister },
];
