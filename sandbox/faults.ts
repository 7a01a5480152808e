/**
 * Latency and fault injection for Graph API calls (never for /_sandbox control calls), for tests
 * and benchmarks. A server error is decided before any work (nothing changes); a timeout, a dropped
 * connection or a malformed body happen after the work is done, which is the ambiguous case a
 * client must never blindly retry for sends and registrations.
 */
import type { FaultOptions } from './types';

export type PreFault = 'serverError';
export type PostFault = 'timeout' | 'drop' | 'malformed';

export interface FaultDecision {
	before: PreFault | null;
	after: PostFault | null;
}

const NONE: FaultDecision = { before: null, after: null };

export class FaultInjector {
	latencyMs: number;
	private options: FaultOptions;

	constructor(
		options: { latencyMs?: number; faults?: FaultOptions } = {},
		private readonly random: () => number = Math.random,
	) {
		this.latencyMs = checkLatency(options.latencyMs ?? 0);
		this.options = checkFaults(options.faults ?? {});
	}

	get faults(): FaultOptions {
		return { ...this.options };
	}

	configure(update: { latencyMs?: number; faults?: FaultOptions }): void {
		if (update.latencyMs !== undefined) this.latencyMs = checkLatency(update.latencyMs);
		if (update.faults !== undefined) this.options = checkFaults(update.faults);
	}

	decide(path: string): FaultDecision {
		const o = this.options;
		if (!o.serverErrorRate && !o.timeoutRate && !o.dropRate && !o.malformedRate) return NONE;
		if (o.pathIncludes && !path.includes(o.pathIncludes)) return NONE;
		if (o.serverErrorRate && this.random() < o.serverErrorRate) return { before: 'serverError', after: null };
		if (o.timeoutRate && this.random() < o.timeoutRate) return { before: null, after: 'timeout' };
		if (o.dropRate && this.random() < o.dropRate) return { before: null, after: 'drop' };
		if (o.malformedRate && this.random() < o.malformedRate) return { before: null, after: 'malformed' };
		return NONE;
	}

	get serverErrorStatus(): 500 | 503 {
		return this.options.serverErrorStatus ?? 500;
	}
}

function checkLatency(ms: number): number {
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError('latencyMs must be a number of milliseconds ≥ 0');
	return ms;
}

function checkFaults(faults: FaultOptions): FaultOptions {
	for (const key of ['serverErrorRate', 'timeoutRate', 'dropRate', 'malformedRate'] as const) {
		const rate = faults[key];
		if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) throw new RangeError(`faults.${key} must be a number from 0 to 1`);
	}
	if (faults.serverErrorStatus !== undefined && faults.serverErrorStatus !== 500 && faults.serverErrorStatus !== 503) {
		throw new RangeError('faults.serverErrorStatus must be 500 or 503');
	}
	return { ...faults };
}
