/** What every route handler gets: the relay's settings, storage, clock and the target guard. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redactor, Runtime } from '../../shared';
import type { Clock } from '../clock';
import type { RelayConfig } from '../config';
import type { Owner, RelayStorage } from '../storage/types';
import type { TargetGuard } from '../targets';

export interface RelayHandlerOptions {
	config: Pick<RelayConfig, 'appSecret' | 'verifyToken' | 'apiKeys' | 'adminApiKeys' | 'publicUrl' | 'meta' | 'maxBodyBytes' | 'maxSubscriptionsPerKey'>;
	storage: RelayStorage;
	clock: Clock;
	/** Where subscribers may point deliveries (checked when a subscription is created). */
	targets: TargetGuard;
	/** Called after new events are committed (wakes the delivery worker). */
	onEventsStored?: () => void;
	/** Called after parked deliveries are put back in their outbox. */
	onDeliveriesRetried?: () => void;
	/** Runtime for the Graph API calls of POST /meta/configure. */
	graphRuntime: Runtime;
	log?: (line: string) => void;
}

export interface RouteContext extends RelayHandlerOptions {
	/** Logs a line with the relay's own secrets (and any pattern-shaped secret) masked. */
	log: (line: string) => void;
	/** The relay's own secrets; a request's secrets go in a child scope for that request only. */
	secrets: Redactor;
}

export interface RouteRequest {
	req: IncomingMessage;
	res: ServerResponse;
	/** Decoded path segments after the route's fixed ones, e.g. the id of `/subscriptions/:id`. */
	params: string[];
	query: URLSearchParams;
	/** The id of the API key the request carried (routes behind the API key only). */
	apiKeyId: string;
	/** Whether that key is an admin key (RELAY_ADMIN_API_KEYS). */
	admin: boolean;
}

/** Whose subscriptions the request may see and manage: the key's own, or every one for an admin key. */
export function ownerOf(request: Pick<RouteRequest, 'apiKeyId' | 'admin'>): Owner | undefined {
	return request.admin ? undefined : { apiKeyId: request.apiKeyId };
}

/** One route: method, fixed path segments with `*` for a parameter, whether it needs an API key, and its handler. */
export interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	apiKey: boolean;
	handle(context: RouteContext, request: RouteRequest): Promise<void> | void;
}
