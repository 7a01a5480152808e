/** The benchmark's figures from recorded answers: rate/cap over the node's window, 130429s, lost, duplicated, medians. */
import type { MessageRecords } from '../../../bench/n8n/metaStandIn';
import { median, medianFigures, readTenthAt, runFigures } from '../../../bench/n8n/metrics';

const records = (entries: Array<[at: number, to: string, status: number, code: number | null]>): MessageRecords => ({
	at: entries.map((entry) => entry[0]),
	to: entries.map((entry) => entry[1]),
	status: entries.map((entry) => entry[2]),
	code: entries.map((entry) => entry[3]),
	firstBody: null,
	proxyErrors: 0,
	proxyErrorSample: null,
});

describe('runFigures', () => {
	it('counts accepted messages per second of the node window against the cap, 130429 answers, lost and duplicated messages', () => {
		const figures = runFigures({
			cap: 2,
			recipients: ['15550000000', '15550000001', '15550000002', '15550000003'],
			records: records([
				[1_000_150, '15550000001', 200, null],
				[1_000_100, '15550000000', 200, null],
				[1_000_200, '15550000002', 400, 130429],
				[1_000_300, '15550000002', 200, null],
				[1_000_400, '15550000001', 200, null],
				[1_000_500, '15550000003', 400, 131056],
			]),
			node: { startTime: 1_000_000, executionTime: 2_000, error: null },
			cpuMs: 120,
			tenthReadAt: 1_000_250,
		});

		expect(figures).toEqual({
			// 4 accepted in 2 s = 2 per second = the cap.
			rateOverCap: 1,
			cpuMsPerMessage: 30,
			throughputErrors: 1,
			// 15550000003 was refused (pair rate) and never accepted.
			lost: 1,
			// 15550000001 was accepted twice.
			duplicated: 1,
			firstMessageMs: 100,
			tenthReadMs: 250,
			nodeMs: 2_000,
			accepted: 4,
			nodeError: null,
			proxyErrors: 0,
		});
	});

	it('reports no first message and no CPU when nothing was received or sampled', () => {
		const figures = runFigures({ cap: 80, recipients: ['1'], records: records([]), node: { startTime: 5, executionTime: 0, error: 'Bad request' }, cpuMs: undefined });

		expect(figures).toMatchObject({ rateOverCap: 0, cpuMsPerMessage: null, firstMessageMs: null, tenthReadMs: null, lost: 1, nodeError: 'Bad request' });
	});

	it("finds when our node had read a tenth of its items in n8n's output, among other log lines", () => {
		const output = [
			'Running node "Send messages" started',
			'Send Message read the first item (1 of 2000) at 1764640000100',
			'Send Message read a tenth of the items (200 of 2000) at 1764640000450',
			'Send Message read half of the items (1000 of 2000) at 1764640009000',
		].join('\n');
		expect(readTenthAt(output)).toBe(1_764_640_000_450);
		expect(readTenthAt('Running node "Send messages" finished')).toBeUndefined();
	});
});

describe('median', () => {
	it('takes the middle value, the mean of the middle two for an even count, and ignores unknowns', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, null, 2, 3])).toBe(2.5);
		expect(median([null])).toBeNull();
	});

	it('gives the medians of each figure and keeps the first node error', () => {
		const base = { rateOverCap: 0.5, cpuMsPerMessage: 1, throughputErrors: 0, lost: 0, duplicated: 0, firstMessageMs: 10, tenthReadMs: null, nodeMs: 1_000, accepted: 10, nodeError: null, proxyErrors: 0 };
		const result = medianFigures([
			{ ...base, rateOverCap: 0.9, nodeError: 'first' },
			{ ...base, rateOverCap: 0.7, cpuMsPerMessage: null, nodeError: 'second' },
		]);

		expect(result).toEqual({ ...base, rateOverCap: 0.8, cpuMsPerMessage: 1, nodeError: 'first' });
	});
});
