import { defineOperation } from '../../operation';
import { appIdField, webhookFieldNames, WHATSAPP_WEBHOOK_OBJECT } from './app';
import { callbackUrlField, verifyTokenField } from './model';

export interface SetAppSubscriptionInput {
	appId: string;
	callbackUrl: string;
	verifyToken: string;
	fields: string[];
}

export interface SetAppSubscriptionOutput {
	success: boolean;
	appId: string;
	callbackUrl: string;
	fields: string[];
}

/**
 * `POST /<APP_ID>/subscriptions` with an app token: `object`, `callback_url`, `verify_token`,
 * `fields` (comma-separated) and `include_values` (docs/meta-api.md §6, parameters [code]). Meta
 * calls the URL with its verification GET during this request, and replaces the app's previous
 * callback URL: a Meta app has one.
 */
export const setAppSubscription = defineOperation<SetAppSubscriptionInput, SetAppSubscriptionOutput>({
	id: 'setAppSubscription',
	resource: 'webhook',
	title: 'Set App Subscription',
	action: "Set the app's webhook callback",
	description: "Points the Meta app's WhatsApp webhooks (all fields, account-level ones included) at a URL. Needs the app's own token; Meta verifies the URL right away.",
	kind: 'write',
	internal: true,
	fields: [
		appIdField,
		callbackUrlField,
		verifyTokenField,
		{
			key: 'fields',
			label: 'Webhook Fields',
			type: 'string',
			list: true,
			required: true,
			help: 'The webhook fields the app receives, e.g. messages and account_update (one per line or comma-separated).',
			placeholder: 'messages, account_update',
			validate: (value, label) => webhookFieldNames(value, label),
		},
	],
	sample: { success: true, appId: '900000000000001', callbackUrl: 'https://example.com/webhook/whatsapp', fields: ['account_update', 'messages'] },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'appId', label: 'App ID', type: 'string' },
		{ key: 'callbackUrl', label: 'Callback URL', type: 'string' },
		{ key: 'fields', label: 'Fields', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.appId}/subscriptions`,
			json: { object: WHATSAPP_WEBHOOK_OBJECT, callback_url: input.callbackUrl, verify_token: input.verifyToken, fields: input.fields.join(','), include_values: true },
			retry: 'send',
			operation: 'setAppSubscription',
		});
		return { success: response.success === true, appId: input.appId, callbackUrl: input.callbackUrl, fields: input.fields };
	},
});
