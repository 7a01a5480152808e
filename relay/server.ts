/**
 * The relay's HTTP interface (node:http, no framework): the routes of relay/http/routes/ (Meta's
 * callback, the subscription API, what the relay has seen and done) and `GET /health`. Paths come
 * from relay/contract.ts; every error answer is JSON `{error: {code, message}}`, the message saying
 * what to do next. Unknown paths need an API key before they are called unknown.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { RELAY_PATHS, Redactor } from '../shared';
import { ApiKeys } from './http/apiKeys';
import type { RelayHandlerOptions, Route, RouteContext } from './http/context';
import { HttpError, requestTarget, sendError, sendJson } from './http/respond';
import { META_ROUTES } from './http/routes/meta';
import { RECORD_ROUTES } from './http/routes/records';
import { SUBSCRIPTION_ROUTES } from './http/routes/subscriptions';

export type { RelayHandlerOptions } from './http/context';
export { API_KEY_HEADER, MAX_LIST_LIMIT } from '../shared/relayContract';

const HEALTH: Route = {
	method: 'GET',
	path: RELAY_PATHS.health,
	apiKey: false,
	handle: (context, { res }) => sendJson(res, 200, { ok: true, storage: context.storage.kind }),
};

const ROUTES: readonly Route[] = [...META_ROUTES, HEALTH, ...SUBSCRIPTION_ROUTES, ...RECORD_ROUTES];

/** The route's parameters (`:name` segments) when `segments` fit its path, else undefined. */
function matchPath(route: Route, segments: string[]): string[] | undefined {
	const parts = route.path.split('/').slice(1);
	if (parts.length !== segments.length) return undefined;
	const params: string[] = [];
	for (let index = 0; index < parts.length; index++) {
		if (parts[index].startsWith(':')) params.push(segments[index]);
		else if (parts[index] !== segments[index]) return undefined;
	}
	return params;
}

/** Builds the request listener; see the file comment for the routes. */
export function createRelayHandler(options: RelayHandlerOptions): RequestListener {
	const { config } = options;
	// The relay's own secrets, masked in every line it logs. A request's secrets (an access token
	// sent to POST /meta/configure) live in a child scope for that request only, never here.
	const secrets = new Redactor([config.appSecret, config.verifyToken, config.meta.accessToken, ...config.apiKeys, ...(config.adminApiKeys ?? [])]);
	const context: RouteContext = { ...options, secrets, log: (line) => options.log?.(secrets.redact(line)) };
	const apiKeys = new ApiKeys(config.apiKeys, config.adminApiKeys);

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { path, segments, query } = requestTarget(req);
		const method = req.method ?? 'GET';
		const onPath = ROUTES.map((candidate) => ({ route: candidate, params: matchPath(candidate, segments) })).filter((match) => match.params !== undefined);
		const found = onPath.find((match) => match.route.method === method);
		if (!found) {
			if (onPath.length && onPath.every((match) => !match.route.apiKey)) {
				throw new HttpError(405, 'method_not_allowed', `${path} accepts ${onPath.map((match) => match.route.method).join(' and ')} only.`);
			}
			apiKeys.require(req);
			throw new HttpError(404, 'not_found', `${method} ${path} is not a relay endpoint. The endpoints are listed in relay/README.md.`);
		}
		const caller = found.route.apiKey ? apiKeys.require(req) : { apiKeyId: '', admin: false };
		await found.route.handle(context, { req, res, params: found.params ?? [], query, ...caller });
	}

	return (req, res) => {
		route(req, res).catch((error: unknown) => {
			if (res.headersSent) return void res.destroy();
			if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message);
			// A storage failure: Meta (or the caller) must try again, so the answer is a 5xx.
			context.log(`error: ${error instanceof Error ? error.message : String(error)}`);
			sendError(res, 503, 'unavailable', 'The relay could not save or read its data just now. Try again shortly; Meta retries webhooks by itself.');
		});
	};
}
