/**
 * The identity-check flag name. Meta's guide and examples say `enable_identity_key_check`; the v23
 * Settings schema says `enabled` (docs/meta-api.md §1.10, "doc conflict"). We send the guide's name and,
 * after setting, read the settings back: if Meta reports a different state, setIdentityCheck fails
 * loudly naming this constant, so a wrong guess is one line to change.
 */
export const IDENTITY_CHECK_FIELD = 'enable_identity_key_check';

export interface MetaSettings {
	calling?: { status?: string; [key: string]: unknown };
	payload_encryption?: { status?: string };
	storage_configuration?: { status?: string; data_localization_region?: string };
	user_identity_change?: { enable_identity_key_check?: boolean; enabled?: boolean };
	[key: string]: unknown;
}
