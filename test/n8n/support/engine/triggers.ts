/**
 * Activating and deactivating trigger nodes as an active workflow does in n8n, with one Workflow
 * object (and so one static data) kept for the whole lifetime, as n8n keeps it in memory:
 * - webhook triggers: the CLI's ActiveWorkflowManager/WebhookService store each webhook (so its
 *   production URL answers, webhookService.ts), run its `checkExists`, then `create` when it does not
 *   exist, and `delete` on deactivation, every call through a real HookContext; requests then reach
 *   `webhook()` through a real WebhookContext;
 * - polling triggers: n8n-core's ActiveWorkflows polls once at activation (an error fails the
 *   activation) and registers the Poll Times with the scheduler; `poll()` runs that registration
 *   as if its time had come, so each poll gets the PollContext n8n created at activation.
 */
import { Container } from '@n8n/di';
import { ActiveWorkflows, HookContext, PollContext, TriggerContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IWebhookData, WorkflowActivateMode } from 'n8n-workflow';

import { additionalData } from './additionalData';
import { scheduler } from './schedule';
import { deliverWebhook, nodeWebhooks, type WebhookRequest, type WebhookResult } from './webhook';
import { registerWebhook, unregisterWebhooks } from './webhookService';
import { buildWorkflow, type BuiltWorkflow, type NodeSetup } from './workflow';

export type HookMethod = 'checkExists' | 'create' | 'delete';

export interface HookCall {
	webhook: string;
	method: HookMethod;
	result: unknown;
}

export interface ActiveWebhookTrigger {
	built: BuiltWorkflow;
	/** The workflow's static data (what n8n saves after activation). */
	staticData: IDataObject;
	/** Every webhook method n8n called, in order. */
	calls: HookCall[];
	/** The production URL of one of the node's webhooks, as the node sees it. */
	webhookUrl(name: string): string | undefined;
	receive(request: WebhookRequest): Promise<WebhookResult>;
	deactivate(): Promise<void>;
}

async function runHookMethod(built: BuiltWorkflow, webhook: IWebhookData, method: HookMethod, activation: WorkflowActivateMode, calls: HookCall[]): Promise<unknown> {
	const { workflow, node } = built;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const name = webhook.webhookDescription.name as string;
	const fn = (nodeType.webhookMethods as Record<string, Partial<Record<HookMethod, (this: HookContext) => Promise<boolean>>>> | undefined)?.[name]?.[method];
	if (!fn) return undefined;
	const result = await fn.call(new HookContext(workflow, node, webhook.workflowExecuteAdditionalData, 'trigger', activation, webhook));
	calls.push({ webhook: name, method, result });
	return result;
}

/** Activates a webhook trigger (checkExists, then create when needed, for each webhook). */
export async function activateWebhookTrigger(setup: NodeSetup, activation: WorkflowActivateMode = 'activate'): Promise<ActiveWebhookTrigger> {
	const built = await buildWorkflow({ active: true, ...setup });
	const data = additionalData({ credentialsHelper: built.credentialsHelper, mode: 'trigger', workflow: built.workflowData });
	const webhooks = nodeWebhooks(built.workflow, built.node, data);
	const calls: HookCall[] = [];
	try {
		// As n8n: each webhook is reachable (stored) before its checkExists/create run.
		for (const webhook of webhooks) {
			registerWebhook(built, webhook);
			if (!(await runHookMethod(built, webhook, 'checkExists', activation, calls))) await runHookMethod(built, webhook, 'create', activation, calls);
		}
	} catch (error) {
		unregisterWebhooks(built);
		throw error;
	}
	return {
		built,
		staticData: built.workflow.staticData,
		calls,
		webhookUrl: (name) => {
			const webhook = webhooks.find((candidate) => candidate.webhookDescription.name === name);
			return webhook ? new HookContext(built.workflow, built.node, data, 'trigger', activation, webhook).getNodeWebhookUrl(name as 'default' | 'setup') : undefined;
		},
		receive: async (request) => await deliverWebhook(built, request),
		deactivate: async () => {
			try {
				for (const webhook of webhooks) await runHookMethod(built, webhook, 'delete', 'activate', calls);
			} finally {
				unregisterWebhooks(built);
			}
		},
	};
}

/**
 * One lifecycle step of a webhook trigger on its own, through a real HookContext (what n8n runs for
 * that webhook at activation or deactivation): its result, or the error it throws as n8n gets it.
 */
export async function callWebhookMethod(setup: NodeSetup & { method: HookMethod; webhook?: string; activation?: WorkflowActivateMode }): Promise<unknown> {
	const built = await buildWorkflow({ active: true, ...setup });
	const data = additionalData({ credentialsHelper: built.credentialsHelper, mode: 'trigger', workflow: built.workflowData });
	const name = setup.webhook ?? 'default';
	const webhook = nodeWebhooks(built.workflow, built.node, data).find((candidate) => candidate.webhookDescription.name === name);
	if (!webhook) throw new Error(`Node ${built.node.name} declares no webhook named "${name}".`);
	return await runHookMethod(built, webhook, setup.method, setup.activation ?? 'activate', []);
}

export interface ActivePollingTrigger {
	built: BuiltWorkflow;
	staticData: IDataObject;
	/** What each poll handed to n8n to start an execution with (nothing when a poll returned null). */
	emitted: INodeExecutionData[][][];
	/** Errors of polls after activation (n8n records them as failed executions). */
	errors: Error[];
	/** The cron expressions n8n registered from Poll Times. */
	cronExpressions: string[];
	/** Runs the next scheduled poll. */
	poll(): Promise<void>;
	deactivate(): Promise<void>;
}

/** Activates a polling trigger through n8n-core's ActiveWorkflows (which polls once right away). */
export async function activatePollingTrigger(setup: NodeSetup, activation: WorkflowActivateMode = 'activate'): Promise<ActivePollingTrigger> {
	const built = await buildWorkflow({ active: true, ...setup });
	const data = additionalData({ credentialsHelper: built.credentialsHelper, mode: 'trigger', workflow: built.workflowData });
	const activeWorkflows = Container.get(ActiveWorkflows);
	const workflowId = built.workflow.id;
	if (activeWorkflows.isActive(workflowId)) await activeWorkflows.remove(workflowId);
	const emitted: INodeExecutionData[][][] = [];
	const errors: Error[] = [];
	await activeWorkflows.add(
		workflowId,
		built.workflow,
		data,
		'trigger',
		activation,
		(workflow, node, additional, mode, activateMode) => new TriggerContext(workflow, node, additional, mode, activateMode),
		(workflow, node, additional, mode, activateMode) =>
			new PollContext(
				workflow,
				node,
				additional,
				mode,
				activateMode,
				(output) => emitted.push(output),
				(error) => errors.push(error),
			),
	);
	return {
		built,
		staticData: built.workflow.staticData,
		emitted,
		errors,
		cronExpressions: scheduler.crons.filter((cron) => cron.ctx.workflowId === workflowId).map((cron) => String(cron.ctx.expression)),
		poll: async () => await scheduler.tick(workflowId),
		deactivate: async () => {
			await activeWorkflows.remove(workflowId);
		},
	};
}
