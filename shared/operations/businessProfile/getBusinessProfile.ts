import { defineOperation } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';
import { BusinessProfile, PROFILE_OUTPUT_FIELDS, PROFILE_SAMPLE, readProfile } from './model';

/** `GET /<PHONE_NUMBER_ID>/whatsapp_business_profile` (docs/meta-messaging.md §6.1). */
export const getBusinessProfile = defineOperation<{ phoneNumberId: string }, BusinessProfile>({
	id: 'getBusinessProfile',
	resource: 'businessProfile',
	title: 'Get Business Profile',
	action: 'Get the business profile of a phone number',
	description: 'Reads the profile customers see for a number: about text, address, description, email, websites, industry and profile picture.',
	kind: 'read',
	fields: [phoneNumberIdField],
	sample: PROFILE_SAMPLE,
	outputFields: PROFILE_OUTPUT_FIELDS,
	async run({ client }, input) {
		return readProfile(client, input.phoneNumberId, 'getBusinessProfile');
	},
});
