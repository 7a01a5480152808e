import { defineOperation } from '../../operation';
import { sixDigitPin } from '../../validation';
import { phoneNumberChange, PhoneNumberChangeOutput, phoneNumberIdField, readPhoneNumberState } from './model';

/**
 * `POST /<PHONE_NUMBER_ID>` with `{pin}` (docs/meta-api.md §1.8). The old PIN is not needed, so this is
 * also the fix for a forgotten PIN. Never retried (PIN changes are throttled by Meta). Then the
 * number's state is read (two-step verification on).
 */
export const setTwoStepPin = defineOperation<{ phoneNumberId: string; pin: string }, PhoneNumberChangeOutput>({
	id: 'setTwoStepPin',
	resource: 'phoneNumber',
	title: 'Set Two-Step PIN',
	action: 'Set or change the two-step PIN',
	description:
		'Sets or changes the 6-digit two-step verification PIN of a number (the old PIN is not needed, so this also resets a forgotten PIN). Turning two-step verification off is only possible in WhatsApp Manager.',
	kind: 'write',
	metaLimited: true,
	fields: [
		phoneNumberIdField,
		{
			key: 'pin',
			label: 'New Two-Step PIN',
			type: 'string',
			required: true,
			secret: true,
			help: 'Six digits. Keep it safe: you need it to register the number again.',
			placeholder: '123456',
			validate: (value, label) => sixDigitPin(value, label),
		},
	],
	...phoneNumberChange({ status: 'CONNECTED', codeVerificationStatus: 'VERIFIED', twoStepEnabled: true }),
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: input.phoneNumberId,
			json: { pin: input.pin },
			retry: 'never',
			operation: 'setTwoStepPin',
		});
		return { success: response.success === true, phoneNumberId: input.phoneNumberId, ...(await readPhoneNumberState(client, input.phoneNumberId, 'setTwoStepPin')) };
	},
});
