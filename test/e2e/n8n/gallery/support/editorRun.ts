/**
 * Runs a workflow the way the editor's "Execute workflow" button does (`POST /rest/workflows/:id/run`
 * from the chosen trigger, as the logged-in owner), inside the running n8n, then waits for the
 * execution to finish and returns it with its run data.
 *
 * Why not `n8n execute`: that command does not start n8n's modules, so a Data table node there
 * fails with "the module is disabled" (checked in 2.8.4: only `start`, `webhook` and `worker`
 * call `initModules`). Templates that keep state in Data tables are run in the server instead.
 *
 * The body works for both tested n8n versions: 2.8.4 reads `workflowData` (it must carry the id),
 * 2.41.1 reads the stored workflow and validates `triggerToStartFrom` (unknown keys are dropped).
 */
import type { N8nExecution, N8nInstance, N8nWorkflow } from '../../../../../scripts/n8n/launcher';
import { waitForExecution } from './executions';

/** Starts a manual run from `triggerName` and waits (bounded) until it has finished. */
export async function runFromEditor(n8n: N8nInstance, cookie: string, workflowId: string, triggerName: string, timeoutMs = 120_000): Promise<N8nExecution> {
	const stored = await n8n.publicApi<N8nWorkflow>('GET', `/workflows/${workflowId}`);
	const workflowData = { id: workflowId, name: stored.name, nodes: stored.nodes, connections: stored.connections, settings: stored.settings ?? {}, pinData: {} };
	const started = await n8n.http('POST', `/rest/workflows/${workflowId}/run`, {
		headers: { cookie },
		body: { workflowData, triggerToStartFrom: { name: triggerName } },
	});
	if (started.status !== 200) throw new Error(`Starting "${stored.name}" from "${triggerName}" answered HTTP ${started.status}: ${started.text.slice(0, 800)}\n${n8n.logTail(20)}`);
	const executionId = (started.json() as { data?: { executionId?: string } }).data?.executionId;
	if (!executionId) throw new Error(`n8n started no execution of "${stored.name}" (answer: ${started.text.slice(0, 300)}); does the trigger "${triggerName}" wait for a webhook?`);
	return waitForExecution(n8n, executionId, timeoutMs);
}
