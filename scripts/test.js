#!/usr/bin/env node
/**
 * `npm test`: builds (strict tsc; the e2e suites run the built code), runs jest (the unit project,
 * then the e2e project), then prints the closing line CI reads, summing both: `N passed, N failed`.
 * Extra arguments go to each jest run, e.g. `npm test -- test/zapier`; with `--selectProjects`
 * (`npm test -- --selectProjects unit`) jest runs once, as given.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(process.execPath, [path.join(root, 'scripts/build.js')]) !== 0) {
	process.stdout.write('\nbuild failed\n0 passed, 1 failed\n');
	process.exit(1);
}
// The build checks the shipped code; this also type-checks the tests (strict, no emit).
if (run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.test.json')]) !== 0) {
	process.stdout.write('\ntype check of the tests failed\n0 passed, 1 failed\n');
	process.exit(1);
}
/*
 * The jest projects run one after the other in separate jest processes: an e2e suite loads
 * zapier-platform-core without nock, and sharing a worker with unit suites made their order (which
 * jest takes from the durations cached by the previous run) decide whether nock saw their requests.
 * Each file also restores node's http module (test/support/isolateHttp.ts).
 */
const extra = process.argv.slice(2);
const choosesProjects = extra.some((arg) => arg === '--selectProjects' || arg.startsWith('--selectProjects='));
// A path filter may match files of one project only; the other run then has nothing to do.
const runs = choosesProjects
	? [{ name: 'selected', args: extra }]
	: ['unit', 'e2e'].map((project) => ({ name: project, args: [...extra, ...(extra.length ? ['--passWithNoTests'] : []), '--selectProjects', project] }));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const { name, args } of runs) {
	const resultsFile = path.join(root, '.cache', `jest-results-${name}.json`);
	fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
	fs.rmSync(resultsFile, { force: true });
	const status = run(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${resultsFile}`, ...args]);
	let runFailed = 0;
	try {
		const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
		passed += results.numPassedTests;
		skipped += results.numPendingTests + results.numTodoTests;
		// A suite that crashed before running its tests counts as a failure, so the line never hides it.
		runFailed = results.numFailedTests + results.numRuntimeErrorTestSuites;
	} catch {
		runFailed = 1;
	}
	if (status !== 0 && runFailed === 0) runFailed = 1;
	failed += runFailed;
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 ? 0 : 1);
