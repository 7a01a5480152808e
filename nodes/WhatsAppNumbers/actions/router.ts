/**
 * Runs the chosen core operation for the input items. Per item by default; operations listed in
 * BATCH_OPERATIONS (sending messages) run once for all items through the core's batch operation,
 * so pacing spans the whole run and each result goes back to its own item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findOperation, GraphClient, OperationDefinition, parseInput, runOperation, SendMessagesOutput } from '../../../shared';
import { PhoneNumberResolver } from '../common/phoneNumberLocator';
import { errorItem, toNodeError } from '../errors';
import { graphClient } from '../transport';
import { splitFileOutput } from './binary';
import { readOperationInput, readOptions } from './input';
import { BATCH_OPERATIONS, BatchConfig } from './resources';

/**
 * Output items of one input item. A read whose output is one declared list becomes one item per
 * entry; a file output becomes the item's binary data.
 */
async function outputItems(context: IExecuteFunctions, operation: OperationDefinition, output: unknown, itemIndex: number): Promise<INodeExecutionData[]> {
	const listKey = operation.kind === 'read' ? declaredList(operation) : undefined;
	const list = listKey && output && typeof output === 'object' ? (output as Record<string, unknown>)[listKey] : undefined;
	if (Array.isArray(list)) return list.map((entry) => ({ json: entry as IDataObject, pairedItem: { item: itemIndex } }));
	return [{ ...(await splitFileOutput(context, operation, output, itemIndex)), pairedItem: { item: itemIndex } }];
}

/** `phoneNumbers` for output fields such as `phoneNumbers[]id`, when the output declares exactly one list. */
function declaredList(operation: OperationDefinition): string | undefined {
	const lists = new Set(operation.outputFields.map((field) => /^([A-Za-z0-9_]+)\[\]/.exec(field.key)?.[1]).filter((key): key is string => !!key));
	return lists.size === 1 ? [...lists][0] : undefined;
}

async function runEachItem(context: IExecuteFunctions, client: GraphClient, operation: OperationDefinition, resolver: PhoneNumberResolver): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const raw = await readOperationInput(context, operation, itemIndex, resolver);
			out.push(...(await outputItems(context, operation, await runOperation(operation, client, raw), itemIndex)));
		} catch (error) {
			if (context.continueOnFail()) {
				out.push(errorItem(context.getNode(), error, itemIndex));
				continue;
			}
			throw toNodeError(context.getNode(), error, itemIndex);
		}
	}
	return out;
}

/**
 * All items in one core batch. Without continue-on-fail, every item is checked before anything is
 * sent (its fields here, its template in the core's all-or-nothing batch), so a bad row stops the
 * run with nothing sent; after sending, the first failure is thrown with the count of messages Meta
 * already accepted (so nobody resends them blindly).
 */
async function runBatch(context: IExecuteFunctions, client: GraphClient, operation: OperationDefinition, batch: BatchConfig, resolver: PhoneNumberResolver): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const inputs: Array<Record<string, unknown> | undefined> = [];
	const readErrors = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const raw = await readOperationInput(context, operation, itemIndex, resolver);
			if (!continueOnFail) parseInput(operation, raw);
			inputs[itemIndex] = raw;
		} catch (error) {
			if (!continueOnFail) throw toNodeError(context.getNode(), error, itemIndex);
			readErrors.set(itemIndex, error);
		}
	}

	const options = readOptions(context, 0);
	const pacing: Record<string, unknown> = {};
	for (const key of batch.pacingFields) if (options[key] !== undefined && options[key] !== null && options[key] !== '') pacing[key] = options[key];
	const sendable = inputs.map((input, itemIndex) => (input ? itemIndex : -1)).filter((itemIndex) => itemIndex >= 0);
	let result: Pick<SendMessagesOutput, 'results'> = { results: [] };
	if (sendable.length) {
		try {
			result = await runOperation(batch.operation, client, {
				...pacing,
				[batch.allOrNothingField]: !continueOnFail,
				[batch.itemsField]: sendable.map((itemIndex) => inputs[itemIndex]),
			});
		} catch (error) {
			throw toNodeError(context.getNode(), error);
		}
	}

	const out: INodeExecutionData[] = [];
	const accepted: number[] = [];
	let firstFailure: { itemIndex: number; error: unknown } | undefined;
	result.results.forEach((entry, position) => {
		const itemIndex = sendable[position];
		if (entry.ok) accepted.push(itemIndex);
		// A message held back because another is invalid is not the failure to report.
		else if (!firstFailure && !entry.heldBack) firstFailure = { itemIndex, error: entry.error };
	});
	if (firstFailure && !continueOnFail) {
		const error = toNodeError(context.getNode(), firstFailure.error, firstFailure.itemIndex);
		if (accepted.length) {
			error.description = `${error.description ? `${error.description}\n` : ''}Meta already accepted ${accepted.length} other message(s) of this run (items ${accepted.join(', ')}); do not send those again.`;
		}
		throw error;
	}
	const positionOf = new Map(sendable.map((itemIndex, position) => [itemIndex, position]));
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const position = positionOf.get(itemIndex);
		const entry = position === undefined ? undefined : result.results[position];
		if (entry?.ok) out.push({ json: entry.output as unknown as IDataObject, pairedItem: { item: itemIndex } });
		else out.push(errorItem(context.getNode(), entry ? entry.error : readErrors.get(itemIndex), itemIndex));
	}
	return out;
}

/** The node's execute: resolves the operation from the core's list and runs it. */
export async function route(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operationId = context.getNodeParameter('operation', 0) as string;
	const operation = findOperation(operationId);
	if (!operation || operation.internal) throw new NodeOperationError(context.getNode(), `The operation "${operationId}" is not available in this version of the node.`, { description: 'Pick another operation, or update the package.' });
	let client: GraphClient;
	try {
		client = await graphClient(context);
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
	const resolver = new PhoneNumberResolver(async () => client);
	const batch = BATCH_OPERATIONS[operation.id];
	return [batch ? await runBatch(context, client, operation, batch, resolver) : await runEachItem(context, client, operation, resolver)];
}
