/** CPU time of a process group from /proc: the stat line's fields, interpolation, and a real busy child. */
import { spawn } from 'node:child_process';

import { cpuBetween, GroupCpuSampler, parseProcStat } from '../../../bench/n8n/cpuSampler';

describe('parseProcStat', () => {
	it('reads pid, process group and utime + stime, counting fields from the last parenthesis', () => {
		// proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
		const line = '4242 (node (task) runner) S 4200 4200 4200 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 11 0 5000 1000000 2000';

		expect(parseProcStat(line)).toEqual({ pid: 4242, pgrp: 4200, ticks: 300 });
	});

	it('answers undefined for a line that is not a stat line', () => {
		expect(parseProcStat('garbage')).toBeUndefined();
	});
});

describe('cpuBetween', () => {
	const samples = [
		{ at: 1_000, cpuMs: 0 },
		{ at: 1_100, cpuMs: 50 },
		{ at: 1_200, cpuMs: 150 },
	];

	it('interpolates between samples at both ends of the window', () => {
		expect(cpuBetween(samples, 1_050, 1_150)).toBe(75);
		expect(cpuBetween(samples, 1_000, 1_200)).toBe(150);
	});

	it('answers undefined for a window the samples do not cover', () => {
		expect(cpuBetween(samples, 900, 1_100)).toBeUndefined();
		expect(cpuBetween([], 0, 1)).toBeUndefined();
	});
});

describe('GroupCpuSampler', () => {
	it('measures the CPU a busy child process group uses, bounded by the wall time', async () => {
		const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 700; while (Date.now() < end) {}'], { detached: true, stdio: 'ignore' });
		const sampler = new GroupCpuSampler(child.pid!, 50, 100);
		sampler.start();
		await new Promise((resolve) => child.once('exit', resolve));
		sampler.stop();

		const first = sampler.samples[0];
		const last = sampler.samples[sampler.samples.length - 1];
		const used = cpuBetween(sampler.samples, first.at, last.at)!;
		expect(used).toBeGreaterThan(100);
		expect(used).toBeLessThanOrEqual(last.at - first.at + 100);
	});
});
