/**
 * The core's WhatsAppError (or its JSON form, as batch results carry it) as n8n errors and as
 * continue-on-fail items. The message is the core's (what happened + what to do next); n8n's own
 * generic texts ("Bad request - please check your parameters") never replace it.
 */
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { IDENTITY_MISMATCH_CODE, redact, WhatsAppError, WhatsAppErrorJson } from '../../shared';

/** The fields of `WhatsAppError.toJSON()`, also found in batch results. */
export type ErrorInfo = WhatsAppErrorJson;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The structured form of a core error, or undefined for anything else. */
export function errorInfo(error: unknown): ErrorInfo | undefined {
	if (error instanceof WhatsAppError) return error.toJSON();
	if (isRecord(error) && typeof error.message === 'string' && typeof error.category === 'string') return error as unknown as ErrorInfo;
	return undefined;
}

/** Code, trace ID, next step and Meta's own words: what support needs, shown under the message. */
export function errorDescription(info: ErrorInfo): string {
	const lines: string[] = [];
	if (info.nextStep) lines.push(`Next step: ${info.nextStep}`);
	const facts: string[] = [];
	if (info.code !== undefined) facts.push(`Meta error code ${info.code}${info.subcode !== undefined ? ` (subcode ${info.subcode})` : ''}`);
	if (info.httpStatus !== undefined) facts.push(`HTTP ${info.httpStatus}`);
	if (info.fbtraceId) facts.push(`fbtrace_id ${info.fbtraceId} (quote it to Meta support)`);
	if (facts.length) lines.push(facts.join(' · '));
	if (info.details && !info.message.includes(info.details)) lines.push(`Meta says: ${info.details}`);
	return redact(lines.join('\n'));
}

function messageOf(error: unknown): string {
	return redact(error instanceof Error ? error.message : String(error));
}

/**
 * The n8n error to throw for any failure: input mistakes become NodeOperationError, everything
 * Meta or the network answered becomes NodeApiError. n8n errors pass through (with the item index).
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	const info = errorInfo(error);
	if (!info) return new NodeOperationError(node, messageOf(error), { itemIndex });
	const description = errorDescription(info);
	if (info.category === 'invalid_input' && info.httpStatus === undefined) {
		return new NodeOperationError(node, info.message, { itemIndex, description });
	}
	const apiError = new NodeApiError(node, info as unknown as JsonObject, {
		message: info.message,
		description,
		httpCode: info.httpStatus !== undefined ? String(info.httpStatus) : undefined,
		itemIndex,
	});
	// NodeApiError swaps messages that mention network codes for its own wording; keep the core's.
	apiError.message = info.message;
	return apiError;
}

/** The item a continue-on-fail run outputs for a failed input item, so the workflow can branch on it. */
export function errorItemJson(error: unknown): IDataObject {
	const info = errorInfo(error);
	if (!info) return { error: messageOf(error), errorCategory: 'unknown', errorCode: null, nextStep: null, identityMismatch: false };
	const json: IDataObject = {
		error: info.message,
		errorCategory: info.category,
		errorCode: info.code ?? null,
		nextStep: info.nextStep ?? null,
		identityMismatch: info.code === IDENTITY_MISMATCH_CODE,
	};
	if (info.subcode !== undefined) json.errorSubcode = info.subcode;
	if (info.retry?.action) json.retryAction = info.retry.action;
	if (info.retry?.afterMs !== undefined) json.retryAfterMs = info.retry.afterMs;
	if (info.httpStatus !== undefined) json.httpStatus = info.httpStatus;
	if (info.fbtraceId) json.fbtraceId = info.fbtraceId;
	if (info.details) json.details = info.details;
	if (info.field) json.field = info.field;
	if (info.operation) json.operation = info.operation;
	return json;
}

/**
 * The output item of a failed input item under "On Error: Continue". With "(using regular output)"
 * (and the older Continue On Fail) its JSON is `errorItemJson`, the fields the workflow branches on.
 * With "(using error output)" n8n moves an item to the error output only when its JSON has no keys
 * but `error` and `message` (WorkflowExecute.handleNodeErrorOutput in n8n-core 2.8 and 2.41; an item
 * carrying an n8n error in `error` would have its JSON cut down to the message): there the same
 * fields go under `error`, the message beside them, and n8n adds the input item's fields.
 */
export function errorItem(node: INode, error: unknown, itemIndex: number): INodeExecutionData {
	const json = errorItemJson(error);
	if (node.onError === 'continueErrorOutput') return { json: { message: json.error, error: json }, pairedItem: { item: itemIndex } };
	return { json, pairedItem: { item: itemIndex } };
}
