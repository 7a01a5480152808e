/** The totals of a bulk send as the user reads them: counts by kind of failure, the pace, and what a stopped run did. */
import { acceptedNote, bulkSendSummary, itemRanges, stopNote, summaryText } from '../../../../../nodes/WhatsAppNumbers/actions/summary';
import type { PacingReport, SendMessagesResult } from '../../../../../shared';

const error = (category: string, extra: Record<string, unknown> = {}) => ({ message: `${category} failure`, category, nextStep: 'Do something.', retry: { action: 'do_not_retry' }, ...extra });
const sent = (index: number): SendMessagesResult => ({ index, ok: true, output: { messageId: `wamid.${index}` } }) as unknown as SendMessagesResult;
const failed = (index: number, category: string, extra: Record<string, unknown> = {}): SendMessagesResult => ({ index, ok: false, error: error(category, extra) }) as unknown as SendMessagesResult;
const notRead = (index: number): SendMessagesResult => ({ index, ok: false, error: error('unknown'), notAttempted: true }) as unknown as SendMessagesResult;

const pacing: PacingReport = {
	throttled: 4,
	recoveredAfterThrottle: 3,
	senders: { '200000000000001': { start: 80, ceiling: 80, final: 71.234, lowest: 56, throttled: 4, decreases: 2 } },
};

describe('bulkSendSummary', () => {
	const results = [sent(0), failed(1, 'invalid_input', { field: 'To' }), failed(2, 'recipient', { httpStatus: 400, code: 131026 }), sent(3), failed(4, 'invalid_input', { httpStatus: 400, code: 100 }), notRead(5), notRead(6)];

	it('counts sent, failed by category, invalid input (refused before sending), not read, and the pace of each number', () => {
		expect(bulkSendSummary(results, pacing)).toEqual({
			total: 7,
			sent: 2,
			failed: 5,
			invalid: 1,
			notSent: 2,
			failedByCategory: { invalid_input: 2, recipient: 1 },
			throughputRefusals: 4,
			sentAfterThroughputRefusal: 3,
			senders: [{ phoneNumberId: '200000000000001', startRate: 80, finalRate: 71.2, lowestRate: 56, maxRate: 80 }],
		});
	});

	it('says it in sentences for the execution hint', () => {
		expect(summaryText(bulkSendSummary(results, pacing))).toBe(
			'Sent 2 of 7 message(s); 5 not sent (invalid input: 2, recipient: 1, not read after a failure stopped the run: 2). ' +
				'Meta answered 4 time(s) that a number was sending too fast; the step slowed down and sent those messages again (3 went through). ' +
				'Number 200000000000001 started at 80/s and ended at 71.2/s (lowest 56/s, at most 80/s).',
		);
	});
});

describe('what a stopped run says', () => {
	it('names item ranges compactly', () => {
		expect(itemRanges([0, 1, 2, 5, 7, 8])).toBe('0–2, 5, 7–8');
		expect(acceptedNote([])).toBe('Meta accepted no other message of this run.');
	});

	it('names the accepted items, the other failures and the items never read', () => {
		const results = [sent(0), failed(1, 'recipient'), sent(2), failed(3, 'identity'), sent(4), notRead(5), notRead(6)];
		expect(stopNote(results, 1)).toBe(
			[
				'Meta already accepted 3 other message(s) of this run (items 0, 2, 4); do not send those again.',
				'Also not sent: items 3; with "On Error: Continue" each failed item gets its own error.',
				'The run stopped at this failure: items 5–6 were not read nor sent.',
			].join('\n'),
		);
	});
});
