/**
 * The parts of a removal report (Prepare Number Removal): what was found, the two optional actions
 * with their results, and the one-line summary.
 */
import type { GraphClient } from '../../client';
import { WhatsAppError } from '../../errors';
import type { RelaySubscriptionJson } from '../../relayContract';
import { settle } from '../../settle';
import { clearWebhookOverride } from '../webhook/clearWebhookOverride';
import { COEXISTENCE_REFUSALS } from './coexistence';
import { deregisterPhoneNumber } from './deregisterPhoneNumber';

export interface RemovalFinding {
	kind: 'registration' | 'coexistence' | 'webhookOverride' | 'relaySubscription';
	description: string;
}

export interface RemovalAction {
	action: 'clearOverride' | 'deregister';
	/** `unknown`: the request may have reached Meta (check before repeating: deregister is counted). */
	result: 'done' | 'skipped' | 'refused' | 'failed' | 'unknown';
	detail: string;
}

/** A relay subscription naming the number. The target URL is left out: a Zapier hook URL is a secret. */
export interface RelaySubscriptionFound {
	id: string;
	eventTypes: string;
	targetHost: string;
	createdAt: string | null;
}

/** The sentences of the findings, shared by the report and its sample. */
export const FINDINGS = {
	coexistence: (): RemovalFinding => ({ kind: 'coexistence', description: 'The number is shared with the WhatsApp Business app (coexistence): it leaves the API by disconnecting in the app.' }),
	registration: (status: string): RemovalFinding => ({ kind: 'registration', description: `The number is registered with the Cloud API (status ${status}): it can still send and receive.` }),
	webhookOverride: (url: string): RemovalFinding => ({ kind: 'webhookOverride', description: `Its message webhooks go to its own override: ${url}.` }),
	webhookOverrideUnknown: (error: unknown): RemovalFinding => ({ kind: 'webhookOverride', description: `Could not check its webhook override: ${told(error)}` }),
	relaySubscription: (subscription: RelaySubscriptionFound): RemovalFinding => ({
		kind: 'relaySubscription',
		description: `Relay subscription ${subscription.id} (${subscription.eventTypes}) sends its events to ${subscription.targetHost}.`,
	}),
};

const FINDING_WORDS: Record<RemovalFinding['kind'], string> = {
	coexistence: 'the WhatsApp Business app link',
	registration: 'its registration',
	webhookOverride: 'a webhook override',
	relaySubscription: 'relay subscriptions',
};

/** Statuses of a number that is not registered with the Cloud API (docs/meta-api.md §1.12). */
const NOT_REGISTERED = ['PENDING', 'UNVERIFIED', 'DISCONNECTED', 'DELETED', 'MIGRATED'];

export function registeredBy(status: string | null): boolean | null {
	const upper = (status ?? '').toUpperCase();
	if (upper === '' || upper === 'UNKNOWN') return null;
	return !NOT_REGISTERED.includes(upper);
}

const hostOf = (url: string): string => (URL.canParse(url) ? new URL(url).host : 'an unreadable address');

/** A failure as the report tells it: what happened and what to do next (already masked and worded). */
export const told = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The client's own failure for a request whose outcome it could not know ("check before repeating"). */
const outcomeUnknown = (error: unknown): boolean => error instanceof WhatsAppError && error.category === 'transient' && error.retry.action === 'do_not_retry';

export const CLEARED = "Cleared the number's webhook override: its webhooks go to the account's or the app's callback URL now.";

export async function clearOverrideAction(client: GraphClient, phoneNumberId: string, overrideUrl: string | null | undefined): Promise<RemovalAction> {
	if (overrideUrl === null) return { action: 'clearOverride', result: 'skipped', detail: 'The number has no webhook override of its own: nothing to clear.' };
	const cleared = await settle(clearWebhookOverride.run({ client }, { level: 'phoneNumber', phoneNumberId }));
	if (cleared.ok) return { action: 'clearOverride', result: 'done', detail: CLEARED };
	return { action: 'clearOverride', result: outcomeUnknown(cleared.error) ? 'unknown' : 'failed', detail: told(cleared.error) };
}

/** Deregister is counted by Meta (10 per 72 hours): sent at most once, never retried (its `retry: 'never'`). */
export async function deregisterAction(client: GraphClient, phoneNumberId: string, coexistence: boolean, status: string | null): Promise<{ action: RemovalAction; status: string | null }> {
	if (coexistence) {
		const refusal = COEXISTENCE_REFUSALS.deregisterPhoneNumber;
		return { action: { action: 'deregister', result: 'refused', detail: `${refusal.message} ${refusal.nextStep}` }, status };
	}
	const registered = registeredBy(status);
	if (registered !== true) {
		const why = registered === false ? `The number is not registered (status ${status}): nothing to deregister.` : "Meta did not report the number's status, so it was not deregistered.";
		return { action: { action: 'deregister', result: 'skipped', detail: `${why} No deregister request was sent.` }, status };
	}
	const outcome = await settle(deregisterPhoneNumber.run({ client }, { phoneNumberId }));
	if (outcome.ok) {
		const now = outcome.value.status ?? status;
		return {
			action: { action: 'deregister', result: 'done', detail: `Deregistered (status now ${now ?? 'unknown'}): the number no longer sends or receives through the API. This counted toward Meta's 10 register or deregister requests per 72 hours.` },
			status: now,
		};
	}
	const unknown = outcomeUnknown(outcome.error);
	const caution = unknown ? ' It was not repeated: Meta counts every deregister request.' : ' Meta counts every deregister request: fix the cause before asking again.';
	return { action: { action: 'deregister', result: unknown ? 'unknown' : 'failed', detail: `${told(outcome.error)}${caution}` }, status };
}

export function relayFound(subscriptions: readonly RelaySubscriptionJson[], phoneNumberId: string): RelaySubscriptionFound[] {
	return subscriptions
		.filter((subscription) => subscription.phone_number_id === phoneNumberId)
		.map((subscription) => ({
			id: subscription.id,
			eventTypes: (subscription.event_types ?? []).join(', ') || subscription.event_type,
			targetHost: hostOf(subscription.target_url),
			createdAt: subscription.created_at ?? null,
		}));
}

const ACTION_WORDS: Record<RemovalAction['action'], string> = { clearOverride: 'clearing the webhook override', deregister: 'deregistering' };

export const NO_RELAY = 'No relay was given, so relay subscriptions were not checked.';

export function summaryOf(label: string, found: readonly RemovalFinding[], actions: readonly RemovalAction[], steps: readonly string[]): string {
	const kinds = [...new Set(found.map((finding) => FINDING_WORDS[finding.kind]))];
	const foundText = found.length ? `${label}: found ${found.length} ${found.length === 1 ? 'thing' : 'things'} still tied to it (${kinds.join(', ')}).` : `${label}: nothing found still tied to it.`;
	const actionText = actions.map((entry) => `${ACTION_WORDS[entry.action]}: ${entry.result}`).join('; ');
	return `${foundText}${actionText ? ` This run: ${actionText}.` : ''} Next: ${steps[0]}`;
}
