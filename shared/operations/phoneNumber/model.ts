/** Meta's phone-number object and the friendlier shape every phone-number operation returns. */
import type { GraphClient } from '../../client';
import type { FieldDefinition, OutputFieldDefinition } from '../../operation';
import { graphId } from '../../validation';
import { readBack, ReadBackState } from '../readBack';

/**
 * True for a coexistence number, one shared with the WhatsApp Business app (docs/meta-coexistence.md
 * §4). Seen only in public code, not in a Meta page ([code]): if Meta ever drops it, every number
 * read fails with Meta's "nonexisting field" error naming it, rather than treating such a number as
 * an ordinary one.
 */
export const COEXISTENCE_FIELD = 'is_on_biz_app';

/** Fields requested from Meta for a number (docs/meta-api.md §1.2). */
export const PHONE_NUMBER_FIELDS = [
	'id',
	'display_phone_number',
	'verified_name',
	'status',
	'name_status',
	'new_name_status',
	'code_verification_status',
	'quality_rating',
	'throughput',
	'messaging_limit_tier',
	'whatsapp_business_manager_messaging_limit',
	'is_pin_enabled',
	'platform_type',
	'account_mode',
	'is_official_business_account',
	COEXISTENCE_FIELD,
].join(',');

export interface MetaPhoneNumber {
	id: string;
	display_phone_number?: string;
	verified_name?: string;
	status?: string;
	name_status?: string;
	new_name_status?: string;
	code_verification_status?: string;
	quality_rating?: string;
	throughput?: { level?: string };
	messaging_limit_tier?: string;
	whatsapp_business_manager_messaging_limit?: string;
	is_pin_enabled?: boolean;
	platform_type?: string;
	account_mode?: string;
	is_official_business_account?: boolean;
	is_on_biz_app?: boolean;
}

export interface PhoneNumber {
	id: string;
	displayPhoneNumber: string | null;
	verifiedName: string | null;
	status: string | null;
	nameStatus: string | null;
	codeVerificationStatus: string | null;
	qualityRating: string | null;
	throughputLevel: string | null;
	messagingLimit: string | null;
	twoStepEnabled: boolean | null;
	platformType: string | null;
	accountMode: string | null;
	isOfficialBusinessAccount: boolean | null;
	/** Shared with the WhatsApp Business app (coexistence); null when Meta did not say. */
	coexistence: boolean | null;
}

export function toPhoneNumber(raw: MetaPhoneNumber): PhoneNumber {
	return {
		id: String(raw.id),
		displayPhoneNumber: raw.display_phone_number ?? null,
		verifiedName: raw.verified_name ?? null,
		status: raw.status ?? null,
		nameStatus: raw.name_status ?? null,
		codeVerificationStatus: raw.code_verification_status ?? null,
		qualityRating: raw.quality_rating ?? null,
		throughputLevel: raw.throughput?.level ?? null,
		// The newer field replaces the deprecated tier (docs/meta-api.md §1.2).
		messagingLimit: raw.whatsapp_business_manager_messaging_limit ?? raw.messaging_limit_tier ?? null,
		twoStepEnabled: raw.is_pin_enabled ?? null,
		platformType: raw.platform_type ?? null,
		accountMode: raw.account_mode ?? null,
		isOfficialBusinessAccount: raw.is_official_business_account ?? null,
		coexistence: raw.is_on_biz_app ?? null,
	};
}

export const PHONE_NUMBER_SAMPLE: PhoneNumber = {
	id: '106540352242922',
	displayPhoneNumber: '+1 631-555-5555',
	verifiedName: "Jasper's Market",
	status: 'CONNECTED',
	nameStatus: 'APPROVED',
	codeVerificationStatus: 'VERIFIED',
	qualityRating: 'GREEN',
	throughputLevel: 'STANDARD',
	messagingLimit: 'TIER_2K',
	twoStepEnabled: true,
	platformType: 'CLOUD_API',
	accountMode: 'LIVE',
	isOfficialBusinessAccount: false,
	coexistence: false,
};

export const PHONE_NUMBER_OUTPUT_FIELDS: OutputFieldDefinition[] = [
	{ key: 'id', label: 'Phone Number ID', type: 'string' },
	{ key: 'displayPhoneNumber', label: 'Display Phone Number', type: 'string' },
	{ key: 'verifiedName', label: 'Display Name', type: 'string' },
	{ key: 'status', label: 'Status', type: 'string' },
	{ key: 'nameStatus', label: 'Display Name Status', type: 'string' },
	{ key: 'codeVerificationStatus', label: 'Code Verification Status', type: 'string' },
	{ key: 'qualityRating', label: 'Quality Rating', type: 'string' },
	{ key: 'throughputLevel', label: 'Throughput Level', type: 'string' },
	{ key: 'messagingLimit', label: 'Messaging Limit', type: 'string' },
	{ key: 'twoStepEnabled', label: 'Two-Step Verification On', type: 'boolean' },
	{ key: 'platformType', label: 'Platform', type: 'string' },
	{ key: 'accountMode', label: 'Account Mode', type: 'string' },
	{ key: 'isOfficialBusinessAccount', label: 'Official Business Account', type: 'boolean' },
	{ key: 'coexistence', label: 'Coexistence (Also in the WhatsApp Business App)', type: 'boolean' },
];

/** The phone number ID field shared by every per-number operation. */
export const phoneNumberIdField: FieldDefinition = {
	key: 'phoneNumberId',
	label: 'Phone Number',
	type: 'string',
	required: true,
	source: 'phoneNumbers',
	help: 'The phone number ID (not the phone number itself): pick it from the list, or find it in WhatsApp Manager → Phone numbers.',
	placeholder: '106540352242922',
	validate: (value, label) => graphId(value, label),
};

export interface SuccessOutput {
	success: boolean;
	phoneNumberId: string;
}

export const successOutputFields: OutputFieldDefinition[] = [
	{ key: 'success', label: 'Success', type: 'boolean' },
	{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
];

/** The part of a number's state that onboarding steps change, read right after a change. */
export interface PhoneNumberState extends ReadBackState {
	/** CONNECTED, PENDING, … (null when unknown). */
	status: string | null;
	/** VERIFIED, NOT_VERIFIED, EXPIRED (null when unknown). */
	codeVerificationStatus: string | null;
	nameStatus: string | null;
	twoStepEnabled: boolean | null;
}

/** A number-level write: its success and the number's state after it. */
export type PhoneNumberChangeOutput = SuccessOutput & PhoneNumberState;

const STATE_FIELDS = 'id,status,code_verification_status,name_status,is_pin_enabled';

/** `GET /<PHONE_NUMBER_ID>?fields=…` after a change (docs/meta-api.md §1.2); unknown state when that read fails. */
export async function readPhoneNumberState(client: GraphClient, phoneNumberId: string, operation: string): Promise<PhoneNumberState> {
	const read = await readBack(
		() => client.request<MetaPhoneNumber>({ method: 'GET', path: phoneNumberId, query: { fields: STATE_FIELDS }, retry: 'read', operation }),
		"the number's state",
		'Look the number up with {op:getPhoneNumber} before doing anything else.',
	);
	const number = read.value;
	return {
		status: number?.status ?? null,
		codeVerificationStatus: number?.code_verification_status ?? null,
		nameStatus: number?.name_status ?? null,
		twoStepEnabled: number?.is_pin_enabled ?? null,
		...read.state,
	};
}

const STATE_KEYS: ReadonlyArray<keyof PhoneNumber> = ['status', 'codeVerificationStatus', 'nameStatus', 'twoStepEnabled'];

/** The state fields as a number's own output names them, then whether they could be read. */
export const PHONE_NUMBER_STATE_OUTPUT_FIELDS: OutputFieldDefinition[] = [
	...PHONE_NUMBER_OUTPUT_FIELDS.filter((field) => (STATE_KEYS as readonly string[]).includes(field.key)),
	{ key: 'stateKnown', label: 'State Read After the Change', type: 'boolean' },
	{ key: 'stateNote', label: 'State Note', type: 'string' },
];

/** Output fields and a sample for a number-level write, from the state it is expected to leave. */
export function phoneNumberChange(state: Pick<PhoneNumberState, 'status' | 'codeVerificationStatus' | 'twoStepEnabled'>): {
	sample: PhoneNumberChangeOutput;
	outputFields: OutputFieldDefinition[];
} {
	return {
		sample: { success: true, phoneNumberId: PHONE_NUMBER_SAMPLE.id, ...state, nameStatus: 'APPROVED', stateKnown: true, stateNote: null },
		outputFields: [...successOutputFields, ...PHONE_NUMBER_STATE_OUTPUT_FIELDS],
	};
}
