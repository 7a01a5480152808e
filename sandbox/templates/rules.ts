/**
 * Every Meta fact the sandbox's message templates rely on, in one place, each with its source in
 * docs/meta-templates.md (§). When Meta turns out to differ, change the constant here and the
 * sandbox's own tests show what moved.
 */

/** §2.1 categories; §2.2 parameter formats; §3 statuses; §3.2 quality scores; §5.1 rejection reasons. */
export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const PARAMETER_FORMATS = ['POSITIONAL', 'NAMED'] as const;
export type ParameterFormat = (typeof PARAMETER_FORMATS)[number];
export const STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'LIMIT_EXCEEDED', 'ARCHIVED'] as const;
export const QUALITY_SCORES = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
export const REJECTION_REASONS = ['ABUSIVE_CONTENT', 'INCORRECT_CATEGORY', 'INVALID_FORMAT', 'NONE', 'PROMOTIONAL', 'SCAM', 'TAG_CONTENT_MISMATCH'] as const;

/** §2.3 header formats the sandbox accepts (GIF is Marketing Messages API only, not simulated). */
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
export const MEDIA_HEADER_FORMATS: readonly string[] = ['IMAGE', 'VIDEO', 'DOCUMENT'];

/** §2.4 character and count limits. */
export const LIMITS = {
	nameMax: 512,
	bodyMax: 1024,
	headerTextMax: 60,
	headerTextVariablesMax: 1,
	footerMax: 60,
	buttonTextMax: 25,
	buttonsMax: 10,
	urlMax: 2000,
	phoneNumberMax: 20,
	copyCodeExampleMax: 20,
} as const;

/** §2.5 how many buttons of each type one template may hold. */
export const BUTTON_TYPE_MAX: Readonly<Record<string, number>> = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1, OTP: 1 };

/** §2.1 template names: lowercase letters, digits and underscores. */
export const NAME_PATTERN = /^[a-z0-9_]+$/;
/** §2.2 named parameters: lowercase letters, digits and underscores, starting with a letter. [inferred] */
export const NAMED_PARAMETER_PATTERN = /^[a-z][a-z0-9_]*$/;
/** A `{{…}}` placeholder anywhere in a text. */
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** §4.4 a parameter's text may not hold new lines, tabs or more than four consecutive spaces. */
export const PARAMETER_TEXT_FORBIDDEN = /[\n\r\t]| {5,}/;

/**
 * §2.6 supported language codes and their names (the names appear in Meta's 2388024 message
 * "There is already <Language> content for this template").
 */
export const LANGUAGES: Readonly<Record<string, string>> = {
	af: 'Afrikaans', sq: 'Albanian', ar: 'Arabic', az: 'Azerbaijani', bn: 'Bengali', bg: 'Bulgarian', ca: 'Catalan',
	zh_CN: 'Chinese (CHN)', zh_HK: 'Chinese (HKG)', zh_TW: 'Chinese (TAI)', hr: 'Croatian', cs: 'Czech', da: 'Danish', nl: 'Dutch',
	en: 'English', en_GB: 'English (UK)', en_US: 'English (US)', et: 'Estonian', fil: 'Filipino', fi: 'Finnish', fr: 'French',
	ka: 'Georgian', de: 'German', el: 'Greek', gu: 'Gujarati', ha: 'Hausa', he: 'Hebrew', hi: 'Hindi', hu: 'Hungarian',
	id: 'Indonesian', ga: 'Irish', it: 'Italian', ja: 'Japanese', kn: 'Kannada', kk: 'Kazakh', ko: 'Korean', lo: 'Lao',
	lv: 'Latvian', lt: 'Lithuanian', mk: 'Macedonian', ms: 'Malay', ml: 'Malayalam', mr: 'Marathi', nb: 'Norwegian',
	fa: 'Persian', pl: 'Polish', pt_BR: 'Portuguese (BR)', pt_PT: 'Portuguese (POR)', pa: 'Punjabi', ro: 'Romanian',
	ru: 'Russian', sr: 'Serbian', sk: 'Slovak', sl: 'Slovenian', es: 'Spanish', es_AR: 'Spanish (ARG)', es_ES: 'Spanish (SPA)',
	es_MX: 'Spanish (MEX)', sw: 'Swahili', sv: 'Swedish', ta: 'Tamil', te: 'Telugu', th: 'Thai', tr: 'Turkish', uk: 'Ukrainian',
	ur: 'Urdu', uz: 'Uzbek', vi: 'Vietnamese', zu: 'Zulu',
};

/** §1.1 fields of a template node, and the ones a list returns when `fields` is omitted. */
export const TEMPLATE_FIELDS = ['id', 'name', 'language', 'status', 'category', 'components', 'parameter_format', 'quality_score', 'rejected_reason', 'previous_category'] as const;
export const DEFAULT_TEMPLATE_FIELDS = ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id'] as const;

/** §1.4 a name deleted while APPROVED cannot be used again for 30 days. */
export const DELETED_NAME_BLOCK_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Synchronous send errors (§4). `status` is the HTTP status; the titles are the ones Meta puts in
 * `message` ("(#code) title"), which differ from the error-code page's headings.
 */
export const SEND_ERRORS = {
	/**
	 * §4.1: missing in that language, or not approved (PENDING, REJECTED, …). The error-code table
	 * gives HTTP 404 for 132001; no captured response shows the status. [doc table]
	 */
	notFound: { code: 132001, status: 404, title: 'Template name does not exist in the translation' },
	paused: { code: 132015, status: 400, title: 'Template is Paused' },
	disabled: { code: 132016, status: 400, title: 'Template is Disabled' },
	paramCount: { code: 132000, status: 400, title: 'Number of parameters does not match the expected number of params' },
	paramFormat: { code: 132012, status: 400, title: 'Parameter format does not match format in the created template' },
	paramIssue: { code: 132018, status: 400, title: "There's an issue with the parameters in your template" },
} as const;
export type SendErrorKind = keyof typeof SEND_ERRORS;

/** §4.3: a named template's parameter without `parameter_name`: 100 "Invalid parameter" with this detail. [code] */
export const MISSING_PARAMETER_NAME_DETAIL = 'Parameter name is missing or empty';

/**
 * §4.3: a `parameter_name` the template does not have. Meta's answer is undocumented; the sandbox
 * answers like a missing name (code 100) so a core that gets names wrong fails loudly. [inferred]
 */
export const UNKNOWN_PARAMETER_NAME_CODE = 100;

/** §5.2 creation errors Meta gives a subcode and user-facing title for. */
export const CREATE_ERRORS = {
	/** [doc] template-management page. */
	duplicate: { subcode: 2388024, title: 'Content in This Language Already Exists' },
	/** [code] pywa's error map. */
	characterLimit: { subcode: 2388040, title: 'Character Limit Exceeded' },
	/** [code] pywa's error map. */
	leadingOrTrailingVariable: { subcode: 2388299, title: 'Variables Can\'t Be at the Start or End of the Template' },
	/** [code] a BSP's copy of Meta's answer to deleting an unknown name. */
	notFound: { subcode: 2593002, title: 'Message template not found' },
} as const;
