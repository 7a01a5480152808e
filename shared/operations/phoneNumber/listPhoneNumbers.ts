import { defineOperation } from '../../operation';
import { rememberCoexistence } from './coexistence';
import { MetaPhoneNumber, PHONE_NUMBER_FIELDS, PHONE_NUMBER_OUTPUT_FIELDS, PHONE_NUMBER_SAMPLE, PhoneNumber, toPhoneNumber } from './model';

export interface ListPhoneNumbersOutput {
	phoneNumbers: PhoneNumber[];
	count: number;
}

/** `GET /<WABA_ID>/phone_numbers`, every page (docs/meta-api.md §1.1). */
export const listPhoneNumbers = defineOperation<Record<string, never>, ListPhoneNumbersOutput>({
	id: 'listPhoneNumbers',
	resource: 'phoneNumber',
	title: 'List Phone Numbers',
	action: 'List the phone numbers of the account',
	description:
		'Lists every phone number of the WhatsApp Business Account with its status, display name review, code verification, quality, throughput, messaging limit and two-step state.',
	kind: 'read',
	fields: [],
	sample: { phoneNumbers: [PHONE_NUMBER_SAMPLE], count: 1 },
	outputFields: [
		{ key: 'count', label: 'Number of Phone Numbers', type: 'number' },
		...PHONE_NUMBER_OUTPUT_FIELDS.map((field) => ({ ...field, key: `phoneNumbers[]${field.key}` })),
	],
	async run({ client }) {
		const wabaId = client.requireWabaId();
		const numbers = await client.requestAllPages<MetaPhoneNumber>({
			path: `${wabaId}/phone_numbers`,
			query: { fields: PHONE_NUMBER_FIELDS, limit: 100 },
			retry: 'read',
			operation: 'listPhoneNumbers',
		});
		rememberCoexistence(client, numbers);
		const phoneNumbers = numbers.map(toPhoneNumber);
		return { phoneNumbers, count: phoneNumbers.length };
	},
});
