/**
 * Send Message over many items: all of them in one core batch, so pacing spans the whole run and
 * each result goes back to its own item.
 *
 * Versions 1 and 2 read and check every item before the first send (actions/versions.ts). Version
 * 3 streams: items are read while earlier ones are sent, each number starts at its own throughput,
 * and without continue-on-fail the run stops reading at the first failure and says exactly which
 * messages Meta accepted; its totals show as an execution hint and, as an option, a summary item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { BatchSource, GraphClient, OperationDefinition, parseInput, readPacing, runMessageStream, runOperation, SendMessagesOutput, SendMessagesRun } from '../../../shared';
import type { PhoneNumberResolver } from '../common/phoneNumberLocator';
import { errorItem, toNodeError } from '../errors';
import { OperationReader } from './input';
import { BatchConfig, SUMMARY_ITEM_FIELD } from './resources';
import { acceptedNote, addSummaryHint, bulkSendSummary, stopNote, summaryItem } from './summary';
import { nodeVersionOf } from './versions';

/** The pacing options that were set (an empty option is not set). */
function setPacing(options: IDataObject, batch: BatchConfig): Record<string, unknown> {
	const pacing: Record<string, unknown> = {};
	for (const key of batch.pacingFields) if (options[key] !== undefined && options[key] !== null && options[key] !== '') pacing[key] = options[key];
	return pacing;
}

/**
 * Output items in input order: each result on its own item, a failure as an error item. `positions`:
 * the input item of each result, when not every item was sent (all of them, in order, otherwise).
 */
function resultItems(context: IExecuteFunctions, output: Pick<SendMessagesOutput, 'results'>, count: number, readErrors: ReadonlyMap<number, unknown>, positions?: readonly number[]): INodeExecutionData[] {
	const positionOf = positions && new Map(positions.map((itemIndex, position) => [itemIndex, position]));
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const position = positionOf ? positionOf.get(itemIndex) : itemIndex;
		const entry = position === undefined ? undefined : output.results[position];
		if (entry?.ok) out.push({ json: entry.output as unknown as IDataObject, pairedItem: { item: itemIndex } });
		else out.push(errorItem(context.getNode(), readErrors.get(itemIndex) ?? entry?.error, itemIndex));
	}
	return out;
}

/**
 * Logs (debug level) when the first item, a tenth, half and all of the items have been read, with
 * the time: how far reading runs ahead of sending shows in n8n's log (the benchmark reads it).
 */
function readProgress(context: IExecuteFunctions, count: number): (itemIndex: number) => void {
	const milestones = new Map<number, string>([
		[1, 'the first item'],
		[Math.ceil(count / 10), 'a tenth of the items'],
		[Math.ceil(count / 2), 'half of the items'],
		[count, 'every item'],
	]);
	let read = 0;
	return () => {
		read++;
		const milestone = milestones.get(read);
		if (!milestone) return;
		const at = Date.now();
		context.logger?.debug(`Send Message read ${milestone} (${read} of ${count}) at ${at}`, { node: context.getNode().name, itemsRead: read, items: count, at });
	};
}

/**
 * Versions 1 and 2. Without continue-on-fail, every item is checked before anything is sent (its
 * fields here, its template in the core's all-or-nothing batch), so a bad row stops the run with
 * nothing sent; after sending, the first failure is thrown with the messages Meta already accepted.
 */
async function checkedBatch(context: IExecuteFunctions, client: GraphClient, operation: OperationDefinition, batch: BatchConfig, reader: OperationReader): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const inputs: Array<Record<string, unknown> | undefined> = [];
	const readErrors = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const raw = await reader.read(itemIndex);
			if (!continueOnFail) parseInput(operation, raw);
			inputs[itemIndex] = raw;
		} catch (error) {
			if (!continueOnFail) throw toNodeError(context.getNode(), error, itemIndex);
			readErrors.set(itemIndex, error);
		}
	}

	const sendable = inputs.map((input, itemIndex) => (input ? itemIndex : -1)).filter((itemIndex) => itemIndex >= 0);
	let result: SendMessagesOutput = { total: 0, sent: 0, failed: 0, invalid: 0, results: [] };
	if (sendable.length) {
		try {
			result = await runOperation(batch.operation, client, {
				...setPacing(reader.options(0), batch),
				[batch.allOrNothingField]: !continueOnFail,
				[batch.itemsField]: sendable.map((itemIndex) => inputs[itemIndex]),
			});
		} catch (error) {
			throw toNodeError(context.getNode(), error);
		}
	}

	// A message held back because another is invalid is not the failure to report.
	const failed = result.results.findIndex((entry) => !entry.ok && !entry.heldBack);
	if (failed >= 0 && !continueOnFail) {
		const entry = result.results[failed];
		const error = toNodeError(context.getNode(), entry.ok ? undefined : entry.error, sendable[failed]);
		const accepted = result.results.flatMap((other, position) => (other.ok ? [sendable[position]] : []));
		if (accepted.length) error.description = `${error.description ? `${error.description}\n` : ''}${acceptedNote(accepted)}`;
		throw error;
	}
	return resultItems(context, result, items.length, readErrors, sendable);
}

/** Version 3: items read while earlier ones are sent (see the file comment). */
async function streamedBatch(context: IExecuteFunctions, client: GraphClient, batch: BatchConfig, reader: OperationReader): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	let pacing: ReturnType<typeof readPacing>;
	let wantSummary: boolean;
	try {
		const options = reader.options(0);
		// A setting left out takes the streaming default, then the core's.
		pacing = { ...batch.streamingDefaults, ...readPacing(setPacing(options, batch)) };
		wantSummary = options[SUMMARY_ITEM_FIELD.key] === true;
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}

	const readErrors = new Map<number, unknown>();
	const progress = readProgress(context, items.length);
	const source: BatchSource<unknown> = {
		count: items.length,
		read: async (itemIndex) => {
			progress(itemIndex);
			// n8n's own errors (an expression that fails) are kept as they are for the item's output.
			return await reader.read(itemIndex).catch((error: unknown) => {
				readErrors.set(itemIndex, error);
				return Promise.reject(error);
			});
		},
	};
	let run: SendMessagesRun;
	try {
		run = await runMessageStream(client, source, { ...pacing, paceFromNumber: true, stopAtFirstFailure: !continueOnFail });
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}

	const { results } = run.output;
	const summary = bulkSendSummary(results, run.pacing);
	const failed = results.findIndex((entry) => !entry.ok && !entry.notAttempted);
	if (failed >= 0 && !continueOnFail) {
		const entry = results[failed];
		const error = toNodeError(context.getNode(), readErrors.get(failed) ?? (entry.ok ? undefined : entry.error), failed);
		error.description = `${error.description ? `${error.description}\n` : ''}${stopNote(results, failed)}`;
		throw error;
	}
	addSummaryHint(context, summary);
	const out = resultItems(context, run.output, items.length, readErrors);
	if (wantSummary) out.push(summaryItem(summary, items.length));
	return out;
}

/** All input items through the core's batch send (see the file comment). */
export async function runBatch(context: IExecuteFunctions, client: GraphClient, operation: OperationDefinition, batch: BatchConfig, resolver: PhoneNumberResolver): Promise<INodeExecutionData[]> {
	const reader = new OperationReader(context, operation, resolver);
	if (nodeVersionOf(context.getNode().typeVersion) >= batch.streamingSince) return await streamedBatch(context, client, batch, reader);
	return await checkedBatch(context, client, operation, batch, reader);
}
