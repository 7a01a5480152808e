/**
 * Webhook callback overrides (docs/meta-api.md §1.11): per phone number (`POST /<PNID>` with
 * `webhook_configuration`) and per WABA (`/<WABA>/subscribed_apps`). Setting one sends Meta's
 * verification GET to the new URI first; a callback that fails it is refused with 2200.
 */
import { OVERRIDE_URI_MAX_LENGTH } from '../constants';
import type { SandboxContext } from '../context';
import { invalidParameter, metaError, requiredParameter } from '../graphError';
import { optionalObject, optionalString, Params } from '../params';
import type { CallbackTarget, NumberRecord } from '../state';
import { CallbackVerificationError } from '../webhookDelivery';
import { GraphRequest, GraphResponse, GraphRoute, SUCCESS, wabaOf } from './types';

export function checkCallbackUrl(url: string, parameter: string, maxLength?: number): void {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw invalidParameter(`The parameter ${parameter} must be a full URL, e.g. https://example.com/webhook.`);
	}
	// Meta requires https with a valid certificate; the sandbox also takes http so local receivers work.
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidParameter(`The parameter ${parameter} must be an https URL.`);
	if (maxLength !== undefined && url.length > maxLength) throw invalidParameter(`The parameter ${parameter} must be at most ${maxLength} characters.`);
}

/** Meta's verification GET; a failure becomes Graph's callback-verification error. */
export async function verifyCallback(ctx: SandboxContext, target: CallbackTarget): Promise<void> {
	try {
		await ctx.webhooks.verify(target);
	} catch (error) {
		if (error instanceof CallbackVerificationError) {
			throw metaError('callbackVerificationFailed', `Callback verification failed: ${error.message}. The callback must answer the GET with hub.challenge when hub.verify_token matches.`);
		}
		throw error;
	}
}

/** `{"webhook_configuration":{"override_callback_uri":"https://…","verify_token":"…"}}`; an empty URI removes it. */
export async function setNumberOverride(ctx: SandboxContext, number: NumberRecord, params: Params): Promise<void> {
	const configuration = optionalObject(params, 'webhook_configuration');
	if (!configuration) throw invalidParameter('The parameter webhook_configuration must be a JSON object with override_callback_uri and verify_token.');
	const uri = configuration.override_callback_uri;
	if (uri === undefined) throw requiredParameter('webhook_configuration[override_callback_uri]');
	if (typeof uri !== 'string') throw invalidParameter('webhook_configuration.override_callback_uri must be a string.');
	if (uri === '') {
		number.override = null;
		return;
	}
	checkCallbackUrl(uri, 'webhook_configuration[override_callback_uri]', OVERRIDE_URI_MAX_LENGTH);
	const verifyToken = configuration.verify_token;
	if (typeof verifyToken !== 'string' || verifyToken === '') throw requiredParameter('webhook_configuration[verify_token]');
	const target = { url: uri, verifyToken };
	await verifyCallback(ctx, target);
	number.override = target;
}

/** `POST /<WABA>/subscribed_apps`: subscribes the app; with `override_callback_uri` also sets the WABA override, without it removes it. */
async function subscribeApp(ctx: SandboxContext, request: GraphRequest): Promise<GraphResponse> {
	const waba = wabaOf(ctx, request);
	const uri = optionalString(request.params, 'override_callback_uri');
	if (uri === undefined) {
		waba.subscribed = true;
		waba.override = null;
		return SUCCESS;
	}
	checkCallbackUrl(uri, 'override_callback_uri', OVERRIDE_URI_MAX_LENGTH);
	const verifyToken = optionalString(request.params, 'verify_token');
	if (verifyToken === undefined) throw requiredParameter('verify_token');
	const target = { url: uri, verifyToken };
	await verifyCallback(ctx, target);
	waba.subscribed = true;
	waba.override = target;
	return SUCCESS;
}

/** `GET /<WABA>/subscribed_apps` (§6): `data[].whatsapp_business_api_data` and `override_callback_uri` when set. */
function listSubscribedApps(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	if (!waba.subscribed) return { body: { data: [] } };
	const app: Record<string, unknown> = {
		whatsapp_business_api_data: { id: ctx.state.appId, link: `https://www.facebook.com/games/?app_id=${ctx.state.appId}`, name: 'Sandbox App' },
	};
	if (waba.override) app.override_callback_uri = waba.override.url;
	return { body: { data: [app] } };
}

function unsubscribeApp(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	waba.subscribed = false;
	waba.override = null;
	return SUCCESS;
}

export const overrideRoutes: GraphRoute[] = [
	{ kind: 'waba', method: 'POST', edge: 'subscribed_apps', handle: subscribeApp },
	{ kind: 'waba', method: 'GET', edge: 'subscribed_apps', handle: listSubscribedApps },
	{ kind: 'waba', method: 'DELETE', edge: 'subscribed_apps', handle: unsubscribeApp },
];
