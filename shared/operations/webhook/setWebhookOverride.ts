import { defineOperation } from '../../operation';
import { callbackUrlField, OverrideLevel, overrideLevelField, OverrideOutput, overridePhoneNumberField, verifyTokenField } from './model';

export interface SetWebhookOverrideInput {
	level: OverrideLevel;
	phoneNumberId?: string;
	callbackUrl: string;
	verifyToken: string;
}

/**
 * Phone-number level: `POST /<PHONE_NUMBER_ID>` `{webhook_configuration: {override_callback_uri, verify_token}}`;
 * WABA level: `POST /<WABA_ID>/subscribed_apps` `{override_callback_uri, verify_token}` (docs/meta-api.md §1.11).
 * Meta calls the URL with its verification GET during this request.
 */
export const setWebhookOverride = defineOperation<SetWebhookOverrideInput, OverrideOutput>({
	id: 'setWebhookOverride',
	resource: 'webhook',
	title: 'Set Webhook Override',
	action: 'Send webhooks of a number or account to another URL',
	description:
		'Points the message webhooks of one phone number, or of the whole account, to your own URL (for example an n8n trigger or the relay), so several workflows can each have their own callback. Meta verifies the URL right away.',
	kind: 'write',
	fields: [
		overrideLevelField,
		overridePhoneNumberField,
		callbackUrlField,
		verifyTokenField,
	],
	sample: { success: true, level: 'phoneNumber', targetId: '106540352242922', callbackUrl: 'https://example.com/webhook/whatsapp' },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'level', label: 'Override For', type: 'string' },
		{ key: 'targetId', label: 'Phone Number or WABA ID', type: 'string' },
		{ key: 'callbackUrl', label: 'Callback URL', type: 'string' },
	],
	async run({ client }, input) {
		const override = { override_callback_uri: input.callbackUrl, verify_token: input.verifyToken };
		const targetId = input.level === 'waba' ? client.requireWabaId() : String(input.phoneNumberId);
		const response = await client.request<{ success?: boolean }>(
			input.level === 'waba'
				? { method: 'POST', path: `${targetId}/subscribed_apps`, json: override, retry: 'send', operation: 'setWebhookOverride' }
				: { method: 'POST', path: targetId, json: { webhook_configuration: override }, retry: 'send', operation: 'setWebhookOverride' },
		);
		return { success: response.success === true, level: input.level, targetId, callbackUrl: input.callbackUrl };
	},
});
