/** The compared workflows: the same messages, our node at the cap, the HTTP Request node batched to the cap or on defaults. */
import { benchWorkflow, recipientOf, workflowId } from '../../../bench/n8n/workflows';

const target = { phoneNumberId: '106540352242922', baseUrl: 'http://127.0.0.1:4010', accessToken: 'SANDBOX-TOKEN' };
const benchCase = { cap: 80, items: 2_000 };

const sendingNode = (side: 'node' | 'http-tuned' | 'http-default'): Record<string, unknown> =>
	benchWorkflow(side, benchCase, target, 3).nodes.find((node) => node.name === 'Send messages')!;

it('makes the messages with a Code node whose recipients name each message', () => {
	const workflow = benchWorkflow('node', benchCase, target, 1);
	const generator = workflow.nodes.find((node) => node.name === 'Make messages') as { parameters: { jsCode: string } };
	// eslint-disable-next-line no-new-func
	const items = new Function(generator.parameters.jsCode)() as Array<{ json: { id: number; to: string; text: string } }>;

	expect(items).toHaveLength(2_000);
	expect(items[1_999].json).toEqual({ id: 1_999, to: '+15550001999', text: 'Benchmark message 1999' });
	expect(recipientOf(1_999)).toBe('15550001999');
	expect(workflow.id).toBe(workflowId('node', benchCase));
	expect(workflow.connections).toEqual({
		'When clicking Execute': { main: [[{ node: 'Make messages', type: 'main', index: 0 }]] },
		'Make messages': { main: [[{ node: 'Send messages', type: 'main', index: 0 }]] },
	});
});

it('sends through our node at a rate limit equal to the cap, with the sandbox credentials and the given node version', () => {
	expect(sendingNode('node')).toMatchObject({
		type: 'n8n-nodes-whatsapp-numbers.whatsAppNumbers',
		typeVersion: 3,
		parameters: {
			resource: 'message',
			operation: 'sendMessage',
			phoneNumberId: { __rl: true, mode: 'id', value: '106540352242922' },
			to: '={{ $json.to }}',
			messageType: 'text',
			text: '={{ $json.text }}',
			options: { ratePerSecond: 80 },
		},
		credentials: { whatsAppNumbersApi: { id: 'waSandboxApiCred01', name: 'WhatsApp sandbox' } },
	});
});

it('posts the same JSON with the HTTP Request node, batched to the cap per second or with the defaults', () => {
	const request = {
		type: 'n8n-nodes-base.httpRequest',
		parameters: {
			method: 'POST',
			url: 'http://127.0.0.1:4010/v25.0/106540352242922/messages',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer SANDBOX-TOKEN' }] },
			sendBody: true,
			specifyBody: 'json',
		},
	};
	expect(sendingNode('http-tuned')).toMatchObject({ ...request, parameters: { ...request.parameters, options: { batching: { batch: { batchSize: 80, batchInterval: 1_000 } } } } });
	expect(sendingNode('http-default')).toMatchObject({ ...request, parameters: { ...request.parameters, options: {} } });

	// The expression n8n evaluates per item, with $json bound to a generated message.
	const jsonBody = String((sendingNode('http-tuned').parameters as { jsonBody: string }).jsonBody);
	// eslint-disable-next-line no-new-func
	const evaluate = new Function('$json', `return ${jsonBody.slice(3, -2)};`) as (json: unknown) => string;
	expect(JSON.parse(evaluate({ to: '+15550000007', text: 'Benchmark message 7' }))).toEqual({
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: '+15550000007',
		type: 'text',
		text: { preview_url: false, body: 'Benchmark message 7' },
	});
});
