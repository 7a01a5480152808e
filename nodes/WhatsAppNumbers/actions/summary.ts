/**
 * What a bulk send tells the user besides each item's own result: the totals (sent, failed by kind,
 * refused for throughput and sent again, the pace of each number) as an execution hint and, when
 * asked for, as one summary item; and, when a run stops at a failure, which messages Meta accepted.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { PacingReport, SendMessagesResult } from '../../../shared';

export interface SenderPace {
	phoneNumberId: string;
	/** Messages per second, rounded to one decimal. */
	startRate: number;
	finalRate: number;
	lowestRate: number;
	/** The most it was allowed (the Rate Limit, or the number's own throughput). */
	maxRate: number;
}

export interface BulkSendSummary {
	total: number;
	sent: number;
	failed: number;
	/** Failed before sending: the item's input was wrong. */
	invalid: number;
	/** Not read nor sent because the run stopped at an earlier failure. */
	notSent: number;
	/** Failed items by the kind of failure (the error category of each item's result). */
	failedByCategory: Record<string, number>;
	/** Times Meta answered that the number was sending too fast (130429); those messages were sent again. */
	throughputRefusals: number;
	/** Messages Meta first refused for throughput that then went through. */
	sentAfterThroughputRefusal: number;
	senders: SenderPace[];
}

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
const count = (value: number): string => value.toLocaleString('en-US');

export function bulkSendSummary(results: readonly SendMessagesResult[], pacing: PacingReport): BulkSendSummary {
	const failedByCategory: Record<string, number> = {};
	let sent = 0;
	let invalid = 0;
	let notSent = 0;
	for (const result of results) {
		if (result.ok) {
			sent++;
			continue;
		}
		if (result.notAttempted) {
			notSent++;
			continue;
		}
		if (result.error.category === 'invalid_input' && result.error.httpStatus === undefined) invalid++;
		failedByCategory[result.error.category] = (failedByCategory[result.error.category] ?? 0) + 1;
	}
	return {
		total: results.length,
		sent,
		failed: results.length - sent,
		invalid,
		notSent,
		failedByCategory,
		throughputRefusals: pacing.throttled,
		sentAfterThroughputRefusal: pacing.recoveredAfterThrottle,
		senders: Object.entries(pacing.senders).map(([phoneNumberId, pace]) => ({
			phoneNumberId,
			startRate: oneDecimal(pace.start),
			finalRate: oneDecimal(pace.final),
			lowestRate: oneDecimal(pace.lowest),
			maxRate: oneDecimal(pace.ceiling),
		})),
	};
}

/** The summary in sentences, for the execution hint. */
export function summaryText(summary: BulkSendSummary): string {
	const kinds = Object.entries(summary.failedByCategory).map(([category, failed]) => `${category.replace(/_/g, ' ')}: ${count(failed)}`);
	if (summary.notSent) kinds.push(`not read after a failure stopped the run: ${count(summary.notSent)}`);
	const sentences = [`Sent ${count(summary.sent)} of ${count(summary.total)} message(s)${summary.failed ? `; ${count(summary.failed)} not sent (${kinds.join(', ')})` : ''}.`];
	if (summary.throughputRefusals) {
		sentences.push(
			`Meta answered ${count(summary.throughputRefusals)} time(s) that a number was sending too fast; the step slowed down and sent those messages again (${count(summary.sentAfterThroughputRefusal)} went through).`,
		);
	}
	for (const pace of summary.senders) {
		sentences.push(`Number ${pace.phoneNumberId} started at ${pace.startRate}/s and ended at ${pace.finalRate}/s (lowest ${pace.lowestRate}/s, at most ${pace.maxRate}/s).`);
	}
	return sentences.join(' ');
}

/** Shows the summary under the node's output (n8n's execution hints, where the running n8n has them). */
export function addSummaryHint(context: IExecuteFunctions, summary: BulkSendSummary): void {
	if (typeof context.addExecutionHints !== 'function') return;
	context.addExecutionHints({ message: summaryText(summary), type: summary.failed ? 'warning' : 'info', location: 'outputPane' });
}

/** The optional summary item: linked to every input item, since it speaks for all of them. */
export function summaryItem(summary: BulkSendSummary, inputCount: number): INodeExecutionData {
	return { json: { summary: summary as unknown as IDataObject }, pairedItem: Array.from({ length: inputCount }, (_, item) => ({ item })) };
}

/** Positions as short ranges: `0–2, 5, 7–8`. */
export function itemRanges(positions: readonly number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < positions.length; i++) {
		const first = positions[i];
		while (i + 1 < positions.length && positions[i + 1] === positions[i] + 1) i++;
		parts.push(positions[i] === first ? String(first) : `${first}–${positions[i]}`);
	}
	return parts.join(', ');
}

/** The sentence that keeps the messages Meta accepted from being sent twice. */
export function acceptedNote(accepted: readonly number[]): string {
	return accepted.length
		? `Meta already accepted ${count(accepted.length)} other message(s) of this run (items ${itemRanges(accepted)}); do not send those again.`
		: 'Meta accepted no other message of this run.';
}

/**
 * What a run that stops at `failedIndex` did with the other items: which Meta accepted (not to be
 * sent again), which also failed, and which were never read nor sent.
 */
export function stopNote(results: readonly SendMessagesResult[], failedIndex: number): string {
	const accepted: number[] = [];
	const alsoFailed: number[] = [];
	const notSent: number[] = [];
	results.forEach((result, index) => {
		if (result.ok) accepted.push(index);
		else if (result.notAttempted) notSent.push(index);
		else if (index !== failedIndex) alsoFailed.push(index);
	});
	const lines = [acceptedNote(accepted)];
	if (alsoFailed.length) lines.push(`Also not sent: items ${itemRanges(alsoFailed)}; with "On Error: Continue" each failed item gets its own error.`);
	if (notSent.length) lines.push(`The run stopped at this failure: items ${itemRanges(notSent)} were not read nor sent.`);
	return lines.join('\n');
}
