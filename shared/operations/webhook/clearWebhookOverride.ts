import { defineOperation } from '../../operation';
import { OverrideLevel, overrideLevelField, OverrideOutput, overridePhoneNumberField } from './model';

/**
 * Phone-number level: `POST /<PHONE_NUMBER_ID>` `{webhook_configuration: {override_callback_uri: ""}}`;
 * WABA level: `POST /<WABA_ID>/subscribed_apps` with no body, which keeps the app subscribed and
 * drops the override (docs/meta-api.md §1.11).
 */
export const clearWebhookOverride = defineOperation<{ level: OverrideLevel; phoneNumberId?: string }, OverrideOutput>({
	id: 'clearWebhookOverride',
	resource: 'webhook',
	title: 'Clear Webhook Override',
	action: 'Send webhooks back to the default callback',
	description: "Removes a phone-number or account webhook override, so webhooks go back to the next level (the account's override, then the app's callback URL).",
	kind: 'write',
	fields: [overrideLevelField, overridePhoneNumberField],
	sample: { success: true, level: 'phoneNumber', targetId: '106540352242922', callbackUrl: null },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'level', label: 'Override For', type: 'string' },
		{ key: 'targetId', label: 'Phone Number or WABA ID', type: 'string' },
	],
	async run({ client }, input) {
		const targetId = input.level === 'waba' ? client.requireWabaId() : String(input.phoneNumberId);
		const response = await client.request<{ success?: boolean }>(
			input.level === 'waba'
				? { method: 'POST', path: `${targetId}/subscribed_apps`, retry: 'send', operation: 'clearWebhookOverride' }
				: { method: 'POST', path: targetId, json: { webhook_configuration: { override_callback_uri: '' } }, retry: 'send', operation: 'clearWebhookOverride' },
		);
		return { success: response.success === true, level: input.level, targetId, callbackUrl: null };
	},
});
