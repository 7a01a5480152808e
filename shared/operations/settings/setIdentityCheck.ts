import { WhatsAppError } from '../../errors';
import { defineOperation } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';
import { readBack } from '../readBack';
import { readIdentityCheck } from './getSettings';
import { IDENTITY_CHECK_FIELD, MetaSettings } from './model';

export interface SetIdentityCheckOutput {
	success: boolean;
	phoneNumberId: string;
	enabled: boolean;
	/** true when Meta's settings confirm the new state; false when Meta does not report it back or the read failed. */
	confirmed: boolean;
	/** Why the change is not confirmed (it was still made), or null. */
	stateNote: string | null;
}

/**
 * `POST /<PHONE_NUMBER_ID>/settings` `{user_identity_change: {enable_identity_key_check}}`
 * (docs/meta-api.md §1.10; one feature per request), then a read-back to catch a wrong field name.
 * A failed read-back does not undo the change: the step succeeds, unconfirmed, and says why.
 */
export const setIdentityCheck = defineOperation<{ phoneNumberId: string; enabled: boolean }, SetIdentityCheckOutput>({
	id: 'setIdentityCheck',
	resource: 'settings',
	title: 'Set Identity Check',
	action: 'Turn the identity change check on or off',
	description:
		"Turns WhatsApp's identity change check on or off. When on, webhooks carry each person's identity hash; send with that hash and WhatsApp refuses to deliver if the number changed hands (error 137000).",
	kind: 'write',
	fields: [
		phoneNumberIdField,
		{
			key: 'enabled',
			label: 'Enabled',
			type: 'boolean',
			required: true,
			default: true,
			help: 'On: webhooks include identity hashes and messages sent with a hash are checked. Off: no checks.',
		},
	],
	sample: { success: true, phoneNumberId: '106540352242922', enabled: true, confirmed: true, stateNote: null },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'enabled', label: 'Identity Check On', type: 'boolean' },
		{ key: 'confirmed', label: 'Confirmed by Meta', type: 'boolean' },
		{ key: 'stateNote', label: 'Confirmation Note', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/settings`,
			json: { user_identity_change: { [IDENTITY_CHECK_FIELD]: input.enabled } },
			retry: 'send',
			operation: 'setIdentityCheck',
		});
		const read = await readBack(
			() => client.request<MetaSettings>({ method: 'GET', path: `${input.phoneNumberId}/settings`, retry: 'read', operation: 'setIdentityCheck' }),
			'the settings',
			'Check the identity change check in WhatsApp Manager, or read the settings again later.',
		);
		const reported = read.value ? readIdentityCheck(read.value) : null;
		if (reported !== null && reported !== input.enabled) {
			throw new WhatsAppError({
				category: 'invalid_input',
				message: `Meta accepted the change but still reports the identity check as ${reported ? 'on' : 'off'}.`,
				nextStep: `Meta may expect another field name than "${IDENTITY_CHECK_FIELD}" (its documents disagree); report this to the connector's maintainers and check the setting in WhatsApp Manager.`,
				retry: { action: 'do_not_retry' },
				operation: 'setIdentityCheck',
			});
		}
		const stateNote = read.value && reported === null ? "Meta's settings do not report the identity change check, so the change could not be confirmed." : read.state.stateNote;
		return { success: response.success === true, phoneNumberId: input.phoneNumberId, enabled: input.enabled, confirmed: reported === input.enabled, stateNote };
	},
});
