import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { APP_CHECK_RULES, DEFAULT_API_VERSION, DEFAULT_BASE_URL } from '../shared';

/**
 * The Meta app behind the webhooks: its ID and secret (the secret checks every webhook signature
 * and, as the app token `APP_ID|APP_SECRET`, manages the app's webhook subscription) and the verify
 * token Meta echoes when it checks a callback URL.
 */
export class WhatsAppNumbersAppApi implements ICredentialType {
	name = 'whatsAppNumbersAppApi';

	displayName = 'WhatsApp Business Numbers App API';

	icon: Icon = { light: 'file:../nodes/WhatsAppNumbers/whatsAppNumbers.svg', dark: 'file:../nodes/WhatsAppNumbers/whatsAppNumbers.dark.svg' };

	documentationUrl = 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '900000000000001',
			description: 'The ID of the Meta app that receives the WhatsApp webhooks (Meta App Dashboard → App settings → Basic)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'App settings → Basic → App secret. Every webhook is signed with it; unsigned or wrongly signed requests are refused.',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Any secret phrase you choose. The trigger sends it to Meta when it sets the callback URL; if you set the URL yourself in the App Dashboard (WhatsApp → Configuration), type the same phrase there.',
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_API_VERSION,
			placeholder: DEFAULT_API_VERSION,
			description: 'The Graph API version used to manage the app subscription, in the form v25.0',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: DEFAULT_BASE_URL,
			description: "Advanced: where Meta's Graph API lives. Use the sandbox URL to rehearse.",
		},
	];

	/** Meta's app access token is `APP_ID|APP_SECRET`, passed as `access_token` (Graph webhooks docs). */
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			qs: {
				access_token: '={{$credentials.appId}}|{{$credentials.appSecret}}',
			},
		},
	};

	/** Lists the app's webhook subscriptions: only the right app ID and secret can. */
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '={{ String($credentials.baseUrl || "https://graph.facebook.com").replace(/\\/+$/, "") }}/{{ $credentials.apiVersion || "v25.0" }}/{{ $credentials.appId }}/subscriptions',
			ignoreHttpStatusErrors: true,
		},
		rules: APP_CHECK_RULES.map(({ key, value, message }) => ({ type: 'responseSuccessBody' as const, properties: { key, value, message } })),
	};
}
