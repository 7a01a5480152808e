/**
 * A webhook request reaching a trigger node's `webhook()` through a real WebhookContext, as the
 * CLI's WebhookService.runWebhook does it. n8n's HTTP server (express with its raw-body reader) is
 * not part of n8n-core: the request is built as it leaves that server (headers lower-cased, the
 * query parsed, `rawBody` the exact bytes, `body` the parsed JSON), and the response records what
 * the node wrote to it.
 */
import { WebhookContext } from 'n8n-core';
import type { INode, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData, Workflow, WorkflowExecuteMode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { additionalData } from './additionalData';
import { buildWorkflow, type BuiltWorkflow, type NodeSetup } from './workflow';

/** The node's webhooks as n8n registers them (the CLI's WebhookService.getNodeWebhooks). */
export function nodeWebhooks(workflow: Workflow, node: INode, data: IWorkflowExecuteAdditionalData): IWebhookData[] {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const out: IWebhookData[] = [];
	for (const description of nodeType.description.webhooks ?? []) {
		const rawPath = workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {});
		if (rawPath === undefined) continue;
		const trimmed = rawPath.toString().replace(/^\//, '').replace(/\/$/, '');
		const isFullPath = workflow.expression.getSimpleParameterValue(node, description.isFullPath, 'internal', {}, undefined, false) as boolean;
		const path = NodeHelpers.getNodeWebhookPath(workflow.id, node, trimmed, isFullPath);
		const methods = workflow.expression.getSimpleParameterValue(node, description.httpMethod, 'internal', {}, undefined, 'GET');
		for (const httpMethod of String(methods).split(',').filter(Boolean)) {
			out.push({
				httpMethod: httpMethod.trim() as IWebhookData['httpMethod'],
				node: node.name,
				path,
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: data,
				webhookId: node.webhookId,
			});
		}
	}
	return out;
}

export interface WebhookRequest {
	/** `setup` (Meta's GET verification) or `default` (signed POSTs), as the node declares them. */
	webhookName: string;
	headers?: Record<string, string | string[]>;
	query?: Record<string, unknown>;
	/** The exact bytes received; an object is sent as its JSON text. */
	body?: Buffer | string | object;
}

export interface RecordedResponse {
	statusCode?: number;
	contentType?: string;
	headers: Record<string, string>;
	body?: unknown;
	ended: boolean;
}

/** The parts of express's Response that nodes use, recording instead of sending. */
function recordingResponse(): { recorded: RecordedResponse; response: unknown } {
	const recorded: RecordedResponse = { headers: {}, ended: false };
	const response = {
		status(code: number) {
			recorded.statusCode = code;
			return response;
		},
		type(type: string) {
			recorded.contentType = type;
			return response;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return response;
		},
		set(name: string, value: string) {
			return response.setHeader(name, value);
		},
		send(body: unknown) {
			recorded.body = body;
			recorded.ended = true;
			return response;
		},
		json(body: unknown) {
			recorded.contentType ??= 'application/json';
			return response.send(body);
		},
		end(body?: unknown) {
			if (body !== undefined) recorded.body = body;
			recorded.ended = true;
			return response;
		},
		get headersSent() {
			return recorded.ended;
		},
	};
	return { recorded, response };
}

function incomingRequest(request: WebhookRequest, method: string): Record<string, unknown> {
	const rawBody = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
	let body: unknown = {};
	if (rawBody?.length) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			body = {};
		}
	}
	const headers: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
	return { method, headers, query: request.query ?? {}, params: {}, body, rawBody };
}

export interface WebhookResult {
	/** What `webhook()` returned (workflowData starts an execution; noWebhookResponse: the node answered). */
	result: IWebhookResponseData;
	/** What the node wrote to the HTTP response. */
	response: RecordedResponse;
}

/** Delivers one request to the node of an existing workflow (an active trigger keeps its static data). */
export async function deliverWebhook(built: BuiltWorkflow, request: WebhookRequest, mode: WorkflowExecuteMode = 'webhook'): Promise<WebhookResult> {
	const { workflow, node, workflowData, credentialsHelper } = built;
	const data = additionalData({ credentialsHelper, mode, workflow: workflowData });
	const webhook = nodeWebhooks(workflow, node, data).find((candidate) => candidate.webhookDescription.name === request.webhookName);
	if (!webhook) throw new Error(`Node ${node.name} declares no webhook named "${request.webhookName}".`);
	const { recorded, response } = recordingResponse();
	data.httpRequest = incomingRequest(request, webhook.httpMethod) as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	data.httpResponse = response as IWorkflowExecuteAdditionalData['httpResponse'];
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook) throw new Error(`Node ${node.name} has no webhook() method.`);
	const context = new WebhookContext(workflow, node, data, mode, webhook, [], null);
	const result = await nodeType.webhook.call(context);
	return { result, response: recorded };
}

/** One request to a trigger node that is set up from scratch (no earlier activation). */
export async function receiveWebhook(setup: NodeSetup & { request: WebhookRequest; mode?: WorkflowExecuteMode }): Promise<WebhookResult> {
	return await deliverWebhook(await buildWorkflow({ active: true, ...setup }), setup.request, setup.mode);
}
