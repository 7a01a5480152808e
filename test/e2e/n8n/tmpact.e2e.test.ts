import { N8nInstance } from '../../../scripts/n8n/launcher';
import { loadWorkflow, prepareN8n } from './support';
test('act', async () => {
	const n8n = await N8nInstance.create({ install: await prepareN8n() });
	try {
		const workflow = loadWorkflow('smokeWebhook');
		await n8n.importWorkflows([workflow]);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		await n8n.publicApi('POST', `/workflows/${workflow.id}/activate`);
		const t0 = Date.now();
		for (let i = 0; i < 12; i++) {
			const o = await n8n.http('OPTIONS', '/webhook/wa-harness-smoke', { headers: { origin: n8n.baseUrl, 'access-control-request-method': 'POST' } });
			const g = await n8n.http('GET', '/webhook/wa-harness-smoke');
			console.log(Date.now() - t0, o.status, o.text.slice(0, 100), '|', g.status, g.text.slice(0, 150));
			await new Promise((r) => setTimeout(r, 500));
		}
	} finally { await n8n.stop(); }
}, 300000);
