/**
 * What is left to do by hand to retire a number, and what commonly blocks it. Meta has no API to
 * delete a number: a business portfolio admin deletes it in WhatsApp Manager (docs/meta-api.md §1.9,
 * docs/meta-coexistence.md §7). Texts name the connector's steps and fields by token (wording.ts).
 */
import { COEXISTENCE_DISCONNECT_STEP } from './coexistence';

export interface RemovalSituation {
	coexistence: boolean;
	/** Still registered with the Cloud API after this run (null: unknown). */
	registered: boolean | null;
	/** The number's own webhook override is (or may be) still set. */
	overrideLeft: boolean;
	/** Relay subscriptions that name the number. */
	relaySubscriptions: number;
	/** `failed`: a relay was given but could not be listed; `notGiven`: none was given. */
	relay: 'checked' | 'failed' | 'notGiven';
}

const STOP_SENDING = 'Turn off every workflow or Zap that sends from this number: its messages fail once the number is gone.';
const DELETE_IN_MANAGER = 'Delete it in WhatsApp Manager: Account tools → Phone numbers → select the number → delete (trash icon). Only a business portfolio admin can.';
const KEEP_PIN =
	'Keep its two-step PIN: if the number is added again later, registering it may ask for the old PIN, and fails for about 5 minutes right after the deletion (error 133015).';

/** The manual steps, in the order to do them. */
export function remainingSteps(situation: RemovalSituation): string[] {
	const steps = [STOP_SENDING];
	if (situation.overrideLeft) steps.push('Remove its webhook override: run this step again with {field:clearOverride} on.');
	if (situation.relaySubscriptions > 0) {
		steps.push('Turn off the Zaps behind the relay subscriptions listed here (Zapier then removes their subscriptions), or delete them at the relay (DELETE /subscriptions/<id>).');
	}
	if (situation.relay === 'notGiven') steps.push('If you use a WhatsApp relay, set {field:relayUrl} and {field:relayApiKey} so this step also lists the Zap subscriptions that listen to the number.');
	if (situation.relay === 'failed') steps.push('Fix what the relay note says, then run this step again to list the Zap subscriptions that listen to the number.');
	if (situation.coexistence) {
		steps.push(`${COEXISTENCE_DISCONNECT_STEP} Do not deregister it: Meta does not allow that for a number shared with the WhatsApp Business app.`);
		steps.push('To remove it from the business account too, an admin deletes it in WhatsApp Manager (Account tools → Phone numbers) once it is disconnected.');
		steps.push(KEEP_PIN);
		return steps;
	}
	if (situation.registered === true) {
		steps.push(
			'Optional: deregister it before deleting if another provider or account will use the number ({field:deregisterNumber}). Meta counts it toward 10 register or deregister requests per 72 hours.',
		);
	}
	steps.push(DELETE_IN_MANAGER);
	if (situation.registered !== false) {
		steps.push("WhatsApp Manager asks for the number's 6-digit two-step PIN to delete a connected number: have it ready (set a new one with {op:setTwoStepPin} if nobody knows it).");
	}
	steps.push(KEEP_PIN);
	return steps;
}

/** What usually stops a deletion in WhatsApp Manager, and what to do about it. */
export const COMMON_BLOCKERS: readonly string[] = [
	'No delete (trash) icon: you need admin (full control) access to the business portfolio; or the number belongs to another portfolio or is managed by a partner, who must release or delete it.',
	'Paid messages in the last 30 days block the deletion: WhatsApp Manager shows the date of the last paid message (Insights); delete it 30 days after that date.',
	'A restricted or disabled account, an open review or an unpaid bill can block it: check Account quality and Billing in WhatsApp Manager first.',
];
