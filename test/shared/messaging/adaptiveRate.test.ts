/**
 * Finding a number's real throughput: the pace control on its own (driven by the caller's clock),
 * then a whole batch against a fake Meta that allows 80 messages per second and answers 130429
 * beyond, with the rate set to 200: nothing fails for throughput and few requests are repeated.
 */
import nock from 'nock';

import { AdaptiveRate, DECREASE_FACTOR, INCREASE_INTERVAL_MS } from '../../../shared/messaging/adaptiveRate';
import { GraphClient } from '../../../shared/client';
import { readSendPace } from '../../../shared/operations/phoneNumber/sendRate';
import { sendMessageRun } from '../../../shared/operations/message/sendMessages';
import { GRAPH, PHONE_ID, testClient, TOKEN, VERSION } from '../../support/core';
import { FakeMeta, metaError, VirtualClock } from './support/virtualRuntime';

describe('AdaptiveRate', () => {
	it('lowers the pace on a 130429, ignores answers to sends made at a pace already given up, and climbs back half-way per quiet interval, then probes past it up to the ceiling', () => {
		const control = new AdaptiveRate({ start: 100, ceiling: 120 }, 0);
		expect(control.rate(0)).toBe(100);
		expect(control.throttle(0, 100)).toBe(true);
		expect(control.rate(100)).toBe(100 * DECREASE_FACTOR);
		// Sent at 50 ms, before the decrease at 100 ms: its 130429 says nothing about the new pace.
		expect(control.throttle(50, 150)).toBe(false);
		expect(control.rate(649)).toBe(70);
		// Quiet since 150 ms: half-way back to the pace that was too fast, every 500 ms.
		expect([650, 1_150, 1_650, 2_150].map((now) => control.rate(now))).toEqual([85, 92.5, 96.25, 98.175]);
		// Back at 100 (not past it in that step), then 2% more per step, never above the ceiling.
		expect(control.rate(2_650)).toBe(100);
		expect(control.rate(3_150)).toBe(102);
		expect(control.rate(60_000)).toBe(120);
		expect(control.report(60_000)).toEqual({ start: 100, ceiling: 120, final: 120, lowest: 70, throttled: 2, decreases: 1 });
	});

	it('waits out a pause Meta asked for before counting quiet time, and never starts above the ceiling nor goes below 1 per second', () => {
		const control = new AdaptiveRate({ start: 500, ceiling: 80 }, 0);
		expect(control.rate(0)).toBe(80);
		control.throttle(0, 100, 5_100);
		expect(control.rate(5_599)).toBe(56);
		expect(control.rate(5_600)).toBe(68);
		const slow = new AdaptiveRate({ start: 1, ceiling: 1 }, 0);
		slow.throttle(0, 10);
		expect(slow.rate(10)).toBe(1);
		expect(INCREASE_INTERVAL_MS).toBe(500);
	});
});

/** A fake Meta that lets a number send `cap` messages per second (a bucket of one second's worth, as the sandbox does). */
function cappedMeta(clock: VirtualClock, cap: number) {
	let tokens = cap;
	let updatedAt = 0;
	return new FakeMeta(clock, 100, (request) => {
		tokens = Math.min(cap, tokens + ((request.at - updatedAt) * cap) / 1000);
		updatedAt = request.at;
		if (tokens >= 1) {
			tokens--;
			return undefined;
		}
		return metaError(400, 130429, 'Rate limit hit');
	});
}

describe('a batch against a number that allows less than the rate set', () => {
	it('rate 200/s, number capped at 80/s: no item fails for throughput, every message goes once, and repeated requests stay under 10% of the batch', async () => {
		const clock = new VirtualClock();
		const meta = cappedMeta(clock, 80);
		const client = new GraphClient({ accessToken: TOKEN }, clock.runtime(meta));
		const count = 1_000;
		const messages = Array.from({ length: count }, (_, i) => ({ phoneNumberId: PHONE_ID, to: `+1555${String(i).padStart(7, '0')}`, messageType: 'text', text: `m${i}` }));

		const { output, pacing } = await clock.run(sendMessageRun(client, messages, { ratePerSecond: 200 }));

		expect(output.results.filter((result) => !result.ok)).toEqual([]);
		expect(output.results.map((result) => result.index)).toEqual(messages.map((_, i) => i));
		const extra = meta.requests.length - count;
		expect(extra).toBeGreaterThan(0);
		expect(extra / count).toBeLessThan(0.1);
		expect(pacing.throttled).toBe(extra);
		expect(pacing.recoveredAfterThrottle).toBeGreaterThan(0);
		const pace = pacing.senders[PHONE_ID];
		expect(pace).toMatchObject({ start: 200, ceiling: 200 });
		expect(pace.lowest).toBeLessThan(80);
		expect(pace.final).toBeLessThan(100);
		// The run takes about as long as the cap allows: at least 0.85 of 80 per second overall.
		expect(count / (clock.now / 1000)).toBeGreaterThan(0.85 * 80);
	});
});

describe('readSendPace', () => {
	const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
	const number = (answer: Record<string, unknown>) => api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: 'id,throughput,is_on_biz_app' }).once().reply(200, { id: PHONE_ID, ...answer });

	it.each([
		['STANDARD, no rate set', { throughput: { level: 'STANDARD' }, is_on_biz_app: false }, undefined, { start: 80, ceiling: 80 }],
		['HIGH, no rate set', { throughput: { level: 'HIGH' }, is_on_biz_app: false }, undefined, { start: 1000, ceiling: 1000 }],
		['HIGH, rate 500 set', { throughput: { level: 'HIGH' }, is_on_biz_app: false }, 500, { start: 500, ceiling: 500 }],
		['STANDARD, tier 1000 typed (upgrade in progress)', { throughput: { level: 'STANDARD' }, is_on_biz_app: false }, 1000, { start: 80, ceiling: 1000 }],
		['coexistence, tier 80 typed', { throughput: { level: 'STANDARD' }, is_on_biz_app: true }, 80, { start: 20, ceiling: 20 }],
	])('%s → %j', async (_case, answer, configured, bounds) => {
		const { client } = testClient();
		const scope = number(answer);
		expect(await readSendPace(client, PHONE_ID, configured)).toEqual(bounds);
		scope.done();
	});

	it('sends anyway when the number cannot be read: at the rate set (or 80), with a warning that names no token', async () => {
		const { client, logs } = testClient();
		api().get(`/${VERSION}/${PHONE_ID}`).query(true).reply(403, { error: { message: '(#200) Permissions error', type: 'OAuthException', code: 200 } });
		expect(await readSendPace(client, PHONE_ID, 50)).toEqual({ start: 50, ceiling: 50 });
		expect(logs.join('\n')).toMatch(new RegExp(`Could not read the throughput of number ${PHONE_ID} .*; sending at 50 messages per second\\.`));
		expect(logs.join('\n')).not.toContain(TOKEN);
	});

	it('is read once per sender and run, however many messages the batch sends from it', async () => {
		const { client } = testClient();
		const read = number({ throughput: { level: 'STANDARD' }, is_on_biz_app: false });
		const sends = api().post(`/${VERSION}/${PHONE_ID}/messages`).times(3).reply(200, (_uri, body) => ({ messaging_product: 'whatsapp', contacts: [{ input: (body as { to: string }).to, wa_id: '1' }], messages: [{ id: `wamid.${(body as { to: string }).to}` }] }));
		const messages = [1, 2, 3].map((i) => ({ phoneNumberId: PHONE_ID, to: `+1555000000${i}`, messageType: 'text', text: 'hi' }));
		const { output, pacing } = await sendMessageRun(client, messages, { paceFromNumber: true });
		expect(output.results.map((result) => result.ok)).toEqual([true, true, true]);
		expect(pacing.senders[PHONE_ID]).toMatchObject({ start: 80, ceiling: 80 });
		read.done();
		sends.done();
	});
});
