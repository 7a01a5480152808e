/**
 * Custom authentication: a Meta access token and the WhatsApp Business Account it manages. The
 * test reads the account (`GET /<WABA_ID>?fields=id,name`), which every valid token for it can do.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, graphId } from '../shared';
import { AUTH_KEYS, clientFor } from './connection';
import { toZapierError } from './errors';

/** What the test returns; the connection label is made from it. */
export interface ConnectionTestResult {
	id: string;
	name: string | null;
}

export const SANDBOX_HELP =
	'To try the app without a Meta account, run the local sandbox (`npm run sandbox`) and use its URL (`http://127.0.0.1:4010` by default) with the access token `sandbox-access-token` and the account ID `100000000000001`. Zapier itself can only reach a sandbox at a public address; for local runs see the README.';

export const BASE_AUTH_FIELDS = [
	{
		key: AUTH_KEYS.accessToken,
		label: 'Access Token',
		type: 'password',
		required: true,
		helpText:
			'A Meta access token with the `whatsapp_business_management` and `whatsapp_business_messaging` permissions. Best: a System User token (Meta Business Settings → Users → System users → Generate new token), which does not expire.',
	},
	{
		key: AUTH_KEYS.wabaId,
		label: 'WhatsApp Business Account ID',
		type: 'string',
		required: true,
		placeholder: '102290129340398',
		helpText: 'The numeric ID of the WhatsApp Business Account (WABA): WhatsApp Manager → Account tools → Business account info, or Meta Business Settings → Accounts → WhatsApp accounts.',
	},
	{
		key: AUTH_KEYS.apiVersion,
		label: 'Graph API Version',
		type: 'string',
		required: false,
		default: DEFAULT_API_VERSION,
		helpText: `The Meta Graph API version to call, like \`${DEFAULT_API_VERSION}\`. Leave the default unless you need another version.`,
	},
	{
		key: AUTH_KEYS.baseUrl,
		label: 'Base URL',
		type: 'string',
		required: false,
		default: DEFAULT_BASE_URL,
		helpText: `Advanced: leave \`${DEFAULT_BASE_URL}\` for Meta. ${SANDBOX_HELP}`,
	},
	{
		key: AUTH_KEYS.appId,
		label: 'Meta App ID',
		type: 'string',
		required: false,
		placeholder: '584544743160774',
		helpText:
			"Optional: only needed to change a business profile picture, which goes through the upload API of the Meta app your access token belongs to (Meta App Dashboard → App settings → Basic → App ID). The token's user must be an admin or developer of that app.",
	},
];

/** The connection test: the account's ID and name, or the mapped Zapier error. */
export async function testConnection(z: ZObject, bundle: Bundle): Promise<ConnectionTestResult> {
	try {
		const client = clientFor(z, bundle);
		const wabaId = graphId(client.requireWabaId(), 'WhatsApp Business Account ID');
		const account = await client.request<{ id?: string; name?: string }>({
			method: 'GET',
			path: wabaId,
			query: { fields: 'id,name' },
			retry: 'read',
			operation: 'testConnection',
		});
		return { id: String(account.id ?? wabaId), name: account.name ?? null };
	} catch (error) {
		throw toZapierError(z, error);
	}
}

/** "Jasper's Market (WABA 102290129340398)": identifies the account, never shows the token. */
export function connectionLabel(_z: ZObject, bundle: Bundle): string {
	const result = (bundle.inputData ?? {}) as Partial<ConnectionTestResult>;
	const id = result.id ?? bundle.authData?.[AUTH_KEYS.wabaId] ?? '';
	return result.name ? `${result.name} (WABA ${id})` : `WABA ${id}`;
}
