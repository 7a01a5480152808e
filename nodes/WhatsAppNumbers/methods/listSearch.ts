/** The phone number list of the resource locator, read through the core's `listPhoneNumbers`. */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { OperationOutput, PhoneNumber, runOperation } from '../../../shared';
import { toNodeError } from '../errors';
import { graphClient } from '../transport';

const digits = (text: string) => text.replace(/\D/g, '');

/** "+1 555-010-0001 · Jasper's Market · CONNECTED", then "· coexistence" for a number shared with the WhatsApp Business app. */
export function phoneNumberLabel(number: PhoneNumber): string {
	const parts = [number.displayPhoneNumber ?? number.id, number.verifiedName ?? 'no display name yet', number.status ?? 'status unknown'];
	if (number.coexistence === true) parts.push('coexistence');
	return parts.join(' · ');
}

function matches(number: PhoneNumber, filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	if (!needle) return true;
	if (phoneNumberLabel(number).toLowerCase().includes(needle) || number.id.includes(needle)) return true;
	const wantedDigits = digits(needle);
	return wantedDigits.length > 0 && digits(number.displayPhoneNumber ?? '').includes(wantedDigits);
}

export async function searchPhoneNumbers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	let output: OperationOutput<'listPhoneNumbers'>;
	try {
		output = await runOperation('listPhoneNumbers', await graphClient(this), {});
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	const results: INodeListSearchItems[] = output.phoneNumbers
		.filter((number) => matches(number, filter ?? ''))
		.map((number) => ({ name: phoneNumberLabel(number), value: number.id }));
	return { results };
}
