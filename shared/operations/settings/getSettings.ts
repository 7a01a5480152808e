import { defineOperation } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';
import { IDENTITY_CHECK_FIELD, MetaSettings } from './model';

export interface GetSettingsOutput {
	phoneNumberId: string;
	/** null when Meta does not report it (undocumented: docs/meta-api.md §1.10). */
	identityCheckEnabled: boolean | null;
	storageStatus: string | null;
	dataLocalizationRegion: string | null;
	payloadEncryptionStatus: string | null;
	callingStatus: string | null;
	raw: MetaSettings;
}

/** `GET /<PHONE_NUMBER_ID>/settings` (docs/meta-api.md §1.10). */
export const getSettings = defineOperation<{ phoneNumberId: string }, GetSettingsOutput>({
	id: 'getSettings',
	resource: 'settings',
	title: 'Get Settings',
	action: 'Get the settings of a phone number',
	description: "Reads a number's settings: local storage region, payload encryption, calling and, where Meta reports it, the identity change check.",
	kind: 'read',
	fields: [phoneNumberIdField],
	sample: {
		phoneNumberId: '106540352242922',
		identityCheckEnabled: true,
		storageStatus: 'default',
		dataLocalizationRegion: null,
		payloadEncryptionStatus: null,
		callingStatus: 'DISABLED',
		raw: { storage_configuration: { status: 'default' }, calling: { status: 'DISABLED' }, user_identity_change: { enable_identity_key_check: true } },
	},
	outputFields: [
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'identityCheckEnabled', label: 'Identity Change Check On', type: 'boolean' },
		{ key: 'storageStatus', label: 'Storage', type: 'string' },
		{ key: 'dataLocalizationRegion', label: 'Data Localization Region', type: 'string' },
		{ key: 'payloadEncryptionStatus', label: 'Payload Encryption', type: 'string' },
		{ key: 'callingStatus', label: 'Calling', type: 'string' },
	],
	async run({ client }, input) {
		const raw = await client.request<MetaSettings>({ method: 'GET', path: `${input.phoneNumberId}/settings`, retry: 'read', operation: 'getSettings' });
		return {
			phoneNumberId: input.phoneNumberId,
			identityCheckEnabled: readIdentityCheck(raw),
			storageStatus: raw.storage_configuration?.status ?? null,
			dataLocalizationRegion: raw.storage_configuration?.data_localization_region ?? null,
			payloadEncryptionStatus: raw.payload_encryption?.status ?? null,
			callingStatus: raw.calling?.status ?? null,
			raw,
		};
	},
});

/** Accepts both names Meta's documents use for the flag; null when neither is present. */
export function readIdentityCheck(settings: MetaSettings): boolean | null {
	const section = settings.user_identity_change;
	if (!section) return null;
	const value = section[IDENTITY_CHECK_FIELD] ?? section.enabled;
	return typeof value === 'boolean' ? value : null;
}
