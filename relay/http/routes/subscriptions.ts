/** The subscription API: where each event type goes, within the per-key limit and the allowed targets. */
import { RELAY_PATHS } from '../../../shared/relayContract';
import { SubscriptionLimitError } from '../../storage/types';
import { TargetRefusedError } from '../../targets';
import type { Route, RouteContext, RouteRequest } from '../context';
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

async function list(context: RouteContext, { res }: RouteRequest): Promise<void> {
	sendJson(res, 200, { data: (await context.storage.listSubscriptions()).map(subscriptionJson) });
}

async function remove(context: RouteContext, { res, params: [id] }: RouteRequest): Promise<void> {
	if (!(await context.storage.deleteSubscription(id))) {
		throw new HttpError(404, 'not_found', `There is no subscription ${id} (it may have been removed already, or after its target answered 410).`);
	}
	context.log(`subscriptions: deleted ${id}`);
	sendJson(res, 200, { id, deleted: true });
}

export const SUBSCRIPTION_ROUTES: Route[] = [
	{ method: 'POST', path: RELAY_PATHS.subscriptions, apiKey: true, handle: create },
	{ method: 'GET', path: RELAY_PATHS.subscriptions, apiKey: true, handle: list },
	{ method: 'DELETE', path: RELAY_PATHS.subscription, apiKey: true, handle: remove },
];
