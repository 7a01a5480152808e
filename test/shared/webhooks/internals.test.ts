import { canonicalJson } from '../../../shared/webhooks/canonicalJson';
import { isoFromUnix } from '../../../shared/webhooks/isoTime';
import { benchBatch, benchWebhooks, formatWebhookBench } from '../../../bench/webhooks';
import { parseWebhook } from '../../../shared';
import { sortedJson } from './helpers';

describe('isoFromUnix (the fast date path matches Date.toISOString)', () => {
	test('across leap years, month ends and centuries', () => {
		const samples = [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_709_164_800, 1_739_321_024, 1_751_142_888, 4_107_542_399, 253_402_300_799];
		for (let seconds = 0; seconds < 4_200_000_000; seconds += 7_654_321) samples.push(seconds);
		for (const seconds of samples) {
			const expected = new Date(seconds * 1000).toISOString();
			expect(isoFromUnix(seconds)).toBe(expected);
			expect(isoFromUnix(String(seconds))).toBe(expected);
		}
	});

	test('outside the fast range and odd values', () => {
		expect(isoFromUnix(253_402_300_800)).toBe(new Date(253_402_300_800_000).toISOString());
		expect(isoFromUnix(-1)).toBe('1969-12-31T23:59:59.000Z');
		expect(isoFromUnix('1751142888.5')).toBe('2025-06-28T20:34:48.500Z');
		for (const value of ['', 'soon', null, undefined, {}, Number.NaN, 1e20]) expect(isoFromUnix(value)).toBeUndefined();
	});
});

describe('canonicalJson', () => {
	test('sorts keys at every level and agrees with a replacer-based implementation', () => {
		const value = { b: [{ z: 1, a: null }, 'x', true], a: { d: 'é"\n', c: -2.5 }, u: undefined };
		expect(canonicalJson(value)).toBe('{"a":{"c":-2.5,"d":"é\\"\\n"},"b":[{"a":null,"z":1},"x",true]}');
		expect(canonicalJson(value)).toBe(sortedJson(value));
	});
});

describe('bench/webhooks (shape only; speed is measured by npm run bench, never asserted here)', () => {
	test('the batch is a realistic 50-change body that parses fully', () => {
		const body = JSON.parse(benchBatch().toString('utf8'));
		const changes = body.entry.flatMap((entry: { changes: unknown[] }) => entry.changes);
		expect(changes).toHaveLength(50);
		const types = new Set(parseWebhook(benchBatch()).map((event) => event.type));
		expect([...types].sort()).toStrictEqual([
			'accountReview',
			'capabilityChanged',
			'identityHashObserved',
			'identityMismatch',
			'inboundMessage',
			'messageStatus',
			'nameReviewed',
			'qualityChanged',
			'statusChanged',
			'templateStatusChanged',
		]);
	});

	test('a tiny run returns the numbers and the printed line', async () => {
		const result = await benchWebhooks({ durationMs: 20, rounds: 2 });
		expect(result.eventsPerBody).toBe(parseWebhook(benchBatch()).length);
		expect(result.ratio).toBeGreaterThan(0);
		expect(Number.isFinite(result.eventsPerSecond) && Number.isFinite(result.baselineEventsPerSecond)).toBe(true);
		expect(formatWebhookBench({ ...result, ratio: 0.6789 })).toBe('webhook verify+parse vs bare HMAC+JSON.parse: ratio 0.68 (≥ 0.5 required)');
	});
});
