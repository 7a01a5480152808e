import { defineOperation } from '../../operation';
import { languageCode } from '../../validation';
import { refuseForCoexistenceNumber } from './coexistence';
import { phoneNumberChange, phoneNumberIdField, PhoneNumberState, readPhoneNumberState } from './model';

export interface RequestVerificationCodeInput {
	phoneNumberId: string;
	codeMethod: 'SMS' | 'VOICE';
	language: string;
}

export interface RequestVerificationCodeOutput extends PhoneNumberState {
	success: boolean;
	phoneNumberId: string;
	codeMethod: string;
	nextStep: string;
}

const NEXT_STEP = 'Enter the 6-digit code you received with {op:verifyCode}.';
const change = phoneNumberChange({ status: 'PENDING', codeVerificationStatus: 'NOT_VERIFIED', twoStepEnabled: false });

/**
 * `POST /<PHONE_NUMBER_ID>/request_code?code_method=…&language=…` (docs/meta-api.md §1.4; params in
 * the query string as Meta's guide shows). Never retried: each call sends an SMS or a call. Then the
 * number's state is read. A coexistence number needs no code and is refused before the call.
 */
export const requestVerificationCode = defineOperation<RequestVerificationCodeInput, RequestVerificationCodeOutput>({
	id: 'requestVerificationCode',
	resource: 'phoneNumber',
	title: 'Request Verification Code',
	action: 'Request a verification code',
	description: 'Sends a 6-digit verification code to the phone number by SMS or voice call. Already verified numbers are refused (error 136024): register them instead.',
	kind: 'write',
	metaLimited: true,
	fields: [
		phoneNumberIdField,
		{
			key: 'codeMethod',
			label: 'Send Code By',
			type: 'options',
			required: true,
			default: 'SMS',
			options: [
				{ value: 'SMS', label: 'SMS' },
				{ value: 'VOICE', label: 'Voice Call' },
			],
			help: 'How the code reaches the phone. Use Voice Call for landlines.',
		},
		{
			key: 'language',
			label: 'Language',
			type: 'string',
			required: true,
			default: 'en_US',
			help: 'Language of the SMS or call, e.g. en_US, es, pt_BR.',
			placeholder: 'en_US',
			validate: (value, label) => languageCode(value, label),
		},
	],
	sample: { ...change.sample, codeMethod: 'SMS', nextStep: NEXT_STEP },
	outputFields: [...change.outputFields, { key: 'codeMethod', label: 'Sent By', type: 'string' }, { key: 'nextStep', label: 'Next Step', type: 'string' }],
	async run({ client }, input) {
		await refuseForCoexistenceNumber(client, input.phoneNumberId, 'requestVerificationCode');
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/request_code`,
			query: { code_method: input.codeMethod, language: input.language },
			retry: 'never',
			operation: 'requestVerificationCode',
		});
		return {
			success: response.success === true,
			phoneNumberId: input.phoneNumberId,
			...(await readPhoneNumberState(client, input.phoneNumberId, 'requestVerificationCode')),
			codeMethod: input.codeMethod,
			nextStep: NEXT_STEP,
		};
	},
});
