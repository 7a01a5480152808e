/**
 * The harness itself, independent of our nodes: a real n8n installed on demand runs a workflow
 * imported through the CLI (`n8n execute --id`), also one whose run data is megabytes long, and a
 * started n8n serves a production webhook whose execution is read back through the public API.
 */
import { N8nInstance, nodeOutput } from '../../../scripts/n8n/launcher';
import { INSTALL_TIMEOUT_MS, SUITE_TIMEOUT_MS, loadWorkflow, prepareN8n } from './support';

describe('real n8n harness', () => {
	let n8n: N8nInstance | undefined;

	beforeAll(async () => {
		const install = await prepareN8n();
		n8n = await N8nInstance.create({ install });
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
	}, 60_000);

	it(
		'runs an imported Manual Trigger → Set workflow with `n8n execute` and returns its run data',
		async () => {
			const workflow = loadWorkflow('smoke');
			await n8n!.importWorkflows([workflow]);

			const run = await n8n!.execute(workflow.id);

			expect(run.ok).toBe(true);
			expect(nodeOutput(run.data, 'Set greeting')).toEqual([{ greeting: 'hello from n8n', sum: 42 }]);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'returns every item of a 10,000-item run (about 10 MB of run data) from `n8n execute`',
		async () => {
			const workflow = loadWorkflow('tenThousandItems');
			await n8n!.importWorkflows([workflow]);

			const run = await n8n!.execute(workflow.id);

			expect(run.ok).toBe(true);
			const items = nodeOutput(run.data, 'Make items');
			expect(items).toHaveLength(10_000);
			expect(new Set(items.map((item) => item.id)).size).toBe(10_000);
			expect(items[0]).toEqual({ id: 'item-00000', index: 0, filler: 'x'.repeat(900) });
			expect(items[9_999]).toEqual({ id: 'item-09999', index: 9_999, filler: 'x'.repeat(900) });
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'serves an activated webhook workflow and reports its execution through the public API',
		async () => {
			const workflow = loadWorkflow('smokeWebhook');
			await n8n!.importWorkflows([workflow]);
			await n8n!.start();
			await n8n!.setupOwnerAndApiKey();
			await n8n!.activate(workflow.id, ['wa-harness-smoke']);

			const response = await n8n!.http('POST', '/webhook/wa-harness-smoke', { body: { hello: 'world' } });

			expect(response.status).toBe(200);
			const [execution] = await n8n!.waitForExecutions(workflow.id, 1);
			expect(execution).toMatchObject({ status: 'success', mode: 'webhook', finished: true });
			expect(nodeOutput(execution.data, 'Echo')).toEqual([{ received: 'world' }]);
		},
		SUITE_TIMEOUT_MS,
	);
});
