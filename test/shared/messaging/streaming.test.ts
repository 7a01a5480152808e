/**
 * A batch reads its items while it sends: the first message leaves long before a tenth of the items
 * are read, results stay in input order, and with `stopAtFirstFailure` nothing after the first
 * failure is read, while everything before it is sent and each item gets exactly one result.
 */
import { WhatsAppError } from '../../../shared/errors';
import { BatchSource, runBatch } from '../../../shared/messaging/batch';
import { GraphClient } from '../../../shared/client';
import { sendMessageBatch } from '../../../shared/operations/message/sendMessages';
import { FakeMeta, VirtualClock } from './support/virtualRuntime';

const invalid = (n: number) => new WhatsAppError({ category: 'invalid_input', message: `Item ${n}: bad.`, nextStep: 'Fix it.', retry: { action: 'fix_and_retry' }, field: 'To' });

/** A source of `count` numbers that records each read; `events` also gets each send. */
function recordedSource(count: number, events: string[]): BatchSource<number> {
	return {
		count,
		read: (index) => {
			events.push(`read ${index}`);
			return index;
		},
	};
}

function setup(latencyMs = 100) {
	const clock = new VirtualClock();
	const runtime = clock.runtime({ send: () => Promise.reject(new Error('unused')) });
	const events: string[] = [];
	const task = (n: number, send: () => Promise<number> = () => clock.delay(latencyMs).then(() => n)) => ({
		sender: 's',
		recipient: `r${n}`,
		send: () => {
			events.push(`send ${n}`);
			return send();
		},
	});
	return { clock, runtime, events, task };
}

describe('runBatch reading while sending', () => {
	it('sends the first message before a tenth of the items are read, and returns every result in input order', async () => {
		const { clock, runtime, events, task } = setup();
		// Later items answer sooner, so answers come back out of order.
		const outcome = await clock.run(
			runBatch(runtime, recordedSource(1_000, events), (n) => task(n, () => clock.delay(1_000 - n).then(() => n)), { ratePerSecond: 1000, recipientSpacingMs: 0 }),
		);

		expect(events.indexOf('send 0')).toBeLessThan(events.indexOf('read 100'));
		// Reading stays only a little ahead: item 0 leaves before item 10 is read.
		expect(events.indexOf('send 0')).toBeLessThan(events.indexOf('read 10'));
		expect(outcome.results.map((result) => (result.ok ? result.output : -1))).toEqual(Array.from({ length: 1_000 }, (_, n) => n));
		expect(outcome.results.map((result) => result.index)).toEqual(Array.from({ length: 1_000 }, (_, n) => n));
		expect(events.filter((event) => event.startsWith('read'))).toHaveLength(1_000);
	});

	it('with stopAtFirstFailure, an invalid item stops reading: the items before it are sent, none after it is read, and each item has one result', async () => {
		const { clock, runtime, events, task } = setup();
		const outcome = await clock.run(
			runBatch(
				runtime,
				recordedSource(10, events),
				(n) => {
					if (n === 4) throw invalid(n);
					return task(n);
				},
				{ ratePerSecond: 80, recipientSpacingMs: 0, stopAtFirstFailure: true, operation: 'sendMessage' },
			),
		);

		expect(events.filter((event) => event.startsWith('read'))).toEqual(['read 0', 'read 1', 'read 2', 'read 3', 'read 4']);
		expect(events.filter((event) => event.startsWith('send')).sort()).toEqual(['send 0', 'send 1', 'send 2', 'send 3']);
		expect(outcome.results.map((result) => (result.ok ? 'sent' : result.notAttempted ? 'not read' : result.error.field))).toEqual([
			'sent',
			'sent',
			'sent',
			'sent',
			'To',
			'not read',
			'not read',
			'not read',
			'not read',
			'not read',
		]);
		const notRead = outcome.results[5];
		expect(notRead.ok ? undefined : notRead.error).toMatchObject({
			message: 'Not sent: the run stopped at the failure of item 4 (counting from 0), before this one was read. Send it again once the failure is dealt with; it did not reach WhatsApp.',
			nextStep: 'Send it again once the failure is dealt with; it did not reach WhatsApp.',
			operation: 'sendMessage',
		});
		expect(outcome.summary).toEqual({ total: 10, sent: 4, failed: 6, invalid: 1 });
		expect(outcome.pacing.stoppedAt).toBe(4);
	});

	it('with stopAtFirstFailure, a refused send stops reading; messages already read are still sent (finished in flight), none is lost or sent twice', async () => {
		const { clock, runtime, events, task } = setup();
		const refused = new WhatsAppError({ category: 'recipient', message: 'Meta refused it.', nextStep: 'Check.', retry: { action: 'do_not_retry' }, code: 131026 });
		const outcome = await clock.run(
			runBatch(runtime, recordedSource(200, events), (n) => (n === 2 ? task(n, () => clock.delay(100).then(() => Promise.reject(refused))) : task(n)), {
				ratePerSecond: 80,
				recipientSpacingMs: 0,
				stopAtFirstFailure: true,
			}),
		);

		const reads = events.filter((event) => event.startsWith('read')).map((event) => Number(event.slice(5)));
		const sends = events.filter((event) => event.startsWith('send')).map((event) => Number(event.slice(5)));
		// Reading stopped well before the end; every item read was sent once, and only those.
		expect(reads.length).toBeLessThan(200);
		expect([...sends].sort((a, b) => a - b)).toEqual(reads);
		outcome.results.forEach((result, index) => {
			if (index === 2) expect(result).toMatchObject({ ok: false, error: { code: 131026 } });
			else if (index < reads.length) expect(result.ok).toBe(true);
			else expect(result).toMatchObject({ ok: false, notAttempted: true });
		});
		expect(outcome.pacing.stoppedAt).toBe(2);
	});
});

describe('sends under way', () => {
	it('when answers stop coming back, at most the pace times twice the shortest answer time are under way (16 at 80/s)', async () => {
		const clock = new VirtualClock();
		// The first answer takes 100 ms; then the host stalls and answers take 3 s.
		const meta = new FakeMeta(clock, (request) => (request.body.to === '+15550000000' ? 100 : 3_000));
		const client = new GraphClient({ accessToken: 'EAAGstreamingTestToken0123456789' }, clock.runtime(meta));
		const messages = Array.from({ length: 300 }, (_, i) => ({ phoneNumberId: '106540352242922', to: `+1555${String(i).padStart(7, '0')}`, messageType: 'text', text: `m${i}` }));

		const outcome = await clock.run(sendMessageBatch(client, messages, { ratePerSecond: 80 }));

		expect(outcome.results.every((result) => result.ok)).toBe(true);
		expect(meta.requests).toHaveLength(300);
		// Without the bound, 80 per second for 3 s would be 240 under way, reaching Meta together when the stall
		// ends. 18: 16, plus the two started (at the pace) before the first answer told the answer time.
		expect(meta.maxInFlight).toBe(18);
	});
});
