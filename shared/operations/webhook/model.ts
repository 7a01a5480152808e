import type { FieldDefinition } from '../../operation';
import { callbackUrl, graphId } from '../../validation';

export type OverrideLevel = 'phoneNumber' | 'waba';

export const overrideLevelField: FieldDefinition = {
	key: 'level',
	label: 'Override For',
	type: 'options',
	required: true,
	default: 'phoneNumber',
	options: [
		{ value: 'phoneNumber', label: 'One Phone Number', description: "Only this number's message webhooks go to the URL" },
		{ value: 'waba', label: 'Whole Business Account', description: "All numbers of the WABA without their own override" },
	],
	help: 'Meta looks for a phone-number override first, then the WABA override, then the app callback. Overrides cover message webhooks only; account_update and template webhooks always go to the app callback.',
};

/** Same as the shared phone number field, shown only for phone-number-level overrides. */
export const overridePhoneNumberField: FieldDefinition = {
	key: 'phoneNumberId',
	label: 'Phone Number',
	type: 'string',
	required: true,
	source: 'phoneNumbers',
	showWhen: { field: 'level', values: ['phoneNumber'] },
	help: 'The phone number ID whose webhooks should go to the URL.',
	placeholder: '106540352242922',
	validate: (value, label) => graphId(value, label),
};

/** The URL Meta should call (it verifies it with a GET during the call that sets it). */
export const callbackUrlField: FieldDefinition = {
	key: 'callbackUrl',
	label: 'Callback URL',
	type: 'string',
	required: true,
	help: "A public https URL that answers Meta's verification request (at most 200 characters).",
	placeholder: 'https://example.com/webhook/whatsapp',
	validate: (value, label) => callbackUrl(value, label),
};

export const verifyTokenField: FieldDefinition = {
	key: 'verifyToken',
	label: 'Verify Token',
	type: 'string',
	required: true,
	secret: true,
	help: 'Any secret string; Meta sends it back when verifying the URL, and your endpoint must check it.',
};

export interface OverrideOutput {
	success: boolean;
	level: OverrideLevel;
	/** The phone number ID or WABA ID the override applies to. */
	targetId: string;
	callbackUrl: string | null;
}
