/** Executions read back through n8n's public API, waited for with a bound. */
import type { N8nExecution, N8nInstance } from '../../../../../scripts/n8n/launcher';
import { waitFor } from '../../../../../scripts/n8n/waits';

const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** Waits until execution `id` has finished (any outcome) and returns it with its run data. */
export async function waitForExecution(n8n: N8nInstance, id: string, timeoutMs = 120_000): Promise<N8nExecution> {
	let last: N8nExecution | undefined;
	return waitFor(
		async () => {
			last = await n8n.publicApi<N8nExecution>('GET', `/executions/${id}?includeData=true`);
			return UNFINISHED.has(last.status) ? undefined : last;
		},
		{
			timeoutMs,
			intervalMs: 500,
			timeoutError: () => new Error(`Execution ${id} is still "${last?.status ?? 'unknown'}" after ${Math.round(timeoutMs / 1000)} s. Last lines of n8n's log:\n${n8n.logTail(30)}`),
		},
	);
}

/** Throws with n8n's own error when an execution did not succeed (so a failed run reads as its cause). */
export function expectSucceeded(execution: N8nExecution): void {
	if (execution.status === 'success') return;
	const error = execution.data?.resultData.error;
	throw new Error(`Execution ${execution.id} ended "${execution.status}"${error ? `: ${JSON.stringify(error).slice(0, 2000)}` : ''}`);
}
