import { inputError } from '../../errors';
import { defineOperation } from '../../operation';
import { graphId, internationalPhoneNumber } from '../../validation';
import { rememberCoexistence } from './coexistence';
import { MetaPhoneNumber, PHONE_NUMBER_FIELDS, PHONE_NUMBER_OUTPUT_FIELDS, PHONE_NUMBER_SAMPLE, PhoneNumber, toPhoneNumber } from './model';

export interface GetPhoneNumberInput {
	lookupBy: 'id' | 'displayNumber';
	phoneNumberId?: string;
	displayPhoneNumber?: string;
}

export interface GetPhoneNumberOutput extends PhoneNumber {
	found: boolean;
}

const digitsOf = (text: string | null) => (text ?? '').replace(/\D/g, '');

/**
 * One number by ID (`GET /<PHONE_NUMBER_ID>?fields=…`), or by display number: the WABA's numbers
 * are listed and compared digit by digit, so "+1 (631) 555-5555" finds "+1 631-555-5555".
 * By display number, "not found" is an answer (found: false), not an error, so searches work.
 */
export const getPhoneNumber = defineOperation<GetPhoneNumberInput, GetPhoneNumberOutput>({
	id: 'getPhoneNumber',
	resource: 'phoneNumber',
	title: 'Get Phone Number',
	action: 'Get a phone number',
	description: 'Finds one phone number of the account, by its ID or by the number itself (any formatting), with its status, display name review, quality and limits.',
	kind: 'search',
	fields: [
		{
			key: 'lookupBy',
			label: 'Find By',
			type: 'options',
			required: true,
			default: 'id',
			options: [
				{ value: 'id', label: 'Phone Number ID' },
				{ value: 'displayNumber', label: 'Display Phone Number', description: 'The number itself, e.g. +1 631 555 5555' },
			],
			help: 'Look the number up by its ID, or by the phone number as people dial it.',
		},
		{
			key: 'phoneNumberId',
			label: 'Phone Number',
			type: 'string',
			required: true,
			source: 'phoneNumbers',
			showWhen: { field: 'lookupBy', values: ['id'] },
			help: 'The phone number ID (not the phone number itself): pick it from the list, or find it in WhatsApp Manager → Phone numbers.',
			placeholder: '106540352242922',
			validate: (value, label) => graphId(value, label),
		},
		{
			key: 'displayPhoneNumber',
			label: 'Display Phone Number',
			type: 'string',
			required: true,
			showWhen: { field: 'lookupBy', values: ['displayNumber'] },
			help: 'The number with country code, in any format, e.g. +1 631 555 5555.',
			placeholder: '+1 631 555 5555',
			validate: (value, label) => internationalPhoneNumber(value, label),
		},
	],
	sample: { ...PHONE_NUMBER_SAMPLE, found: true },
	outputFields: [{ key: 'found', label: 'Found', type: 'boolean' }, ...PHONE_NUMBER_OUTPUT_FIELDS],
	async run({ client }, input) {
		if (input.lookupBy === 'displayNumber') {
			if (!input.displayPhoneNumber) throw inputError('Display Phone Number', 'is required.', 'Enter the number with country code.');
			const wabaId = client.requireWabaId();
			const numbers = await client.requestAllPages<MetaPhoneNumber>({
				path: `${wabaId}/phone_numbers`,
				query: { fields: PHONE_NUMBER_FIELDS, limit: 100 },
				retry: 'read',
				operation: 'getPhoneNumber',
			});
			rememberCoexistence(client, numbers);
			const match = numbers.find((number) => digitsOf(number.display_phone_number ?? null) === input.displayPhoneNumber);
			if (!match) return { ...toPhoneNumber({ id: '' }), id: '', displayPhoneNumber: null, found: false };
			return { ...toPhoneNumber(match), found: true };
		}
		if (!input.phoneNumberId) throw inputError('Phone Number', 'is required.', 'Pick the phone number or enter its ID.');
		const raw = await client.request<MetaPhoneNumber>({
			method: 'GET',
			path: input.phoneNumberId,
			query: { fields: PHONE_NUMBER_FIELDS },
			retry: 'read',
			operation: 'getPhoneNumber',
		});
		rememberCoexistence(client, [raw]);
		return { ...toPhoneNumber(raw), found: true };
	},
});
