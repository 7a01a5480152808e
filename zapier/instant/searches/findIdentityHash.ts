/** Find Identity Hash: the latest identity key hash the relay saw for a recipient on one of your numbers. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { phoneNumberIdField, RELAY_PATHS, RelayIdentityHashJson, relayPath } from '../../../shared';
import { toZapierField } from '../../fields';
import { callRelay } from '../client';
import { chosenPhoneNumberId } from '../hooks';

/** A business-scoped user ID as Meta writes it: country code, a period, letters and digits (docs/meta-bsuid.md §1). */
const BSUID_PATTERN = /^[A-Z]{2}\.[A-Za-z0-9.]{1,150}$/;

/** The recipient as the relay stores them: phone digits, or a BSUID exactly as given; undefined when it is neither. */
function recipientId(text: string): string | undefined {
	if (/^\+?[\d\s().-]+$/.test(text)) return text.replace(/\D/g, '') || undefined;
	return BSUID_PATTERN.test(text) ? text : undefined;
}

export interface IdentityHashItem {
	id: string;
	phone_number_id: string;
	wa_id: string;
	user_id: string | null;
	identity_key_hash: string;
	source: string;
	observed_at: string | null;
	updated_at: string | null;
}

export const findIdentityHash = {
	key: 'find_identity_hash',
	noun: 'Identity Hash',
	display: {
		label: 'Find Identity Hash',
		description:
			'Finds the latest identity key hash the relay saw for a recipient (by phone number or user ID) on one of your numbers, to send a message with the identity check. Needs the relay (Relay URL in the connection) and the identity check turned on for the number.',
	},
	operation: {
		inputFields: [
			toZapierField({ ...phoneNumberIdField, help: 'Your business phone number the recipient talks to: pick it from the list.' }, false),
			{
				key: 'wa_id',
				label: 'Recipient',
				type: 'string',
				required: true,
				placeholder: '+1 650 555 1234',
				helpText:
					"The recipient's WhatsApp number in international format (e.g. +1 650 555 1234 or 16505551234), or their user ID (BSUID, e.g. US.13491208655302741918) for people whose number WhatsApp hides.",
			},
		],
		perform: async (z: ZObject, bundle: Bundle): Promise<IdentityHashItem[]> => {
			const phoneNumberId = chosenPhoneNumberId(z, bundle, true);
			const rawRecipient = String(bundle.inputData?.wa_id ?? '').trim();
			const waId = recipientId(rawRecipient);
			if (!waId) {
				throw new z.errors.Error(
					rawRecipient
						? `Recipient "${rawRecipient}" is neither a WhatsApp number nor a user ID. Enter the number in international format (e.g. +1 650 555 1234), or the user ID as WhatsApp sent it (e.g. US.13491208655302741918).`
						: 'Recipient is empty. Enter the WhatsApp number in international format (e.g. +1 650 555 1234), or the user ID (e.g. US.13491208655302741918).',
					'InvalidInput',
					400,
				);
			}
			const response = await callRelay<RelayIdentityHashJson>(z, bundle, { method: 'GET', path: relayPath(RELAY_PATHS.identityHash, { phoneNumberId, waId }) });
			if (response.status === 404) return [];
			const record = response.data;
			return [
				{
					id: `${record.phone_number_id}:${record.wa_id}`,
					phone_number_id: record.phone_number_id,
					wa_id: record.wa_id,
					user_id: record.user_id ?? null,
					identity_key_hash: record.identity_key_hash,
					source: record.source,
					observed_at: record.observed_at ?? null,
					updated_at: record.updated_at ?? null,
				},
			];
		},
		sample: {
			id: '106540352242922:16505551234',
			phone_number_id: '106540352242922',
			wa_id: '16505551234',
			user_id: 'US.13491208655302741918',
			identity_key_hash: 'DF2lS5v2W6x=',
			source: 'contact',
			observed_at: '2026-06-28T19:34:48.000Z',
			updated_at: '2026-06-28T19:34:49.120Z',
		},
		outputFields: [
			{ key: 'id', label: 'ID', type: 'string' },
			{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
			{ key: 'wa_id', label: 'Recipient WhatsApp ID (phone number, or user ID when hidden)', type: 'string' },
			{ key: 'user_id', label: 'Recipient User ID (BSUID)', type: 'string' },
			{ key: 'identity_key_hash', label: 'Identity Key Hash', type: 'string' },
			{ key: 'source', label: 'Seen In (contact or status)', type: 'string' },
			{ key: 'observed_at', label: 'Seen At', type: 'datetime' },
			{ key: 'updated_at', label: 'Stored At', type: 'datetime' },
		],
	},
};
