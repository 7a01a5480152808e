/**
 * The app-level subscription (docs/meta-api.md §6): `POST|GET|DELETE /<APP_ID>/subscriptions` with an app
 * access token `APP_ID|APP_SECRET`. Setting it sends the verification GET to `callback_url` first.
 */
import type { SandboxContext } from '../context';
import { invalidParameter, requiredParameter } from '../graphError';
import { optionalString, Params, requireString } from '../params';
import { checkCallbackUrl, verifyCallback } from './overrides';
import { GraphRequest, GraphResponse, GraphRoute, SUCCESS } from './types';

const OBJECT = 'whatsapp_business_account';

function requireObject(params: Params): void {
	const object = requireString(params, 'object');
	if (object !== OBJECT) throw invalidParameter(`The parameter object must be ${OBJECT}.`);
}

/** `fields` as a comma list (form/query) or a JSON array. */
function parseFieldList(raw: unknown, required: boolean): string[] | undefined {
	if (raw === undefined || raw === '') {
		if (required) throw requiredParameter('fields');
		return undefined;
	}
	let list: unknown = raw;
	if (typeof raw === 'string') list = raw.trim().startsWith('[') ? safeJson(raw) : raw.split(',');
	if (!Array.isArray(list) || list.some((field) => typeof field !== 'string' || !/^[a-z_]+$/.test(field.trim()))) {
		throw invalidParameter('The parameter fields must be webhook field names such as messages,account_update.');
	}
	return (list as string[]).map((field) => field.trim());
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

async function subscribe(ctx: SandboxContext, request: GraphRequest): Promise<GraphResponse> {
	requireObject(request.params);
	const callbackUrl = requireString(request.params, 'callback_url');
	const verifyToken = optionalString(request.params, 'verify_token');
	if (verifyToken === undefined) throw requiredParameter('verify_token');
	const fields = parseFieldList(request.params.fields, true) as string[];
	checkCallbackUrl(callbackUrl, 'callback_url');
	await verifyCallback(ctx, { url: callbackUrl, verifyToken });
	const app = ctx.state.app;
	app.callbackUrl = callbackUrl;
	app.verifyToken = verifyToken;
	// Graph adds the posted fields to the ones already subscribed.
	app.fields = [...new Set([...app.fields, ...fields])];
	return SUCCESS;
}

function list(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const app = ctx.state.app;
	if (!app.callbackUrl) return { body: { data: [] } };
	return {
		body: {
			data: [{ object: OBJECT, callback_url: app.callbackUrl, active: true, fields: app.fields.map((name) => ({ name, version: request.version })) }],
		},
	};
}

function unsubscribe(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	requireObject(request.params);
	const fields = parseFieldList(request.params.fields, false);
	const app = ctx.state.app;
	if (fields) {
		app.fields = app.fields.filter((field) => !fields.includes(field));
	} else {
		app.callbackUrl = null;
		app.verifyToken = null;
		app.fields = [];
	}
	return SUCCESS;
}

export const subscriptionRoutes: GraphRoute[] = [
	{ kind: 'app', method: 'POST', edge: 'subscriptions', handle: subscribe },
	{ kind: 'app', method: 'GET', edge: 'subscriptions', handle: list },
	{ kind: 'app', method: 'DELETE', edge: 'subscriptions', handle: unsubscribe },
];
