/**
 * New Message Status: a message you sent was sent, delivered, read or failed (relayed from Meta's
 * `messages` webhook, docs/meta-api.md §3.4). Recipients are named by phone number when the message
 * went to one and by user ID (BSUID) otherwise (docs/meta-bsuid.md §3).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { IDENTITY_MISMATCH_CODE, MESSAGE_STATUS_WORDS, MessageStatusEvent, WebhookEventType } from '../../../shared';
import { hookOperation, phoneNumberFilterField } from '../hooks';
import { ERROR_OUTPUT_FIELDS, ErrorFields, errorFields, isEnvelope, OriginFields, originFields, originOutputFields } from '../mappers';

/** The status filter's choices, in a marketer's words. */
const STATUS_LABELS: Record<(typeof MESSAGE_STATUS_WORDS)[number], string> = {
	sent: 'Sent',
	delivered: 'Delivered',
	read: 'Read',
	failed: 'Failed',
	played: 'Played (voice message)',
};

export interface MessageStatusItem extends ErrorFields, OriginFields {
	id: string;
	message_id: string;
	status: string;
	/** The phone number, or the user ID when the message went to one. */
	recipient: string | null;
	recipient_id: string | null;
	recipient_user_id: string | null;
	recipient_parent_user_id: string | null;
	recipient_username: string | null;
}

/** The statuses the step asks for (all when none is chosen). */
function settings(z: ZObject, bundle: Bundle): { eventTypes: WebhookEventType[]; statuses: Set<string> } {
	const raw = bundle.inputData?.statuses;
	const chosen = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : []).map((value) => String(value).trim().toLowerCase()).filter(Boolean);
	const unknown = chosen.filter((value) => !(MESSAGE_STATUS_WORDS as readonly string[]).includes(value));
	if (unknown.length) {
		throw new z.errors.Error(`Status "${unknown[0]}" is not one of the choices. Pick from: ${MESSAGE_STATUS_WORDS.join(', ')} (or none for all).`, 'InvalidInput', 400);
	}
	return { eventTypes: ['messageStatus'], statuses: new Set(chosen) };
}

/** A relay delivery (or listed event) of a message status → the trigger's item; undefined for anything else. */
export function messageStatusItem(envelope: unknown, statuses: ReadonlySet<string> = new Set()): MessageStatusItem | undefined {
	if (!isEnvelope(envelope) || envelope.event.type !== 'messageStatus') return undefined;
	const event: MessageStatusEvent = envelope.event;
	if (statuses.size && !statuses.has(event.status)) return undefined;
	return {
		id: envelope.id,
		message_id: event.messageId,
		status: event.status,
		recipient: event.recipientId ?? event.recipientUserId ?? null,
		recipient_id: event.recipientId ?? null,
		recipient_user_id: event.recipientUserId ?? null,
		recipient_parent_user_id: event.recipientParentUserId ?? null,
		recipient_username: event.recipientUsername ?? null,
		...errorFields(event.errors?.[0]),
		...originFields(envelope),
	};
}

export const newMessageStatus = {
	key: 'new_message_status',
	noun: 'Message Status',
	display: {
		label: 'New Message Status',
		description:
			'Triggers instantly when a message you sent is sent, delivered, read or fails, with the error details of a failure. Needs the relay (Relay URL in the connection).',
	},
	operation: {
		inputFields: [
			{
				key: 'statuses',
				label: 'Statuses',
				type: 'string',
				required: false,
				list: true,
				choices: MESSAGE_STATUS_WORDS.map((value) => ({ value, label: STATUS_LABELS[value], sample: value })),
				helpText: 'Which statuses start the Zap, e.g. only **Failed** to follow up on messages that did not arrive. Leave empty for every status.',
			},
			phoneNumberFilterField('Only statuses of messages sent from this phone number. Leave empty for all numbers of the relay.'),
		],
		...hookOperation({
			settings,
			item: (envelope, chosen) => messageStatusItem(envelope, chosen.statuses),
			ignored: 'not a message status of the chosen statuses',
		}),
		sample: {
			id: 'messageStatus:wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA:failed',
			message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA',
			status: 'failed',
			recipient: '16505551234',
			recipient_id: '16505551234',
			recipient_user_id: null,
			recipient_parent_user_id: null,
			recipient_username: null,
			error_code: IDENTITY_MISMATCH_CODE,
			error_title: 'Identity key mismatch',
			error_message: 'Identity key mismatch',
			error_details: "The recipient's identity key hash does not match the one sent with the message.",
			phone_number_id: '106540352242922',
			display_phone_number: '15550783881',
			waba_id: '102290129340398',
			occurred_at: '2026-06-28T19:34:48.000Z',
			received_at: '2026-06-28T19:34:49.120Z',
		} satisfies MessageStatusItem,
		outputFields: [
			{ key: 'id', label: 'Event ID', type: 'string', primary: true },
			{ key: 'message_id', label: 'Message ID', type: 'string' },
			{ key: 'status', label: 'Status', type: 'string' },
			{ key: 'recipient', label: 'Recipient (phone number, or user ID)', type: 'string' },
			{ key: 'recipient_id', label: 'Recipient Phone Number', type: 'string' },
			{ key: 'recipient_user_id', label: 'Recipient User ID (BSUID)', type: 'string' },
			{ key: 'recipient_parent_user_id', label: 'Recipient Parent User ID', type: 'string' },
			{ key: 'recipient_username', label: 'Recipient Username', type: 'string' },
			...ERROR_OUTPUT_FIELDS,
			...originOutputFields(),
		],
	},
};
