/** The harness itself: it loads our package as n8n does, and its checks and recorders can fail. */
import nock from 'nock';

import { binaryFile, executeNode, failureOf, INSTANCE_URL, outputOf, recordRequests, requestProductionWebhook } from '../support/engine';
import { assertPairedItems } from '../support/engine/execute';
import { loadPackage, sourceOf } from '../support/engine/package';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID } from '../support/fixtures';

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

describe('recordRequests', () => {
	it('records what a scope answered and what no interceptor matched', async () => {
		const scope = nock(GRAPH).get(`/v25.0/${PHONE_ID}`).query(true).reply(200, { id: PHONE_ID, status: 'CONNECTED' });
		const log = recordRequests(scope);
		try {
			const answered = await executeNode({ node: 'whatsAppNumbers', parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) }, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });
			const refused = await executeNode({ node: 'whatsAppNumbers', parameters: { resource: 'settings', operation: 'getUsername', phoneNumberId: byId(PHONE_ID) }, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });

			expect(answered.error).toBeUndefined();
			expect(refused.error).toBeDefined();
			expect(log.sent).toEqual([{ method: 'GET', url: expect.stringMatching(new RegExp(`^${GRAPH}/v25.0/${PHONE_ID}\\?fields=`)), headers: expect.objectContaining({ authorization: `Bearer ${ACCESS_TOKEN}` }), body: '' }]);
			expect(log.unmatched).toContain(`GET https://graph.facebook.com/v25.0/${PHONE_ID}/username`);
		} finally {
			log.stop();
		}
	});
});

describe('requestProductionWebhook', () => {
	it('answers nothing (n8n: 404) for an URL no active workflow registered', async () => {
		expect(await requestProductionWebhook({ method: 'POST', url: `${INSTANCE_URL}/webhook/unknown/webhook`, body: '{}' })).toBeUndefined();
	});
});

describe('binaryFile', () => {
	it('makes a file as n8n-core keeps it in memory mode', async () => {
		expect(await binaryFile(Buffer.from('hello'), 'note.txt')).toEqual({ data: 'aGVsbG8=', mimeType: 'text/plain', fileType: 'text', fileExtension: 'txt', fileName: 'note.txt', fileSize: '5 B', bytes: 5 });
	});
});

describe('outputOf and failureOf', () => {
	const getNumber = { node: 'whatsAppNumbers', parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) }, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } };

	it('each fails the test when the run ended the other way', async () => {
		nock(GRAPH).get(`/v25.0/${PHONE_ID}`).query(true).reply(400, metaError(190, 'Invalid OAuth access token'));
		await expect(outputOf(getNumber)).rejects.toThrow(/^Expected the node to succeed, but the run ended "error": NodeApiError: /);

		nock(GRAPH).get(`/v25.0/${PHONE_ID}`).query(true).reply(200, { id: PHONE_ID });
		await expect(failureOf(getNumber)).rejects.toThrow('Expected the node to fail with nothing output, but the run ended "success" with 1 item(s).');
	});
});
