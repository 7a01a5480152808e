import { defineOperation } from '../../operation';
import { refuseForCoexistenceNumber } from './coexistence';
import { phoneNumberChange, PhoneNumberChangeOutput, phoneNumberIdField, readPhoneNumberState } from './model';

/**
 * `POST /<PHONE_NUMBER_ID>/deregister` (docs/meta-api.md §1.7; POST, not DELETE). Counted against the
 * same 10-per-72-hours budget as register, so never retried. Then the number's state is read. Meta
 * does not allow it for a coexistence number, which is refused before the call (docs/meta-api.md §1.7).
 */
export const deregisterPhoneNumber = defineOperation<{ phoneNumberId: string }, PhoneNumberChangeOutput>({
	id: 'deregisterPhoneNumber',
	resource: 'phoneNumber',
	title: 'Deregister Phone Number',
	action: 'Deregister a phone number',
	description:
		'Takes the number off the WhatsApp Cloud API: it stops sending and receiving until registered again. The number and its history are kept. Counts toward the limit of 10 register/deregister requests per 72 hours. Not allowed for a number shared with the WhatsApp Business app.',
	kind: 'write',
	metaLimited: true,
	fields: [phoneNumberIdField],
	...phoneNumberChange({ status: 'DISCONNECTED', codeVerificationStatus: 'VERIFIED', twoStepEnabled: true }),
	async run({ client }, input) {
		await refuseForCoexistenceNumber(client, input.phoneNumberId, 'deregisterPhoneNumber');
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/deregister`,
			retry: 'never',
			operation: 'deregisterPhoneNumber',
		});
		return { success: response.success === true, phoneNumberId: input.phoneNumberId, ...(await readPhoneNumberState(client, input.phoneNumberId, 'deregisterPhoneNumber')) };
	},
});
