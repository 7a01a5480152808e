/**
 * What Meta's answer to a connection check means, for a platform that can only compare values in
 * the answer's body (n8n's declarative credential test runs no code of ours). Rules are tried in
 * order; the last one of each list catches any answer that is not the object asked for. The codes
 * are the catalog's (docs/meta-api.md §4.2); the words are for the screen where the token is typed.
 */

export interface ErrorBodyRule {
	/** A path into Meta's JSON answer, e.g. `error.code`. */
	key: string;
	/** The value that makes the rule apply; undefined: the key is absent. */
	value: string | number | undefined;
	message: string;
}

/** `GET /<WABA_ID>?fields=id,name` with the access token. */
export const ACCOUNT_CHECK_RULES: readonly ErrorBodyRule[] = [
	{ key: 'error.code', value: 190, message: 'Meta refused the access token: it is wrong, expired or revoked. Generate a new system-user token in Meta Business Settings and paste it here.' },
	{
		key: 'error.code',
		value: 100,
		message: 'Meta cannot find this WhatsApp Business Account ID for this token. Check the WABA ID (WhatsApp Manager → Account tools) and that the system user has access to the account.',
	},
	{ key: 'error.code', value: 200, message: 'The token lacks a permission. Give the system user the whatsapp_business_management and whatsapp_business_messaging permissions and generate a new token.' },
	{ key: 'error.code', value: 10, message: 'The token lacks a permission. Give the system user the whatsapp_business_management and whatsapp_business_messaging permissions and generate a new token.' },
	{ key: 'error.type', value: 'OAuthException', message: 'Meta refused the request for this token and account. Check the access token, the WABA ID and the Graph API version.' },
	{ key: 'id', value: undefined, message: 'The answer was not a WhatsApp Business Account. Check the WABA ID, the Graph API version (e.g. v25.0) and the Base URL.' },
];

/** `GET /<APP_ID>/subscriptions` with the app token `APP_ID|APP_SECRET`. */
export const APP_CHECK_RULES: readonly ErrorBodyRule[] = [
	{ key: 'error.code', value: 190, message: 'Meta refused the app ID and app secret. Copy both again from the Meta App Dashboard (App settings → Basic).' },
	{ key: 'error.code', value: 100, message: 'Meta does not know this app ID. Copy it from the Meta App Dashboard (App settings → Basic).' },
	{ key: 'error.type', value: 'OAuthException', message: 'Meta refused the app credentials. Check the app ID, the app secret and the Graph API version.' },
	{ key: 'data', value: undefined, message: "The answer was not the app's webhook subscriptions. Check the app ID, the Graph API version (e.g. v25.0) and the Base URL." },
];
