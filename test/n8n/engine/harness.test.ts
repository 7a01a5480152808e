/** The harness itself: it loads our package as n8n does and its item-linking check can fail. */
import { assertPairedItems } from '../support/engine/execute';
import { loadPackage, sourceOf } from '../support/engine/package';

describe('loading our package like n8n', () => {
	it('knows the nodes of package.json by their full n8n type names and adds Poll Times to the polling node', async () => {
		const pkg = await loadPackage();

		expect(Object.keys(pkg.nodeTypes.getKnownTypes()).sort()).toEqual([
			'n8n-nodes-whatsapp-numbers.whatsAppNumbers',
			'n8n-nodes-whatsapp-numbers.whatsAppNumbersStatusTrigger',
			'n8n-nodes-whatsapp-numbers.whatsAppNumbersTrigger',
		]);
		const poller = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-whatsapp-numbers.whatsAppNumbersStatusTrigger');
		expect(poller.description.properties[0].name).toBe('pollTimes');
		expect(pkg.credentialTypes.getSupportedNodes('whatsAppNumbersAppApi')).toEqual(['n8n-nodes-whatsapp-numbers.whatsAppNumbersTrigger']);
		expect(() => pkg.nodeTypes.getByName('whatsAppNumbers')).toThrow('Unrecognized node type: whatsAppNumbers');
	});

	it('reads the TypeScript source of each built file package.json lists', () => {
		expect(sourceOf('dist/nodes/WhatsAppNumbers/WhatsAppNumbers.node.js')).toBe('nodes/WhatsAppNumbers/WhatsAppNumbers.node.ts');
		expect(sourceOf('dist/nodes/WhatsAppNumbers/WhatsAppNumbers.node.json')).toBe('nodes/WhatsAppNumbers/WhatsAppNumbers.node.json');
		expect(sourceOf('package.json')).toBe('package.json');
	});
});

describe('assertPairedItems', () => {
	it('accepts items that each name an existing input item', () => {
		expect(() => assertPairedItems([[{ json: {}, pairedItem: { item: 0 } }, { json: {}, pairedItem: [{ item: 1 }] }]], 2)).not.toThrow();
	});

	it('fails for an item without pairedItem or naming an input item that does not exist', () => {
		expect(() => assertPairedItems([[{ json: {} }]], 1)).toThrow('Output 0, item 0 has pairedItem undefined; it must name one of the 1 input item(s).');
		expect(() => assertPairedItems([[{ json: {}, pairedItem: { item: 3 } }]], 2)).toThrow('Output 0, item 0 has pairedItem {"item":3}');
	});
});
