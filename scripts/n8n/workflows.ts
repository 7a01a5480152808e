/** Workflows and run data as n8n exports them: loading workflow files, and reading a node's output. */
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './ourPackage';

/** A workflow as exported by n8n (only the fields import needs). */
export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** One node item in run data. */
export interface N8nItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

/** One run of one node: its items, or its error, and when it ran (ms since epoch, and ms taken). */
export interface N8nNodeRun {
	data?: { main?: Array<N8nItem[] | null> };
	error?: Record<string, unknown>;
	executionStatus?: string;
	startTime?: number;
	executionTime?: number;
}

/** The part of n8n's execution data the tests read. */
export interface N8nRunData {
	resultData: {
		runData: Record<string, N8nNodeRun[]>;
		error?: Record<string, unknown>;
		lastNodeExecuted?: string;
	};
}

/** What `n8n execute --id` printed, parsed. */
export interface N8nCliRun {
	/** True when n8n reported success (exit code 0, no resultData.error). */
	ok: boolean;
	status?: string;
	data?: N8nRunData;
	exitCode: number | null;
	/** Everything the command printed, for error messages. */
	output: string;
}

/** An execution read back through the public API with `includeData=true`. */
export interface N8nExecution {
	id: string | number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt?: string | null;
	data?: N8nRunData;
}

/** The first run of a node; throws naming the nodes that ran when it did not run. */
export function nodeRun(data: N8nRunData | undefined, nodeName: string): N8nNodeRun {
	const runs = data?.resultData.runData[nodeName];
	if (!runs?.length) {
		const ran = Object.keys(data?.resultData.runData ?? {}).join(', ') || 'none';
		throw new Error(`Node "${nodeName}" did not run (nodes that ran: ${ran}).${data?.resultData.error ? ` Workflow error: ${JSON.stringify(data.resultData.error).slice(0, 800)}` : ''}`);
	}
	return runs[0];
}

/** The items a node output on its first run (output 0 unless given). */
export function nodeOutput(data: N8nRunData | undefined, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const run = nodeRun(data, nodeName);
	if (run.error) throw new Error(`Node "${nodeName}" failed: ${JSON.stringify(run.error).slice(0, 1500)}`);
	return (run.data?.main?.[outputIndex] ?? []).map((item) => item.json);
}

/**
 * Reads a workflow JSON file, replacing each `__KEY__` token with `values[KEY]` (values that change
 * per run, such as the sandbox URL). A token left unreplaced throws, naming it.
 */
export function loadWorkflowFile(file: string, values: Record<string, string> = {}): N8nWorkflow {
	let text = fs.readFileSync(file, 'utf8');
	for (const [key, value] of Object.entries(values)) text = text.split(`__${key}__`).join(value);
	const leftover = /__[A-Z_]+__/.exec(text);
	if (leftover) throw new Error(`${file} still has ${leftover[0]}; pass a value for it.`);
	return JSON.parse(text) as N8nWorkflow;
}

/** The example workflows `npm start` imports (scripts/n8n/examples/*.workflow.json). */
export function exampleWorkflowFiles(): string[] {
	const dir = path.join(repoRoot(), 'scripts', 'n8n', 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.workflow.json'))
		.sort()
		.map((file) => path.join(dir, file));
}
