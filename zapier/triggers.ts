/**
 * Polling triggers over the core's listPhoneNumbers.
 *
 * New Phone Number Status Change: Meta keeps no history of a number's states, so each poll emits
 * one item per number describing its *current* state, with an id made of the number and that state
 * (`<phoneNumberId>:<status>:<nameStatus>:<qualityRating>:<codeVerificationStatus>`). Zapier
 * remembers the ids it has seen (the first poll after the Zap is turned on only records them), so
 * a Zap fires exactly when a number reaches a state combination it was not in before.
 *
 * Order ("newest first"): without a change history, the newest item is the one about the most
 * recently onboarded number, so items keep Meta's default order for the list (most recently
 * onboarded first). This only matters when Zapier caps a poll (100 new items); the ids do not
 * depend on it, and the id format must never change (Zapier would fire again for every number).
 *
 * A state seen before fires again only after Zapier forgets it (for example when the Zap is turned
 * off and on); that is the documented "updated item" pattern.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { OperationOutput, PHONE_NUMBER_OUTPUT_FIELDS, PHONE_NUMBER_SAMPLE, phoneNumberIdField, PhoneNumber, zapierKey } from '../shared';
import { toZapierField } from './fields';
import { requireOperation } from './labels';
import { ZapierOutputField } from './output';
import { runForZapier } from './perform';

const listPhoneNumbers = requireOperation('listPhoneNumbers');

/** Marks an absent value inside a state id. */
const NONE = '-';

/** The id of a number's current state; unique per change of any of the four watched values. */
export function stateId(number: PhoneNumber): string {
	return [number.id, number.status, number.nameStatus, number.qualityRating, number.codeVerificationStatus].map((part) => part ?? NONE).join(':');
}

/** One trigger item: the state id, then the number's fields with `phone_number_id` for its ID. */
export function statusChangeItem(number: PhoneNumber, detectedAt: string): Record<string, unknown> {
	const item: Record<string, unknown> = { id: stateId(number) };
	for (const [key, value] of Object.entries(number)) item[key === 'id' ? 'phone_number_id' : zapierKey(key)] = value;
	item.detected_at = detectedAt;
	return item;
}

async function listNumbers(z: ZObject, bundle: Bundle): Promise<PhoneNumber[]> {
	const output = await runForZapier<OperationOutput<'listPhoneNumbers'>>(z, bundle, listPhoneNumbers, { input: {} });
	return output.phoneNumbers;
}

const watchedNumberField = toZapierField(
	{
		...phoneNumberIdField,
		required: false,
		help: 'Optional: watch only this number. Leave empty to watch every number of the account.',
	},
	false,
);

export const phoneNumberStatusChanged = {
	key: 'phone_number_status_changed',
	noun: 'Phone Number Status Change',
	display: {
		label: 'New Phone Number Status Change',
		description:
			"Triggers when a phone number's status (e.g. PENDING to CONNECTED), display name review, quality rating or code verification status changes. Checked on Zapier's polling schedule.",
	},
	operation: {
		type: 'polling' as const,
		inputFields: [watchedNumberField],
		perform: async (z: ZObject, bundle: Bundle) => {
			const watched = String(bundle.inputData?.[watchedNumberField.key] ?? '').trim();
			const detectedAt = new Date().toISOString();
			const numbers = await listNumbers(z, bundle);
			return numbers.filter((number) => !watched || number.id === watched).map((number) => statusChangeItem(number, detectedAt));
		},
		sample: statusChangeItem(PHONE_NUMBER_SAMPLE, '2026-05-04T09:30:00.000Z'),
		outputFields: [
			{ key: 'id', label: 'State Change ID', type: 'string' },
			...PHONE_NUMBER_OUTPUT_FIELDS.map((field) => ({
				key: field.key === 'id' ? 'phone_number_id' : zapierKey(field.key),
				label: field.label,
				type: field.type,
			})),
			{ key: 'detected_at', label: 'Detected At', type: 'datetime' },
		] as ZapierOutputField[],
	},
};

/**
 * "+1 555-010-0001 · Jasper's Market (CONNECTED)": what the dropdown shows; a number shared with the
 * WhatsApp Business app reads "… (CONNECTED, coexistence)".
 */
export function dropdownLabel(number: PhoneNumber): string {
	const name = number.verifiedName ? ` · ${number.verifiedName}` : '';
	const notes = [number.status, number.coexistence === true ? 'coexistence' : null].filter(Boolean);
	return `${number.displayPhoneNumber ?? number.id}${name}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** Hidden: feeds every "Phone Number" dropdown (`dynamic: 'phone_number_list.id.label'`). */
export const phoneNumberList = {
	key: 'phone_number_list',
	noun: 'Phone Number',
	display: { label: 'List Phone Numbers', description: 'Lists the phone numbers of the account for dropdowns.', hidden: true },
	operation: {
		type: 'polling' as const,
		perform: async (z: ZObject, bundle: Bundle) =>
			(await listNumbers(z, bundle)).map((number) => ({
				id: number.id,
				label: dropdownLabel(number),
				display_phone_number: number.displayPhoneNumber,
				verified_name: number.verifiedName,
				status: number.status,
				coexistence: number.coexistence,
			})),
	},
};
