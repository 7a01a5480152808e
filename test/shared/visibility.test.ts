/**
 * "Is this field shown" has one answer: the core's `fieldVisibility`, used by parseInput, by the n8n
 * node when it reads parameters and by the Zapier app when it builds its dynamic fields. The same
 * yes/no words count everywhere.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, fieldVisibility, parseInput } from '../../shared';
import { OperationReader } from '../../nodes/WhatsAppNumbers/actions/input';
import { PhoneNumberResolver } from '../../nodes/WhatsAppNumbers/common/phoneNumberLocator';
import { visibility } from '../../zapier/fields';

const demo = defineOperation<{ custom?: boolean; detail?: string }, Record<string, never>>({
	id: 'demo',
	resource: 'settings',
	title: 'Set Demo',
	action: 'Set a demo value',
	description: 'A declaration for this test only.',
	kind: 'write',
	fields: [
		{ key: 'custom', label: 'Custom', type: 'boolean', required: false, default: false, help: 'Whether to enter a detail.' },
		{ key: 'detail', label: 'Detail', type: 'string', required: true, showWhen: { field: 'custom', values: [true] }, help: 'The detail to use.' },
	],
	sample: {},
	outputFields: [],
	run: async () => ({}),
});
const [custom, detail] = demo.fields;

/** What the n8n node reads for one item with these parameters. */
async function n8nReads(parameters: Record<string, unknown>): Promise<Record<string, unknown>> {
	const context = {
		getNodeParameter: (name: string, _item: number, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
		getNode: () => ({ typeVersion: 2 }),
		getInputData: () => [{ json: {} }],
	};
	const resolver = new PhoneNumberResolver(async () => {
		throw new Error('no phone number lookup expected');
	});
	return new OperationReader(context as unknown as IExecuteFunctions, demo, resolver).read(0);
}

describe('one visibility rule for the core, n8n and Zapier', () => {
	it.each([
		['enabled', true],
		['Yes', true],
		['on', true],
		[true, true],
		['disabled', false],
		['no', false],
		['', false],
	])('Custom = %p shows Detail: %p, everywhere', async (value, shown) => {
		expect(fieldVisibility(demo.fields, detail, (key) => ({ custom: value })[key])).toBe(shown ? 'shown' : 'hidden');
		expect(parseInput(demo, { custom: value, detail: 'd' })).toEqual(shown ? { custom: true, detail: 'd' } : { custom: false });
		expect(visibility(detail, demo.fields, { custom: value })).toBe(shown ? 'shown' : 'hidden');
		expect('detail' in (await n8nReads({ custom: value, detail: 'd' }))).toBe(shown);
	});

	it('is unknown while the controlling value cannot be read yet (Zapier: mapped from an earlier step)', () => {
		expect(visibility(detail, demo.fields, { custom: '{{123__answer}}' })).toBe('unknown');
		expect(visibility(custom, demo.fields, {})).toBe('shown');
	});
});
