/**
 * A harness that runs our n8n nodes inside n8n-core's real execution engine (the engine of the
 * n8n 2.8.4 we test end to end): real contexts, credential resolution with our credentials'
 * `authenticate` blocks, n8n's HTTP helpers (nock intercepts), n8n's error wrapping.
 *
 *   const run = await executeNode({
 *     node: 'whatsAppNumbers',
 *     parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) },
 *     credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
 *     items: [{ json: {} }],
 *   });
 *   run.items;  // the output items, or
 *   run.error;  // the error as n8n stores and shows it
 */
export { errorText, executeNode, failureOf, outputOf, type ExecuteSetup, type NodeRun, type StoredNodeError } from './execute';
export { listSearch, loadOptions, resourceMapping, type MethodCall } from './methods';
export { receiveWebhook, type RecordedResponse, type WebhookRequest, type WebhookResult } from './webhook';
export { activatePollingTrigger, activateWebhookTrigger, callWebhookMethod, type ActivePollingTrigger, type ActiveWebhookTrigger, type HookCall, type HookMethod } from './triggers';
export { testCredential } from './credentialTest';
export { clearRecords, logLines, reportedErrors, type LogLine } from './services';
export { INSTANCE_URL } from './additionalData';
export { DEFAULT_WEBHOOK_ID, WORKFLOW_ID, type NodeSetup } from './workflow';
export { binaryFile } from './binaryData';
export { executeFunctions } from './context';
export { recordRequests, type RequestLog, type SentRequest } from './requests';
export { requestProductionWebhook, type ProductionRequest } from './webhookService';
