/**
 * `npm run bench:n8n`: our node's Send Message side by side with n8n's HTTP Request node, in a real
 * n8n (2.8.4 and 2.41.1, installed on first use), against the sandbox with a number's throughput cap
 * and 100 ms latency. A measurement only: nothing is asserted. Per side, the medians of the runs
 * (sides alternate their order from run to run): rate/cap, CPU ms per message of the n8n processes
 * during the node, 130429 answers, lost and duplicated messages, time to the first message and,
 * for our node, time until it had read a tenth of its items (its debug log line).
 *
 *   npm run bench:n8n -- [--n8n stable,latest] [--cases 80x2000,1000x10000] [--runs 3] [--latency 100]
 *                        [--sides node,http-tuned,http-default] [--read-progress] [--cpu-prof <dir>]
 *
 * n8n runs at its default log level (info), as users run it. `--read-progress`: debug level, so our
 * node's read milestones show (the "10% read" column); n8n 2.41 then also logs a debug line for
 * every expression it evaluates (its isolated-VM bridge), which costs both sides CPU per message.
 * `--cpu-prof <dir>`: V8 CPU profiles of every n8n process into <dir> (`.cpuprofile`, for profiling
 * only: the profiler's own cost inflates the figures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { N8nInstance, ensureN8n, packOurPackage, repoRoot, sandboxCredentialSeeds, type N8nRecipeName } from '../../scripts/n8n/launcher';
import { measureRun, type MeasuredRun } from './measure';
import { startMetaStandIn, type MetaStandIn } from './metaStandIn';
import { medianFigures } from './metrics';
import { reportLines, type ReportRow } from './report';
import { benchWorkflow, SIDES, type BenchCase, type Side } from './workflows';

const say = (line = ''): void => {
	process.stdout.write(`${line}\n`);
};

interface Options {
	recipes: N8nRecipeName[];
	cases: BenchCase[];
	runs: number;
	latencyMs: number;
	sides: Side[];
	cpuProfileDir?: string;
	readProgress: boolean;
}

function parseOptions(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			n8n: { type: 'string', default: 'stable,latest' },
			cases: { type: 'string', default: '80x2000,1000x10000' },
			// Three: on a 2-core machine single runs of the 1,000/s case move by ±15 %; the middle one of
			// three is a median, the mean of two is not.
			runs: { type: 'string', default: '3' },
			latency: { type: 'string', default: '100' },
			sides: { type: 'string', default: SIDES.join(',') },
			'cpu-prof': { type: 'string' },
			'read-progress': { type: 'boolean', default: false },
		},
		strict: true,
	});
	const recipes = values.n8n!.split(',').map((name) => name.trim());
	const unknown = recipes.find((name) => name !== 'stable' && name !== 'latest');
	if (unknown) throw new Error(`--n8n takes stable (2.8.4) and/or latest (2.41.1), got "${unknown}".`);
	const cases = values.cases!.split(',').map((text) => {
		const match = /^(\d+)x(\d+)$/.exec(text.trim());
		if (!match) throw new Error(`--cases takes <cap>x<messages> pairs such as 80x2000, got "${text}".`);
		return { cap: Number(match[1]), items: Number(match[2]) };
	});
	const runs = Number(values.runs);
	if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got "${values.runs}".`);
	const latencyMs = Number(values.latency);
	if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`--latency must be milliseconds ≥ 0, got "${values.latency}".`);
	const sides = values.sides!.split(',').map((name) => name.trim());
	const unknownSide = sides.find((name) => !(SIDES as readonly string[]).includes(name));
	if (unknownSide) throw new Error(`--sides takes ${SIDES.join(', ')}, got "${unknownSide}".`);
	const cpuProfileDir = values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined;
	return { recipes: recipes as N8nRecipeName[], cases, runs, latencyMs, sides: sides as Side[], cpuProfileDir, readProgress: values['read-progress'] === true };
}

/** Our node's newest version, from the build (workflows then use what a new user would get). */
function ourNodeVersion(): number {
	const file = path.join(repoRoot(), 'dist', 'nodes', 'WhatsAppNumbers', 'WhatsAppNumbers.node.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { WhatsAppNumbers } = require(file) as { WhatsAppNumbers: new () => { description: { version: number | number[]; defaultVersion?: number } } };
	const { version, defaultVersion } = new WhatsAppNumbers().description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/** Keys of a JSON body, nested, with the values left out: both sides must send the same shape. */
function shapeOf(body: string | null): string {
	if (body === null) return '(no message)';
	const shape = (value: unknown): unknown =>
		value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape((value as Record<string, unknown>)[key])])) : typeof value;
	try {
		return JSON.stringify(shape(JSON.parse(body)));
	} catch {
		return '(not JSON)';
	}
}

/**
 * A script each n8n process preloads to write its V8 CPU profile into `dir` when it exits (Node 20,
 * which n8n 2.8 runs on, does not take `--cpu-prof` in NODE_OPTIONS). Returns its path.
 */
function profilerPreload(dir: string): string {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, 'cpu-profile-preload.js');
	const script = [
		"const inspector = require('node:inspector');",
		"const fs = require('node:fs');",
		'const session = new inspector.Session();',
		'session.connect();',
		"session.post('Profiler.enable');",
		"session.post('Profiler.start');",
		"process.on('exit', () => session.post('Profiler.stop', (error, result) => {",
		`\tif (!error) fs.writeFileSync(${JSON.stringify(dir)} + '/CPU.' + Date.now() + '.' + process.pid + '.cpuprofile', JSON.stringify(result.profile));`,
		'}));',
	];
	fs.writeFileSync(file, `${script.join('\n')}\n`);
	return file;
}

/** Every run of one case on one n8n, sides alternating their order; the rows of its medians. */
async function benchCase(n8n: N8nInstance, meta: MetaStandIn, options: Options, benchCase: BenchCase): Promise<ReportRow[]> {
	const runs: MeasuredRun[] = [];
	for (let round = 0; round < options.runs; round++) {
		// Alternate the order so warm-up and background load do not always favour the same side.
		for (const side of round % 2 === 0 ? options.sides : [...options.sides].reverse()) {
			const run = await measureRun(n8n, meta, side, benchCase);
			runs.push(run);
			say(
				`  n8n ${n8n.install.version} cap ${benchCase.cap} × ${benchCase.items} run ${round + 1} ${side}: rate/cap ${run.rateOverCap.toFixed(3)}, CPU ${run.cpuMsPerMessage?.toFixed(3) ?? '-'} ms/msg, 130429 ×${run.throughputErrors}, lost ${run.lost}, dup ${run.duplicated}, first msg ${run.firstMessageMs ?? '-'} ms, 10% read ${run.tenthReadMs ?? '-'} ms, node ${(run.nodeMs / 1000).toFixed(1)} s${run.nodeError ? `, node error: ${run.nodeError}` : ''}${run.proxyErrors ? `, BENCH PROXY FAILED ${run.proxyErrors} sends (${run.proxyErrorSample})` : ''}`,
			);
		}
	}
	const shapes = new Set(runs.filter((run) => run.firstBody !== null).map((run) => shapeOf(run.firstBody)));
	if (shapes.size > 1) say(`  note: the sides sent differently shaped JSON: ${[...shapes].join(' vs ')}`);
	return options.sides.map((side) => {
		const ofSide = runs.filter((run) => run.side === side);
		return { n8nVersion: n8n.install.version, benchCase, side, runs: ofSide.length, median: medianFigures(ofSide) };
	});
}

/** One n8n build: install (first use), our package, credentials and workflows, then every case. A case that cannot run is reported in `skipped`. */
async function benchOneN8n(recipe: N8nRecipeName, options: Options, meta: MetaStandIn, tarball: string, nodeVersion: number, skipped: string[]): Promise<ReportRow[]> {
	const install = await ensureN8n({ recipe, log: say });
	say(`n8n ${install.version}: preparing (our package, credentials, ${options.cases.length * options.sides.length} workflows)…`);
	// At log level debug our node logs when it has read a tenth of its items (metrics.ts readTenthAt).
	const logLevel = options.readProgress ? 'debug' : 'info';
	const profiling: Record<string, string> = options.cpuProfileDir ? { NODE_OPTIONS: `--require ${profilerPreload(options.cpuProfileDir)}` } : {};
	const n8n = await N8nInstance.create({ install, env: { N8N_LOG_LEVEL: logLevel, ...profiling } });
	const rows: ReportRow[] = [];
	try {
		await n8n.installPackage(tarball);
		await n8n.importCredentials(sandboxCredentialSeeds({ ...meta.sandbox, baseUrl: meta.baseUrl }));
		const target = { phoneNumberId: meta.sandbox.phoneNumberId, baseUrl: meta.baseUrl, accessToken: meta.sandbox.accessToken };
		await n8n.importWorkflows(options.cases.flatMap((item) => options.sides.map((side) => benchWorkflow(side, item, target, nodeVersion))));
		for (const item of options.cases) {
			try {
				rows.push(...(await benchCase(n8n, meta, options, item)));
			} catch (error) {
				skipped.push(`n8n ${install.version}, cap ${item.cap} × ${item.items}: ${(error as Error).message.split('\n')[0]}`);
				say(`  could not run cap ${item.cap} × ${item.items}: ${(error as Error).message}`);
			}
		}
	} finally {
		await n8n.stop();
	}
	return rows;
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const root = repoRoot();
	const nodeVersion = ourNodeVersion();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-bench-n8n-'));
	const meta = await startMetaStandIn({ latencyMs: options.latencyMs });
	const rows: ReportRow[] = [];
	const skipped: string[] = [];
	try {
		const tarball = await packOurPackage(path.join(work, 'pack'));
		say(`Sandbox behind a recording proxy at ${meta.baseUrl} (latency ${options.latencyMs} ms); our node version ${nodeVersion}; ${options.runs} run(s) per side.`);
		for (const recipe of options.recipes) {
			try {
				rows.push(...(await benchOneN8n(recipe, options, meta, tarball, nodeVersion, skipped)));
			} catch (error) {
				skipped.push(`n8n recipe ${recipe}: ${(error as Error).message.split('\n')[0]}`);
				say(`Could not run n8n recipe ${recipe}: ${(error as Error).message}`);
			}
		}
	} finally {
		await meta.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
	const resultsDir = path.join(root, '.cache', 'bench-n8n');
	fs.mkdirSync(resultsDir, { recursive: true });
	const resultsFile = path.join(resultsDir, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(resultsFile, `${JSON.stringify({ options, nodeVersion, cpus: os.cpus().length, loadAverage: os.loadavg(), rows, skipped }, null, 2)}\n`);
	say('');
	say(`Medians per side (rate/cap: messages the sandbox accepted per second over the node's active window ÷ cap; CPU: n8n processes during the node).`);
	say(`Machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} at the end. Results: ${path.relative(root, resultsFile)}`);
	for (const line of reportLines(rows)) say(line);
	if (skipped.length) {
		say('Could not run:');
		for (const line of skipped) say(`  ${line}`);
		process.exitCode = 1;
	}
}

main().catch((error: Error & { code?: string }) => {
	process.stderr.write(`\nbench:n8n failed: ${error.message}\n`);
	process.exitCode = 1;
});
