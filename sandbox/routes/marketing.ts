/**
 * The Marketing Messages API for WhatsApp (docs/meta-messaging.md §5): `POST /<PHONE_NUMBER_ID>/marketing_messages`
 * takes a template send (plus `message_activity_sharing` and `product_policy`) and answers like
 * `/messages` with `message_status: "accepted"`. Refused with 131055 until the business accepted
 * the terms (a sandbox control per WABA), with 100 for anything but a template, and with 131055 for
 * a template whose category is not MARKETING (when the sandbox knows categories).
 */
import type { SandboxContext } from '../context';
import { MARKETING_EXTRA_KEYS, MARKETING_PRICING, MARKETING_PRODUCT_POLICIES } from '../messagingConstants';
import { marketingNotOnboarded, marketingNotTemplate, marketingWrongCategory } from '../messagingErrors';
import { invalid, isObject } from '../messages/checks';
import { checkReferences } from '../messages/payloads';
import { templateCategory } from '../messages/templateCategory';
import { asBoolean, optionalString, Params } from '../params';
import { acceptSend, validateSend } from './messages';
import { GraphRequest, GraphResponse, GraphRoute, numberOf } from './types';

function sendMarketing(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const params: Params = {};
	for (const [key, value] of Object.entries(request.params)) if (!MARKETING_EXTRA_KEYS.includes(key)) params[key] = value;
	// [inferred] the terms are checked first, as Graph checks permissions before parameters.
	if (!ctx.state.messaging.marketingOnboarded.has(number.wabaId)) throw marketingNotOnboarded();
	if ((optionalString(params, 'type') ?? 'text') !== 'template') throw marketingNotTemplate();
	if (request.params.message_activity_sharing !== undefined) asBoolean(request.params.message_activity_sharing, 'message_activity_sharing');
	const policy = request.params.product_policy;
	if (policy !== undefined && !MARKETING_PRODUCT_POLICIES.includes(String(policy))) {
		throw invalid(`product_policy must be ${MARKETING_PRODUCT_POLICIES.join(' or ')}.`);
	}
	const send = validateSend(params, number);
	const template = send.part ?? {};
	const category = templateCategory(ctx, String(template.name), isObject(template.language) ? String(template.language.code) : '');
	if (category !== undefined && category !== 'MARKETING') throw marketingWrongCategory(category);
	checkReferences(ctx, number, send.type, send.part, send.recipient);
	return acceptSend(ctx, number, send, { messageStatus: 'accepted', pricing: { ...MARKETING_PRICING }, edge: 'marketing_messages' });
}

export const marketingRoutes: GraphRoute[] = [{ kind: 'number', method: 'POST', edge: 'marketing_messages', handle: sendMarketing }];
