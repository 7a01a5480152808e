/** Normalized events and signed Meta webhook bodies for the relay's tests. */
import { createHmac } from 'node:crypto';
import type {
	IdentityHashObservedEvent,
	IdentityMismatchEvent,
	MessageStatusEvent,
	QualityChangedEvent,
	WebhookEvent,
} from '../../../shared/webhooks/types';

export const WABA_ID = '100000000000001';
export const PHONE_NUMBER_ID = '200000000000001';
export const OTHER_PHONE_NUMBER_ID = '200000000000002';

export function statusEvent(index: number, overrides: Partial<MessageStatusEvent> = {}): MessageStatusEvent {
	const messageId = `wamid.TEST${String(index).padStart(6, '0')}`;
	return {
		type: 'messageStatus',
		dedupeKey: `messageStatus:${messageId}:delivered`,
		wabaId: WABA_ID,
		phoneNumberId: PHONE_NUMBER_ID,
		field: 'messages',
		messageId,
		status: 'delivered',
		recipientId: '16505551234',
		raw: { id: messageId, status: 'delivered' },
		...overrides,
	};
}

export function mismatchEvent(index: number, overrides: Partial<IdentityMismatchEvent> = {}): IdentityMismatchEvent {
	const messageId = `wamid.MISMATCH${String(index).padStart(6, '0')}`;
	return {
		type: 'identityMismatch',
		dedupeKey: `identityMismatch:${messageId}`,
		wabaId: WABA_ID,
		phoneNumberId: PHONE_NUMBER_ID,
		displayPhoneNumber: '15550100001',
		field: 'messages',
		occurredAt: '2026-06-28T19:34:48.000Z',
		messageId,
		recipientId: '16505551234',
		nextStep: 'Re-verify the person outside WhatsApp, then send once without an identity hash and store the new hash that comes back.',
		error: { code: 137000, title: 'Identity key mismatch' },
		raw: { id: messageId, status: 'failed', errors: [{ code: 137000 }] },
		...overrides,
	};
}

export function hashEvent(waId: string, identityKeyHash: string, occurredAt: string, overrides: Partial<IdentityHashObservedEvent> = {}): IdentityHashObservedEvent {
	return {
		type: 'identityHashObserved',
		dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:${waId}:${identityKeyHash}`,
		wabaId: WABA_ID,
		phoneNumberId: PHONE_NUMBER_ID,
		field: 'messages',
		occurredAt,
		waId,
		identityKeyHash,
		source: 'contact',
		raw: { wa_id: waId, identity_key_hash: identityKeyHash },
		...overrides,
	};
}

export function qualityEvent(index: number, overrides: Partial<QualityChangedEvent> = {}): QualityChangedEvent {
	return {
		type: 'qualityChanged',
		dedupeKey: `qualityChanged:phone_number_quality_update:${index}`,
		wabaId: WABA_ID,
		displayPhoneNumber: '15550100001',
		field: 'phone_number_quality_update',
		occurredAt: '2026-06-28T19:34:48.000Z',
		event: 'THROUGHPUT_UPGRADE',
		currentLimit: 'TIER_10K',
		raw: { event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_10K' },
		...overrides,
	};
}

export const allOf = (...events: WebhookEvent[]): WebhookEvent[] => events;

/** Meta's `X-Hub-Signature-256` for a body. */
export function signature(body: string | Buffer, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A `messages` webhook body with the given statuses (Meta's shape, docs/meta-api.md §3.4). */
export function statusWebhook(statuses: Array<Record<string, unknown>>, phoneNumberId = PHONE_NUMBER_ID): string {
	return JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [
			{
				id: WABA_ID,
				changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100001', phone_number_id: phoneNumberId }, statuses } }],
			},
		],
	});
}

/** A failed status with error 137000 (the identity mismatch). */
export function mismatchStatus(messageId: string, recipientId = '16505551234'): Record<string, unknown> {
	return {
		id: messageId,
		status: 'failed',
		timestamp: '1751142888',
		recipient_id: recipientId,
		errors: [{ code: 137000, title: 'Identity key mismatch', message: 'Identity key mismatch', error_data: { details: 'The identity key hash does not match.' } }],
	};
}

/** An inbound text message whose contact carries an identity hash (docs/meta-api.md §3.3). */
export function inboundWebhook(waId: string, identityKeyHash: string, messageId: string, timestamp = '1750030073'): string {
	return JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [
			{
				id: WABA_ID,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550100001', phone_number_id: PHONE_NUMBER_ID },
							contacts: [{ profile: { name: 'Sheena' }, wa_id: waId, identity_key_hash: identityKeyHash }],
							messages: [{ from: waId, id: messageId, timestamp, type: 'text', text: { body: 'hi' } }],
						},
					},
				],
			},
		],
	});
}
