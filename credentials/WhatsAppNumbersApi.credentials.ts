import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_API_VERSION, DEFAULT_BASE_URL } from '../shared/client';

/**
 * Graph API access for a WhatsApp Business Account: a system-user token (sent by n8n as a Bearer
 * header), the WABA ID, the Graph API version and the base URL (the sandbox's, to rehearse).
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

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
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 190,
					message: 'Meta refused the access token: it is wrong, expired or revoked. Generate a new system-user token in Meta Business Settings and paste it here.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 100,
					message: 'Meta cannot find this WhatsApp Business Account ID for this token. Check the WABA ID (WhatsApp Manager → Account tools) and that the system user has access to the account.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 200,
					message: 'The token lacks a permission. Give the system user the whatsapp_business_management and whatsapp_business_messaging permissions and generate a new token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 10,
					message: 'The token lacks a permission. Give the system user the whatsapp_business_management and whatsapp_business_messaging permissions and generate a new token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'OAuthException',
					message: 'Meta refused the request for this token and account. Check the access token, the WABA ID and the Graph API version.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'id',
					value: undefined,
					message: 'The answer was not a WhatsApp Business Account. Check the WABA ID, the Graph API version (e.g. v25.0) and the Base URL.',
				},
			},
		],
	};
}
