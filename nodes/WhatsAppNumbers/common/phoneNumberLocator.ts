/**
 * The phone number picker used wherever the core declares `source: 'phoneNumbers'`: from the WABA's
 * list (display number, name and status), by ID, or by the number as people dial it.
 */
import type { INodeProperties } from 'n8n-workflow';

import { type GraphClient, inputError, runOperation } from '../../../shared';

export const PHONE_NUMBER_MODES = { list: 'list', id: 'id', displayNumber: 'displayNumber' } as const;

/** Name of the listSearch method every node of the package registers. */
export const SEARCH_PHONE_NUMBERS = 'searchPhoneNumbers';

export function phoneNumberLocator(base: Omit<INodeProperties, 'type' | 'default' | 'modes'>, idPlaceholder = '106540352242922'): INodeProperties {
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: PHONE_NUMBER_MODES.list, value: '' },
		modes: [
			{
				displayName: 'From List',
				name: PHONE_NUMBER_MODES.list,
				type: 'list',
				placeholder: 'Select a phone number...',
				typeOptions: { searchListMethod: SEARCH_PHONE_NUMBERS, searchable: true },
			},
			{
				displayName: 'By ID',
				name: PHONE_NUMBER_MODES.id,
				type: 'string',
				placeholder: idPlaceholder,
				hint: 'The phone number ID from WhatsApp Manager, not the number itself',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\d{1,25}\\s*$', errorMessage: 'A phone number ID has only digits, e.g. 106540352242922' },
					},
				],
			},
			{
				displayName: 'By Display Number',
				name: PHONE_NUMBER_MODES.displayNumber,
				type: 'string',
				placeholder: '+1 631 555 5555',
				hint: 'The number with country code, in any format; it is looked up in the account',
			},
		],
	};
}

interface LocatorValue {
	__rl?: boolean;
	mode?: string;
	value?: unknown;
}

const isLocator = (value: unknown): value is LocatorValue => typeof value === 'object' && value !== null && 'mode' in value && 'value' in value;

/**
 * Turns a locator value into the phone number ID the core expects. A display number is looked up
 * once per run through the core's `getPhoneNumber` (by display number), then cached.
 */
export class PhoneNumberResolver {
	private readonly cache = new Map<string, string>();

	constructor(private readonly client: () => Promise<GraphClient>) {}

	/** @returns the ID, the raw value when it is not a locator, or undefined when empty. */
	async resolve(value: unknown, label: string): Promise<unknown> {
		if (!isLocator(value)) return value;
		const raw = value.value;
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return undefined;
		if (value.mode !== PHONE_NUMBER_MODES.displayNumber) return typeof raw === 'string' ? raw.trim() : raw;
		const wanted = String(raw).trim();
		const cached = this.cache.get(wanted);
		if (cached) return cached;
		const found = await runOperation('getPhoneNumber', await this.client(), { lookupBy: 'displayNumber', displayPhoneNumber: wanted });
		if (!found.found || !found.id) {
			throw inputError(label, `no phone number "${wanted}" in this WhatsApp Business Account.`, 'Check the number and its country code, or pick the number from the list.');
		}
		this.cache.set(wanted, found.id);
		return found.id;
	}
}
