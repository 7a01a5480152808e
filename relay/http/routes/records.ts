/**
 * What the relay has seen and done: recent events, identity hashes, outbox rows, and retrying
 * parked ones. Events and hashes are Meta's and every key reads them; outbox rows belong to
 * subscriptions, so a key sees and retries only those of its own (an admin key: all).
 */
import { RELAY_PATHS } from '../../../shared/relayContract';
import { DELIVERY_STATES, DeliveryState } from '../../storage/types';
import { ownerOf, Route, RouteContext, RouteRequest } from '../context';
import { eventType, limitParam, metaId, optionalText, personId } from '../input';
import { deliveryJson, eventJson, identityHashJson } from '../json';
import { API_BODY_LIMIT, HttpError, parseJsonBody, readBody, sendJson } from '../respond';

async function recentEvents(context: RouteContext, { res, query }: RouteRequest): Promise<void> {
	const type = query.get('type');
	const phoneNumberId = metaId(query.get('phone_number_id')?.trim() || undefined, 'phone_number_id');
	const events = await context.storage.recentEvents({ type: type ? eventType(type, 'type') : undefined, phoneNumberId, limit: limitParam(query, 10) });
	sendJson(res, 200, { data: events.map(eventJson) });
}

async function identityHash(context: RouteContext, { res, params }: RouteRequest): Promise<void> {
	const phoneNumberId = metaId(params[0], 'phone_number_id') as string;
	const id = personId(params[1]);
	const record = await context.storage.getIdentityHash(phoneNumberId, id);
	if (!record) {
		throw new HttpError(
			404,
			'not_found',
			`No identity hash is stored for ${id} on phone number ${phoneNumberId}. The relay learns it from that person's next message to the number, or from a status webhook, while the identity check is on for the number.`,
		);
	}
	sendJson(res, 200, identityHashJson(record));
}

async function deliveries(context: RouteContext, request: RouteRequest): Promise<void> {
	const { query } = request;
	const state = query.get('state') || undefined;
	if (state && !DELIVERY_STATES.includes(state as DeliveryState)) throw new HttpError(400, 'invalid_input', `state must be one of ${DELIVERY_STATES.join(', ')} (got "${state}").`);
	const rows = await context.storage.listDeliveries({
		state: state as DeliveryState | undefined,
		subscriptionId: query.get('subscription_id') || undefined,
		owner: ownerOf(request),
		limit: limitParam(query, 50),
	});
	sendJson(request.res, 200, { data: rows.map(deliveryJson) });
}

async function retryAll(context: RouteContext, request: RouteRequest): Promise<void> {
	const body = parseJsonBody(await readBody(request.req, API_BODY_LIMIT));
	const retried = await context.storage.retryParked({ subscriptionId: optionalText(body, 'subscription_id'), owner: ownerOf(request) }, context.clock.now());
	if (retried) context.onDeliveriesRetried?.();
	sendJson(request.res, 200, { retried });
}

async function retryOne(context: RouteContext, request: RouteRequest): Promise<void> {
	const { res, params: [text] } = request;
	const id = Number(text);
	if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(400, 'invalid_input', `"${text}" is not a delivery id (a whole number from GET /deliveries).`);
	const retried = await context.storage.retryParked({ id, owner: ownerOf(request) }, context.clock.now());
	if (!retried) throw new HttpError(404, 'not_parked', `Delivery ${id} is not parked (only parked deliveries can be retried; see GET /deliveries?state=parked).`);
	context.onDeliveriesRetried?.();
	sendJson(res, 200, { retried });
}

export const RECORD_ROUTES: Route[] = [
	{ method: 'GET', path: RELAY_PATHS.events, apiKey: true, handle: recentEvents },
	{ method: 'GET', path: RELAY_PATHS.identityHash, apiKey: true, handle: identityHash },
	{ method: 'GET', path: RELAY_PATHS.deliveries, apiKey: true, handle: deliveries },
	{ method: 'POST', path: RELAY_PATHS.deliveriesRetry, apiKey: true, handle: retryAll },
	{ method: 'POST', path: RELAY_PATHS.deliveryRetry, apiKey: true, handle: retryOne },
];
