import type { IAuthenticate, ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { ACCOUNT_CHECK_RULES, DEFAULT_API_VERSION, DEFAULT_BASE_URL } from '../shared';

/**
 * Graph API access for a WhatsApp Business Account: a system-user token (sent by n8n as a Bearer
 * header), the WABA ID, the Graph API version, the base URL (the sandbox's, to rehearse) and,
 * optionally, the app ID the Resumable Upload API needs for profile pictures.
 */
export class WhatsAppNumbersApi implements ICredentialType {
	name = 'whatsAppNumbersApi';

	displayName = 'WhatsApp Business Numbers API';

	icon: Icon = { light: 'file:../nodes/WhatsAppNumbers/whatsAppNumbers.svg', dark: 'file:../nodes/WhatsAppNumbers/whatsAppNumbers.dark.svg' };

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/business-management-api/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A system-user access token with the whatsapp_business_management and whatsapp_business_messaging permissions (Meta Business Settings → Users → System users → Generate token)',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'wabaId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '102290129340398',
			description: 'The WABA ID: WhatsApp Manager → Account tools → Business account ID (digits only)',
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_API_VERSION,
			placeholder: DEFAULT_API_VERSION,
			description: 'The Graph API version to call, in the form v25.0. Keep the default unless Meta asks you to change it.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: DEFAULT_BASE_URL,
			description: "Advanced: where Meta's Graph API lives. Use the sandbox URL (for example http://127.0.0.1:4010) to rehearse without touching real numbers.",
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			placeholder: '584544743160774',
			description:
				"Optional: only needed to change a business profile picture, which goes through the upload API of the Meta app your access token belongs to (Meta App Dashboard → App settings → Basic → App ID). The token's user must be an admin or developer of that app.",
		},
	];

	/**
	 * n8n adds the token as a Bearer header to every request of the nodes. Built in code rather than
	 * as a generic `={{$credentials.accessToken}}` block: n8n evaluates such a block's expression for
	 * every request (about 0.2 ms on n8n 2.8 and 0.9 ms on 2.41, whose expressions run in an isolated
	 * VM), which a bulk send of thousands of messages pays once per message.
	 */
	authenticate: IAuthenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
	});

	/**
	 * Reads the WABA. Meta answers errors with HTTP 400 and a JSON body, so the body is inspected
	 * (rules are checked in order; the last one catches any answer that is not the WABA).
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '={{ String($credentials.baseUrl || "https://graph.facebook.com").replace(/\\/+$/, "") }}/{{ $credentials.apiVersion || "v25.0" }}/{{ $credentials.wabaId }}',
			qs: { fields: 'id,name' },
			ignoreHttpStatusErrors: true,
		},
		rules: ACCOUNT_CHECK_RULES.map(({ key, value, message }) => ({ type: 'responseSuccessBody' as const, properties: { key, value, message } })),
	};
}
