/** Find Identity Hash: the latest identity key hash the relay saw for a recipient on one of your numbers. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { RELAY_PATHS, RelayIdentityHashJson, relayPath } from '../../../shared';
import { callRelay } from '../client';

export interface IdentityHashItem {
	id: string;
	phone_number_id: string;
	wa_id: string;
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
			"Finds the latest identity key hash the relay saw for a recipient on one of your numbers, to send a message with the identity check. Needs the relay (Relay URL in the connection) and the identity check turned on for the number.",
	},
	operation: {
		inputFields: [
			{
				key: 'phone_number_id',
				label: 'Phone Number ID',
				type: 'string',
				required: true,
				placeholder: '106540352242922',
				helpText: 'The ID of your business phone number the recipient talks to (WhatsApp Manager → Phone numbers).',
			},
			{
				key: 'wa_id',
				label: 'Recipient',
				type: 'string',
				required: true,
				placeholder: '+1 650 555 1234',
				helpText: 'The recipient\'s WhatsApp number in international format (their WhatsApp ID), e.g. +1 650 555 1234 or 16505551234.',
			},
		],
		perform: async (z: ZObject, bundle: Bundle): Promise<IdentityHashItem[]> => {
			const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
			if (!/^\d{1,25}$/.test(phoneNumberId)) {
				throw new z.errors.Error(`Phone Number ID "${phoneNumberId}" is not a Meta ID. Use the numeric ID from WhatsApp Manager (digits only).`, 'InvalidInput', 400);
			}
			const rawRecipient = String(bundle.inputData?.wa_id ?? '').trim();
			const waId = /^\+?[\d\s().-]+$/.test(rawRecipient) ? rawRecipient.replace(/\D/g, '') : rawRecipient;
			if (!waId) throw new z.errors.Error('Recipient is empty. Enter the WhatsApp number in international format, e.g. +1 650 555 1234.', 'InvalidInput', 400);
			const response = await callRelay<RelayIdentityHashJson>(z, bundle, { method: 'GET', path: relayPath(RELAY_PATHS.identityHash, { phoneNumberId, waId }) });
			if (response.status === 404) return [];
			const record = response.data;
			return [
				{
					id: `${record.phone_number_id}:${record.wa_id}`,
					phone_number_id: record.phone_number_id,
					wa_id: record.wa_id,
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
			identity_key_hash: 'DF2lS5v2W6x=',
			source: 'contact',
			observed_at: '2026-06-28T19:34:48.000Z',
			updated_at: '2026-06-28T19:34:49.120Z',
		},
		outputFields: [
			{ key: 'id', label: 'ID', type: 'string' },
			{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
			{ key: 'wa_id', label: 'Recipient WhatsApp ID', type: 'string' },
			{ key: 'identity_key_hash', label: 'Identity Key Hash', type: 'string' },
			{ key: 'source', label: 'Seen In (contact or status)', type: 'string' },
			{ key: 'observed_at', label: 'Seen At', type: 'datetime' },
			{ key: 'updated_at', label: 'Stored At', type: 'datetime' },
		],
	},
};
