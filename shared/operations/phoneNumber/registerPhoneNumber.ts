import { defineOperation } from '../../operation';
import { dataLocalizationRegion, DATA_LOCALIZATION_REGIONS, sixDigitPin } from '../../validation';
import { refuseForCoexistenceNumber } from './coexistence';
import { phoneNumberChange, PhoneNumberChangeOutput, phoneNumberIdField, readPhoneNumberState } from './model';

export interface RegisterPhoneNumberInput {
	phoneNumberId: string;
	pin: string;
	dataLocalizationRegion?: string;
}

const change = phoneNumberChange({ status: 'CONNECTED', codeVerificationStatus: 'VERIFIED', twoStepEnabled: true });

/**
 * `POST /<PHONE_NUMBER_ID>/register` (docs/meta-api.md §1.6). Meta allows 10 per number in 72 hours
 * (then 133016 blocks for 72 h), so this is never retried. Then the number's state is read (a read,
 * retried as usual): CONNECTED once registration took. A coexistence number is refused before the
 * call: it was registered through the WhatsApp Business app (docs/meta-coexistence.md §2).
 */
export const registerPhoneNumber = defineOperation<RegisterPhoneNumberInput, PhoneNumberChangeOutput>({
	id: 'registerPhoneNumber',
	resource: 'phoneNumber',
	title: 'Register Phone Number',
	action: 'Register a phone number',
	description:
		'Registers a verified number with the WhatsApp Cloud API so it can send and receive (status becomes CONNECTED). The first registration also sets the two-step PIN. Meta allows 10 register attempts per number in 72 hours. A number shared with the WhatsApp Business app is registered through the app and is refused here.',
	kind: 'write',
	metaLimited: true,
	fields: [
		phoneNumberIdField,
		{
			key: 'pin',
			label: 'Two-Step PIN',
			type: 'string',
			required: true,
			secret: true,
			help: "Six digits. If two-step verification is already on, enter the number's existing PIN; otherwise this becomes its PIN. It is not the SMS code.",
			placeholder: '123456',
			validate: (value, label) => sixDigitPin(value, label),
		},
		{
			key: 'dataLocalizationRegion',
			label: 'Data Localization Region',
			type: 'string',
			required: false,
			advanced: true,
			help: `Optional. Stores message data at rest in this country (${DATA_LOCALIZATION_REGIONS.join(', ')}). It cannot be changed later without deregistering.`,
			placeholder: 'DE',
			validate: (value, label) => dataLocalizationRegion(value, label),
		},
	],
	...change,
	async run({ client }, input) {
		await refuseForCoexistenceNumber(client, input.phoneNumberId, 'registerPhoneNumber');
		const body: Record<string, string> = { messaging_product: 'whatsapp', pin: input.pin };
		if (input.dataLocalizationRegion) body.data_localization_region = input.dataLocalizationRegion;
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/register`,
			json: body,
			retry: 'never',
			operation: 'registerPhoneNumber',
		});
		return { success: response.success === true, phoneNumberId: input.phoneNumberId, ...(await readPhoneNumberState(client, input.phoneNumberId, 'registerPhoneNumber')) };
	},
});
