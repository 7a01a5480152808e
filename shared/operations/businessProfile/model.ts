/**
 * Business profiles (docs/meta-messaging.md §6): what Meta keeps per phone number, its limits, and
 * `GET /<PHONE_NUMBER_ID>/whatsapp_business_profile` read into the shape the operations output.
 */
import type { GraphClient } from '../../client';
import type { FieldOption, OutputFieldDefinition } from '../../operation';

/** §6.2 [doc]: characters per field; at most 2 websites of 256 characters with http(s)://. */
export const PROFILE_LIMITS = { about: { min: 1, max: 139 }, address: 256, description: 512, email: 128, websites: { max: 2, eachMax: 256 } } as const;

/** §6.2 [doc]: Meta's `vertical` values, with the names WhatsApp shows for them. */
export const PROFILE_VERTICALS: readonly FieldOption[] = [
	{ value: 'OTHER', label: 'Other' },
	{ value: 'AUTO', label: 'Automotive' },
	{ value: 'BEAUTY', label: 'Beauty, Spa and Salon' },
	{ value: 'APPAREL', label: 'Clothing and Apparel' },
	{ value: 'EDU', label: 'Education' },
	{ value: 'ENTERTAIN', label: 'Entertainment' },
	{ value: 'EVENT_PLAN', label: 'Event Planning and Service' },
	{ value: 'FINANCE', label: 'Finance and Banking' },
	{ value: 'GROCERY', label: 'Food and Grocery' },
	{ value: 'GOVT', label: 'Public Service' },
	{ value: 'HOTEL', label: 'Hotel and Lodging' },
	{ value: 'HEALTH', label: 'Medical and Health' },
	{ value: 'NONPROFIT', label: 'Non-Profit' },
	{ value: 'PROF_SERVICES', label: 'Professional Services' },
	{ value: 'RETAIL', label: 'Shopping and Retail' },
	{ value: 'TRAVEL', label: 'Travel and Transportation' },
	{ value: 'RESTAURANT', label: 'Restaurant' },
	{ value: 'NOT_A_BIZ', label: 'Not a Business' },
	{ value: 'UNDEFINED', label: 'Undefined' },
];

/** §6.1 [doc]: the fields asked for on every read. */
export const PROFILE_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

interface MetaProfile {
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	profile_picture_url?: string;
	websites?: string[];
	vertical?: string;
}

export interface BusinessProfile {
	phoneNumberId: string;
	/** null: not set (Meta leaves unset fields out, §6.1 [inferred]). */
	about: string | null;
	address: string | null;
	description: string | null;
	email: string | null;
	websites: string[];
	vertical: string | null;
	/** A public URL of the picture (pps.whatsapp.net), or null. */
	profilePictureUrl: string | null;
}

export const PROFILE_SAMPLE: BusinessProfile = {
	phoneNumberId: '106540352242922',
	about: 'Fresh produce, delivered daily',
	address: '101 Market St, Menlo Park, CA',
	description: "Jasper's Market sells local fruit and vegetables.",
	email: 'hello@jaspers.example',
	websites: ['https://www.jaspers.example/'],
	vertical: 'GROCERY',
	profilePictureUrl: 'https://pps.whatsapp.net/v/t61.24694-24/example.jpg',
};

export const PROFILE_OUTPUT_FIELDS: OutputFieldDefinition[] = [
	{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
	{ key: 'about', label: 'About', type: 'string' },
	{ key: 'address', label: 'Address', type: 'string' },
	{ key: 'description', label: 'Description', type: 'string' },
	{ key: 'email', label: 'Email', type: 'string' },
	{ key: 'websites', label: 'Websites', type: 'string' },
	{ key: 'vertical', label: 'Industry', type: 'string' },
	{ key: 'profilePictureUrl', label: 'Profile Picture URL', type: 'string' },
];

/** `GET /<PHONE_NUMBER_ID>/whatsapp_business_profile?fields=…` → `{data: [profile]}`, a read. */
export async function readProfile(client: GraphClient, phoneNumberId: string, operation: string): Promise<BusinessProfile> {
	const response = await client.request<{ data?: MetaProfile[] }>({
		method: 'GET',
		path: `${phoneNumberId}/whatsapp_business_profile`,
		query: { fields: PROFILE_FIELDS },
		retry: 'read',
		operation,
	});
	const raw = response.data?.[0] ?? {};
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	return {
		phoneNumberId,
		about: text(raw.about),
		address: text(raw.address),
		description: text(raw.description),
		email: text(raw.email),
		websites: Array.isArray(raw.websites) ? raw.websites.filter((site): site is string => typeof site === 'string') : [],
		vertical: text(raw.vertical),
		profilePictureUrl: text(raw.profile_picture_url),
	};
}
