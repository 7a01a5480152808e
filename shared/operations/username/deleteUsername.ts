import { defineOperation } from '../../operation';
import { phoneNumberIdField, SuccessOutput, successOutputFields } from '../phoneNumber/model';
import { readBack, ReadBackState } from '../readBack';
import { readUsername } from './getUsername';

export interface DeleteUsernameOutput extends SuccessOutput, ReadBackState {
	/** The username Meta still reports after the delete (null once it is gone). */
	username: string | null;
	status: string | null;
}

/**
 * `DELETE /<PHONE_NUMBER_ID>/username` (docs/meta-api.md §1.14, [code] confidence), then the username
 * is read again, so the step shows what the number has now.
 */
export const deleteUsername = defineOperation<{ phoneNumberId: string }, DeleteUsernameOutput>({
	id: 'deleteUsername',
	resource: 'username',
	title: 'Delete Username',
	action: 'Delete the business username',
	description: 'Removes the business username from a number.',
	kind: 'write',
	fields: [phoneNumberIdField],
	sample: { success: true, phoneNumberId: '106540352242922', username: null, status: null, stateKnown: true, stateNote: null },
	outputFields: [
		...successOutputFields,
		{ key: 'username', label: 'Username After', type: 'string' },
		{ key: 'status', label: 'Username Status After', type: 'string' },
		{ key: 'stateKnown', label: 'State Read After the Change', type: 'boolean' },
		{ key: 'stateNote', label: 'State Note', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'DELETE',
			path: `${input.phoneNumberId}/username`,
			retry: 'send',
			operation: 'deleteUsername',
		});
		const after = await readBack(() => readUsername(client, input.phoneNumberId, 'deleteUsername'), 'the username', 'Read it again later with {op:getUsername}.');
		return { success: response.success === true, phoneNumberId: input.phoneNumberId, username: after.value?.username ?? null, status: after.value?.status ?? null, ...after.state };
	},
});
