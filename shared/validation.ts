/**
 * Input checks that run before any request. Each returns the normalized value or throws an
 * `inputError` that names the field and the expected form. Error texts never echo a PIN or code.
 */
import { inputError } from './errors';

/** Data localization regions Meta accepts on register (docs/meta-api.md §1.6). */
export const DATA_LOCALIZATION_REGIONS = ['AE', 'AU', 'BH', 'BR', 'CA', 'CH', 'DE', 'GB', 'ID', 'IN', 'JP', 'KR', 'SG', 'ZA'] as const;

export function sixDigitPin(value: unknown, label = 'PIN'): string {
	const text = String(value).trim();
	if (!/^\d{6}$/.test(text)) {
		throw inputError(label, 'must be exactly 6 digits (the value you entered is not).', 'Enter the six-digit two-step verification PIN, digits only. It is not the SMS code.');
	}
	return text;
}

/** OTP codes arrive as 123456, 123-456 or "123 456". */
export function verificationCode(value: unknown, label = 'Code'): string {
	const digits = String(value).replace(/[\s-]/g, '');
	if (!/^\d{6}$/.test(digits)) {
		throw inputError(label, 'must be the 6-digit code from the SMS or call (the value you entered is not).', 'Enter the six digits; a dash or spaces between them are fine.');
	}
	return digits;
}

/** A phone number in international form: returns digits only, without "+". */
export function internationalPhoneNumber(value: unknown, label = 'Phone Number'): string {
	const text = String(value).trim();
	if (!/^\+?[\d\s().-]+$/.test(text)) {
		throw inputError(label, `"${text}" is not a phone number.`, 'Use the international format with country code, e.g. +1 631 555 5555.');
	}
	const digits = text.replace(/\D/g, '');
	if (digits.length < 8 || digits.length > 15) {
		throw inputError(label, `"${text}" has ${digits.length} digits; an international number has 8 to 15.`, 'Include the country code, e.g. +1 631 555 5555.');
	}
	return digits;
}

/** The national part of a number being added (country code given separately). */
export function nationalPhoneNumber(value: unknown, label = 'Phone Number'): string {
	const text = String(value).trim();
	const digits = text.replace(/\D/g, '');
	if (!/^\+?[\d\s().-]+$/.test(text) || digits.length < 4 || digits.length > 15) {
		throw inputError(label, `"${text}" is not a phone number.`, 'Enter the number without the country code, e.g. 6315555555.');
	}
	return digits;
}

export function countryCallingCode(value: unknown, label = 'Country Code'): string {
	const text = String(value).trim().replace(/^\+/, '');
	if (!/^\d{1,3}$/.test(text) || text.startsWith('0')) {
		throw inputError(label, `"${String(value)}" is not a country calling code.`, 'Enter 1 to 3 digits without "+", e.g. 1 for the US or 44 for the UK.');
	}
	return text;
}

/** Meta language codes: `en`, `en_US`, `pt_BR`; `en-US` is accepted and normalized. */
export function languageCode(value: unknown, label = 'Language'): string {
	const text = String(value).trim();
	const match = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?$/.exec(text);
	if (!match) {
		throw inputError(label, `"${text}" is not a language code.`, 'Use a code such as en, en_US, es, pt_BR.');
	}
	return match[2] ? `${match[1].toLowerCase()}_${match[2].toUpperCase()}` : match[1].toLowerCase();
}

export function dataLocalizationRegion(value: unknown, label = 'Data Localization Region'): string {
	const text = String(value).trim().toUpperCase();
	if (!(DATA_LOCALIZATION_REGIONS as readonly string[]).includes(text)) {
		throw inputError(label, `"${String(value)}" is not a region Meta offers for local storage.`, `Use one of: ${DATA_LOCALIZATION_REGIONS.join(', ')}; or leave it empty.`);
	}
	return text;
}

/** Identity hashes are base64-like strings such as DF2lS5v2W6x=. */
export function identityKeyHash(value: unknown, label = 'Recipient Identity Key Hash'): string {
	const text = String(value).trim();
	if (!/^[A-Za-z0-9+/_-]{4,128}={0,2}$/.test(text)) {
		throw inputError(label, `"${text}" is not an identity key hash.`, 'Use the exact value from a webhook (identity_key_hash or recipient_identity_key_hash), e.g. DF2lS5v2W6x=, or leave it empty.');
	}
	return text;
}

/** Message IDs Meta hands out start like this (`wamid.HBgL…`, docs/meta-messaging.md §4 [doc]). */
export const MESSAGE_ID_PREFIX = 'wamid.';

/** A WhatsApp message ID (`wamid.…`); `nextStep` says where the right one comes from. */
export function whatsAppMessageId(value: unknown, label: string, nextStep: string): string {
	const text = String(value).trim();
	if (!text.startsWith(MESSAGE_ID_PREFIX) || text.length <= MESSAGE_ID_PREFIX.length || /\s/.test(text)) {
		throw inputError(label, `"${text}" is not a WhatsApp message ID.`, nextStep);
	}
	return text;
}

/** Graph object IDs (phone number IDs, WABA IDs) are digit strings. */
export function graphId(value: unknown, label = 'ID'): string {
	const text = String(value).trim();
	if (!/^\d{1,25}$/.test(text)) {
		throw inputError(label, `"${text}" is not a Meta ID.`, 'Use the numeric ID as WhatsApp Manager shows it (digits only), not a phone number or a name.');
	}
	return text;
}

/** A callback URL for a webhook override: https, at most 200 characters (docs/meta-api.md §1.11). */
export function callbackUrl(value: unknown, label = 'Callback URL'): string {
	const text = String(value).trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw inputError(label, `"${text}" is not a URL.`, 'Enter a full URL such as https://example.com/whatsapp.');
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))) {
		throw inputError(label, 'must use https.', 'Meta only calls https URLs with a valid certificate.');
	}
	if (text.length > 200) throw inputError(label, `is ${text.length} characters long.`, 'Meta accepts at most 200 characters.');
	return text;
}

export function mediaLink(value: unknown, label = 'Media URL'): string {
	const text = String(value).trim();
	try {
		const url = new URL(text);
		if (url.protocol === 'https:' || url.protocol === 'http:') return text;
	} catch {
		// fall through to the error below
	}
	throw inputError(label, `"${text}" is not a web link.`, 'Enter a public https link to the file, or a media ID.');
}

/** Business username rules (docs/meta-api.md §1.14, [code]-level facts). */
export function businessUsername(value: unknown, label = 'Username'): string {
	const text = String(value).trim();
	const problems: string[] = [];
	if (text.length < 3 || text.length > 35) problems.push('must be 3 to 35 characters');
	if (!/^[A-Za-z0-9._]*$/.test(text)) problems.push('may only contain English letters, digits, "." and "_"');
	if (!/[A-Za-z]/.test(text)) problems.push('needs at least one letter');
	if (text.startsWith('.') || text.endsWith('.')) problems.push('cannot start or end with "."');
	if (text.includes('..')) problems.push('cannot contain ".."');
	if (/^www/i.test(text)) problems.push('cannot start with "www"');
	if (/\.(com|net|org|io|co|app|biz|info)$/i.test(text)) problems.push('cannot end with a domain such as .com');
	if (problems.length) throw inputError(label, `"${text}" ${problems.join('; ')}.`, 'Choose a username like acme_support.');
	return text;
}
