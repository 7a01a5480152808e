import { defineOperation } from '../../operation';
import { verificationCode } from '../../validation';
import { refuseForCoexistenceNumber } from './coexistence';
import { phoneNumberChange, phoneNumberIdField, PhoneNumberState, readPhoneNumberState } from './model';

export interface VerifyCodeInput {
	phoneNumberId: string;
	code: string;
}

export interface VerifyCodeOutput extends PhoneNumberState {
	success: boolean;
	phoneNumberId: string;
	nextStep: string;
}

const NEXT_STEP = 'Register the number with a 6-digit PIN within 14 days ({op:registerPhoneNumber}).';
const change = phoneNumberChange({ status: 'PENDING', codeVerificationStatus: 'VERIFIED', twoStepEnabled: false });

/**
 * `POST /<PHONE_NUMBER_ID>/verify_code?code=…` (docs/meta-api.md §1.5). Never retried: wrong guesses
 * are counted. Then the number's state is read (code verification VERIFIED). A coexistence number has
 * no code to verify and is refused before the call.
 */
export const verifyCode = defineOperation<VerifyCodeInput, VerifyCodeOutput>({
	id: 'verifyCode',
	resource: 'phoneNumber',
	title: 'Verify Code',
	action: 'Verify the code sent to a phone number',
	description: 'Confirms the 6-digit code received by SMS or call. The number then stays verified for 14 days: register it within that time.',
	kind: 'write',
	metaLimited: true,
	fields: [
		phoneNumberIdField,
		{
			key: 'code',
			label: 'Verification Code',
			type: 'string',
			required: true,
			secret: true,
			help: 'The 6-digit code from the SMS or call; 123-456 and 123 456 are fine too.',
			placeholder: '123456',
			validate: (value, label) => verificationCode(value, label),
		},
	],
	sample: { ...change.sample, nextStep: NEXT_STEP },
	outputFields: [...change.outputFields, { key: 'nextStep', label: 'Next Step', type: 'string' }],
	async run({ client }, input) {
		await refuseForCoexistenceNumber(client, input.phoneNumberId, 'verifyCode');
		const response = await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/verify_code`,
			query: { code: input.code },
			retry: 'never',
			operation: 'verifyCode',
		});
		return {
			success: response.success === true,
			phoneNumberId: input.phoneNumberId,
			...(await readPhoneNumberState(client, input.phoneNumberId, 'verifyCode')),
			nextStep: NEXT_STEP,
		};
	},
});
