/**
 * In a real, started n8n (our package installed from its tarball), version 2 of the action node:
 * the template picker lists the sandbox's approved templates (n8n runs our list search), the
 * parameter mapper offers the chosen template's placeholders, and a workflow built from those picks
 * sends the template to several recipients with their names mapped from the items. A recipient
 * whose mapping is wrong fails on its own item (continue on fail) and nothing is sent for it.
 */
import path from 'node:path';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { N8nInstance, loadWorkflowFile, nodeOutput, SANDBOX_CREDENTIALS, sandboxCredentialSeeds } from '../../../scripts/n8n/launcher';
import { INSTALL_TIMEOUT_MS, SUITE_TIMEOUT_MS, installOurPackage, prepareN8n, N8N_RECIPES } from './support';

const NODE_TYPE = 'n8n-nodes-whatsapp-numbers.whatsAppNumbers';
const SEND_NODE = 'Send order update';
const WEBHOOK_PATH = 'wa-e2e-send-template';

const recipients = [
	{ phone: '+1 555 010 1001', first_name: 'Ana', order_id: 'A-1001' },
	{ phone: '+1 555 010 1002', first_name: 'Bo', order_id: 'A-1002' },
	{ phone: '+1 555 010 1003', first_name: 'Cy', order_id: '' },
	{ phone: '+1 555 010 1004', first_name: 'Di', order_id: 'A-1004' },
];

describe.each(N8N_RECIPES)('%s n8n: sending a template with its parameters mapped by name', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let cookie: string;
	const sandboxRequests: string[] = [];

	/** Calls n8n's editor endpoint for a node's dynamic parameters, as the editor does when the user opens a picker. */
	const dynamicParameters = async <T>(endpoint: string, body: Record<string, unknown>): Promise<T> => {
		const response = await n8n!.http('POST', `/rest/dynamic-node-parameters/${endpoint}`, {
			headers: { cookie },
			body: {
				nodeTypeAndVersion: { name: NODE_TYPE, version: 2 },
				credentials: { whatsAppNumbersApi: { id: SANDBOX_CREDENTIALS.api.id, name: SANDBOX_CREDENTIALS.api.name } },
				...body,
			},
		});
		if (response.status !== 200) throw new Error(`n8n ${endpoint} answered HTTP ${response.status}: ${response.text.slice(0, 800)}\n${n8n!.logTail(20)}`);
		return (response.json() as { data: T }).data;
	};

	const sendParameters = { resource: 'message', operation: 'sendMessage', messageType: 'template' };

	beforeAll(async () => {
		const install = await prepareN8n(recipe);
		sandbox = await startSandbox({ port: 0, logRequests: true, log: (line) => sandboxRequests.push(line) });
		n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		await n8n.start();
		cookie = await n8n.setupOwner();
		await n8n.createApiKey(cookie);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	it(
		'picks the template from the list, maps the parameters it offers, and sends to every recipient but the one mapped wrong',
		async () => {
			// The picker: n8n runs the node's list search against the sandbox (approved templates only).
			const listed = await dynamicParameters<{ results: Array<{ name: string; value: string }> }>('resource-locator-results', {
				path: 'parameters.templateId',
				methodName: 'searchApprovedTemplates',
				filter: 'order',
				currentNodeParameters: sendParameters,
			});
			expect(listed.results).toEqual([{ name: 'order_update · en_US · UTILITY', value: '700000000000002' }]);
			const picked = listed.results[0];

			// The mapper: one field per placeholder of the picked template.
			const mapper = await dynamicParameters<{ fields: Array<Record<string, unknown>> }>('resource-mapper-fields', {
				path: 'parameters.templateValues',
				methodName: 'getTemplateParameters',
				currentNodeParameters: { ...sendParameters, templateId: { __rl: true, mode: 'list', value: picked.value } },
			});
			expect(mapper.fields.map((field) => [field.id, field.displayName, field.required])).toEqual([
				['first_name', 'Body {{first_name}} (e.g. Pablo)', true],
				['order_id', 'Body {{order_id}} (e.g. 860198-230332)', true],
			]);

			// The workflow as the editor saves it after those picks.
			const workflow = loadWorkflowFile(path.join(__dirname, 'fixtures', 'sendTemplate.workflow.json'), {
				PHONE_NUMBER_ID: sandbox!.phoneNumberId,
				TEMPLATE_ID: picked.value,
				TEMPLATE_LABEL: picked.name,
				SCHEMA: JSON.stringify(mapper.fields),
			});
			const created = await n8n!.publicApi<{ id: string }>('POST', '/workflows', { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings });
			await n8n!.activate(created.id, [WEBHOOK_PATH]);
			sandboxRequests.length = 0;

			const posted = await n8n!.http('POST', `/webhook/${WEBHOOK_PATH}`, { body: { recipients } });
			expect(posted.status).toBe(200);
			const [execution] = await n8n!.waitForExecutions(created.id, 1);

			const items = nodeOutput(execution.data, SEND_NODE);
			expect(items).toHaveLength(4);
			expect(items.map((item) => item.to ?? null)).toEqual(['+15550101001', '+15550101002', null, '+15550101004']);
			expect(items.filter((item) => typeof item.messageId === 'string' && String(item.messageId).startsWith('wamid.'))).toHaveLength(3);
			expect(items[2]).toMatchObject({
				error: 'Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent. Map a value to order_id, e.g. from a column of your data.',
				errorCategory: 'invalid_input',
				field: 'Template Values',
			});
			// The template was read once for the run; the wrongly mapped recipient cost no request.
			expect(sandboxRequests.filter((line) => line.startsWith('GET /v25.0/700000000000002 '))).toHaveLength(1);
			const sends = sandboxRequests.filter((line) => line.startsWith(`POST /v25.0/${sandbox!.phoneNumberId}/messages `));
			expect(sends).toHaveLength(3);
			expect(sends.every((line) => line.endsWith('→ 200'))).toBe(true);
		},
		SUITE_TIMEOUT_MS,
	);
});
