/**
 * Benchmark: finding a number's real throughput instead of trusting a setting. 2,000 messages
 * through the core's batch send with the plain-Node runtime, the rate set to 200 per second, against
 * the sandbox capping the number at 80 per second (answering 130429 beyond it, 100 ms latency),
 * behind the recording proxy of `npm run bench:n8n` (bench/n8n/metaThread.ts, on its own thread).
 * Reports the items that still failed with 130429 (target 0) and the requests beyond one per item
 * as a fraction of the batch (target below 10%), with lost and duplicated messages.
 */
import { GraphClient } from '../shared/client';
import { THROUGHPUT_CODE } from '../shared/errors';
import { nodeRuntime } from '../shared/node/runtime';
import { sendMessageRun } from '../shared/operations/message/sendMessages';
import { startMetaStandIn } from './n8n/metaStandIn';

const MESSAGES = 2_000;
const SET_RATE_PER_SECOND = 200;
const CAP_PER_SECOND = 80;
const SERVER_LATENCY_MS = 100;

export const RATE_DISCOVERY_MAX_EXTRA_FRACTION = 0.1;

export interface RateDiscoveryBenchResult {
	messages: number;
	setRate: number;
	cap: number;
	/** Items whose result is Meta's 130429. */
	failedForThroughput: number;
	/** Requests beyond one per item, over the item count. */
	extraFraction: number;
	/** 130429 answers the server gave. */
	throughputAnswers: number;
	/** Accepted messages per second over the run, over the cap. */
	rateOverCap: number;
	lost: number;
	duplicated: number;
	/** The sender's pace when the run ended (messages per second). */
	finalRate: number;
}

export async function benchRateDiscovery(): Promise<RateDiscoveryBenchResult> {
	const meta = await startMetaStandIn({ latencyMs: SERVER_LATENCY_MS });
	try {
		await meta.reset(CAP_PER_SECOND);
		const client = new GraphClient({ accessToken: meta.sandbox.accessToken, baseUrl: meta.baseUrl }, nodeRuntime());
		const recipients = Array.from({ length: MESSAGES }, (_, index) => `+1555${String(index).padStart(7, '0')}`);
		const messages = recipients.map((to, index) => ({ phoneNumberId: meta.sandbox.phoneNumberId, to, messageType: 'text', text: `Benchmark message ${index + 1}` }));
		const started = Date.now();
		const { output, pacing } = await sendMessageRun(client, messages, { ratePerSecond: SET_RATE_PER_SECOND });
		const elapsedMs = Date.now() - started;
		const records = await meta.records();

		const accepted = new Map<string, number>();
		let throughputAnswers = 0;
		records.status.forEach((status, index) => {
			if (status === 200) accepted.set(records.to[index], (accepted.get(records.to[index]) ?? 0) + 1);
			else if (records.code[index] === THROUGHPUT_CODE) throughputAnswers++;
		});
		let duplicated = 0;
		for (const count of accepted.values()) duplicated += count - 1;
		const lost = recipients.filter((to) => !accepted.has(to.slice(1))).length;
		const failedForThroughput = output.results.filter((result) => !result.ok && result.error.code === THROUGHPUT_CODE).length;
		const acceptedCount = [...accepted.values()].reduce((sum, count) => sum + count, 0);
		return {
			messages: MESSAGES,
			setRate: SET_RATE_PER_SECOND,
			cap: CAP_PER_SECOND,
			failedForThroughput,
			extraFraction: (records.status.length - MESSAGES) / MESSAGES,
			throughputAnswers,
			rateOverCap: acceptedCount / (elapsedMs / 1000) / CAP_PER_SECOND,
			lost,
			duplicated,
			finalRate: pacing.senders[meta.sandbox.phoneNumberId]?.final ?? SET_RATE_PER_SECOND,
		};
	} finally {
		await meta.stop();
	}
}

export function rateDiscoveryOk(result: RateDiscoveryBenchResult): boolean {
	return result.failedForThroughput === 0 && result.extraFraction < RATE_DISCOVERY_MAX_EXTRA_FRACTION && result.lost === 0 && result.duplicated === 0;
}

export function formatRateDiscoveryBench(result: RateDiscoveryBenchResult): string {
	return (
		`rate discovery: ${result.messages.toLocaleString('en-US')} messages with the rate set to ${result.setRate}/s against a number capped at ${result.cap}/s: ` +
		`${result.failedForThroughput} item(s) failed with 130429 (target 0), extra requests ${(result.extraFraction * 100).toFixed(1)}% of the batch (target < ${RATE_DISCOVERY_MAX_EXTRA_FRACTION * 100}%; ` +
		`${result.throughputAnswers} × 130429), rate/cap ${result.rateOverCap.toFixed(3)}, final pace ${result.finalRate.toFixed(1)}/s, lost ${result.lost}, duplicated ${result.duplicated} ${rateDiscoveryOk(result) ? 'OK' : 'BELOW TARGET'}`
	);
}

if (require.main === module) {
	benchRateDiscovery().then(
		(result) => console.log(formatRateDiscoveryBench(result)),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
