import { defineOperation } from '../../operation';
import { appIdField, WHATSAPP_WEBHOOK_OBJECT } from './app';

/** `DELETE /<APP_ID>/subscriptions?object=whatsapp_business_account` with an app token (docs/meta-api.md §6). */
export const deleteAppSubscription = defineOperation<{ appId: string }, { success: boolean; appId: string }>({
	id: 'deleteAppSubscription',
	resource: 'webhook',
	title: 'Delete App Subscription',
	action: "Remove the app's webhook callback",
	description: "Stops the Meta app's WhatsApp webhooks: its callback URL is removed for every field. Needs the app's own token.",
	kind: 'write',
	internal: true,
	fields: [appIdField],
	sample: { success: true, appId: '900000000000001' },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'appId', label: 'App ID', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'DELETE',
			path: `${input.appId}/subscriptions`,
			query: { object: WHATSAPP_WEBHOOK_OBJECT },
			retry: 'send',
			operation: 'deleteAppSubscription',
		});
		return { success: response.success === true, appId: input.appId };
	},
});
