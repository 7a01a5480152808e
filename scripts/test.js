#!/usr/bin/env node
/**
 * `npm test`: builds (strict tsc; the e2e suites run the built code), runs jest (unit and e2e
 * projects), then prints the closing line CI reads: `N passed, N failed`.
 * Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
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
const resultsFile = path.join(root, '.cache', 'jest-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });
const status = run(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
	const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
	passed = results.numPassedTests;
	skipped = results.numPendingTests + results.numTodoTests;
	// A suite that crashed before running its tests counts as a failure, so the line never hides it.
	failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch {
	failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
