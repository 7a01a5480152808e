/**
 * CPU time of a process group (n8n and its task runner), sampled from /proc/<pid>/stat (Linux,
 * proc(5)): utime + stime of every member, in clock ticks. A member that exits keeps the time last
 * read for it (its parent's cutime is not counted, so nothing is counted twice); a process that
 * starts and ends between two membership scans is missed, which n8n does not do while a node runs.
 * Membership is rescanned every second; each member is read every `intervalMs`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux in practice). */
export function clockTicksPerSecond(): number {
	try {
		const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
		return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
	} catch {
		return 100;
	}
}

export interface ProcStat {
	pid: number;
	pgrp: number;
	/** utime + stime (all its threads), in clock ticks. */
	ticks: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself
 * contain spaces and parentheses, so the fields are counted from the last `)`.
 */
export function parseProcStat(line: string): ProcStat | undefined {
	const close = line.lastIndexOf(')');
	if (close === -1) return undefined;
	const pid = Number(line.slice(0, line.indexOf(' ')));
	// After ") ": field 3 (state) is index 0, so field N is index N - 3.
	const fields = line.slice(close + 2).split(' ');
	const field = (n: number): number => Number(fields[n - 3]);
	const ticks = field(14) + field(15);
	if (!Number.isFinite(pid) || !Number.isFinite(ticks)) return undefined;
	return { pid, pgrp: field(5), ticks };
}

function readStat(pid: number): ProcStat | undefined {
	try {
		return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return undefined;
	}
}

/** Pids of the live processes in a process group. */
function groupMembers(pgrp: number): number[] {
	const members: number[] = [];
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		if (readStat(Number(name))?.pgrp === pgrp) members.push(Number(name));
	}
	return members;
}

export interface CpuSample {
	/** ms since epoch. */
	at: number;
	/** CPU ms used by the group so far (its members' ticks, converted). */
	cpuMs: number;
}

/**
 * CPU ms used between `from` and `to` (ms since epoch), interpolated linearly between samples.
 * Undefined when the samples do not cover the window.
 */
export function cpuBetween(samples: readonly CpuSample[], from: number, to: number): number | undefined {
	const at = (time: number): number | undefined => {
		if (!samples.length || time < samples[0].at || time > samples[samples.length - 1].at) return undefined;
		const index = samples.findIndex((sample) => sample.at >= time);
		if (samples[index].at === time || index === 0) return samples[index].cpuMs;
		const before = samples[index - 1];
		const after = samples[index];
		return before.cpuMs + ((after.cpuMs - before.cpuMs) * (time - before.at)) / (after.at - before.at);
	};
	const start = at(from);
	const end = at(to);
	return start === undefined || end === undefined ? undefined : end - start;
}

export class GroupCpuSampler {
	readonly samples: CpuSample[] = [];
	private members: number[] = [];
	/** Highest tick count seen per member: a member that has exited keeps counting what it used. */
	private readonly lastTicks = new Map<number, number>();
	private timer?: NodeJS.Timeout;
	private lastScan = 0;

	constructor(
		private readonly pgrp: number,
		private readonly intervalMs = 100,
		private readonly ticksPerSecond = clockTicksPerSecond(),
	) {}

	start(): void {
		this.sample();
		this.timer = setInterval(() => this.sample(), this.intervalMs);
	}

	/** Takes a last sample and stops. */
	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.sample();
	}

	private sample(): void {
		const now = Date.now();
		if (now - this.lastScan >= 1_000) {
			this.lastScan = now;
			this.members = groupMembers(this.pgrp);
		}
		for (const pid of this.members) {
			const stat = readStat(pid);
			// A pid reused by another group later must not count.
			if (stat && stat.pgrp === this.pgrp) this.lastTicks.set(pid, Math.max(stat.ticks, this.lastTicks.get(pid) ?? 0));
		}
		let ticks = 0;
		for (const value of this.lastTicks.values()) ticks += value;
		this.samples.push({ at: now, cpuMs: (ticks * 1000) / this.ticksPerSecond });
	}
}
