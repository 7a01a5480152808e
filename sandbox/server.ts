/**
 * The HTTP front: `/vNN.0/<node>[/<edge>]` Graph calls (auth, parameter parsing, routing, Meta's
 * error envelope, latency and faults) and `/_sandbox/...` control calls.
 */
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { checkAppsecretProof } from './appsecretProof';
import { DEFAULT_GRAPH_VERSION } from './constants';
import type { SandboxContext } from './context';
import type { SandboxControl } from './control';
import { GraphError, invalidToken, metaError, missingToken, unknownObject, unknownPath } from './graphError';
import { toMetaJson } from './metaJson';
import { BodyParseError, invalidParameterFromBody, parseParams } from './params';
import { handleControl } from './routes/control';
import { messageRoutes } from './routes/messages';
import { isMessagingDownload, messagingNodeKind, messagingRoutes, serveDownload, USER_TOKEN_APP_EDGES } from './routes/messagingNodes';
import { overrideRoutes } from './routes/overrides';
import { phoneNumberRoutes } from './routes/phoneNumbers';
import { registrationRoutes } from './routes/registration';
import { settingsRoutes } from './routes/settings';
import { subscriptionRoutes } from './routes/subscriptions';
import { templateRoutes } from './routes/templates';
import type { GraphHandler, GraphRequest, GraphRoute, NodeKind } from './routes/types';
import { usernameRoutes } from './routes/username';

const ROUTES: GraphRoute[] = [
	...phoneNumberRoutes,
	...registrationRoutes,
	...settingsRoutes,
	...usernameRoutes,
	...overrideRoutes,
	...messageRoutes,
	...subscriptionRoutes,
	...messagingRoutes,
	...templateRoutes,
];

const ROUTE_TABLE = new Map<string, GraphHandler>(ROUTES.map((route) => [`${route.kind} ${route.method} ${route.edge}`, route.handle]));
const VERSIONED = /^\/(v\d{1,2}\.\d)\/(.*)$/;
const JSON_TYPE = 'application/json; charset=UTF-8';

export interface ServerOptions {
	/** Log one line per Graph call (off by default: benchmarks push thousands per second). */
	logRequests?: boolean;
}

/** Builds the sandbox's HTTP server; `closeAll` ends every connection, held (timeout fault) ones included. */
export function createSandboxServer(
	ctx: SandboxContext,
	control: SandboxControl,
	options: ServerOptions = {},
): { server: http.Server; closeAll: () => void } {
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			handle(ctx, control, options, req, res, Buffer.concat(chunks)).catch((error: unknown) => {
				ctx.log(`sandbox error on ${req.method} ${req.url?.split('?')[0]}: ${(error as Error).stack ?? String(error)}`);
				if (!res.headersSent && !res.destroyed) {
					const envelope = new GraphError({ status: 500, code: 1, type: 'OAuthException', message: 'An unknown error occurred' }).toEnvelope();
					res.writeHead(500, { 'content-type': JSON_TYPE }).end(toMetaJson(envelope));
				}
			});
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return {
		server,
		closeAll: () => {
			for (const socket of sockets) socket.destroy();
			sockets.clear();
		},
	};
}

async function handle(
	ctx: SandboxContext,
	control: SandboxControl,
	options: ServerOptions,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	rawBody: Buffer,
): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	const method = (req.method ?? 'GET').toUpperCase();
	if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
		let body: unknown;
		try {
			body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
		} catch {
			sendJson(res, 400, { error: { message: 'The body must be JSON.' } });
			return;
		}
		const answer = handleControl(ctx, control, method, url.pathname, url.searchParams, body);
		sendJson(res, answer.status, answer.body);
		return;
	}

	// Meta's media hosts are not Graph: no faults, their own auth (docs/meta-messaging.md §1.3).
	if (method === 'GET' && isMessagingDownload(url.pathname)) {
		serveDownload(ctx, req, res, url);
		return;
	}

	const decision = ctx.faults.decide(url.pathname);
	let status = 200;
	let payload: unknown;
	let headers: Record<string, string> = {};
	try {
		if (decision.before === 'serverError') {
			throw ctx.faults.serverErrorStatus === 503
				? metaError('serviceUnavailable', 'The service is temporarily unavailable (sandbox fault injection).')
				: metaError('serverError', 'An unexpected error happened (sandbox fault injection).');
		}
		const answer = await dispatch(ctx, method, url, req, rawBody);
		status = answer.status ?? 200;
		payload = answer.body;
	} catch (error) {
		if (!(error instanceof GraphError)) throw error;
		status = error.status;
		payload = error.toEnvelope();
		headers = error.headers;
		if (error.status === 401) headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${error.message}"`;
	}
	if (options.logRequests) ctx.log(`${method} ${url.pathname} → ${status}`);

	await delay(ctx, ctx.faults.latencyMs);
	if (res.destroyed) return;
	switch (decision.after) {
		case 'timeout':
			// Never answer; the socket is destroyed when the client gives up or the sandbox stops.
			return;
		case 'drop':
			req.socket.destroy();
			return;
		case 'malformed': {
			const text = toMetaJson(payload);
			res.writeHead(200, { 'content-type': JSON_TYPE }).end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
			return;
		}
		default:
			sendJson(res, status, payload, headers);
	}
}

function authenticate(ctx: SandboxContext, kind: NodeKind, req: http.IncomingMessage, params: Record<string, unknown>): string {
	const token = authenticatedToken(ctx, kind, req, params);
	checkAppsecretProof(params.appsecret_proof, token, ctx.state.appSecret);
	return token;
}

function authenticatedToken(ctx: SandboxContext, kind: NodeKind, req: http.IncomingMessage, params: Record<string, unknown>): string {
	const header = req.headers.authorization;
	let token: string | undefined;
	if (header) {
		const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
		token = match ? match[1].trim() : undefined;
		if (!match) throw invalidToken();
	} else if (typeof params.access_token === 'string' && params.access_token !== '') {
		token = params.access_token;
	}
	if (token === undefined) throw missingToken();
	const { state } = ctx;
	const appToken = `${state.appId}|${state.appSecret}`;
	if (kind === 'app') {
		if (token === appToken) return token;
		if (token === state.accessToken) throw metaError('appTokenRequired', 'Use the app access token APP_ID|APP_SECRET for app subscriptions.', 'This method must be called with an app access_token.');
		throw invalidToken();
	}
	if (token !== state.accessToken) throw invalidToken();
	return token;
}

async function dispatch(ctx: SandboxContext, method: string, url: URL, req: http.IncomingMessage, rawBody: Buffer): Promise<{ status?: number; body: unknown }> {
	// Graph serves an unversioned path with the app's default version (developers.facebook.com/docs/apps/versions).
	const match = VERSIONED.exec(url.pathname);
	const [version, rest] = match ? [match[1], match[2]] : [DEFAULT_GRAPH_VERSION, url.pathname.slice(1)];
	const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
	if (segments.length === 0 || segments.length > 2) throw unknownPath(`/${rest}`);
	const [nodeId, edge = ''] = segments;

	let params: Record<string, unknown>;
	try {
		params = parseParams(url.searchParams, rawBody, req.headers['content-type']);
	} catch (error) {
		if (error instanceof BodyParseError) throw invalidParameterFromBody(error.message);
		throw error;
	}
	if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') throw unknownPath(`${method} is not supported`);

	const { state } = ctx;
	const kind: NodeKind | undefined =
		nodeId === state.appId ? 'app' : state.wabas.has(nodeId) ? 'waba' : state.numbers.has(nodeId) ? 'number' : state.templates.byId(nodeId) ? 'template' : messagingNodeKind(ctx, nodeId);
	// Resumable uploads start on the app node but with a user token (docs/meta-messaging.md §7).
	const accessToken = authenticate(ctx, kind === 'app' && USER_TOKEN_APP_EDGES.has(edge) ? 'number' : (kind ?? 'number'), req, params);
	if (!kind) throw unknownObject(method, nodeId);
	const handler = ROUTE_TABLE.get(`${kind} ${method} ${edge}`);
	if (!handler) {
		if (edge === '' || [...ROUTE_TABLE.keys()].some((key) => key.startsWith(`${kind} `) && key.endsWith(` ${edge}`))) throw unknownObject(method, nodeId);
		throw unknownPath(`/${edge}`);
	}
	const request: GraphRequest = { method: method as GraphRequest['method'], kind, nodeId, edge, params, version, accessToken, rawBody, headers: req.headers };
	return handler(ctx, request);
}

function delay(ctx: SandboxContext, ms: number): Promise<void> {
	if (ms <= 0) return Promise.resolve();
	return new Promise((resolve) => ctx.later(resolve, ms));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (res.destroyed) return;
	res.writeHead(status, { 'content-type': JSON_TYPE, ...headers }).end(toMetaJson(body));
}
