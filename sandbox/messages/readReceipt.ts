/**
 * Read receipts and the typing indicator (docs/meta-messaging.md §4): `POST /<PHONE_NUMBER_ID>/messages`
 * with `{"messaging_product":"whatsapp","status":"read","message_id":"wamid…"}` and optionally
 * `"typing_indicator":{"type":"text"}`, answered `{"success":true}`. The message must be one this
 * number received; the indicator shows for 25 seconds.
 */
import type { SandboxContext } from '../context';
import { invalidParameter, requiredParameter } from '../graphError';
import { TYPING_INDICATOR_MS, TYPING_INDICATOR_TYPES } from '../messagingConstants';
import { invalidParam } from '../messagingErrors';
import { optionalObject, optionalString, Params, TRANSPORT_KEYS } from '../params';
import { requireWhatsAppProduct } from './checks';
import type { NumberRecord } from '../state';
import { GraphResponse, SUCCESS } from '../routes/types';

const KEYS = new Set(['messaging_product', 'status', 'message_id', 'typing_indicator']);

export function markRead(ctx: SandboxContext, number: NumberRecord, params: Params): GraphResponse {
	requireWhatsAppProduct(params);
	const unknown = Object.keys(params).find((key) => !KEYS.has(key) && !TRANSPORT_KEYS.has(key));
	if (unknown) throw invalidParameter(`Unknown parameter ${unknown}. A read receipt has messaging_product, status, message_id and optionally typing_indicator.`);
	if (optionalString(params, 'status') !== 'read') throw invalidParameter('The parameter status must be read.');
	const messageId = optionalString(params, 'message_id');
	if (messageId === undefined) throw requiredParameter('message_id');
	const typing = optionalObject(params, 'typing_indicator');
	if (typing !== undefined && !TYPING_INDICATOR_TYPES.includes(String(typing.type))) {
		throw invalidParameter(`typing_indicator['type'] must be ${TYPING_INDICATOR_TYPES.join(' or ')}.`);
	}
	const record = ctx.state.messaging.inbound.get(messageId);
	// [inferred] Meta's answer for a wamid the number did not receive is undocumented; 100 names the problem.
	if (!record || record.phoneNumberId !== number.id) {
		throw invalidParam(`message_id ${messageId} is not a message this phone number received. Mark as read the id of an incoming message from a messages webhook.`);
	}
	const now = ctx.clock.now();
	record.readAt ??= now;
	if (typing !== undefined) record.typingUntil = now + TYPING_INDICATOR_MS;
	return SUCCESS;
}
