import { defineOperation } from '../../operation';
import { countryCallingCode, nationalPhoneNumber } from '../../validation';

export interface AddPhoneNumberInput {
	cc: string;
	phoneNumber: string;
	verifiedName: string;
}

export interface AddPhoneNumberOutput {
	phoneNumberId: string;
	cc: string;
	phoneNumber: string;
	verifiedName: string;
	nextStep: string;
}

/** `POST /<WABA_ID>/phone_numbers` (docs/meta-api.md §1.3). Not retried: a repeat could add the number twice (409). */
export const addPhoneNumber = defineOperation<AddPhoneNumberInput, AddPhoneNumberOutput>({
	id: 'addPhoneNumber',
	resource: 'phoneNumber',
	title: 'Add Phone Number',
	action: 'Add a phone number to the account',
	description:
		'Adds a phone number to the WhatsApp Business Account. The number then needs a verification code (SMS or voice) and registration before it can send. A number that should keep the WhatsApp Business app is connected through the app instead (coexistence), not added here.',
	kind: 'write',
	fields: [
		{
			key: 'cc',
			label: 'Country Code',
			type: 'string',
			required: true,
			help: 'The country calling code without "+", e.g. 1 for the US and Canada, 44 for the UK.',
			placeholder: '1',
			validate: (value, label) => countryCallingCode(value, label),
		},
		{
			key: 'phoneNumber',
			label: 'Phone Number',
			type: 'string',
			required: true,
			help: 'The number without the country code, e.g. 6315555555. Spaces and dashes are fine.',
			placeholder: '631 555 5555',
			validate: (value, label) => nationalPhoneNumber(value, label),
		},
		{
			key: 'verifiedName',
			label: 'Display Name',
			type: 'string',
			required: true,
			help: "The business name people see in WhatsApp. Meta reviews it; it must match your brand (see Meta's display name guidelines).",
			placeholder: "Jasper's Market",
		},
	],
	sample: {
		phoneNumberId: '106540352242922',
		cc: '1',
		phoneNumber: '6315555555',
		verifiedName: "Jasper's Market",
		nextStep: 'Request a verification code for this number, then verify it and register it with a 6-digit PIN.',
	},
	outputFields: [
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'cc', label: 'Country Code', type: 'string' },
		{ key: 'phoneNumber', label: 'Phone Number', type: 'string' },
		{ key: 'verifiedName', label: 'Display Name', type: 'string' },
		{ key: 'nextStep', label: 'Next Step', type: 'string' },
	],
	async run({ client }, input) {
		const wabaId = client.requireWabaId();
		const verifiedName = input.verifiedName.trim();
		const response = await client.request<{ id: string }>({
			method: 'POST',
			path: `${wabaId}/phone_numbers`,
			json: { cc: input.cc, phone_number: input.phoneNumber, verified_name: verifiedName },
			retry: 'never',
			operation: 'addPhoneNumber',
		});
		return {
			phoneNumberId: String(response.id),
			cc: input.cc,
			phoneNumber: input.phoneNumber,
			verifiedName,
			nextStep: 'Request a verification code for this number, then verify it and register it with a 6-digit PIN.',
		};
	},
});
