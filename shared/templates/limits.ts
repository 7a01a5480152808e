/**
 * Meta's rules for templates that the core checks before any request, each with its source in
 * docs/meta-templates.md (§) and its confidence. When Meta turns out to differ, change it here: the
 * unit tests name every rule, so a wrong guess fails loudly.
 */

/** §1.3 template names [doc TM]. */
export const TEMPLATE_NAME_MAX = 512;
/** §2.2 a named placeholder: lowercase letters, digits and underscores, starting with a letter [inferred]. */
export const NAMED_PLACEHOLDER_PATTERN = /^[a-z][a-z0-9_]*$/;
/** A `{{…}}` placeholder anywhere in a text (§2.2). */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** §2.4 character and count limits [doc TC]. */
export const TEMPLATE_LIMITS = {
	body: 1024,
	headerText: 60,
	headerTextPlaceholders: 1,
	footer: 60,
	buttonText: 25,
	buttons: 10,
	url: 2000,
	phoneNumber: 20,
	/** The copy-code example at creation, and the coupon code at send: 20 [doc TC] (PYWA says 15). */
	copyCode: 20,
} as const;

/** §2.5 how many buttons of each type one template may hold [doc TC]. */
export const BUTTON_TYPE_MAX: Readonly<Record<string, number>> = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1 };

/**
 * §4.2 a parameter may not hold a new line, a tab or more than four spaces in a row: Meta answers
 * 132018 [doc TM + code].
 */
export const PARAMETER_TEXT_FORBIDDEN = /[\n\r\t]| {5,}/;

/** §4.2 the body once filled in may not exceed 1,024 characters: Meta answers 132005 [doc ERR]. */
export const FILLED_BODY_MAX = TEMPLATE_LIMITS.body;

/** §4.3 an authentication code is at most 15 characters: Meta answers 132018 [code]. */
export const AUTHENTICATION_CODE_MAX = 15;

/** §1.3 review takes up to 24 hours [doc TO]. */
export const REVIEW_HOURS = 24;
