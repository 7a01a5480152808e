import { GraphClient } from '../../../shared/client';
import { WhatsAppError } from '../../../shared/errors';
import { MAX_THROUGHPUT_RETRIES, runBatch } from '../../../shared/messaging/batch';
import { sendMessageBatch } from '../../../shared/operations/message/sendMessages';
import type { HttpResponse } from '../../../shared/runtime';
import { FakeMeta, metaError, RecordedRequest, VirtualClock } from './support/virtualRuntime';

const TOKEN = 'EAAGbatchTestToken0123456789abcdef';
const SENDER = '106540352242922';
const OTHER_SENDER = '106540352242999';

function setup(options: { latencyMs?: number | ((request: RecordedRequest) => number); answer?: (request: RecordedRequest, position: number) => HttpResponse | undefined; maxAttempts?: number } = {}) {
	const clock = new VirtualClock();
	const meta = new FakeMeta(clock, options.latencyMs ?? 100, options.answer);
	const client = new GraphClient({ accessToken: TOKEN, retry: options.maxAttempts ? { maxAttempts: options.maxAttempts } : undefined }, clock.runtime(meta));
	return { clock, meta, client };
}

/** Distinct recipients +1555000xxxx. */
const recipient = (n: number) => `+1555${String(n).padStart(7, '0')}`;
const text = (to: string, body: string, extra: Record<string, unknown> = {}) => ({ phoneNumberId: SENDER, to, messageType: 'text', text: body, ...extra });

/** Start times of the requests, per sender, as seen by the fake Meta. */
const startTimes = (meta: FakeMeta, sender = SENDER) => meta.requests.filter((request) => request.url.includes(`/${sender}/`)).map((request) => request.at);

/** The most sends that started within any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs - 1e-6) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

describe('sendMessageBatch: results', () => {
	it('returns one result per input in input order, even when answers come back out of order', async () => {
		// Later messages answer faster, so completion order is the reverse of input order.
		const { clock, meta, client } = setup({ latencyMs: (request) => 1_000 - Number(String(request.body.to).slice(-3)) * 10 });
		const messages = Array.from({ length: 40 }, (_, i) => text(recipient(i), `Message ${i}`));
		const outcome = await clock.run(sendMessageBatch(client, messages, { ratePerSecond: 1000 }));
		expect(outcome.results.map((result) => result.index)).toEqual(messages.map((_, i) => i));
		expect(outcome.results.every((result) => result.ok)).toBe(true);
		outcome.results.forEach((result, i) => {
			if (!result.ok) throw new Error('unexpected failure');
			expect(result.output.to).toBe(recipient(i));
			expect(result.output.waId).toBe(recipient(i).slice(1));
		});
		expect(new Set(outcome.results.map((result) => result.ok && result.output.messageId)).size).toBe(40);
		expect(meta.requests).toHaveLength(40);
		expect({ total: outcome.total, sent: outcome.sent, failed: outcome.failed, invalid: outcome.invalid }).toEqual({ total: 40, sent: 40, failed: 0, invalid: 0 });
	});

	it('mixes invalid, valid and failing items: each gets its own result, only valid ones are sent', async () => {
		const refusals: Record<string, HttpResponse> = {
			[recipient(3)]: metaError(400, 131047, 'Re-engagement message'),
			[recipient(4)]: metaError(400, 130429, 'Rate limit hit', { 'retry-after': '1' }),
			[recipient(5)]: metaError(400, 137000, 'Identity key hash mismatch'),
		};
		const { clock, meta, client } = setup({ answer: (request) => refusals[String(request.body.to)], maxAttempts: 2 });
		const items: unknown[] = [
			text(recipient(0), 'ok 0'),
			text('07700 900123', 'national number'),
			'not an object',
			text(recipient(3), 'outside the window'),
			text(recipient(4), 'always throttled'),
			text(recipient(5), 'hash mismatch', { recipientIdentityKeyHash: 'DF2lS5v2W6x=' }),
			{ to: recipient(6), message_type: 'text', text: 'default sender, snake_case' },
			text(recipient(7), ''),
		];
		const outcome = await clock.run(sendMessageBatch(client, items, { phoneNumberId: SENDER, ratePerSecond: 80 }));
		expect(outcome.results.map((result) => [result.index, result.ok, result.ok ? null : result.error.code ?? result.error.field])).toEqual([
			[0, true, null],
			[1, false, 'To'],
			[2, false, 'Messages'],
			[3, false, 131047],
			[4, false, 130429],
			[5, false, 137000],
			[6, true, null],
			[7, false, 'Text'],
		]);
		const failed = outcome.results.filter((result) => !result.ok).flatMap((result) => (result.ok ? [] : [result.error]));
		expect(failed.map((error) => [error.category, error.operation])).toEqual([
			['invalid_input', 'sendMessage'],
			['invalid_input', 'sendMessage'],
			['recipient', 'sendMessage'],
			['throttling', 'sendMessage'],
			['identity', 'sendMessage'],
			['invalid_input', 'sendMessage'],
		]);
		// A batch paces itself: 130429 comes back from the client at once and the batch sends it again at a
		// lower pace, up to MAX_THROUGHPUT_RETRIES times; 131047 and 137000 are not retried; invalid items never leave.
		expect(meta.requests.map((request) => request.body.to)).toEqual([recipient(0), recipient(3), recipient(4), recipient(5), recipient(6), ...Array(MAX_THROUGHPUT_RETRIES).fill(recipient(4))]);
		expect(meta.requests.find((request) => request.body.to === recipient(6))?.url).toBe(`https://graph.facebook.com/v25.0/${SENDER}/messages`);
		expect({ total: outcome.total, sent: outcome.sent, failed: outcome.failed, invalid: outcome.invalid }).toEqual({ total: 8, sent: 2, failed: 6, invalid: 3 });
	});

	it('settles every item when the transport throws something unexpected', async () => {
		const { clock, client } = setup({
			answer: (request) => {
				if (request.body.to === recipient(1)) throw new TypeError('boom');
				return undefined;
			},
		});
		const outcome = await clock.run(sendMessageBatch(client, [0, 1, 2].map((i) => text(recipient(i), `m${i}`))));
		expect(outcome.results.map((result) => result.ok)).toEqual([true, false, true]);
		expect(outcome.results[1]).toEqual({
			index: 1,
			ok: false,
			error: {
				message: 'Unexpected failure: boom. Check whether the message arrived before sending it again.',
				category: 'unknown',
				nextStep: 'Check whether the message arrived before sending it again.',
				retry: { action: 'do_not_retry' },
				operation: 'sendMessage',
			},
		});
	});

	it('keeps the access token out of every result', async () => {
		const { clock, client } = setup({
			answer: () => ({ status: 401, headers: {}, body: JSON.stringify({ error: { code: 190, message: `Bad token ${TOKEN}`, type: 'OAuthException' } }) }),
		});
		const outcome = await clock.run(sendMessageBatch(client, [text(recipient(1), `hi ${TOKEN}`), text('bad', 'x')]));
		expect(outcome.results[0]).toMatchObject({ ok: false, error: { category: 'auth', code: 190 } });
		expect(JSON.stringify(outcome)).not.toContain(TOKEN);
	});

	it('refuses bad options before sending anything', async () => {
		const { meta, client } = setup();
		const items = [text(recipient(1), 'x')];
		await expect(sendMessageBatch(client, items, { ratePerSecond: 1001 })).rejects.toMatchObject({ category: 'invalid_input', field: 'Rate Limit (Messages per Second)' });
		await expect(sendMessageBatch(client, items, { ratePerSecond: 0 })).rejects.toBeInstanceOf(WhatsAppError);
		await expect(sendMessageBatch(client, items, { concurrency: 501 })).rejects.toMatchObject({ field: 'Concurrency' });
		await expect(sendMessageBatch(client, items, { concurrency: 2.5 })).rejects.toMatchObject({ field: 'Concurrency' });
		await expect(sendMessageBatch(client, items, { recipientSpacingMs: -1 })).rejects.toMatchObject({ field: 'Recipient Spacing (ms)' });
		expect(meta.requests).toEqual([]);
	});

	it('returns an empty result for an empty batch', async () => {
		const { clock, client } = setup();
		expect(await clock.run(sendMessageBatch(client, []))).toEqual({ total: 0, sent: 0, failed: 0, invalid: 0, results: [] });
	});
});

describe('sendMessageBatch: pacing', () => {
	it('holds each sender to its rate: a 100 ms burst, then one send per 1/rate seconds', async () => {
		const { clock, meta, client } = setup({ latencyMs: 100 });
		const messages = Array.from({ length: 200 }, (_, i) => text(recipient(i), `m${i}`));
		await clock.run(sendMessageBatch(client, messages, { ratePerSecond: 50 }));
		const times = startTimes(meta);
		expect(times).toHaveLength(200);
		// Burst of 50 × 0.1 = 5 at t = 0, then every 20 ms: the 200th send starts at (200 − 5) × 20 ms.
		expect(times.slice(0, 6)).toEqual([0, 0, 0, 0, 0, expect.closeTo(20, 6)]);
		expect(times[199]).toBeCloseTo(3_900, 6);
		for (let i = 6; i < times.length; i++) expect(times[i] - times[i - 1]).toBeCloseTo(20, 6);
		// Busiest second: the burst of 5 at 0 ms and 49 more at 20…980 ms, within the bound of rate + burst.
		expect(maxInWindow(times, 1_000)).toBe(54);
	});

	it('paces two senders independently', async () => {
		const { clock, meta, client } = setup({ latencyMs: 10 });
		const messages = Array.from({ length: 40 }, (_, i) => ({ ...text(recipient(i), `m${i}`), phoneNumberId: i % 2 ? OTHER_SENDER : SENDER }));
		await clock.run(sendMessageBatch(client, messages, { ratePerSecond: 10, burst: 1 }));
		for (const sender of [SENDER, OTHER_SENDER]) {
			const times = startTimes(meta, sender).map((time) => Math.round(time));
			expect(times).toEqual(Array.from({ length: 20 }, (_, i) => i * 100));
		}
	});

	it('never has more requests in flight than the concurrency', async () => {
		const { clock, meta, client } = setup({ latencyMs: 250 });
		const messages = Array.from({ length: 60 }, (_, i) => text(recipient(i), `m${i}`));
		const outcome = await clock.run(sendMessageBatch(client, messages, { ratePerSecond: 1000, concurrency: 7 }));
		expect(outcome.sent).toBe(60);
		expect(meta.maxInFlight).toBe(7);
		// 60 sends, 7 at a time, 250 ms each: 9 rounds, the last starting at 2,000 ms.
		expect(Math.max(...startTimes(meta))).toBe(2_000);
		expect(clock.now).toBe(2_250);
	});

	it('spaces messages to the same recipient and keeps their order; other recipients go on', async () => {
		const { clock, meta, client } = setup({ latencyMs: 100 });
		const a = recipient(1);
		const b = recipient(2);
		const items = [text(a, 'A1'), text(b, 'B1'), text(a, 'A2'), text(recipient(3), 'C1'), text(a, 'A3'), text(b, 'B2'), { ...text(a, 'A1 from another number'), phoneNumberId: OTHER_SENDER }];
		const outcome = await clock.run(sendMessageBatch(client, items, { ratePerSecond: 80, recipientSpacingMs: 6_000 }));
		expect(outcome.sent).toBe(7);
		// Sends that start at the same moment are listed by text; their relative order is not meaningful.
		const sends = meta.requests
			.map((request): [number, string] => [Math.round(request.at), (request.body.text as { body: string }).body])
			.sort(([t1, b1], [t2, b2]) => t1 - t2 || b1.localeCompare(b2));
		expect(sends).toEqual([
			[0, 'A1'],
			[0, 'A1 from another number'],
			[0, 'B1'],
			[0, 'C1'],
			[6_000, 'A2'],
			[6_000, 'B2'],
			[12_000, 'A3'],
		]);
		expect(outcome.results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});

	it('after a 131056 holds that recipient for Meta\'s hint while other recipients continue', async () => {
		const a = recipient(1);
		let refusedOnce = false;
		const { clock, meta, client } = setup({
			latencyMs: 100,
			answer: (request) => {
				if (request.body.to !== a || refusedOnce) return undefined;
				refusedOnce = true;
				return metaError(400, 131056, 'pair rate limit hit');
			},
		});
		const outcome = await clock.run(sendMessageBatch(client, [text(a, 'A1'), text(a, 'A2'), text(recipient(2), 'B1')], { recipientSpacingMs: 1_000 }));
		expect(outcome.results.map((result) => [result.ok, result.ok ? null : result.error.code])).toEqual([
			[false, 131056],
			[true, null],
			[true, null],
		]);
		// Refused at 100 ms; the catalog's 6 s hint for 131056 outweighs the 1 s spacing.
		expect(meta.requests.map((request) => [Math.round(request.at), request.body.to])).toEqual([
			[0, a],
			[0, recipient(2)],
			[6_100, a],
		]);
	});

	it('a 130429 with a Retry-After pauses that sender that long, lowers its pace and sends the message again', async () => {
		const { clock, meta, client } = setup({
			latencyMs: 100,
			maxAttempts: 1,
			answer: (_request, position) => (position === 0 ? metaError(400, 130429, 'Rate limit hit', { 'retry-after': '2' }) : undefined),
		});
		const outcome = await clock.run(sendMessageBatch(client, [0, 1, 2, 3].map((i) => text(recipient(i), `m${i}`)), { ratePerSecond: 10, burst: 1, concurrency: 1 }));
		expect(outcome.results.map((result) => result.ok)).toEqual([true, true, true, true]);
		// Refused at 100 ms with Retry-After 2 s: nothing before 2,100 ms; the pace drops from 10/s to 7/s
		// (one per ~143 ms, the bucket emptied), message 0 goes first again, and the pace climbs back
		// after 500 quiet ms.
		expect(meta.requests.map((request) => [Math.round(request.at), request.body.to])).toEqual([
			[0, recipient(0)],
			[2_243, recipient(0)],
			[2_386, recipient(1)],
			[2_529, recipient(2)],
			[2_664, recipient(3)],
		]);
	});
});

describe('runBatch', () => {
	it('prepares items in order as workers reach them and reports the ones that fail to prepare', async () => {
		const clock = new VirtualClock();
		const runtime = clock.runtime({ send: () => Promise.reject(new Error('unused')) });
		const events: string[] = [];
		const invalid = new WhatsAppError({ category: 'invalid_input', message: 'X: bad.', nextStep: 'Fix X.', retry: { action: 'fix_and_retry' }, field: 'X' });
		const prepare = (n: number) => {
			events.push(`prepare ${n}`);
			if (n === 1) throw invalid;
			return { sender: 's', recipient: `r${n}`, send: async () => (events.push(`send ${n}`), n * 10) };
		};
		const outcome = await clock.run(runBatch(runtime, [0, 1, 2], prepare, { ratePerSecond: 5, concurrency: 1, operation: 'demo' }));
		expect(outcome).toEqual({
			results: [
				{ index: 0, ok: true, output: 0 },
				{ index: 1, ok: false, error: { message: 'X: bad. Fix X.', category: 'invalid_input', nextStep: 'Fix X.', retry: { action: 'fix_and_retry' }, field: 'X', operation: 'demo' } },
				{ index: 2, ok: true, output: 20 },
			],
			summary: { total: 3, sent: 2, failed: 1, invalid: 1 },
			pacing: { throttled: 0, recoveredAfterThrottle: 0, senders: { s: { start: 5, ceiling: 5, final: 5, lowest: 5, throttled: 0, decreases: 0 } } },
		});
		// One worker: item 0 is sent before item 1 is even looked at.
		expect(events).toEqual(['prepare 0', 'send 0', 'prepare 1', 'prepare 2', 'send 2']);
	});

	it('settles when a task throws synchronously instead of rejecting', async () => {
		const clock = new VirtualClock();
		const runtime = clock.runtime({ send: () => Promise.reject(new Error('unused')) });
		const prepare = (n: number) => ({
			sender: 's',
			recipient: `r${n}`,
			send: (): Promise<number> => {
				if (n === 0) throw new RangeError('sync failure');
				return Promise.resolve(n);
			},
		});
		const outcome = await clock.run(runBatch(runtime, [0, 1], prepare));
		expect(outcome.results.map((result) => result.ok)).toEqual([false, true]);
		expect(outcome.summary).toEqual({ total: 2, sent: 1, failed: 1, invalid: 0 });
	});
});
