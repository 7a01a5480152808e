/**
 * One measured run: a fresh sandbox with the cap, `n8n execute` of one benchmark workflow while the
 * n8n process group's CPU is sampled, then the figures over the sending node's active window.
 */
import { nodeRun, type N8nInstance } from '../../scripts/n8n/launcher';
import { cpuBetween, GroupCpuSampler } from './cpuSampler';
import type { MetaStandIn } from './metaStandIn';
import { readTenthAt, runFigures, type RunFigures } from './metrics';
import { MEASURED_NODE, recipientOf, workflowId, type BenchCase, type Side } from './workflows';

/** Bound on one `n8n execute` (startup included): the slowest case sends 2,000 messages at 80/s. */
const EXECUTE_TIMEOUT_MS = 10 * 60_000;

export interface MeasuredRun extends RunFigures {
	side: Side;
	/** The first message body the sandbox received. */
	firstBody: string | null;
	/** The first send the bench's proxy failed to pass on, as Node reported it. */
	proxyErrorSample: string | null;
}

export async function measureRun(n8n: N8nInstance, meta: MetaStandIn, side: Side, benchCase: BenchCase): Promise<MeasuredRun> {
	await meta.reset(benchCase.cap);
	let sampler: GroupCpuSampler | undefined;
	let run;
	try {
		run = await n8n.execute(workflowId(side, benchCase), EXECUTE_TIMEOUT_MS, {
			onSpawn: (pid) => {
				sampler = new GroupCpuSampler(pid);
				sampler.start();
			},
		});
	} finally {
		sampler?.stop();
	}
	const measured = nodeRun(run.data, MEASURED_NODE);
	if (measured.startTime === undefined || measured.executionTime === undefined) {
		throw new Error(`n8n reported no start time or duration for "${MEASURED_NODE}"; the benchmark cannot place the node's window.`);
	}
	const records = await meta.records();
	const window = { from: measured.startTime, to: measured.startTime + measured.executionTime };
	const figures = runFigures({
		cap: benchCase.cap,
		recipients: Array.from({ length: benchCase.items }, (_, index) => recipientOf(index)),
		records,
		node: { startTime: measured.startTime, executionTime: measured.executionTime, error: measured.error ? String(measured.error.message ?? JSON.stringify(measured.error)).slice(0, 160) : null },
		cpuMs: sampler ? cpuBetween(sampler.samples, window.from, window.to) : undefined,
		tenthReadAt: readTenthAt(run.output),
	});
	return { ...figures, side, firstBody: records.firstBody, proxyErrorSample: records.proxyErrorSample };
}
