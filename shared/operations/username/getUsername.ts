import type { GraphClient } from '../../client';
import { defineOperation } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';

export interface UsernameOutput {
	phoneNumberId: string;
	/** null when the number has no username. */
	username: string | null;
	/** reserved (approved, not yet visible), approved (visible), deleted; null when none. */
	status: string | null;
}

/**
 * `GET /<PHONE_NUMBER_ID>/username` (docs/meta-api.md §1.14). The 2026 username endpoints are known
 * only from a proxy's docs and SDK code ([code] confidence): shapes are read defensively and any
 * error surfaces with Meta's own details.
 */
export const getUsername = defineOperation<{ phoneNumberId: string }, UsernameOutput>({
	id: 'getUsername',
	resource: 'username',
	title: 'Get Username',
	action: 'Get the business username of a phone number',
	description: 'Reads the business username reserved for a number (2026 feature, rolling out gradually), and whether it is visible yet.',
	kind: 'read',
	fields: [phoneNumberIdField],
	sample: { phoneNumberId: '106540352242922', username: 'jaspers_market', status: 'approved' },
	outputFields: [
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'username', label: 'Username', type: 'string' },
		{ key: 'status', label: 'Username Status', type: 'string' },
	],
	async run({ client }, input) {
		return readUsername(client, input.phoneNumberId, 'getUsername');
	},
});

/** `GET /<PHONE_NUMBER_ID>/username`, as the output of getUsername (also read after a delete). */
export async function readUsername(client: GraphClient, phoneNumberId: string, operation: string): Promise<UsernameOutput> {
	const response = await client.request<{ username?: string; status?: string }>({ method: 'GET', path: `${phoneNumberId}/username`, retry: 'read', operation });
	return { phoneNumberId, username: response.username ?? null, status: response.username ? (response.status ?? null) : null };
}
