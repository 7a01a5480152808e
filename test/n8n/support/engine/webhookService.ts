/**
 * The production webhooks of active workflows, by HTTP method and path, as n8n's webhook service
 * keeps them (the CLI's WebhookService): n8n stores a trigger's webhooks before it runs their
 * `checkExists`/`create` (ActiveWorkflowManager.addWebhooks, n8n 2.8.4), so a verification request
 * that arrives during `create` (Meta's challenge) already reaches the workflow; they are removed
 * after `delete` on deactivation. A request to an URL nobody registered gets n8n's 404.
 */
import type { IWebhookData } from 'n8n-workflow';

import { INSTANCE_URL } from './additionalData';
import { deliverWebhook, type WebhookRequest, type WebhookResult } from './webhook';
import type { BuiltWorkflow } from './workflow';

interface Registration {
	built: BuiltWorkflow;
	webhookName: string;
}

const registered = new Map<string, Registration>();

const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/^\/+|\/+$/g, '')}`;

export function registerWebhook(built: BuiltWorkflow, webhook: IWebhookData): void {
	registered.set(keyOf(webhook.httpMethod, webhook.path), { built, webhookName: webhook.webhookDescription.name as string });
}

export function unregisterWebhooks(built: BuiltWorkflow): void {
	for (const [key, registration] of registered) if (registration.built === built) registered.delete(key);
}

export interface ProductionRequest extends Omit<WebhookRequest, 'webhookName'> {
	method: string;
	/** The full production URL, e.g. `${INSTANCE_URL}/webhook/<webhookId>/webhook?hub.mode=…` (its query is read too). */
	url: string;
}

/** A request to a production webhook URL: handed to the active workflow that registered it, or undefined (n8n's 404). */
export async function requestProductionWebhook(request: ProductionRequest): Promise<WebhookResult | undefined> {
	const url = new URL(request.url);
	const prefix = new URL(`${INSTANCE_URL}/webhook/`).pathname;
	if (url.origin !== new URL(INSTANCE_URL).origin || !url.pathname.startsWith(prefix)) return undefined;
	const registration = registered.get(keyOf(request.method, url.pathname.slice(prefix.length)));
	if (!registration) return undefined;
	const query = { ...Object.fromEntries(url.searchParams), ...request.query };
	return await deliverWebhook(registration.built, { webhookName: registration.webhookName, headers: request.headers, query, body: request.body });
}
