/**
 * A real ExecuteContext of one of our nodes, made as n8n-core's WorkflowExecute makes it for a run,
 * for tests that call a node's building blocks directly (the transport, the client factory) with
 * what n8n really hands them: credentials resolved by the harness's credentials service, n8n's
 * request helpers. A whole node run goes through `executeNode` instead.
 */
import { ExecuteContext } from 'n8n-core';
import type { IExecuteFunctions, INodeExecutionData, WorkflowExecuteMode } from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import { additionalData } from './additionalData';
import { buildWorkflow, type NodeSetup } from './workflow';

export async function executeFunctions(setup: NodeSetup & { items?: INodeExecutionData[]; mode?: WorkflowExecuteMode }): Promise<IExecuteFunctions> {
	const { workflow, node, workflowData, credentialsHelper } = await buildWorkflow(setup);
	const mode = setup.mode ?? 'manual';
	const items = setup.items ?? [{ json: {} }];
	const data = additionalData({ credentialsHelper, mode, workflow: workflowData });
	const inputData = { main: [items] };
	return new ExecuteContext(workflow, node, data, mode, createRunExecutionData(), 0, items, inputData, { node, data: inputData, source: null }, []);
}
