import { defineOperation } from '../../operation';
import { phoneNumberIdField, SuccessOutput, successOutputFields } from '../phoneNumber/model';

/** `DELETE /<PHONE_NUMBER_ID>/username` (docs/meta-api.md §1.14, [code] confidence). */
export const deleteUsername = defineOperation<{ phoneNumberId: string }, SuccessOutput>({
	id: 'deleteUsername',
	resource: 'username',
	title: 'Delete Username',
	action: 'Delete the business username',
	description: 'Removes the business username from a number.',
	kind: 'write',
	fields: [phoneNumberIdField],
	sample: { success: true, phoneNumberId: '106540352242922' },
	outputFields: successOutputFields,
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'DELETE',
			path: `${input.phoneNumberId}/username`,
			retry: 'send',
			operation: 'deleteUsername',
		});
		return { success: response.success === true, phoneNumberId: input.phoneNumberId };
	},
});
