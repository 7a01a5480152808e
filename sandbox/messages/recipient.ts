/**
 * Who a send goes to (docs/meta-api.md §2, docs/meta-bsuid.md §4): `to` (a phone number) or
 * `recipient` (a business-scoped user ID); when both are given the phone number wins, and the
 * answer's `contacts[]` follows the path taken (`wa_id` for a phone, `user_id` for a BSUID).
 */
import type { SandboxContext } from '../context';
import { requiredParameter } from '../graphError';
import { BSUID_PATTERN } from '../messagingConstants';
import { unknownBsuid } from '../messagingErrors';
import { contactByUserId } from '../messagingState';
import { optionalString, Params } from '../params';
import type { ContactRecord, NumberRecord } from '../state';
import { invalid } from './checks';

export interface Recipient {
	/** What the request said, echoed as `contacts[].input`. */
	input: string;
	/** Set when the send went by phone number. */
	waId?: string;
	/** Set when the send went by BSUID. */
	userId?: string;
}

/** The recipient's WhatsApp ID; without `+` and country code, the business number's code is prepended (docs/meta-api.md §2). */
export function recipientWaId(to: string, number: NumberRecord): string {
	if (!/^\+?[\d\s().-]+$/.test(to)) throw invalid('The parameter to must be a phone number with its country code, e.g. +16505551234.');
	const digits = to.replace(/\D/g, '');
	const waId = to.trim().startsWith('+') || digits.length > 10 ? digits : `${number.cc}${digits}`;
	if (waId.length < 7 || waId.length > 15) throw invalid('The parameter to must be a phone number of 7 to 15 digits with its country code, e.g. +16505551234.');
	return waId;
}

/** `to` or `recipient`, checked for form; the phone number wins when both are present. */
export function parseRecipient(params: Params, number: NumberRecord): Recipient {
	const to = optionalString(params, 'to');
	if (to !== undefined) return { input: to, waId: recipientWaId(to, number) };
	const userId = optionalString(params, 'recipient');
	if (userId === undefined) throw requiredParameter('to');
	if (!BSUID_PATTERN.test(userId)) {
		throw invalid('The parameter recipient must be a business-scoped user ID such as US.13491208655302741918 (from a webhook\'s user_id).');
	}
	return { input: userId, userId };
}

/** The contact the message goes to: created on first use for a phone number, looked up for a BSUID. */
export function recipientContact(ctx: SandboxContext, recipient: Recipient): ContactRecord {
	if (recipient.waId !== undefined) return ctx.state.contact(recipient.waId);
	const contact = contactByUserId(ctx.state.contacts, recipient.userId ?? '');
	if (!contact) throw unknownBsuid(recipient.userId ?? '');
	return contact;
}

/** The answer's `contacts[0]`: `wa_id` when sent by phone number, `user_id` when sent by BSUID. */
export function answerContact(recipient: Recipient, contact: ContactRecord): Record<string, string> {
	return recipient.waId !== undefined ? { input: recipient.input, wa_id: contact.waId } : { input: recipient.input, user_id: contact.userId };
}
