/** The figures of one run, computed from what the proxy recorded and what n8n reported (pure). */
import { THROUGHPUT_CODE } from '../../shared/errors';
import type { MessageRecords } from './metaStandIn';

export interface RunFigures {
	/** Messages the sandbox accepted per second over the node's active window, divided by the cap. */
	rateOverCap: number;
	/** CPU ms of the n8n process group during the node, per message; null when not sampled. */
	cpuMsPerMessage: number | null;
	/** Answers with Meta's code 130429. */
	throughputErrors: number;
	/** Messages never accepted by the sandbox. */
	lost: number;
	/** Accepted sends beyond the first of the same message. */
	duplicated: number;
	/** From the node's start to the first message the sandbox received (ms); null when none came. */
	firstMessageMs: number | null;
	/**
	 * From the node's start to the moment it had read a tenth of its items (ms), from the node's own
	 * debug log line (see readTenthAt); null when the side does not log it (the HTTP Request node) or
	 * the bench ran without `--read-progress` (n8n at log level info).
	 */
	tenthReadMs: number | null;
	/** The node's active window (ms), as n8n reported it. */
	nodeMs: number;
	accepted: number;
	/** The node's error, when it failed (the HTTP Request node stops at the first error by default). */
	nodeError: string | null;
	/** Sends the bench's proxy failed to pass on (they count as lost; nonzero means the figures are suspect). */
	proxyErrors: number;
}

export interface RunInput {
	cap: number;
	/** The recipients (digits) of the messages the workflow made, one per message. */
	recipients: readonly string[];
	records: MessageRecords;
	node: { startTime: number; executionTime: number; error: string | null };
	/** CPU ms of the n8n process group over the node's window, when sampled. */
	cpuMs: number | undefined;
	/** Clock time (ms since epoch) at which the node had read a tenth of its items, when it said. */
	tenthReadAt?: number;
}

/**
 * When our node had read a tenth of its items: its debug line "Send Message read a tenth of the
 * items (N of M) at <ms since epoch>" in what `n8n execute` printed (the bench runs n8n at log
 * level debug). Undefined when the line is absent.
 */
export function readTenthAt(output: string): number | undefined {
	const match = /Send Message read a tenth of the items \(\d+ of \d+\) at (\d+)/.exec(output);
	return match ? Number(match[1]) : undefined;
}

export function runFigures(input: RunInput): RunFigures {
	const { records, node } = input;
	const acceptedTimes = new Map<string, number>();
	let accepted = 0;
	let throughputErrors = 0;
	records.status.forEach((status, index) => {
		if (status === 200) {
			accepted++;
			const to = records.to[index];
			acceptedTimes.set(to, (acceptedTimes.get(to) ?? 0) + 1);
		} else if (records.code[index] === THROUGHPUT_CODE) {
			throughputErrors++;
		}
	});
	const lost = input.recipients.filter((to) => !acceptedTimes.has(to)).length;
	let duplicated = 0;
	for (const count of acceptedTimes.values()) duplicated += count - 1;
	const seconds = node.executionTime / 1000;
	const messages = input.recipients.length;
	return {
		rateOverCap: seconds > 0 ? accepted / seconds / input.cap : 0,
		cpuMsPerMessage: input.cpuMs === undefined || messages === 0 ? null : input.cpuMs / messages,
		throughputErrors,
		lost,
		duplicated,
		firstMessageMs: records.at.length ? Math.min(...records.at) - node.startTime : null,
		tenthReadMs: input.tenthReadAt === undefined ? null : input.tenthReadAt - node.startTime,
		nodeMs: node.executionTime,
		accepted,
		nodeError: node.error,
		proxyErrors: records.proxyErrors,
	};
}

/** The median of numbers (mean of the middle two for an even count); null for none. */
export function median(values: ReadonlyArray<number | null>): number | null {
	const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
	if (!known.length) return null;
	const middle = Math.floor(known.length / 2);
	return known.length % 2 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
}

/** Medians of each figure over the runs of one side. */
export function medianFigures(runs: readonly RunFigures[]): RunFigures {
	const of = (pick: (run: RunFigures) => number | null): number | null => median(runs.map(pick));
	return {
		rateOverCap: of((run) => run.rateOverCap) ?? 0,
		cpuMsPerMessage: of((run) => run.cpuMsPerMessage),
		throughputErrors: of((run) => run.throughputErrors) ?? 0,
		lost: of((run) => run.lost) ?? 0,
		duplicated: of((run) => run.duplicated) ?? 0,
		firstMessageMs: of((run) => run.firstMessageMs),
		tenthReadMs: of((run) => run.tenthReadMs),
		nodeMs: of((run) => run.nodeMs) ?? 0,
		accepted: of((run) => run.accepted) ?? 0,
		nodeError: runs.map((run) => run.nodeError).find((error) => error !== null) ?? null,
		proxyErrors: of((run) => run.proxyErrors) ?? 0,
	};
}
