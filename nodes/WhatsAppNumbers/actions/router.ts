/**
 * Runs the chosen core operation for the input items. Per item by default; operations listed in
 * BATCH_OPERATIONS (sending messages) run once for all items through the core's batch send
 * (actions/batch.ts), so pacing spans the whole run and each result goes back to its own item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findOperation, GraphClient, OperationDefinition, runOperation } from '../../../shared';
import { PhoneNumberResolver } from '../common/phoneNumberLocator';
import { errorItem, toNodeError } from '../errors';
import { graphClient } from '../transport';
import { splitFileOutput } from './binary';
import { runBatch } from './batch';
import { OperationReader } from './input';
import { BATCH_OPERATIONS } from './resources';

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
	const reader = new OperationReader(context, operation, resolver);
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const raw = await reader.read(itemIndex);
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
