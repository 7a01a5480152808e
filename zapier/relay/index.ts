/**
 * Instant (REST hook) triggers and the identity-hash search, backed by the relay (relay/).
 * Meta's webhooks cannot reach a Zapier hook URL directly (Meta's GET challenge), so the relay
 * receives them, and each Zap subscribes its hook URL at the relay (performSubscribe) and receives
 * one POST per event: the relay's delivery payload (relay/payload.ts), turned into an item here.
 * The app spreads `relayTriggers`, `relaySearches` and `relayAuthFields` into its definition.
 */
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import type { RelayDeliveryPayload } from '../../relay/contract';
import type { WebhookEvent, WebhookEventType } from '../../shared/webhooks/types';

/** Connection fields; optional, since only the instant triggers and the search need the relay. */
export const RELAY_AUTH_KEYS = { url: 'relay_url', apiKey: 'relay_api_key' } as const;

/** The relay's subscription API (relay/server.ts). */
const RELAY_API_KEY_HEADER = 'X-Api-Key';
const RELAY_TIMEOUT_MS = 15_000;

export const relayAuthFields: Array<Record<string, unknown>> = [
	{
		key: RELAY_AUTH_KEYS.url,
		label: 'Relay URL',
		type: 'string',
		required: false,
		isNoSecret: true,
		placeholder: 'https://relay.example.com',
		helpText:
			'Advanced, only for the instant triggers (New Identity Mismatch, New Phone Number Event) and Find Identity Hash: the address of your WhatsApp relay, the small service that receives Meta\'s webhooks for you (relay/README.md in the connector\'s repository). Leave empty if you do not use them.',
	},
	{
		key: RELAY_AUTH_KEYS.apiKey,
		label: 'Relay API Key',
		type: 'password',
		required: false,
		helpText: 'Advanced, with Relay URL: one of the keys set in the relay\'s RELAY_API_KEYS setting.',
	},
];

interface RelaySettings {
	url: string;
	apiKey: string;
}

/** The relay's address and key from the connection, or a clear error saying where to add them. */
export function relaySettings(z: ZObject, bundle: Pick<Bundle, 'authData'>): RelaySettings {
	const url = String(bundle.authData?.[RELAY_AUTH_KEYS.url] ?? '').trim().replace(/\/+$/, '');
	const apiKey = String(bundle.authData?.[RELAY_AUTH_KEYS.apiKey] ?? '').trim();
	const missing = [!url && 'Relay URL', !apiKey && 'Relay API Key'].filter(Boolean);
	if (missing.length) {
		throw new z.errors.Error(
			`This trigger or search works through your WhatsApp relay, but the connection has no ${missing.join(' and no ')}. Edit the connection (My Apps → WhatsApp) and fill in Relay URL and Relay API Key: the address of your relay and one of its RELAY_API_KEYS.`,
			'RelayNotConfigured',
			400,
		);
	}
	if (!/^https?:\/\//i.test(url)) {
		throw new z.errors.Error(`Relay URL "${url}" is not a web address. Enter it with https://, e.g. https://relay.example.com.`, 'RelayNotConfigured', 400);
	}
	return { url, apiKey };
}

interface RelayResponse<T> {
	status: number;
	data: T;
}

/** Calls the relay; 404 is returned to the caller, other failures become errors that say what to do. */
export async function callRelay<T = unknown>(
	z: ZObject,
	bundle: Pick<Bundle, 'authData'>,
	request: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: Record<string, unknown>; params?: Record<string, string | number> },
): Promise<RelayResponse<T>> {
	const relay = relaySettings(z, bundle);
	const options: HttpRequestOptions & { url: string } = {
		url: `${relay.url}${request.path}`,
		method: request.method,
		headers: { [RELAY_API_KEY_HEADER]: relay.apiKey, accept: 'application/json' },
		skipThrowForStatus: true,
		timeout: RELAY_TIMEOUT_MS,
	};
	if (request.params) options.params = request.params;
	if (request.body) {
		options.headers = { ...options.headers, 'content-type': 'application/json' };
		options.body = JSON.stringify(request.body);
	}
	let response;
	try {
		response = await z.request(options);
	} catch (error) {
		// A 429 from the relay arrives as Zapier's ThrottledError: Zapier retries the step later.
		if (error instanceof Error && error.name === 'ThrottledError') throw error;
		throw new z.errors.Error(
			`Zapier could not reach your relay at ${relay.url}. Check that the relay is running and reachable from the internet at that address (Relay URL in the connection).`,
			'RelayUnreachable',
		);
	}
	let data: unknown = response.data;
	if (data === undefined && response.content) {
		try {
			data = JSON.parse(response.content);
		} catch {
			data = undefined;
		}
	}
	if (response.status === 404) return { status: 404, data: data as T };
	if (response.status === 401) {
		throw new z.errors.Error('Your relay refused the Relay API Key. Edit the connection and enter one of the keys from the relay\'s RELAY_API_KEYS setting.', 'RelayUnauthorized', 401);
	}
	if (response.status >= 400) {
		const relayMessage = (data as { error?: { message?: string } } | undefined)?.error?.message;
		throw new z.errors.Error(
			relayMessage ? `The relay answered: ${relayMessage}` : `The relay answered with HTTP ${response.status}. Check the relay's log, then try again.`,
			'RelayError',
			response.status,
		);
	}
	return { status: response.status, data: data as T };
}

/** What the relay POSTs (a delivery) and what GET /events lists share these fields. */
type RelayEventEnvelope = Pick<RelayDeliveryPayload, 'id' | 'type' | 'event' | 'received_at'>;

function isEnvelope(value: unknown): value is RelayEventEnvelope {
	const candidate = value as Partial<RelayEventEnvelope> | undefined;
	return !!candidate && typeof candidate === 'object' && typeof candidate.id === 'string' && !!candidate.event && typeof candidate.event === 'object' && typeof candidate.event.type === 'string';
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Event fields in Zapier's snake_case; `raw` (Meta's own object) stays out of the item's top level. */
function eventFields(event: WebhookEvent): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(event)) {
		if (key === 'raw' || key === 'dedupeKey' || key === 'type' || value === undefined) continue;
		out[snake(key)] = value && typeof value === 'object' ? toSnakeDeep(value) : value;
	}
	return out;
}

function toSnakeDeep(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(toSnakeDeep);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snake(key), toSnakeDeep(inner)]));
	return value;
}

// ---------------------------------------------------------------------------------------------
// New Identity Mismatch

export interface IdentityMismatchItem {
	id: string;
	message_id: string;
	recipient_id: string | null;
	recipient_user_id: string | null;
	phone_number_id: string | null;
	display_phone_number: string | null;
	waba_id: string;
	error_code: number | null;
	error_title: string | null;
	error_message: string | null;
	error_details: string | null;
	next_step: string;
	occurred_at: string | null;
	received_at: string | null;
}

/** A relay delivery (or listed event) of an identity mismatch → the trigger's item; undefined for anything else. */
export function identityMismatchItem(envelope: unknown): IdentityMismatchItem | undefined {
	if (!isEnvelope(envelope) || envelope.event.type !== 'identityMismatch') return undefined;
	const event = envelope.event;
	return {
		id: envelope.id,
		message_id: event.messageId,
		recipient_id: event.recipientId ?? null,
		recipient_user_id: event.recipientUserId ?? null,
		phone_number_id: event.phoneNumberId ?? null,
		display_phone_number: event.displayPhoneNumber ?? null,
		waba_id: event.wabaId,
		error_code: event.error?.code ?? null,
		error_title: event.error?.title ?? null,
		error_message: event.error?.message ?? null,
		error_details: event.error?.details ?? null,
		next_step: event.nextStep,
		occurred_at: event.occurredAt ?? null,
		received_at: envelope.received_at ?? null,
	};
}

const IDENTITY_MISMATCH_SAMPLE: IdentityMismatchItem = {
	id: 'identityMismatch:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
	message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
	recipient_id: '16505551234',
	recipient_user_id: null,
	phone_number_id: '106540352242922',
	display_phone_number: '15550783881',
	waba_id: '102290129340398',
	error_code: 137000,
	error_title: 'Identity key mismatch',
	error_message: 'Identity key mismatch',
	error_details: "The recipient's identity key hash does not match the one sent with the message.",
	next_step: 'Re-verify the person outside WhatsApp, then send once without an identity hash and store the new hash that comes back.',
	occurred_at: '2026-06-28T19:34:48.000Z',
	received_at: '2026-06-28T19:34:49.120Z',
};

const phoneNumberFilterField = (help: string) => ({
	key: 'phone_number_id',
	label: 'Phone Number ID',
	type: 'string',
	required: false,
	placeholder: '106540352242922',
	helpText: help,
});

/** Subscribes this Zap's hook URL at the relay; what it returns becomes `bundle.subscribeData`. */
async function subscribe(z: ZObject, bundle: Bundle, eventTypes: WebhookEventType[]): Promise<Record<string, unknown>> {
	if (!bundle.targetUrl) throw new z.errors.Error('Zapier gave no hook URL to subscribe. Turn the Zap off and on again.', 'MissingTargetUrl');
	const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
	if (phoneNumberId && !/^\d{1,25}$/.test(phoneNumberId)) {
		throw new z.errors.Error(`Phone Number ID "${phoneNumberId}" is not a Meta ID. Use the numeric ID from WhatsApp Manager (digits only), or leave it empty for all numbers.`, 'InvalidInput', 400);
	}
	const body: Record<string, unknown> = { target_url: bundle.targetUrl, event_type: eventTypes.join(',') };
	if (phoneNumberId) body.phone_number_id = phoneNumberId;
	const response = await callRelay<Record<string, unknown>>(z, bundle, { method: 'POST', path: '/subscriptions', body });
	if (response.status === 404) throw new z.errors.Error('The Relay URL does not point at a WhatsApp relay (it has no /subscriptions). Check Relay URL in the connection.', 'RelayError', 404);
	return response.data;
}

/** Removes this Zap's subscription; one that is already gone (410 from Zapier, or deleted) is fine. */
async function unsubscribe(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
	const id = String(bundle.subscribeData?.id ?? '');
	if (!id) return { deleted: false };
	const response = await callRelay<Record<string, unknown>>(z, bundle, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(id)}` });
	return response.status === 404 ? { id, deleted: false } : response.data;
}

async function listEvents(z: ZObject, bundle: Bundle, eventTypes: WebhookEventType[]): Promise<RelayEventEnvelope[]> {
	const limit = bundle.meta?.isLoadingSample ? 3 : 10;
	const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
	const lists = await Promise.all(
		eventTypes.map((type) => callRelay<{ data?: RelayEventEnvelope[] }>(z, bundle, { method: 'GET', path: '/events', params: { type, limit } })),
	);
	return lists
		.flatMap((list) => list.data?.data ?? [])
		.filter((envelope) => isEnvelope(envelope) && (!phoneNumberId || envelope.event.phoneNumberId === phoneNumberId))
		.sort((a, b) => String(b.received_at).localeCompare(String(a.received_at)))
		.slice(0, limit);
}

export const newIdentityMismatch = {
	key: 'new_identity_mismatch',
	noun: 'Identity Mismatch',
	display: {
		label: 'New Identity Mismatch',
		description:
			"Triggers when a message sent with the identity check was not delivered because the recipient's WhatsApp identity changed (error 137000). Needs the relay (Relay URL in the connection).",
	},
	operation: {
		type: 'hook',
		inputFields: [phoneNumberFilterField('Only mismatches on this phone number (its ID, e.g. 106540352242922). Leave empty for all numbers of the relay.')],
		performSubscribe: (z: ZObject, bundle: Bundle) => subscribe(z, bundle, ['identityMismatch']),
		performUnsubscribe: unsubscribe,
		perform: (z: ZObject, bundle: Bundle): IdentityMismatchItem[] => {
			const item = identityMismatchItem(bundle.cleanedRequest);
			if (!item) z.console.log('Ignored a request that is not an identity mismatch from the relay.');
			return item ? [item] : [];
		},
		performList: async (z: ZObject, bundle: Bundle): Promise<IdentityMismatchItem[]> =>
			(await listEvents(z, bundle, ['identityMismatch'])).map(identityMismatchItem).filter((item): item is IdentityMismatchItem => !!item),
		sample: IDENTITY_MISMATCH_SAMPLE,
		outputFields: [
			{ key: 'id', label: 'Event ID', type: 'string', primary: true },
			{ key: 'message_id', label: 'Message ID', type: 'string' },
			{ key: 'recipient_id', label: 'Recipient WhatsApp ID', type: 'string' },
			{ key: 'recipient_user_id', label: 'Recipient User ID (BSUID)', type: 'string' },
			{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
			{ key: 'display_phone_number', label: 'Business Phone Number', type: 'string' },
			{ key: 'waba_id', label: 'WhatsApp Business Account ID', type: 'string' },
			{ key: 'error_code', label: 'Error Code', type: 'number' },
			{ key: 'error_title', label: 'Error Title', type: 'string' },
			{ key: 'error_message', label: 'Error Message', type: 'string' },
			{ key: 'error_details', label: 'Error Details', type: 'string' },
			{ key: 'next_step', label: 'What To Do', type: 'string' },
			{ key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
			{ key: 'received_at', label: 'Received By Relay At', type: 'datetime' },
		],
	},
};

// ---------------------------------------------------------------------------------------------
// New Phone Number Event

/** The trigger's choices → the normalized event types they stand for. */
export const PHONE_NUMBER_EVENT_CHOICES: Record<string, { label: string; type: WebhookEventType }> = {
	status: { label: 'Account Status Changed (restriction, ban, reconnection…)', type: 'statusChanged' },
	quality: { label: 'Quality or Messaging Limit Changed', type: 'qualityChanged' },
	name_review: { label: 'Display Name Reviewed', type: 'nameReviewed' },
	capability: { label: 'Business Capability Changed', type: 'capabilityChanged' },
};

function chosenEventTypes(z: ZObject, bundle: Bundle): WebhookEventType[] {
	const choice = String(bundle.inputData?.event_type ?? '').trim();
	const match = PHONE_NUMBER_EVENT_CHOICES[choice];
	if (!match) {
		throw new z.errors.Error(`Event "${choice}" is not one of the choices. Pick one of: ${Object.keys(PHONE_NUMBER_EVENT_CHOICES).join(', ')}.`, 'InvalidInput', 400);
	}
	return [match.type];
}

export interface PhoneNumberEventItem extends Record<string, unknown> {
	id: string;
	event_type: string;
	type: WebhookEventType;
	waba_id: string;
	phone_number_id: string | null;
	occurred_at: string | null;
	received_at: string | null;
}

/** A relay delivery (or listed event) → the trigger's item; undefined when it is not one of `types`. */
export function phoneNumberEventItem(envelope: unknown, types: readonly WebhookEventType[]): PhoneNumberEventItem | undefined {
	if (!isEnvelope(envelope) || !types.includes(envelope.event.type)) return undefined;
	const choice = Object.entries(PHONE_NUMBER_EVENT_CHOICES).find(([, value]) => value.type === envelope.event.type)?.[0] ?? envelope.event.type;
	return {
		...eventFields(envelope.event),
		id: envelope.id,
		event_type: choice,
		type: envelope.event.type,
		waba_id: envelope.event.wabaId,
		phone_number_id: envelope.event.phoneNumberId ?? null,
		occurred_at: envelope.event.occurredAt ?? null,
		received_at: envelope.received_at ?? null,
	};
}

export const newPhoneNumberEvent = {
	key: 'new_phone_number_event',
	noun: 'Phone Number Event',
	display: {
		label: 'New Phone Number Event',
		description:
			'Triggers instantly when Meta reports a change to your account or phone numbers: status (restriction, ban, reconnection), quality and messaging limit, display name review, or business capability. Needs the relay (Relay URL in the connection).',
	},
	operation: {
		type: 'hook',
		inputFields: [
			{
				key: 'event_type',
				label: 'Event',
				type: 'string',
				required: true,
				choices: Object.entries(PHONE_NUMBER_EVENT_CHOICES).map(([value, choice]) => ({ value, label: choice.label, sample: value })),
				helpText: 'Which kind of change starts the Zap. Status, name review and capability events come from the app\'s own webhook (the relay must be the app callback URL, not only a WABA override).',
			},
			phoneNumberFilterField(
				'Usually leave empty. When set, only events that carry this phone number ID pass: Meta names the number in quality and name-review events only by its display number, and status and capability events are account-wide, so those would be skipped. To pick one number, add a Zapier Filter on "Business Phone Number" instead.',
			),
		],
		performSubscribe: (z: ZObject, bundle: Bundle) => subscribe(z, bundle, chosenEventTypes(z, bundle)),
		performUnsubscribe: unsubscribe,
		perform: (z: ZObject, bundle: Bundle): PhoneNumberEventItem[] => {
			const item = phoneNumberEventItem(bundle.cleanedRequest, chosenEventTypes(z, bundle));
			if (!item) z.console.log('Ignored a request that is not the chosen phone number event from the relay.');
			return item ? [item] : [];
		},
		performList: async (z: ZObject, bundle: Bundle): Promise<PhoneNumberEventItem[]> => {
			const types = chosenEventTypes(z, bundle);
			return (await listEvents(z, bundle, types)).map((envelope) => phoneNumberEventItem(envelope, types)).filter((item): item is PhoneNumberEventItem => !!item);
		},
		sample: {
			id: 'qualityChanged:phone_number_quality_update:6f1c2a9e0b7d4c3a8e5f1a2b3c4d5e6f',
			event_type: 'quality',
			type: 'qualityChanged',
			event: 'THROUGHPUT_UPGRADE',
			current_limit: 'TIER_10K',
			display_phone_number: '15550783881',
			field: 'phone_number_quality_update',
			waba_id: '102290129340398',
			phone_number_id: null,
			occurred_at: '2026-06-28T19:34:48.000Z',
			received_at: '2026-06-28T19:34:49.120Z',
		},
		outputFields: [
			{ key: 'id', label: 'Event ID', type: 'string', primary: true },
			{ key: 'event_type', label: 'Event', type: 'string' },
			{ key: 'type', label: 'Event Type (Technical)', type: 'string' },
			{ key: 'field', label: 'Webhook Field', type: 'string' },
			{ key: 'waba_id', label: 'WhatsApp Business Account ID', type: 'string' },
			{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
			{ key: 'display_phone_number', label: 'Business Phone Number', type: 'string' },
			{ key: 'status', label: 'Account Status', type: 'string' },
			{ key: 'event', label: 'Quality Event', type: 'string' },
			{ key: 'current_limit', label: 'Current Messaging Limit', type: 'string' },
			{ key: 'old_limit', label: 'Previous Messaging Limit', type: 'string' },
			{ key: 'decision', label: 'Name Review Decision', type: 'string' },
			{ key: 'requested_verified_name', label: 'Requested Display Name', type: 'string' },
			{ key: 'rejection_reason', label: 'Rejection Reason', type: 'string' },
			{ key: 'messaging_limit_tier', label: 'Messaging Limit Tier', type: 'string' },
			{ key: 'max_phone_numbers_per_business', label: 'Max Phone Numbers per Business', type: 'number' },
			{ key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
			{ key: 'received_at', label: 'Received By Relay At', type: 'datetime' },
		],
	},
};

// ---------------------------------------------------------------------------------------------
// Find Identity Hash

export interface IdentityHashItem {
	id: string;
	phone_number_id: string;
	wa_id: string;
	identity_key_hash: string;
	source: string;
	observed_at: string | null;
	updated_at: string | null;
}

export const findIdentityHash = {
	key: 'find_identity_hash',
	noun: 'Identity Hash',
	display: {
		label: 'Find Identity Hash',
		description:
			"Finds the latest identity key hash the relay saw for a recipient on one of your numbers, to send a message with the identity check. Needs the relay (Relay URL in the connection) and the identity check turned on for the number.",
	},
	operation: {
		inputFields: [
			{
				key: 'phone_number_id',
				label: 'Phone Number ID',
				type: 'string',
				required: true,
				placeholder: '106540352242922',
				helpText: 'The ID of your business phone number the recipient talks to (WhatsApp Manager → Phone numbers).',
			},
			{
				key: 'wa_id',
				label: 'Recipient',
				type: 'string',
				required: true,
				placeholder: '+1 650 555 1234',
				helpText: 'The recipient\'s WhatsApp number in international format (their WhatsApp ID), e.g. +1 650 555 1234 or 16505551234.',
			},
		],
		perform: async (z: ZObject, bundle: Bundle): Promise<IdentityHashItem[]> => {
			const phoneNumberId = String(bundle.inputData?.phone_number_id ?? '').trim();
			if (!/^\d{1,25}$/.test(phoneNumberId)) {
				throw new z.errors.Error(`Phone Number ID "${phoneNumberId}" is not a Meta ID. Use the numeric ID from WhatsApp Manager (digits only).`, 'InvalidInput', 400);
			}
			const rawRecipient = String(bundle.inputData?.wa_id ?? '').trim();
			const waId = /^\+?[\d\s().-]+$/.test(rawRecipient) ? rawRecipient.replace(/\D/g, '') : rawRecipient;
			if (!waId) throw new z.errors.Error('Recipient is empty. Enter the WhatsApp number in international format, e.g. +1 650 555 1234.', 'InvalidInput', 400);
			const response = await callRelay<Record<string, string>>(z, bundle, {
				method: 'GET',
				path: `/identity-hashes/${encodeURIComponent(phoneNumberId)}/${encodeURIComponent(waId)}`,
			});
			if (response.status === 404) return [];
			const record = response.data;
			return [
				{
					id: `${record.phone_number_id}:${record.wa_id}`,
					phone_number_id: record.phone_number_id,
					wa_id: record.wa_id,
					identity_key_hash: record.identity_key_hash,
					source: record.source,
					observed_at: record.observed_at ?? null,
					updated_at: record.updated_at ?? null,
				},
			];
		},
		sample: {
			id: '106540352242922:16505551234',
			phone_number_id: '106540352242922',
			wa_id: '16505551234',
			identity_key_hash: 'DF2lS5v2W6x=',
			source: 'contact',
			observed_at: '2026-06-28T19:34:48.000Z',
			updated_at: '2026-06-28T19:34:49.120Z',
		},
		outputFields: [
			{ key: 'id', label: 'ID', type: 'string' },
			{ key: 'phone_number_id', label: 'Phone Number ID', type: 'string' },
			{ key: 'wa_id', label: 'Recipient WhatsApp ID', type: 'string' },
			{ key: 'identity_key_hash', label: 'Identity Key Hash', type: 'string' },
			{ key: 'source', label: 'Seen In (contact or status)', type: 'string' },
			{ key: 'observed_at', label: 'Seen At', type: 'datetime' },
			{ key: 'updated_at', label: 'Stored At', type: 'datetime' },
		],
	},
};

export const relayTriggers: Record<string, unknown> = {
	[newIdentityMismatch.key]: newIdentityMismatch,
	[newPhoneNumberEvent.key]: newPhoneNumberEvent,
};

export const relaySearches: Record<string, unknown> = {
	[findIdentityHash.key]: findIdentityHash,
};
