import { inputError } from '../../errors';
import { defineOperation } from '../../operation';
import { listRelaySubscriptions } from '../../relayApi';
import { settle } from '../../settle';
import { getWebhookConfiguration } from '../webhook/getWebhookConfiguration';
import { rememberCoexistence } from './coexistence';
import { MetaPhoneNumber, PHONE_NUMBER_FIELDS, phoneNumberIdField, toPhoneNumber } from './model';
import {
	CLEARED,
	clearOverrideAction,
	deregisterAction,
	FINDINGS,
	NO_RELAY,
	registeredBy,
	relayFound,
	RelaySubscriptionFound,
	RemovalAction,
	RemovalFinding,
	summaryOf,
	told,
} from './removalReport';
import { COMMON_BLOCKERS, remainingSteps, RemovalSituation } from './removalSteps';

export type { RelaySubscriptionFound, RemovalAction, RemovalFinding } from './removalReport';

export interface PrepareNumberRemovalInput {
	phoneNumberId: string;
	clearOverride?: boolean;
	deregisterNumber?: boolean;
	relayUrl?: string;
	relayApiKey?: string;
}

export interface PrepareNumberRemovalOutput {
	phoneNumberId: string;
	displayPhoneNumber: string | null;
	/** After this run's actions. */
	status: string | null;
	coexistence: boolean | null;
	/** Still registered with the Cloud API after this run; null when the status does not say. */
	registered: boolean | null;
	/** The number's own webhook override, as found before any action. */
	webhookOverrideUrl: string | null;
	/** Where the number's message webhooks went, as found. */
	webhooksGoTo: string | null;
	relayChecked: boolean;
	relayNote: string | null;
	relaySubscriptions: RelaySubscriptionFound[];
	found: RemovalFinding[];
	actions: RemovalAction[];
	remainingSteps: string[];
	commonBlockers: string[];
	summary: string;
}

function relayAddress(value: unknown, label: string): string {
	const text = String(value).trim();
	const parsed = /^https?:\/\/[^/\s]+/i.test(text) ? URL.canParse(text) : false;
	if (!parsed) throw inputError(label, `"${text}" is not a web address.`, 'Enter the address of your WhatsApp relay with https://, e.g. https://relay.example.com.');
	return text.replace(/\/+$/, '');
}

const SAMPLE_RELAY: RelaySubscriptionFound = { id: 'sub_0123456789abcdef01234567', eventTypes: 'inboundMessage', targetHost: 'hooks.zapier.com', createdAt: '2026-05-04T09:30:00.000Z' };
const SAMPLE_OVERRIDE = 'https://example.com/webhook/whatsapp';
const SAMPLE_FOUND: RemovalFinding[] = [FINDINGS.registration('CONNECTED'), FINDINGS.webhookOverride(SAMPLE_OVERRIDE), FINDINGS.relaySubscription(SAMPLE_RELAY)];
const SAMPLE_ACTIONS: RemovalAction[] = [{ action: 'clearOverride', result: 'done', detail: CLEARED }];
const SAMPLE_STEPS = remainingSteps({ coexistence: false, registered: true, overrideLeft: false, relaySubscriptions: 1, relay: 'checked' });

const SAMPLE: PrepareNumberRemovalOutput = {
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '+1 631-555-5555',
	status: 'CONNECTED',
	coexistence: false,
	registered: true,
	webhookOverrideUrl: SAMPLE_OVERRIDE,
	webhooksGoTo: SAMPLE_OVERRIDE,
	relayChecked: true,
	relayNote: null,
	relaySubscriptions: [SAMPLE_RELAY],
	found: SAMPLE_FOUND,
	actions: SAMPLE_ACTIONS,
	remainingSteps: SAMPLE_STEPS,
	commonBlockers: [...COMMON_BLOCKERS],
	summary: summaryOf('+1 631-555-5555', SAMPLE_FOUND, SAMPLE_ACTIONS, SAMPLE_STEPS),
};

/**
 * Retiring a number: what still points at it (its registration, its own webhook override, relay
 * subscriptions naming it), optionally clearing the override and deregistering, then the steps left
 * in WhatsApp Manager. Meta has no API that deletes a number (docs/meta-api.md §1.9). Reads first:
 * the number (`GET /<PHONE_NUMBER_ID>?fields=…`), its webhook configuration, and the relay's
 * `GET /subscriptions`; the actions come after every read.
 */
export const prepareNumberRemoval = defineOperation<PrepareNumberRemovalInput, PrepareNumberRemovalOutput>({
	id: 'prepareNumberRemoval',
	resource: 'phoneNumber',
	title: 'Prepare Number Removal',
	action: 'Prepare a phone number for removal',
	description:
		'Lists what still uses a number you want to retire (registration, webhook override, relay subscriptions), can clear its override and deregister it (Meta counts deregistering: it is sent once, never retried), and gives the steps left in WhatsApp Manager, where numbers are deleted (there is no API for it).',
	kind: 'write',
	fields: [
		phoneNumberIdField,
		{
			key: 'clearOverride',
			label: 'Clear Webhook Override',
			type: 'boolean',
			required: false,
			default: false,
			help: "Also remove the number's own webhook override, so its webhooks go back to the account's or the app's callback URL.",
		},
		{
			key: 'deregisterNumber',
			label: 'Deregister the Number',
			type: 'boolean',
			required: false,
			default: false,
			help: 'Also take the number off the Cloud API. Meta counts this (10 register or deregister requests per number in 72 hours), so it is sent once and never retried. Refused for a number shared with the WhatsApp Business app. Leave off if unsure.',
		},
		{
			key: 'relayUrl',
			label: 'Relay URL',
			type: 'string',
			required: false,
			advanced: true,
			help: 'Optional: the address of your WhatsApp relay, to list the Zap subscriptions that still listen to this number.',
			placeholder: 'https://relay.example.com',
			validate: (value, label) => relayAddress(value, label),
		},
		{
			key: 'relayApiKey',
			label: 'Relay API Key',
			type: 'string',
			required: false,
			advanced: true,
			secret: true,
			help: "With the relay URL: one of the keys in the relay's RELAY_API_KEYS setting. The relay lists only the subscriptions that key created; a key from RELAY_ADMIN_API_KEYS sees every one.",
		},
	],
	sample: SAMPLE,
	outputFields: [
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'displayPhoneNumber', label: 'Display Phone Number', type: 'string' },
		{ key: 'status', label: 'Status', type: 'string' },
		{ key: 'coexistence', label: 'Coexistence (Also in the WhatsApp Business App)', type: 'boolean' },
		{ key: 'registered', label: 'Still Registered', type: 'boolean' },
		{ key: 'webhookOverrideUrl', label: 'Webhook Override Found', type: 'string' },
		{ key: 'webhooksGoTo', label: 'Webhooks Went To', type: 'string' },
		{ key: 'relayChecked', label: 'Relay Checked', type: 'boolean' },
		{ key: 'relayNote', label: 'Relay Note', type: 'string' },
		{ key: 'relaySubscriptions[]id', label: 'Relay Subscription ID', type: 'string' },
		{ key: 'relaySubscriptions[]eventTypes', label: 'Relay Subscription Events', type: 'string' },
		{ key: 'relaySubscriptions[]targetHost', label: 'Relay Subscription Target Host', type: 'string' },
		{ key: 'found[]kind', label: 'Found: Kind', type: 'string' },
		{ key: 'found[]description', label: 'Found: Description', type: 'string' },
		{ key: 'actions[]action', label: 'Action', type: 'string' },
		{ key: 'actions[]result', label: 'Action Result', type: 'string' },
		{ key: 'actions[]detail', label: 'Action Detail', type: 'string' },
		{ key: 'summary', label: 'Summary', type: 'string' },
	],
	async run({ client }, input) {
		if (input.relayUrl && !input.relayApiKey) throw inputError('Relay API Key', 'is required with the relay URL.', "Enter one of the keys in the relay's RELAY_API_KEYS setting, or leave the relay URL empty.");
		const phoneNumberId = input.phoneNumberId;
		const raw = await client.request<MetaPhoneNumber>({ method: 'GET', path: phoneNumberId, query: { fields: PHONE_NUMBER_FIELDS }, retry: 'read', operation: 'prepareNumberRemoval' });
		rememberCoexistence(client, [raw]);
		const number = toPhoneNumber(raw);
		const coexistence = number.coexistence === true;
		const found: RemovalFinding[] = [];
		if (coexistence) found.push(FINDINGS.coexistence());
		if (number.status && registeredBy(number.status)) found.push(FINDINGS.registration(number.status));

		const webhooks = await settle(getWebhookConfiguration.run({ client }, { level: 'phoneNumber', phoneNumberId }));
		const overrideUrl = webhooks.ok ? webhooks.value.callbackUrl : undefined;
		if (overrideUrl) found.push(FINDINGS.webhookOverride(overrideUrl));
		if (!webhooks.ok) found.push(FINDINGS.webhookOverrideUnknown(webhooks.error));

		let relay: RemovalSituation['relay'] = 'notGiven';
		let relayNote: string | null = NO_RELAY;
		let relaySubscriptions: RelaySubscriptionFound[] = [];
		if (input.relayUrl && input.relayApiKey) {
			const listed = await settle(listRelaySubscriptions(client, { url: input.relayUrl, apiKey: input.relayApiKey }));
			relay = listed.ok ? 'checked' : 'failed';
			relayNote = listed.ok ? null : `Could not list the relay's subscriptions: ${told(listed.error)}`;
			relaySubscriptions = listed.ok ? relayFound(listed.value, phoneNumberId) : [];
			for (const subscription of relaySubscriptions) found.push(FINDINGS.relaySubscription(subscription));
		}

		const actions: RemovalAction[] = [];
		let overrideLeft = overrideUrl !== null;
		if (input.clearOverride) {
			const cleared = await clearOverrideAction(client, phoneNumberId, overrideUrl);
			actions.push(cleared);
			overrideLeft = overrideLeft && cleared.result !== 'done';
		}
		let status = number.status;
		if (input.deregisterNumber) {
			const deregistered = await deregisterAction(client, phoneNumberId, coexistence, status);
			actions.push(deregistered.action);
			status = deregistered.status;
		}

		const registered = registeredBy(status);
		const steps = remainingSteps({ coexistence, registered, overrideLeft, relaySubscriptions: relaySubscriptions.length, relay });
		return {
			phoneNumberId,
			displayPhoneNumber: number.displayPhoneNumber,
			status,
			coexistence: number.coexistence,
			registered,
			webhookOverrideUrl: overrideUrl ?? null,
			webhooksGoTo: webhooks.ok ? webhooks.value.effectiveCallbackUrl : null,
			relayChecked: relay === 'checked',
			relayNote,
			relaySubscriptions,
			found,
			actions,
			remainingSteps: steps,
			commonBlockers: [...COMMON_BLOCKERS],
			summary: summaryOf(number.displayPhoneNumber ?? phoneNumberId, found, actions, steps),
		};
	},
});
