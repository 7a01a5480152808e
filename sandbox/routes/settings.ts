/**
 * `GET|POST /<PNID>/settings` (docs/meta-api.md §1.10). POST changes one feature per request. The identity
 * change check is `{"user_identity_change":{"enable_identity_key_check":true}}`; see
 * IDENTITY_CHECK_KEYS for how the schema's `enabled` is answered.
 */
import { IDENTITY_CHECK_KEYS, SETTINGS_ECHO_IDENTITY_CHECK } from '../constants';
import type { SandboxContext } from '../context';
import { invalidParameter } from '../graphError';
import { asBoolean, callKeys, optionalObject } from '../params';
import { GraphRequest, GraphResponse, GraphRoute, numberOf, SUCCESS } from './types';

/** Features POST accepts, one per request. */
const FEATURES = ['calling', 'payload_encryption', 'user_identity_change'] as const;

function getSettings(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const body: Record<string, unknown> = {
		calling: number.settings.calling ?? { status: 'DISABLED' },
		payload_encryption: number.settings.payload_encryption ?? { status: 'DISABLED' },
		storage_configuration: number.dataLocalizationRegion
			? { status: 'in_country_storage_enabled', data_localization_region: number.dataLocalizationRegion }
			: { status: 'default' },
	};
	if (SETTINGS_ECHO_IDENTITY_CHECK) body.user_identity_change = { enable_identity_key_check: number.identityCheck };
	return { body };
}

function postSettings(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const keys = callKeys(request.params);
	const unknown = keys.find((key) => !(FEATURES as readonly string[]).includes(key));
	if (unknown) throw invalidParameter(`Unknown setting ${unknown}. Settings you can change: ${FEATURES.join(', ')}.`);
	if (keys.length === 0) throw invalidParameter(`Send one setting to change: ${FEATURES.join(', ')}.`);
	if (keys.length > 1) throw invalidParameter(`Only one setting can be changed per request; this one has ${keys.join(', ')}.`);
	const feature = keys[0];
	const value = optionalObject(request.params, feature);
	if (!value) throw invalidParameter(`The parameter ${feature} must be a JSON object.`);
	if (feature === 'user_identity_change') {
		number.identityCheck = identityCheckValue(value);
	} else {
		number.settings[feature] = value;
	}
	return SUCCESS;
}

function identityCheckValue(value: Record<string, unknown>): boolean {
	const keys = Object.keys(value);
	const known = keys.filter((key) => IDENTITY_CHECK_KEYS.includes(key));
	const unknown = keys.filter((key) => !IDENTITY_CHECK_KEYS.includes(key));
	if (unknown.length > 0) {
		throw invalidParameter(
			`Unknown field ${unknown[0]} in user_identity_change. Use {"user_identity_change":{"${IDENTITY_CHECK_KEYS[0]}":true}}.`,
		);
	}
	if (known.length !== 1) throw invalidParameter(`user_identity_change needs ${IDENTITY_CHECK_KEYS[0]}: true or false.`);
	return asBoolean(value[known[0]], `user_identity_change.${known[0]}`);
}

export const settingsRoutes: GraphRoute[] = [
	{ kind: 'number', method: 'GET', edge: 'settings', handle: getSettings },
	{ kind: 'number', method: 'POST', edge: 'settings', handle: postSettings },
];
