/**
 * The connection a zap author sets up once (custom auth), and the core client built from it.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { createClient, DEFAULT_API_VERSION, DEFAULT_BASE_URL, GraphClient } from '../shared';
import { ZAPIER_REQUEST_TIMEOUT_MS, ZAPIER_RETRY, zapierRuntime } from './runtime';

/** The auth field keys. The relay adds its own fields next to these. */
export const AUTH_KEYS = {
	accessToken: 'access_token',
	wabaId: 'waba_id',
	appId: 'app_id',
	apiVersion: 'api_version',
	baseUrl: 'base_url',
} as const;

/** A core client for this invocation, configured from the connection. */
export function clientFor(z: ZObject, bundle: Pick<Bundle, 'authData'>): GraphClient {
	const auth = bundle.authData ?? {};
	return createClient(
		{
			accessToken: auth[AUTH_KEYS.accessToken],
			wabaId: auth[AUTH_KEYS.wabaId],
			appId: auth[AUTH_KEYS.appId],
			apiVersion: auth[AUTH_KEYS.apiVersion]?.trim() || DEFAULT_API_VERSION,
			baseUrl: auth[AUTH_KEYS.baseUrl]?.trim() || DEFAULT_BASE_URL,
			retry: ZAPIER_RETRY,
			timeoutMs: ZAPIER_REQUEST_TIMEOUT_MS,
		},
		zapierRuntime(z),
	);
}
