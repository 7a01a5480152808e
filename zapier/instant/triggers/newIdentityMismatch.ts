/** New Identity Mismatch: a message sent with the identity check was refused because the recipient's identity changed (relayed from Meta's status webhook). */
import { IDENTITY_MISMATCH_CODE } from '../../../shared';
import { hookOperation, phoneNumberFilterField } from '../hooks';
import { IdentityMismatchItem, identityMismatchItem } from '../mappers';

const IDENTITY_MISMATCH_SAMPLE: IdentityMismatchItem = {
	id: 'identityMismatch:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
	message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
	recipient_id: '16505551234',
	recipient_user_id: null,
	phone_number_id: '106540352242922',
	display_phone_number: '15550783881',
	waba_id: '102290129340398',
	error_code: IDENTITY_MISMATCH_CODE,
	error_title: 'Identity key mismatch',
	error_message: 'Identity key mismatch',
	error_details: "The recipient's identity key hash does not match the one sent with the message.",
	next_step: 'Re-verify the person outside WhatsApp, then send once without an identity hash and store the new hash that comes back.',
	occurred_at: '2026-06-28T19:34:48.000Z',
	received_at: '2026-06-28T19:34:49.120Z',
};

export const newIdentityMismatch = {
	key: 'new_identity_mismatch',
	noun: 'Identity Mismatch',
	display: {
		label: 'New Identity Mismatch',
		description:
			"Triggers when a message sent with the identity check was not delivered because the recipient's WhatsApp identity changed (error 137000). Needs the relay (Relay URL in the connection).",
	},
	operation: {
		inputFields: [phoneNumberFilterField('Only mismatches on this phone number. Leave empty for all numbers of the relay.')],
		...hookOperation({
			settings: () => ({ eventTypes: ['identityMismatch'] }),
			item: identityMismatchItem,
			ignored: 'not an identity mismatch',
		}),
		sample: IDENTITY_MISMATCH_SAMPLE,
		outputFields: [
			{ key: 'id', label: 'Event ID', type: 'string', primary: true },
			{ key: 'message_id', label: 'Message ID', type: 'string' },
			{ key: 'recipient_id', label: 'Recipient WhatsApp ID', type: 'string' },
			{ key: 'recipient_user_id', label: 'Recipient User ID (BSUID)', type: 'string' },
			{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
			{ key: 'display_phone_number', label: 'Business Phone Number', type: 'string' },
			{ key: 'waba_id', label: 'WhatsApp Business Account ID', type: 'string' },
			{ key: 'error_code', label: 'Error Code', type: 'number' },
			{ key: 'error_title', label: 'Error Title', type: 'string' },
			{ key: 'error_message', label: 'Error Message', type: 'string' },
			{ key: 'error_details', label: 'Error Details', type: 'string' },
			{ key: 'next_step', label: 'What To Do', type: 'string' },
			{ key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
			{ key: 'received_at', label: 'Received By Relay At', type: 'datetime' },
		],
	},
};
