/**
 * Meta's error codes, each told in a marketer's words with the next step.
 * Source: docs/meta-api.md §4.2 (confidence noted there). Codes not listed
 * fall back by HTTP status (see `describeUnknown`), so a new Meta code still gets a clear message.
 * Texts name operations, fields and the account settings by token (`{op:registerPhoneNumber}`,
 * `{connection}`; see wording.ts), so each platform reads its own names.
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
	/** What was asked for is already the case: the step has nothing to do (Zapier halts quietly). */
	alreadyDone?: boolean;
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

/**
 * A number already in the WhatsApp Business app joins the API through the app (coexistence,
 * docs/meta-coexistence.md §1), never through add number; Meta's add-number errors say so.
 */
const BUSINESS_APP_NUMBER_STEP =
	'If it is a WhatsApp Business app number that should keep the app, connect it through the app instead: a Meta partner\'s "connect your WhatsApp Business app" signup, confirmed in the app (coexistence).';

/** A number's messaging throughput exceeded (docs/meta-api.md §5): the pace, not the message, was wrong. */
export const THROUGHPUT_CODE = 130429;
/** Too many messages from one number to one person in a short time (docs/meta-api.md §4.2). */
export const PAIR_RATE_CODE = 131056;

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
		'Use the PIN set for this number, or set a new one with {op:setTwoStepPin} (no old PIN needed), then register again. Do not guess: repeated wrong PINs lock the number.',
	),
	133006: entry(
		'registration',
		'fix_and_retry',
		'The number has to be verified before it can be registered: it was never verified, or its last verification is more than 14 days old.',
		'Request a verification code with {op:requestVerificationCode}, enter it with {op:verifyCode}, then register within 14 days.',
	),
	133008: entry(
		'pin',
		'wait',
		'Too many wrong two-step PIN attempts.',
		'Wait for the time Meta gives in the error details before trying again, and use the correct PIN (or set a new one with {op:setTwoStepPin}).',
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
		'Register the number with its 6-digit PIN first ({op:registerPhoneNumber}).',
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
	136024: {
		...entry(
			'registration',
			'do_not_retry',
			'This number is already verified, so no new verification code was sent.',
			'Skip the code step and go straight to {op:registerPhoneNumber} with its PIN (verification stays valid for 14 days).',
		),
		alreadyDone: true,
	},
	// Listed on the Graph verify_code edge reference as "Verify code error" (docs/meta-api.md §4.2 marks it [inferred]).
	136025: entry(
		'registration',
		'fix_and_retry',
		'The verification code is wrong or no longer valid.',
		'Enter the code from the latest SMS or call; if it is old, request a new code first. Do not guess: attempts are limited.',
	),
	// The add-number edge's own code (Graph reference of POST /<WABA_ID>/phone_numbers, "Cannot add phone
	// number to WhatsApp Business Account"); which numbers get it is not documented (docs/meta-coexistence.md §1).
	200000: entry(
		'registration',
		'fix_and_retry',
		'Meta would not add this phone number to the account. A number still in use on WhatsApp or in the WhatsApp Business app cannot be added this way.',
		`${BUSINESS_APP_NUMBER_STEP} Otherwise delete its account in the WhatsApp app first (Settings → Account → Delete account), or use a number that is not on WhatsApp.`,
	),
	131045: entry(
		'registration',
		'fix_and_retry',
		'The number is not registered or its certificate is invalid.',
		'Register the number ({op:registerPhoneNumber}) and try again.',
	),
	131031: entry(
		'policy',
		'do_not_retry',
		'The business account is locked, or the data sent does not match (for example a wrong two-step PIN).',
		'Check Policy Enforcement and Health Status in WhatsApp Manager before sending again.',
	),
	// Throughput and rate limits
	[THROUGHPUT_CODE]: throttled(
		"The number reached its messaging throughput (80 messages per second by default).",
		'Wait a moment and retry. To send more slowly, lower {field:ratePerSecond}.',
		1_000,
	),
	[PAIR_RATE_CODE]: throttled(
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
		'Create a new access token (a system-user token does not expire) and put it in {connection}.',
	),
	0: entry('auth', 'refresh_token', 'Meta could not authenticate the request.', 'Put a valid access token in {connection}.'),
	// HTTP 400 when no token reached Meta at all (docs/meta-api.md §4.2, [code] confidence).
	104: entry(
		'auth',
		'refresh_token',
		'The request reached Meta without an access token.',
		'Connect your account: put a system-user access token in {connection}.',
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
	// Media (docs/meta-messaging.md §1.5): these arrive on failed statuses and inbound messages, not as answers
	131052: entry(
		'recipient',
		'do_not_retry',
		'WhatsApp could not download the file the customer sent (for example its type is not supported).',
		'Ask the customer to send the file again, for example as a PDF or a JPEG; the details below say what Meta found.',
	),
	131053: entry(
		'invalid_input',
		'fix_and_retry',
		'WhatsApp could not take the file used in the message: Meta could not fetch the link, or the file type or size is not supported.',
		'Check that the link is public and returns the file itself (not a web page), and that its type and size are supported; or upload the file with {op:uploadMedia} and send its media ID.',
	),
	// Since v23.0 Meta reports parameter problems at send with 132018 (docs/meta-templates.md §4.2, [doc] + [code]).
	132018: entry(
		'template',
		'fix_and_retry',
		'WhatsApp refused a template parameter: a value with a new line, a tab or more than 4 spaces in a row, a header or button value the template does not take, or a code that is too long.',
		'Put every value on one line and give only the values the template has. The template\'s parameters are listed by {op:getTemplate}.',
	),
	// Business-scoped user IDs (docs/meta-bsuid.md §4, [doc])
	131062: entry(
		'recipient',
		'fix_and_retry',
		'WhatsApp does not deliver this message to a business-scoped user ID: authentication templates with a one-tap, zero-tap or copy-code button need a phone number.',
		'Send it to the person\'s phone number in {field:to}.',
	),
	// Marketing Messages API (docs/meta-messaging.md §5.2, §5.3: [code], a provider's copy of Meta's answers)
	131055: entry(
		'template',
		'fix_and_retry',
		'Meta refused the message on the Marketing Messages API, which only takes MARKETING templates.',
		'Send utility and authentication templates with {field:marketingMessages} off, or pick a marketing template.',
	),
	131063: entry(
		'template',
		'fix_and_retry',
		'This account does not send marketing templates through the Cloud API any more: they must go through the Marketing Messages API.',
		'Turn on {field:marketingMessages} for marketing templates (the business must have accepted its terms in WhatsApp Manager).',
	),
	// Business usernames (endpoint facts are [code]-level, see docs/meta-api.md §1.14)
	147001: entry('invalid_input', 'fix_and_retry', 'That username is not available.', 'Pick another username.'),
	147002: entry('permission', 'do_not_retry', 'This number is not eligible for a business username yet.', 'Try again later; usernames roll out gradually through 2026.'),
	147003: entry('permission', 'fix_and_retry', 'A Facebook account must be linked before reserving this username.', 'Link the Facebook Page in Meta Business Manager.'),
	147004: entry('permission', 'fix_and_retry', 'An Instagram account must be linked before reserving this username.', 'Link the Instagram account in Meta Business Manager.'),
	147005: entry(
		'invalid_input',
		'fix_and_retry',
		'This username belongs to another of your numbers.',
		'Pick another username, or remove it from the other number first. Turning on {field:transferIfTaken} moves it to this number.',
	),
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
		'Wait until the display name is approved (run {op:checkReadiness} or watch the name review event), then register again with the same PIN.',
	),
	// "Unsupported get request. Object with ID '…' does not exist, cannot be loaded due to missing
	// permissions, or does not support this operation" (docs/meta-api.md §4.2, [code] confidence).
	// Template management (docs/meta-templates.md §5.2; 2388024 [doc], the others [code]).
	'100:2388024': entry(
		'invalid_input',
		'fix_and_retry',
		'A template with this name already exists in this language.',
		'Use another name, or create the same name in another language. To change the existing one, edit it in WhatsApp Manager.',
	),
	'100:2388040': entry(
		'invalid_input',
		'fix_and_retry',
		'A part of the template is longer than WhatsApp allows.',
		'Shorten it: the body takes 1,024 characters, the header and footer 60, a button text 25, a link 2,000.',
	),
	'100:2388047': entry('invalid_input', 'fix_and_retry', 'Meta refused the format of the template\'s header or body.', 'Check the header type and the placeholders against the text, then submit again.'),
	'100:2388293': entry('invalid_input', 'fix_and_retry', 'The template has too many placeholders for the length of its text.', 'Add more words around the placeholders, or use fewer placeholders.'),
	'100:2388299': entry(
		'invalid_input',
		'fix_and_retry',
		'The template text starts or ends with a placeholder, which WhatsApp does not allow.',
		'Add some words before the first and after the last placeholder.',
	),
	'100:2388019': entry(
		'invalid_input',
		'do_not_retry',
		'The account reached its limit of message templates (250 names, 6,000 once the business is verified).',
		'Verify the business in Meta Business Manager to raise the limit. Delete templates you no longer use ({op:deleteTemplate}).',
	),
	'100:2593002': entry(
		'not_found',
		'do_not_retry',
		'Meta found no message template with that name in this account.',
		'Check the name in WhatsApp Manager → Message templates (lowercase, digits and underscores). The list of templates ({op:listTemplates}) shows every one.',
	),
	'100:33': entry(
		'not_found',
		'do_not_retry',
		'Meta found nothing with that ID, or this access token is not allowed to see it.',
		'Check the ID (for example pick the number from the list) and that the token has access to this WhatsApp Business Account.',
	),
};

/**
 * A code whose meaning depends on Meta's text: Meta answers many media mistakes with plain 100
 * and says which in `message` or `error_data.details` (docs/meta-messaging.md §1.1, §1.3, §1.4,
 * [code]: the wording apps quote). Matched on the stable part of the sentence, before the code's own entry.
 */
export interface DetailCatalogEntry {
	code: number;
	/** Tested against Meta's `message` and `error_data.details`. */
	pattern: RegExp;
	entry: CatalogEntry;
}

export const DETAIL_CATALOG: readonly DetailCatalogEntry[] = [
	{
		code: 100,
		pattern: /Param file must be a file with one of the following types/i,
		entry: entry(
			'invalid_input',
			'fix_and_retry',
			"Meta refused the file's type: the upload said it is a type WhatsApp does not take.",
			'Upload a supported file (JPEG or PNG image, MP4 or 3GP video, AAC, AMR, MP3, M4A or OGG audio, PDF, TXT or Office document, WebP sticker), and if the type is wrong set {field:mimeType} to the real one.',
		),
	},
	{
		code: 100,
		pattern: /is not a valid whatsapp business account media attachment ID/i,
		entry: entry(
			'invalid_input',
			'fix_and_retry',
			'The media ID cannot be used by this phone number: it does not exist, it expired (30 days after upload) or another phone number uploaded it.',
			'Upload the file again with {op:uploadMedia} from the phone number that sends the message, and use the new media ID.',
		),
	},
	{
		// docs/meta-messaging.md §5.3 [code]: the terms answer carries 131055 with a "(#200)" message.
		code: 131055,
		pattern: /accept the Marketing Messages (?:Lite )?API terms/i,
		entry: entry(
			'permission',
			'fix_and_retry',
			'The business has not accepted the Marketing Messages API for WhatsApp terms, so Meta refused the message. Nothing was sent.',
			'An admin of the business portfolio accepts the terms in WhatsApp Manager (Marketing Messages API for WhatsApp); until then send with {field:marketingMessages} off.',
		),
	},
	{
		code: 100,
		pattern: /Param phone_number_id is not a valid whatsapp business phone number id/i,
		entry: entry(
			'invalid_input',
			'fix_and_retry',
			'That phone number did not upload this media (media a customer sent belongs to no business number).',
			'Leave {field:phoneNumberId} empty for media from incoming messages, or pick the phone number that uploaded the file.',
		),
	},
];

/**
 * Meta's media download host answers by HTTP status (docs/meta-messaging.md §1.3; its bodies are
 * undocumented, [inferred]). A refused token keeps the catalog's auth wording.
 */
export const MEDIA_HOST_CATALOG: Readonly<Record<number, CatalogEntry>> = {
	404: entry(
		'not_found',
		'do_not_retry',
		"Meta's media host no longer has this file: the media was deleted, or its ID expired (30 days after upload, 7 days for files customers send).",
		'Check the media ID; if the file is still needed, upload it again (or ask the customer to send it again).',
	),
};

/**
 * What an HTTP status means for one operation, ahead of the code Meta sent with it: the add-number
 * edge answers 409 "when the number already exists or is in use" (docs/meta-api.md §1.3), whatever
 * the code (often 100), and an in-use number may be a WhatsApp Business app number.
 */
export const OPERATION_STATUS_CATALOG: Readonly<Record<string, Readonly<Record<number, CatalogEntry>>>> = {
	addPhoneNumber: {
		409: entry(
			'registration',
			'do_not_retry',
			'Meta did not add the number: it already belongs to a WhatsApp Business Account or is in use on WhatsApp (for example in the WhatsApp Business app).',
			`If it is already in this account, look it up with {op:getPhoneNumber} instead of adding it. ${BUSINESS_APP_NUMBER_STEP} Otherwise delete its account in the WhatsApp app first.`,
		),
	},
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
