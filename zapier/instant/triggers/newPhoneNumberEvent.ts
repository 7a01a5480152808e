/** New Phone Number Event: account status, quality and limit, display name review or capability changes (relayed from Meta's app webhooks). */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { WebhookEventType } from '../../../shared';
import { hookOperation, phoneNumberFilterField } from '../hooks';
import { PHONE_NUMBER_EVENT_CHOICES, PhoneNumberEventItem, phoneNumberEventItem } from '../mappers';

function chosenEventTypes(z: ZObject, bundle: Bundle): { eventTypes: WebhookEventType[] } {
	const choice = String(bundle.inputData?.event_type ?? '').trim();
	const match = PHONE_NUMBER_EVENT_CHOICES[choice];
	if (!match) {
		throw new z.errors.Error(`Event "${choice}" is not one of the choices. Pick one of: ${Object.keys(PHONE_NUMBER_EVENT_CHOICES).join(', ')}.`, 'InvalidInput', 400);
	}
	return { eventTypes: [match.type] };
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
		...hookOperation<PhoneNumberEventItem, { eventTypes: WebhookEventType[] }>({
			settings: chosenEventTypes,
			item: (envelope, settings) => phoneNumberEventItem(envelope, settings.eventTypes),
			ignored: 'not the chosen phone number event',
		}),
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
