/**
 * The subscription API: where each event type goes, within the per-key limit and the allowed
 * targets. Each API key lists, reads and removes only the subscriptions it created (an admin key:
 * every one); another key's subscription answers 404 like one that does not exist.
 */
import { RELAY_PATHS } from '../../../shared/relayContract';
import { SubscriptionLimitError } from '../../storage/types';
import { TargetRefusedError } from '../../targets';
import { ownerOf, Route, RouteContext, RouteRequest } from '../context';
import { eventTypes, metaId, optionalText, targetUrl } from '../input';
import { subscriptionJson } from '../json';
import { API_BODY_LIMIT, HttpError, parseJsonBody, readBody, sendJson } from '../respond';

async function create(context: RouteContext, { req, res, apiKeyId }: RouteRequest): Promise<void> {
	const { storage, clock, config } = context;
	const body = parseJsonBody(await readBody(req, API_BODY_LIMIT));
	const target = targetUrl(body.target_url);
	const input = {
		targetUrl: target.text,
		eventTypes: eventTypes(body.event_type ?? body.event_types),
		phoneNumberId: metaId(optionalText(body, 'phone_number_id'), 'phone_number_id'),
		wabaId: metaId(optionalText(body, 'waba_id'), 'waba_id'),
		apiKeyId,
	};
	try {
		await context.targets.check(target.url);
	} catch (error) {
		if (error instanceof TargetRefusedError) throw new HttpError(400, 'target_refused', error.message);
		throw error;
	}
	let subscription;
	try {
		subscription = await storage.createSubscription(input, clock.now(), { maxPerKey: config.maxSubscriptionsPerKey });
	} catch (error) {
		if (!(error instanceof SubscriptionLimitError)) throw error;
		throw new HttpError(
			409,
			'subscription_limit',
			`${error.message} Delete the subscriptions nothing uses any more (GET /subscriptions, DELETE /subscriptions/:id: turning a Zap off does it), or raise RELAY_MAX_SUBSCRIPTIONS_PER_KEY.`,
		);
	}
	context.log(`subscriptions: created ${subscription.id} for ${subscription.eventTypes.join(', ')} (target host ${target.url.host})`);
	sendJson(res, 201, subscriptionJson(subscription));
}

async function list(context: RouteContext, request: RouteRequest): Promise<void> {
	sendJson(request.res, 200, { data: (await context.storage.listSubscriptions(ownerOf(request))).map(subscriptionJson) });
}

/** The same answer for a subscription that does not exist and one of another key: neither may be touched. */
function notFound(id: string): HttpError {
	return new HttpError(
		404,
		'not_found',
		`There is no subscription ${id} for this API key (it may have been removed already, or after its target answered 410; each key sees only the subscriptions it created).`,
	);
}

async function get(context: RouteContext, request: RouteRequest): Promise<void> {
	const [id] = request.params;
	const subscription = await context.storage.getSubscription(id, ownerOf(request));
	if (!subscription) throw notFound(id);
	sendJson(request.res, 200, subscriptionJson(subscription));
}

async function remove(context: RouteContext, request: RouteRequest): Promise<void> {
	const [id] = request.params;
	if (!(await context.storage.deleteSubscription(id, ownerOf(request)))) throw notFound(id);
	context.log(`subscriptions: deleted ${id}`);
	sendJson(request.res, 200, { id, deleted: true });
}

export const SUBSCRIPTION_ROUTES: Route[] = [
	{ method: 'POST', path: RELAY_PATHS.subscriptions, apiKey: true, handle: create },
	{ method: 'GET', path: RELAY_PATHS.subscriptions, apiKey: true, handle: list },
	{ method: 'GET', path: RELAY_PATHS.subscription, apiKey: true, handle: get },
	{ method: 'DELETE', path: RELAY_PATHS.subscription, apiKey: true, handle: remove },
];
