/**
 * The REST hook plumbing the instant triggers share: subscribing the Zap's hook URL at the relay,
 * unsubscribing it, listing recent events for Zapier's samples and tests, and turning a delivery
 * into the trigger's item.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { phoneNumberIdField, RELAY_PATHS, RelayEventJson, relayPath, RelaySubscriptionJson, RelaySubscriptionRequest, WebhookEventType } from '../../shared';
import { toZapierField } from '../fields';
import { callRelay } from './client';
import { isEnvelope } from './mappers';

/** The optional "Phone Number" filter of the instant triggers: the same dropdown as every other step. */
export const phoneNumberFilterField = (help: string) => toZapierField({ ...phoneNumberIdField, required: false, help }, false);

/** The phone number chosen in the step, checked; empty when none and not `required`. */
export function chosenPhoneNumberId(z: ZObject, bundle: Bundle, required = false): string {
	const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
	if ((phoneNumberId || required) && !/^\d{1,25}$/.test(phoneNumberId)) {
		const otherwise = required ? '' : ', or leave it empty for all numbers';
		throw new z.errors.Error(`Phone Number ID "${phoneNumberId}" is not a Meta ID. Pick the number from the list (or use the numeric ID from WhatsApp Manager)${otherwise}.`, 'InvalidInput', 400);
	}
	return phoneNumberId;
}

/** The connection's WhatsApp Business Account, for events that belong to an account (templates). */
function connectionWabaId(bundle: Bundle): string | undefined {
	const wabaId = String(bundle.authData?.waba_id ?? '').trim();
	return /^\d{1,25}$/.test(wabaId) ? wabaId : undefined;
}

export interface HookScope {
	/** Only the connection's WhatsApp Business Account (account-level events such as templates). */
	connectionAccount?: boolean;
}

/** Subscribes this Zap's hook URL at the relay; what it returns becomes `bundle.subscribeData`. */
export async function subscribe(z: ZObject, bundle: Bundle, eventTypes: WebhookEventType[], scope: HookScope = {}): Promise<RelaySubscriptionJson> {
	if (!bundle.targetUrl) throw new z.errors.Error('Zapier gave no hook URL to subscribe. Turn the Zap off and on again.', 'MissingTargetUrl');
	const phoneNumberId = chosenPhoneNumberId(z, bundle);
	const body: RelaySubscriptionRequest = { target_url: bundle.targetUrl, event_type: eventTypes.join(',') };
	if (phoneNumberId) body.phone_number_id = phoneNumberId;
	const wabaId = scope.connectionAccount ? connectionWabaId(bundle) : undefined;
	if (wabaId) body.waba_id = wabaId;
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
export async function listEvents(z: ZObject, bundle: Bundle, eventTypes: WebhookEventType[], scope: HookScope = {}): Promise<RelayEventJson[]> {
	const limit = bundle.meta?.isLoadingSample ? 3 : 10;
	const phoneNumberId = chosenPhoneNumberId(z, bundle);
	const wabaId = scope.connectionAccount ? connectionWabaId(bundle) : undefined;
	const params = (type: WebhookEventType): Record<string, string | number> => (phoneNumberId ? { type, phone_number_id: phoneNumberId, limit } : { type, limit });
	const lists = await Promise.all(eventTypes.map((type) => callRelay<{ data?: RelayEventJson[] }>(z, bundle, { method: 'GET', path: RELAY_PATHS.events, params: params(type) })));
	return lists
		.flatMap((list) => list.data?.data ?? [])
		.filter((envelope) => isEnvelope(envelope) && (!phoneNumberId || envelope.event.phoneNumberId === phoneNumberId) && (!wabaId || envelope.event.wabaId === wabaId))
		.sort((a, b) => String(b.received_at).localeCompare(String(a.received_at)))
		.slice(0, limit);
}

/** The step's settings a trigger reads before anything else: at least the event types it subscribes to. */
export interface HookSettings {
	eventTypes: WebhookEventType[];
}

/** What makes one instant trigger: its settings (checked), and how a delivery becomes its item. */
export interface RelayHook<T, S extends HookSettings> {
	/** Reads and checks the step's inputs. @throws z.errors.Error for a setting that cannot work. */
	settings(z: ZObject, bundle: Bundle): S;
	/** The item for a delivery or listed event; undefined when it is not one of the step's events or its filters leave it out. */
	item(envelope: unknown, settings: S, z: ZObject): T | undefined;
	/** Logged when a delivery gives no item, e.g. "not an inbound message". */
	ignored: string;
	scope?: HookScope;
}

/** The operation of an instant trigger: subscribe, unsubscribe, one item per delivery, and the list for samples. */
export function hookOperation<T, S extends HookSettings>(hook: RelayHook<T, S>) {
	return {
		type: 'hook' as const,
		performSubscribe: (z: ZObject, bundle: Bundle) => subscribe(z, bundle, hook.settings(z, bundle).eventTypes, hook.scope),
		performUnsubscribe: unsubscribe,
		perform: (z: ZObject, bundle: Bundle): T[] => {
			const item = hook.item(bundle.cleanedRequest, hook.settings(z, bundle), z);
			if (item === undefined) z.console.log(`Ignored a request from the relay: ${hook.ignored}.`);
			return item === undefined ? [] : [item];
		},
		performList: async (z: ZObject, bundle: Bundle): Promise<T[]> => {
			const settings = hook.settings(z, bundle);
			return (await listEvents(z, bundle, settings.eventTypes, hook.scope)).map((envelope) => hook.item(envelope, settings, z)).filter((item): item is T => item !== undefined);
		},
	};
}
