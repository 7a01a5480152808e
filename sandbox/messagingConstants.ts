/**
 * The Meta facts behind media, rich messages, read receipts, business profiles, marketing messages
 * and business-scoped user IDs, each with its source in docs/meta-messaging.md or docs/meta-bsuid.md
 * (§) and a confidence tag. A guess lives in exactly one constant here: when Meta turns out to differ,
 * change it and the sandbox's tests show what moved.
 */

/** docs/meta-messaging.md §1.2: supported MIME types and size limits per media type. [doc] */
export const MEDIA_LIMITS = {
	image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
	video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * 1024 * 1024 },
	audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * 1024 * 1024 },
	document: {
		mimeTypes: [
			'text/plain',
			'application/pdf',
			'application/vnd.ms-powerpoint',
			'application/msword',
			'application/vnd.ms-excel',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		],
		maxBytes: 100 * 1024 * 1024,
	},
	sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * 1024 },
} as const;

export type MediaKind = keyof typeof MEDIA_LIMITS;

/** §1.2: stickers are 100 KB when static, 500 KB when animated. [doc] */
export const STATIC_STICKER_MAX_BYTES = 100 * 1024;

/**
 * §1.1: the upload answer lists these types, in this order, when the file part's type is not one of
 * them (`(#100) Param file must be a file with one of the following types: … Received file of type 'x'.`).
 * `audio/opus` is in Meta's list though not in the documented table. [code: error text seen in apps]
 */
export const UPLOADABLE_MIME_TYPES = [
	'audio/aac',
	'audio/mp4',
	'audio/mpeg',
	'audio/amr',
	'audio/ogg',
	'audio/opus',
	'application/vnd.ms-powerpoint',
	'application/msword',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/pdf',
	'text/plain',
	'application/vnd.ms-excel',
	'image/jpeg',
	'image/png',
	'image/webp',
	'video/mp4',
	'video/3gpp',
] as const;

/** §1.4: captions of image, video and document messages. [doc] */
export const MEDIA_CAPTION_MAX = 1024;

/** §1.3: the download URL from `GET /<MEDIA_ID>` works for 5 minutes. [doc] */
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

/** §1.1: uploaded media IDs live 30 days; IDs from inbound webhooks 7 days. [doc] */
export const MEDIA_ID_TTL_MS = { upload: 30 * 24 * 60 * 60 * 1000, inbound: 7 * 24 * 60 * 60 * 1000 } as const;

/** §1.3: the path of Meta's download host (`lookaside.fbsbx.com`), served by the sandbox itself. [doc] */
export const MEDIA_DOWNLOAD_PATH = '/whatsapp_business/attachments/';

/** §6.1: the path profile pictures are served from (Meta: `pps.whatsapp.net`, public). [inferred] */
export const PROFILE_PICTURE_PATH = '/pps/';

/**
 * §1.3: what the download host answers for an expired or unknown URL. Undocumented: the sandbox
 * says 404 so a client that caches URLs fails loudly. [inferred]
 */
export const EXPIRED_MEDIA_URL_STATUS = 404;

/**
 * §1.3: `file_size` in `GET /<MEDIA_ID>`. Kapso's proxy reference and whatsapp-api-js type it as a
 * string; 360dialog's schema says integer. The sandbox answers a string, so a client that does
 * arithmetic on it without converting fails here. [code, conflicting]
 */
export const MEDIA_FILE_SIZE_AS_STRING = true;

/**
 * §3.1: inbound media webhooks carry `url` (the download URL) since the Nov 2025 gradual rollout;
 * a client must still cope without it. [doc]
 */
export const INBOUND_MEDIA_URL = true;

/** §2: interactive message limits (characters unless said otherwise). [doc; section title, row id: code] */
export const INTERACTIVE_LIMITS = {
	headerText: 60,
	footerText: 60,
	/** Button and CTA messages. */
	bodyText: 1024,
	/** The list page (Nov 2025) says 4096 for list bodies. */
	listBodyText: 4096,
	/** Reply button ids; the count and title limits are constants.ts REPLY_BUTTONS. */
	replyButtonIdMax: 256,
	list: { buttonMax: 20, sectionsMax: 10, rowsTotalMax: 10, sectionTitleMax: 24, rowIdMax: 200, rowTitleMax: 24, rowDescriptionMax: 72 },
	ctaDisplayTextMax: 20,
} as const;

/** §2.5: `interactive.action.name` of a location request. [doc] */
export const LOCATION_REQUEST_ACTION = 'send_location';

/** §4: `typing_indicator.type` values. [doc] */
export const TYPING_INDICATOR_TYPES: readonly string[] = ['text'];

/** §4: a typing indicator disappears after 25 s or at the business's next message. [doc] */
export const TYPING_INDICATOR_MS = 25_000;

/** §6.2: business profile limits and the `vertical` enum. [doc] */
export const PROFILE_LIMITS = { about: { min: 1, max: 139 }, address: 256, description: 512, email: 128, websites: { max: 2, eachMax: 256 } } as const;

export const PROFILE_VERTICALS: readonly string[] = [
	'UNDEFINED',
	'OTHER',
	'AUTO',
	'BEAUTY',
	'APPAREL',
	'EDU',
	'ENTERTAIN',
	'EVENT_PLAN',
	'FINANCE',
	'GROCERY',
	'GOVT',
	'HOTEL',
	'HEALTH',
	'NONPROFIT',
	'PROF_SERVICES',
	'RETAIL',
	'TRAVEL',
	'RESTAURANT',
	'NOT_A_BIZ',
];

export const PROFILE_FIELDS: readonly string[] = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical', 'messaging_product'];

/** §7: `file_type` values the Resumable Upload API accepts. [doc] */
export const UPLOAD_FILE_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'];

/** §6.2: profile pictures must be JPEG or PNG handles. [inferred from the upload types] */
export const PROFILE_PICTURE_TYPES: readonly string[] = ['image/jpeg', 'image/jpg', 'image/png'];

/** §5.2: extra keys a `/marketing_messages` send may carry besides a template send's. [doc + code] */
export const MARKETING_EXTRA_KEYS: readonly string[] = ['message_activity_sharing', 'product_policy'];

/** §5.2: `product_policy` values. [code: proxies' docs] */
export const MARKETING_PRODUCT_POLICIES: readonly string[] = ['CLOUD_API_FALLBACK', 'STRICT'];

/** §5.3: pricing on status webhooks of marketing messages sent through `/marketing_messages`. [inferred] */
export const MARKETING_PRICING = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing_lite' } as const;

/** docs/meta-bsuid.md §1: `US.13491208655302741918`; parent BSUIDs add `ENT.` (`US.ENT.118…`). [doc] */
export const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/** docs/meta-bsuid.md §5: the `system.body` of a BSUID-only change. Meta's wording is not published. [inferred] */
export const USER_ID_CHANGED_BODY = (name: string): string => `User ${name} changed their business-scoped user ID`;
