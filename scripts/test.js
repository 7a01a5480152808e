#!/usr/bin/env node
/**
 * `npm test`: type-checks and builds (the e2e suites run the built code), then runs jest.
 * Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(process.execPath, [path.join(root, 'scripts/build.js')]) !== 0) {
	process.stdout.write('\n0 passed, 1 failed\n');
	process.exit(1);
}
const jestBin = require.resolve('jest/bin/jest');
const args = process.argv.slice(2);
process.exit(run(process.execPath, [jestBin, '--ci', ...args]));
