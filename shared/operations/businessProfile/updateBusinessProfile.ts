import { inputError } from '../../errors';
import { defineOperation, FieldDefinition, FileInput } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';
import { readBack, ReadBackState } from '../readBack';
import { BusinessProfile, PROFILE_LIMITS, PROFILE_OUTPUT_FIELDS, PROFILE_SAMPLE, PROFILE_VERTICALS, readProfile } from './model';
import { checkPicture, uploadPicture } from './pictureUpload';

export interface UpdateBusinessProfileInput {
	phoneNumberId: string;
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites?: string[];
	vertical?: string;
	profilePicture?: FileInput;
	clearFields?: string[];
}

export interface UpdateBusinessProfileOutput extends BusinessProfile, ReadBackState {
	/** Meta's names of what this step sent (`about`, `profile_picture_handle`…). */
	changedFields: string[];
}

/** The vertical choice that sends nothing (the n8n and Zapier default). */
const KEEP_VERTICAL = 'KEEP';

/** Fields that may be emptied, with the value that empties each (§6.2 [code]: '' for text, [] for websites). */
const CLEARABLE: Readonly<Record<string, string | string[]>> = { address: '', description: '', email: '', websites: [], vertical: '' };

function textField(key: string, label: string, max: number, help: string, placeholder: string, min = 0): FieldDefinition {
	return {
		key,
		label,
		type: key === 'description' ? 'text' : 'string',
		required: false,
		help,
		placeholder,
		validate: (value, fieldLabel) => {
			const text = String(value);
			if (text.length < min || text.length > max) throw inputError(fieldLabel, `has ${text.length} characters; Meta takes ${min ? `${min} to ` : 'at most '}${max}.`, `Shorten it to ${max} characters or fewer.`);
			return text;
		},
	};
}

function email(value: unknown, label: string): string {
	const text = String(value).trim();
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw inputError(label, `"${text}" is not an email address.`, 'Enter an address like hello@example.com.');
	if (text.length > PROFILE_LIMITS.email) throw inputError(label, `has ${text.length} characters; Meta takes at most ${PROFILE_LIMITS.email}.`, 'Use a shorter address.');
	return text;
}

function websites(value: unknown, label: string): string[] {
	const sites = (value as string[]).map((site) => site.trim());
	const { max, eachMax } = PROFILE_LIMITS.websites;
	if (sites.length > max) throw inputError(label, `has ${sites.length} websites; a profile shows at most ${max}.`, `Keep the ${max} most important ones.`);
	for (const site of sites) {
		if (!/^https?:\/\/\S+$/i.test(site)) throw inputError(label, `"${site}" does not start with http:// or https://.`, 'Enter full addresses such as https://www.example.com.');
		if (site.length > eachMax) throw inputError(label, `has a website of ${site.length} characters; Meta takes at most ${eachMax}.`, 'Use a shorter address.');
	}
	return sites;
}

function fieldsToClear(value: unknown, label: string): string[] {
	const names = (value as string[]).map((name) => name.trim().toLowerCase());
	const unknown = names.find((name) => !(name in CLEARABLE));
	if (unknown !== undefined) {
		throw inputError(label, `"${unknown}" cannot be emptied.`, `Use one or more of: ${Object.keys(CLEARABLE).join(', ')} (About cannot be empty).`);
	}
	return [...new Set(names)];
}

/**
 * `POST /<PHONE_NUMBER_ID>/whatsapp_business_profile` with the fields to change (docs/meta-messaging.md
 * §6.2), after the picture went through the Resumable Upload API (§7) when one is given; then the
 * profile is read again, so the step outputs what customers now see. Every limit, the picture and
 * the App ID are checked before the first request.
 */
export const updateBusinessProfile = defineOperation<UpdateBusinessProfileInput, UpdateBusinessProfileOutput>({
	id: 'updateBusinessProfile',
	resource: 'businessProfile',
	title: 'Update Business Profile',
	action: 'Update the business profile of a phone number',
	description: 'Changes what customers see in the profile of a number: about text, address, description, email, websites, industry and profile picture. Empty fields stay as they are.',
	kind: 'write',
	fields: [
		phoneNumberIdField,
		textField('about', 'About', PROFILE_LIMITS.about.max, "The short text under the business name (1 to 139 characters). Emoji work; formatting such as *bold* does not.", 'Fresh produce, delivered daily', PROFILE_LIMITS.about.min),
		textField('address', 'Address', PROFILE_LIMITS.address, 'The business address, up to 256 characters.', '101 Market St, Menlo Park, CA'),
		textField('description', 'Description', PROFILE_LIMITS.description, 'A description of the business, up to 512 characters.', "Jasper's Market sells local fruit and vegetables."),
		{ key: 'email', label: 'Email', type: 'string', required: false, help: 'The contact email address, up to 128 characters.', placeholder: 'hello@example.com', validate: email },
		{
			key: 'websites',
			label: 'Websites',
			type: 'string',
			list: true,
			required: false,
			help: 'Up to 2 websites, one per line, each with http:// or https:// (up to 256 characters). They replace the current ones.',
			placeholder: 'https://www.example.com',
			validate: websites,
		},
		{
			key: 'vertical',
			label: 'Industry',
			type: 'options',
			required: false,
			default: KEEP_VERTICAL,
			help: 'The industry shown in the profile.',
			options: [{ value: KEEP_VERTICAL, label: 'Keep Current', description: 'Leave the industry as it is' }, ...PROFILE_VERTICALS],
		},
		{
			key: 'profilePicture',
			label: 'Profile Picture',
			type: 'file',
			required: false,
			help: "A JPEG or PNG picture (a square of at least 192 × 192 pixels shows best). Changing it needs the Meta App ID next to your access token, because the picture goes through the upload API of the token's app.",
		},
		{
			key: 'clearFields',
			label: 'Fields to Empty',
			type: 'string',
			list: true,
			required: false,
			advanced: true,
			help: 'Fields to remove from the profile, one per line: address, description, email, websites or vertical. About cannot be empty.',
			placeholder: 'address',
			validate: fieldsToClear,
		},
	],
	sample: { ...PROFILE_SAMPLE, changedFields: ['about', 'profile_picture_handle'], stateKnown: true, stateNote: null },
	outputFields: [...PROFILE_OUTPUT_FIELDS, { key: 'changedFields', label: 'Changed Fields', type: 'string' }, { key: 'stateKnown', label: 'State Read After the Change', type: 'boolean' }, { key: 'stateNote', label: 'State Note', type: 'string' }],
	async run({ client }, input) {
		const operation = 'updateBusinessProfile';
		const changes: Record<string, unknown> = {};
		for (const key of ['about', 'address', 'description', 'email', 'websites'] as const) if (input[key] !== undefined) changes[key] = input[key];
		if (input.vertical !== undefined && input.vertical !== KEEP_VERTICAL) changes.vertical = input.vertical;
		for (const name of input.clearFields ?? []) {
			if (name in changes) throw inputError('Fields to Empty', `names "${name}", which this step also sets.`, `Either fill in ${name} or empty it, not both.`);
			changes[name] = CLEARABLE[name];
		}
		const picture = input.profilePicture ? checkPicture(input.profilePicture, 'Profile Picture') : undefined;
		const appId = picture ? client.requireAppId(operation) : undefined;
		if (!picture && Object.keys(changes).length === 0) {
			throw inputError('Business Profile', 'has nothing to change: every field is empty.', 'Fill in at least one field, or name fields to empty.');
		}
		if (picture && appId) changes.profile_picture_handle = await uploadPicture(client, appId, picture, operation);
		await client.request<{ success?: boolean }>({
			method: 'POST',
			path: `${input.phoneNumberId}/whatsapp_business_profile`,
			json: { messaging_product: 'whatsapp', ...changes },
			// Setting the same values again changes nothing, so a lost answer may be retried.
			retry: 'read',
			operation,
		});
		const after = await readBack(() => readProfile(client, input.phoneNumberId, operation), 'the profile', 'Read it again later with {op:getBusinessProfile}.');
		const empty: BusinessProfile = { phoneNumberId: input.phoneNumberId, about: null, address: null, description: null, email: null, websites: [], vertical: null, profilePictureUrl: null };
		return { ...(after.value ?? empty), changedFields: Object.keys(changes), ...after.state };
	},
});
