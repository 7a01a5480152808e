/**
 * Runs one of our nodes through n8n-core's WorkflowExecute, as n8n's own NodeTestHarness does: the
 * node is put on the execution stack with the given input items and the engine runs it with a real
 * ExecuteContext (parameters, credentials, request helpers, continue-on-fail, error wrapping). The
 * result is what n8n stores for the node: its output items, or the error the user reads.
 */
import { WorkflowExecute } from 'n8n-core';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypes, IRun, ITaskData, WorkflowExecuteMode } from 'n8n-workflow';
import { createDeferredPromise, createRunExecutionData } from 'n8n-workflow';

import { additionalData } from './additionalData';
import { buildWorkflow, type NodeSetup } from './workflow';

export interface ExecuteSetup extends NodeSetup {
	/** Input items (default: one empty item, as after a Manual Trigger). */
	items?: INodeExecutionData[];
	/** `manual` (a test run in the editor, the default) or `trigger`/`webhook` (a production run). */
	mode?: WorkflowExecuteMode;
	/** Fails the run unless every item the node itself returned names its input item (default true). */
	checkPairedItems?: boolean;
}

/** The error as n8n stores it in the run (a copy of the thrown error's fields) and shows it. */
export interface StoredNodeError {
	name: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
	messages?: string[];
	context?: Record<string, unknown>;
	/** What a NodeApiError was built from (our nodes: the core's error fields). */
	errorResponse?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface NodeRun {
	/** The node's first output, as the next node would receive it. */
	items: INodeExecutionData[];
	/** Every output of the node. */
	outputs: INodeExecutionData[][];
	/** The error stored for the node when it failed (undefined on success, also with continue-on-fail). */
	error?: StoredNodeError;
	/** What `execute()` itself returned, before n8n fills in missing pairedItem. */
	returned?: INodeExecutionData[][];
	status: IRun['status'];
	run: IRun;
}

/**
 * Every field n8n keeps of a node error, as text, except `node`: n8n's copy of the node, whose
 * parameters hold what the user typed into the workflow (a PIN included), as the workflow itself
 * does. What our node adds (message, description, messages, errorResponse, context) is all here.
 */
export function errorText(error: StoredNodeError | undefined): string {
	if (!error) return '';
	const { node: _node, ...rest } = error;
	return JSON.stringify(rest);
}

/** Node types that record what our node's `execute()` returned, leaving its behaviour unchanged. */
function recordingNodeTypes(nodeTypes: INodeTypes, record: (output: INodeExecutionData[][]) => void): INodeTypes {
	return {
		...nodeTypes,
		getByName: (type) => nodeTypes.getByName(type),
		getKnownTypes: () => nodeTypes.getKnownTypes(),
		getByNameAndVersion(type, version) {
			const nodeType = nodeTypes.getByNameAndVersion(type, version);
			const execute = nodeType.execute;
			if (!execute) return nodeType;
			const recording: INodeType = Object.create(nodeType);
			recording.execute = async function (this: IExecuteFunctions) {
				const output = (await execute.call(this)) as INodeExecutionData[][];
				record(structuredClone(output));
				return output;
			};
			return recording;
		},
	};
}

/** Every item the node returned must point at an input item that exists (n8n's item linking). */
export function assertPairedItems(returned: INodeExecutionData[][], inputCount: number): void {
	returned.forEach((output, outputIndex) =>
		output?.forEach((item, index) => {
			const paired = item.pairedItem;
			const links = (Array.isArray(paired) ? paired : [paired]).map((link) => (typeof link === 'number' ? { item: link } : link));
			if (paired === undefined || links.some((link) => !link || link.item < 0 || link.item >= inputCount)) {
				throw new Error(`Output ${outputIndex}, item ${index} has pairedItem ${JSON.stringify(paired)}; it must name one of the ${inputCount} input item(s).`);
			}
		}),
	);
}

export async function executeNode(setup: ExecuteSetup): Promise<NodeRun> {
	let returned: INodeExecutionData[][] | undefined;
	const { workflow, node, workflowData, credentialsHelper } = await buildWorkflow(setup, (loaded) => recordingNodeTypes(loaded, (output) => (returned = output)));
	const mode = setup.mode ?? 'manual';
	const data = additionalData({ credentialsHelper, mode, workflow: workflowData });
	const finished = createDeferredPromise<IRun>();
	data.hooks?.addHandler('workflowExecuteAfter', (fullRunData) => finished.resolve(fullRunData));
	const items = setup.items ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});

	await new WorkflowExecute(data, mode, runExecutionData).processRunExecutionData(workflow);
	const run = await finished.promise;

	const task: ITaskData | undefined = run.data.resultData.runData[node.name]?.[0];
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	const error = (task?.error ?? run.data.resultData.error) as StoredNodeError | undefined;
	if (returned && setup.checkPairedItems !== false) assertPairedItems(returned, items.length);
	return { items: outputs[0] ?? [], outputs, error, returned, status: run.status, run };
}

/** The output items of a run that must succeed; a failed run fails the test with the error n8n stored. */
export async function outputOf(setup: ExecuteSetup): Promise<INodeExecutionData[]> {
	const run = await executeNode(setup);
	if (run.error || run.status !== 'success') throw new Error(`Expected the node to succeed, but the run ended "${run.status}": ${run.error?.name}: ${run.error?.message}`);
	return run.items;
}

/** The error n8n stored for a run that must fail with nothing output. */
export async function failureOf(setup: ExecuteSetup): Promise<StoredNodeError> {
	const run = await executeNode(setup);
	if (!run.error || run.status !== 'error' || run.items.length) throw new Error(`Expected the node to fail with nothing output, but the run ended "${run.status}" with ${run.items.length} item(s).`);
	return run.error;
}
