/**
 * Meta's error codes, each told in a marketer's words with the next step.
 * Source: docs/meta-api.md §4.2 (confidence noted there). Codes not listed
 * fall back by HTTP status (see `describeUnknown`), so a new Meta code still gets a clear message.
 */

export type ErrorCategory =
	| 'auth'
	| 'throttling'
	| 'registration'
	| 'pin'
	| 'identity'
	| 'template'
	| 'recipient'
	| 'permission'
	| 'not_found'
	| 'invalid_input'
	| 'transient'
	| 'policy'
	| 'unknown';

/**
 * What a caller may do next. `retry`: safe to repeat now with backoff; `retry_after`: repeat
 * after `afterMs`; `wait`: a person should wait (hours) before trying; `fix_and_retry`: change the
 * input first; `refresh_token`: reconnect the account; `do_not_retry`: repeating cannot help.
 */
export type RetryAction = 'retry' | 'retry_after' | 'wait' | 'fix_and_retry' | 'refresh_token' | 'do_not_retry';

export interface CatalogEntry {
	category: ErrorCategory;
	/** What happened, in the user's words. */
	message: string;
	/** What to do next. */
	nextStep: string;
	retry: RetryAction;
	/** Suggested delay for `retry_after` when Meta sends no Retry-After. */
	afterMs?: number;
}

const entry = (
	category: ErrorCategory,
	retry: RetryAction,
	message: string,
	nextStep: string,
	afterMs?: number,
): CatalogEntry => ({ category, retry, message, nextStep, ...(afterMs !== undefined ? { afterMs } : {}) });

const throttled = (message: string, nextStep: string, afterMs: number) =>
	entry('throttling', 'retry_after', message, nextStep, afterMs);

export const ERROR_CATALOG: Readonly<Record<number, CatalogEntry>> = {
	// Identity change check
	137000: entry(
		'identity',
		'do_not_retry',
		"The recipient's WhatsApp identity changed since you stored their identity hash (for example the phone number now belongs to someone else), so WhatsApp did not deliver the message.",
		'Re-verify the person outside WhatsApp (email, call, login), then send once without an identity hash and store the new hash that comes back in the status or inbound webhook.',
	),
	// Registration and two-step verification
	133000: entry(
		'registration',
		'fix_and_retry',
		'A previous deregistration of this number did not finish.',
		'Deregister the number again, then register it.',
	),
	133004: entry(
		'transient',
		'retry',
		"WhatsApp's registration service is temporarily unavailable.",
		'Try again in a few minutes; check the WhatsApp Business status page if it persists.',
		60_000,
	),
	133005: entry(
		'pin',
		'fix_and_retry',
		"The two-step verification PIN does not match the number's PIN.",
		'Use the PIN set for this number, or set a new one with "Set Two-Step PIN" (no old PIN needed), then register again. Do not guess: repeated wrong PINs lock the number.',
	),
	133006: entry(
		'registration',
		'fix_and_retry',
		'The number has to be verified again before it can be registered.',
		'Request a verification code, verify it, then register within 14 days.',
	),
	133008: entry(
		'pin',
		'wait',
		'Too many wrong two-step PIN attempts.',
		"Wait for the time Meta gives in the error details before trying again, and use the correct PIN (or set a new one with \"Set Two-Step PIN\").",
	),
	133009: entry(
		'pin',
		'wait',
		'The two-step PIN was entered too quickly after the previous attempt.',
		'Wait as the error details say, then try once with the correct PIN.',
	),
	133010: entry(
		'registration',
		'fix_and_retry',
		'The number is not registered with the WhatsApp Cloud API.',
		'Register the number with its 6-digit PIN first ("Register Phone Number").',
	),
	133015: entry(
		'registration',
		'retry_after',
		'This number was deleted recently and the deletion has not finished yet.',
		'Wait about 5 minutes, then register again.',
		5 * 60_000,
	),
	133016: entry(
		'registration',
		'wait',
		'This number reached the limit of 10 register or deregister requests in 72 hours and is blocked from registering for up to 72 hours.',
		'Wait 72 hours before registering or deregistering this number again. Do not retry in a loop: every attempt counts.',
	),
	136024: entry(
		'registration',
		'do_not_retry',
		'This number is already verified, so no new verification code was sent.',
		'Skip the code step and register the number with its PIN (verification stays valid for 14 days).',
	),
	// Listed on the Graph verify_code edge reference as "Verify code error" (docs/meta-api.md §4.2 marks it [inferred]).
	136025: entry(
		'registration',
		'fix_and_retry',
		'The verification code is wrong or no longer valid.',
		'Enter the code from the latest SMS or call; if it is old, request a new code first. Do not guess: attempts are limited.',
	),
	131045: entry(
		'registration',
		'fix_and_retry',
		'The number is not registered or its certificate is invalid.',
		'Register the number ("Register Phone Number") and try again.',
	),
	131031: entry(
		'policy',
		'do_not_retry',
		'The business account is locked, or the data sent does not match (for example a wrong two-step PIN).',
		'Check Policy Enforcement and Health Status in WhatsApp Manager before sending again.',
	),
	// Throughput and rate limits
	130429: throttled(
		"The number reached its messaging throughput (80 messages per second by default).",
		'Slow down: lower the rate limit option, or wait a moment and retry.',
		1_000,
	),
	131056: throttled(
		'Too many messages were sent to the same person in a short time.',
		'Wait before messaging this person again (about 6 seconds between messages); other recipients are not affected.',
		6_000,
	),
	131057: throttled(
		'The account is in maintenance mode (for example during a throughput upgrade).',
		'Retry in about a minute.',
		60_000,
	),
	4: throttled('The app made too many API calls.', 'Wait a few minutes before calling again.', 60_000),
	80007: throttled(
		'The WhatsApp Business Account reached its API rate limit.',
		'Wait before calling again; spread calls out over the hour.',
		60_000,
	),
	2494100: throttled('The number is in maintenance mode (migration).', 'Retry in a few minutes.', 2 * 60_000),
	// Transient server errors
	1: entry('transient', 'retry', 'Meta reported an unknown temporary error.', 'Retry in a moment.', 2_000),
	2: entry('transient', 'retry', 'The WhatsApp service is temporarily unavailable.', 'Retry in a moment.', 2_000),
	131000: entry('transient', 'retry', 'Something went wrong at WhatsApp.', 'Retry in a moment; if it persists, check the WhatsApp status page.', 2_000),
	131016: entry('transient', 'retry', 'The WhatsApp service is overloaded.', 'Retry in a moment.', 5_000),
	// Auth and permissions
	190: entry(
		'auth',
		'refresh_token',
		'The access token has expired or is not valid.',
		'Create a new access token (a system-user token does not expire) and update the credentials.',
	),
	0: entry('auth', 'refresh_token', 'Meta could not authenticate the request.', 'Reconnect with a valid access token.'),
	// Graph's answer (HTTP 400) when a request carries no token (docs/meta-api.md §4.2, [code]).
	104: entry(
		'auth',
		'refresh_token',
		'No access token reached Meta (the credential\'s access token is empty or was not sent).',
		'Paste a valid access token into the credentials (a system-user token does not expire) and try again.',
	),
	3: entry(
		'permission',
		'fix_and_retry',
		'The app is not allowed to use this capability.',
		'Check the app and token permissions in Meta Business Manager.',
	),
	10: entry(
		'permission',
		'fix_and_retry',
		'The access token lacks a permission this action needs.',
		'Give the token whatsapp_business_management and whatsapp_business_messaging, then try again.',
	),
	200: entry(
		'permission',
		'fix_and_retry',
		'The access token is missing a permission (or no token was sent).',
		'Give the token whatsapp_business_management (and whatsapp_business_messaging for sending).',
	),
	131005: entry(
		'permission',
		'fix_and_retry',
		'Access to this resource was denied.',
		'Check that the token belongs to a user or system user with access to this WhatsApp Business Account.',
	),
	// Invalid input and not found
	100: entry(
		'invalid_input',
		'fix_and_retry',
		'Meta rejected a parameter as invalid or unsupported.',
		'Check the values in the error details (IDs, formats) and try again.',
	),
	131008: entry('invalid_input', 'fix_and_retry', 'A required parameter is missing.', 'Fill in the missing field named in the details.'),
	131009: entry('invalid_input', 'fix_and_retry', 'A parameter value is not valid.', 'Fix the value named in the details.'),
	33: entry(
		'not_found',
		'do_not_retry',
		'This business phone number was deleted or does not exist.',
		'Check the phone number ID (list the numbers of the account to find it).',
	),
	// Recipients and delivery
	131026: entry(
		'recipient',
		'do_not_retry',
		'The message could not be delivered (the recipient may not use WhatsApp, or uses an old version).',
		'Confirm the number through another channel; do not resend in a loop.',
	),
	131047: entry(
		'recipient',
		'fix_and_retry',
		'More than 24 hours passed since this person last wrote, so only a template message can be sent.',
		'Send an approved template instead of free text.',
	),
	131048: entry(
		'policy',
		'do_not_retry',
		'Messages were limited because too many were flagged as spam.',
		'Check the number quality in WhatsApp Manager and improve message content before sending more.',
	),
	131049: entry(
		'recipient',
		'wait',
		'Meta held back this marketing message to protect the user experience.',
		'Wait at least 24 hours before sending this person another marketing message.',
	),
	131050: entry(
		'recipient',
		'do_not_retry',
		'This person opted out of marketing messages.',
		'Do not send marketing messages to this person.',
	),
	131030: entry(
		'recipient',
		'fix_and_retry',
		"The recipient is not in the test number's allowed list.",
		'Add the recipient to the allowed list in the Meta app dashboard, or use a production number.',
	),
	368: entry('policy', 'do_not_retry', 'The account is temporarily blocked for policy violations.', 'Review the policy notice in WhatsApp Manager.'),
	130497: entry(
		'policy',
		'do_not_retry',
		'The business cannot message users in this country.',
		'Check the country restrictions for your account.',
	),
	// Templates
	132000: entry('template', 'fix_and_retry', 'The number of template parameters does not match the template.', 'Send exactly as many body parameters as the template has placeholders.'),
	132001: entry('template', 'fix_and_retry', 'The template does not exist in this language.', 'Check the template name and language code in WhatsApp Manager.'),
	132005: entry('template', 'fix_and_retry', 'The template text is too long once parameters are filled in.', 'Shorten the parameter values.'),
	132007: entry('template', 'fix_and_retry', 'The template content violates a WhatsApp policy.', 'Edit the template in WhatsApp Manager.'),
	132012: entry('template', 'fix_and_retry', 'A template parameter has the wrong format.', 'Check each parameter against the template.'),
	132015: entry('template', 'do_not_retry', 'The template is paused because of low quality.', 'Edit the template or use another one.'),
	132016: entry('template', 'do_not_retry', 'The template is disabled.', 'Use another approved template.'),
	// Business usernames (endpoint facts are [code]-level, see docs/meta-api.md §1.14)
	147001: entry('invalid_input', 'fix_and_retry', 'That username is not available.', 'Pick another username.'),
	147002: entry('permission', 'do_not_retry', 'This number is not eligible for a business username yet.', 'Try again later; usernames roll out gradually through 2026.'),
	147003: entry('permission', 'fix_and_retry', 'A Facebook account must be linked before reserving this username.', 'Link the Facebook Page in Meta Business Manager.'),
	147004: entry('permission', 'fix_and_retry', 'An Instagram account must be linked before reserving this username.', 'Link the Instagram account in Meta Business Manager.'),
	147005: entry('invalid_input', 'fix_and_retry', 'This username belongs to another of your numbers.', 'Set "Transfer If Taken" to move the username to this number.'),
};

/**
 * Code + subcode pairs that need their own words. Meta says subcodes are not returned from v16 on,
 * yet peers still see these; when absent, the code's entry applies.
 */
export const SUBCODE_CATALOG: Readonly<Record<string, CatalogEntry>> = {
	// The "PENDING 400": register refused while the display name is still in review, so the number
	// stays PENDING (seen by the Chatwoot project, github.com/chatwoot/chatwoot PR #12556; [code] confidence, docs/meta-api.md §4.2).
	'100:2388001': entry(
		'registration',
		'wait',
		'Meta refused to register the number because its display name has not been approved yet, so the number stays PENDING.',
		'Wait until the display name is approved (run "Check Number Readiness" or watch the name review event), then register again with the same PIN.',
	),
};

/** For a code Meta did not document (or a bare HTTP failure), decide by HTTP status. */
export function describeUnknown(httpStatus: number | undefined): CatalogEntry {
	if (httpStatus === 401) return ERROR_CATALOG[190];
	if (httpStatus === 403) return entry('permission', 'fix_and_retry', 'Meta refused the request.', 'Check the token permissions and that the number belongs to this WhatsApp Business Account.');
	if (httpStatus === 404) return entry('not_found', 'do_not_retry', 'Meta could not find that object.', 'Check the ID.');
	if (httpStatus === 409) return entry('invalid_input', 'do_not_retry', 'That already exists or is in use.', 'Look the number up instead of adding it again.');
	if (httpStatus === 429) return throttled('Meta is rate limiting requests.', 'Wait and retry.', 30_000);
	if (httpStatus !== undefined && httpStatus >= 500) return entry('transient', 'retry', 'Meta had a temporary server problem.', 'Retry in a moment.', 2_000);
	return entry('unknown', 'fix_and_retry', 'Meta rejected the request.', 'Read the details below and correct the request.');
}

/** Codes that are a throttling signal whatever HTTP status carried them (Meta uses 400). */
export const THROTTLING_CODES: ReadonlySet<number> = new Set(
	Object.entries(ERROR_CATALOG)
		.filter(([, e]) => e.category === 'throttling')
		.map(([code]) => Number(code)),
);
