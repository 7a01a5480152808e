/**
 * Points Meta at the relay: sets the WABA-level webhook callback override to
 * `<public URL>/meta/webhook` through the core's `setWebhookOverride` operation, then reads it back
 * with `getWebhookConfiguration`. Meta sends its verification GET to the relay during the call, so
 * the relay must already be reachable there.
 */
import { createClient, graphId, inputError, runOperation, RELAY_PATHS, Runtime } from '../shared';

/** The relay's path for Meta's callback (GET challenge, POST events). */
export const META_WEBHOOK_PATH = RELAY_PATHS.metaWebhook;

/** The core operations used (see shared/operations/webhook/). */
export const OVERRIDE_OPERATION = 'setWebhookOverride' as const;
export const READ_CONFIGURATION_OPERATION = 'getWebhookConfiguration' as const;
const WABA_LEVEL = 'waba';

export interface ConfigureMetaInput {
	publicUrl?: string;
	verifyToken: string;
	accessToken?: string;
	wabaId?: string;
	graphBaseUrl?: string;
	apiVersion?: string;
}

export interface ConfigureMetaResult {
	success: boolean;
	wabaId: string;
	callbackUrl: string;
	/** Whether reading the configuration back shows the override pointing at the relay. */
	confirmed: boolean;
}

/** The callback URL Meta should call, from the relay's public URL. */
export function metaCallbackUrl(publicUrl: string): string {
	return `${publicUrl.replace(/\/+$/, '')}${META_WEBHOOK_PATH}`;
}

/**
 * Sets the WABA's callback override to the relay. Throws an input error naming the missing
 * setting before anything is sent, and the core's WhatsAppError when Meta refuses. The access token
 * is known to this call's client only, so its errors mask it and nothing else remembers it.
 */
export async function configureMetaOverride(input: ConfigureMetaInput, runtime: Runtime): Promise<ConfigureMetaResult> {
	if (!input.publicUrl) {
		throw inputError('Public URL (RELAY_PUBLIC_URL)', 'is not set, so the relay does not know the address Meta should call.', 'Set RELAY_PUBLIC_URL to the https address the relay is reachable at, e.g. https://relay.example.com.');
	}
	if (!input.accessToken) {
		throw inputError('Meta access token (META_ACCESS_TOKEN)', 'is not set.', 'Set META_ACCESS_TOKEN (or send access_token) to a system-user token with whatsapp_business_management for the WABA.');
	}
	if (!input.wabaId) {
		throw inputError('WhatsApp Business Account ID (META_WABA_ID)', 'is not set.', 'Set META_WABA_ID (or send waba_id) to your WhatsApp Business Account ID, from WhatsApp Manager → Account tools.');
	}
	const wabaId = graphId(input.wabaId, 'WhatsApp Business Account ID (META_WABA_ID or waba_id)');
	const callbackUrl = metaCallbackUrl(input.publicUrl);
	const client = createClient({ accessToken: input.accessToken, wabaId, baseUrl: input.graphBaseUrl, apiVersion: input.apiVersion }, runtime);
	const output = await runOperation(OVERRIDE_OPERATION, client, { level: WABA_LEVEL, callbackUrl, verifyToken: input.verifyToken });
	const configuration = await runOperation(READ_CONFIGURATION_OPERATION, client, { level: WABA_LEVEL });
	const confirmed = configuration.subscribedApps.some((app) => app.overrideCallbackUrl === callbackUrl);
	return { success: output.success === true, wabaId, callbackUrl, confirmed };
}
