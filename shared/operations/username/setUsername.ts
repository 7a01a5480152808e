import { defineOperation } from '../../operation';
import { businessUsername } from '../../validation';
import { phoneNumberIdField } from '../phoneNumber/model';
import type { UsernameOutput } from './getUsername';

/** `POST /<PHONE_NUMBER_ID>/username` `{username, transfer_action}` (docs/meta-api.md §1.14, [code] confidence). */
export const setUsername = defineOperation<{ phoneNumberId: string; username: string; transferIfTaken?: boolean }, UsernameOutput>({
	id: 'setUsername',
	resource: 'username',
	title: 'Set Username',
	action: 'Reserve a business username',
	description: 'Reserves a business username for a number (3–35 letters, digits, "." or "_"). It becomes visible once Meta approves it.',
	kind: 'write',
	fields: [
		phoneNumberIdField,
		{
			key: 'username',
			label: 'Username',
			type: 'string',
			required: true,
			help: '3 to 35 characters: English letters, digits, "." and "_", at least one letter; no "www" at the start and no domain ending such as .com.',
			placeholder: 'jaspers_market',
			validate: (value, label) => businessUsername(value, label),
		},
		{
			key: 'transferIfTaken',
			label: 'Transfer If Taken',
			type: 'boolean',
			required: false,
			default: false,
			advanced: true,
			help: 'Whether to move the username from another of your numbers that holds it (error 147005 otherwise).',
		},
	],
	sample: { phoneNumberId: '106540352242922', username: 'jaspers_market', status: 'reserved' },
	outputFields: [
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'username', label: 'Username', type: 'string' },
		{ key: 'status', label: 'Username Status', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ status?: string }>({
			method: 'POST',
			path: `${input.phoneNumberId}/username`,
			json: { username: input.username, transfer_action: input.transferIfTaken ? 'force_transfer' : 'none' },
			retry: 'send',
			operation: 'setUsername',
		});
		return { phoneNumberId: input.phoneNumberId, username: input.username, status: response.status ?? null };
	},
});
