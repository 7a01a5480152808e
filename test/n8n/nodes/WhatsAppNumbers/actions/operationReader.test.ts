/**
 * OperationReader over many items: the fields shown for the first item are reused for later ones
 * only while every showWhen controller is a fixed parameter; a controller with an expression is
 * worked out again for each item. (n8n's editor flags a message type set by expression, so this
 * drives the reader with a context that answers parameters as n8n would evaluate them.)
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { findOperation } from '../../../../../shared';
import { PhoneNumberResolver } from '../../../../../nodes/WhatsAppNumbers/common/phoneNumberLocator';
import { OperationReader } from '../../../../../nodes/WhatsAppNumbers/actions/input';

const sendMessage = findOperation('sendMessage')!;

/** A context whose `={{ $json.x }}` (and `.trim()`) parameters evaluate to the item's `x`, recording every read. */
function context(parameters: IDataObject, items: IDataObject[]): { context: IExecuteFunctions; reads: string[] } {
	const reads: string[] = [];
	const input: INodeExecutionData[] = items.map((json) => ({ json }));
	const fake = {
		getNode: () => ({ typeVersion: 3, parameters }),
		getInputData: () => input,
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown) => {
			reads.push(`${name}@${itemIndex}`);
			const value = parameters[name];
			if (value === undefined) return fallback;
			const reference = typeof value === 'string' ? /^=\{\{ \$json\.(\w+)(?:\.trim\(\))? \}\}$/.exec(value) : null;
			return reference ? items[itemIndex][reference[1]] : value;
		},
	};
	return { context: fake as unknown as IExecuteFunctions, reads };
}

const resolver = new PhoneNumberResolver(async () => Promise.reject(new Error('no lookups in this test')));
const base = { resource: 'message', operation: 'sendMessage', phoneNumberId: { __rl: true, mode: 'id', value: '123' }, to: '={{ $json.to }}', text: '={{ $json.text }}', options: {} };

describe('OperationReader', () => {
	it('reads the fields each item shows when the message type comes from the item', async () => {
		const items = [
			{ kind: 'text', to: '+16315550000', text: 'Hello 0' },
			{ kind: 'image', to: '+16315550001', text: 'ignored', url: 'https://example.com/a.jpg', caption: 'A photo' },
			{ kind: 'text', to: '+16315550002', text: 'Hello 2' },
		];
		const { context: ctx } = context({ ...base, messageType: '={{ $json.kind }}', mediaSource: 'url', mediaUrl: '={{ $json.url }}', caption: '={{ $json.caption }}' }, items);
		const reader = new OperationReader(ctx, sendMessage, resolver);

		const read = [await reader.read(0), await reader.read(1), await reader.read(2)];

		expect(read[0]).toMatchObject({ messageType: 'text', to: '+16315550000', text: 'Hello 0' });
		expect(read[0]).not.toHaveProperty('mediaUrl');
		expect(read[1]).toMatchObject({ messageType: 'image', to: '+16315550001', mediaSource: 'url', mediaUrl: 'https://example.com/a.jpg', caption: 'A photo' });
		expect(read[1]).not.toHaveProperty('text');
		expect(read[2]).toMatchObject({ messageType: 'text', to: '+16315550002', text: 'Hello 2' });
		expect(read[2]).not.toHaveProperty('caption');
	});

	it('with fixed controllers, later items read only their expressions again (fixed parameters once per run)', async () => {
		const items = [0, 1, 2].map((n) => ({ to: `+1631555000${n}`, text: `Hello ${n}` }));
		const parameters = { ...base, to: '={{ $json.to.trim() }}', text: '={{ $json.text.trim() }}', messageType: 'text' };
		const { context: ctx, reads } = context(parameters, items);
		const reader = new OperationReader(ctx, sendMessage, resolver);

		const read = [await reader.read(0), await reader.read(1), await reader.read(2)];

		expect(read.map((raw) => [raw.to, raw.text, raw.messageType])).toEqual(items.map((item) => [item.to, item.text, 'text']));
		const later = reads.filter((entry) => !entry.endsWith('@0'));
		expect(later.sort()).toEqual(['text@1', 'text@2', 'to@1', 'to@2']);
	});
});
