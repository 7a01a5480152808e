import { defineOperation } from '../../operation';
import { AppSubscription, appIdField, appSubscriptionOf, AppSubscriptionRow } from './app';

/** `GET /<APP_ID>/subscriptions` with an app token (docs/meta-api.md §6). */
export const getAppSubscription = defineOperation<{ appId: string }, AppSubscription>({
	id: 'getAppSubscription',
	resource: 'webhook',
	title: 'Get App Subscription',
	action: "Get the app's webhook callback",
	description: "Reads where the Meta app sends its WhatsApp webhooks (its callback URL) and for which fields. Needs the app's own token.",
	kind: 'read',
	internal: true,
	fields: [appIdField],
	sample: { appId: '900000000000001', subscribed: true, callbackUrl: 'https://example.com/webhook/whatsapp', active: true, fields: ['account_update', 'messages'] },
	outputFields: [
		{ key: 'appId', label: 'App ID', type: 'string' },
		{ key: 'subscribed', label: 'Subscribed', type: 'boolean' },
		{ key: 'callbackUrl', label: 'Callback URL', type: 'string' },
		{ key: 'active', label: 'Active', type: 'boolean' },
		{ key: 'fields', label: 'Fields', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ data?: AppSubscriptionRow[] }>({ method: 'GET', path: `${input.appId}/subscriptions`, retry: 'read', operation: 'getAppSubscription' });
		return appSubscriptionOf(input.appId, response.data);
	},
});
