/**
 * The REST hook plumbing the instant triggers share: subscribing the Zap's hook URL at the relay,
 * unsubscribing it, and listing recent events for Zapier's samples and tests.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { RELAY_PATHS, RelayEventJson, relayPath, RelaySubscriptionJson, RelaySubscriptionRequest, WebhookEventType } from '../../shared';
import { callRelay } from './client';
import { isEnvelope } from './mappers';

/** The optional "Phone Number ID" filter of the instant triggers. */
export const phoneNumberFilterField = (help: string) => ({
	key: 'phone_number_id',
	label: 'Phone Number ID',
	type: 'string',
	required: false,
	placeholder: '106540352242922',
	helpText: help,
});

/** Subscribes this Zap's hook URL at the relay; what it returns becomes `bundle.subscribeData`. */
export async function subscribe(z: ZObject, bundle: Bundle, eventTypes: WebhookEventType[]): Promise<RelaySubscriptionJson> {
	if (!bundle.targetUrl) throw new z.errors.Error('Zapier gave no hook URL to subscribe. Turn the Zap off and on again.', 'MissingTargetUrl');
	const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
	if (phoneNumberId && !/^\d{1,25}$/.test(phoneNumberId)) {
		throw new z.errors.Error(`Phone Number ID "${phoneNumberId}" is not a Meta ID. Use the numeric ID from WhatsApp Manager (digits only), or leave it empty for all numbers.`, 'InvalidInput', 400);
	}
	const body: RelaySubscriptionRequest = { target_url: bundle.targetUrl, event_type: eventTypes.join(',') };
	if (phoneNumberId) body.phone_number_id = phoneNumberId;
	const response = await callRelay<RelaySubscriptionJson>(z, bundle, { method: 'POST', path: RELAY_PATHS.subscriptions, body });
	if (response.status === 404) throw new z.errors.Error('The Relay URL does not point at a WhatsApp relay (it has no /subscriptions). Check Relay URL in the connection.', 'RelayError', 404);
	return response.data;
}

/** Removes this Zap's subscription; one that is already gone (410 from Zapier, or deleted) is fine. */
export async function unsubscribe(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
	const id = String(bundle.subscribeData?.id ?? '');
	if (!id) return { deleted: false };
	const response = await callRelay<Record<string, unknown>>(z, bundle, { method: 'DELETE', path: relayPath(RELAY_PATHS.subscription, { id }) });
	return response.status === 404 ? { id, deleted: false } : response.data;
}

/** The newest events of these types (3 while Zapier loads a sample, else 10), newest first. */
export async function listEvents(z: ZObject, bundle: Bundle, eventTypes: WebhookEventType[]): Promise<RelayEventJson[]> {
	const limit = bundle.meta?.isLoadingSample ? 3 : 10;
	const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
	const lists = await Promise.all(eventTypes.map((type) => callRelay<{ data?: RelayEventJson[] }>(z, bundle, { method: 'GET', path: RELAY_PATHS.events, params: { type, limit } })));
	return lists
		.flatMap((list) => list.data?.data ?? [])
		.filter((envelope) => isEnvelope(envelope) && (!phoneNumberId || envelope.event.phoneNumberId === phoneNumberId))
		.sort((a, b) => String(b.received_at).localeCompare(String(a.received_at)))
		.slice(0, limit);
}
