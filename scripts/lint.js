#!/usr/bin/env node
/**
 * `npm run lint`: n8n's community-node lint (`n8n-node lint`, strict).
 *
 * @n8n/node-cli pulls in langchain and an n8n-workflow whose isolated-vm only builds on Node 24,
 * so it cannot be a plain devDependency on Node 20. It is installed on first use into the per-user
 * tool cache (scripts/support/toolCache.js) with install scripts off (lint needs none of them) and linked into node_modules so
 * eslint.config.mjs (n8n's unmodified template) resolves `@n8n/node-cli/eslint`.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { tryLock } = require('./support/installLock');

const NODE_CLI_VERSION = '0.48.3';
const root = path.resolve(__dirname, '..');
const cacheDir = path.join(require('./support/toolCache').TOOL_CACHE_ROOT, `n8n-node-cli-${NODE_CLI_VERSION}`);
const installed = path.join(cacheDir, 'node_modules', '@n8n', 'node-cli');
const marker = path.join(cacheDir, '.installed');

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!fs.existsSync(marker)) {
	// The cache is shared by every clone on the machine: one install at a time (the others wait for it).
	fs.mkdirSync(cacheDir, { recursive: true });
	const lock = path.join(cacheDir, '.install-lock');
	const deadline = Date.now() + 15 * 60_000;
	while (!tryLock(lock)) {
		if (Date.now() > deadline) {
			process.stderr.write(`Timed out waiting for another process to install @n8n/node-cli (lock ${lock}). If no install is running, delete that folder.\n`);
			process.exit(1);
		}
		spawnSync('sleep', ['2']);
	}
	try {
		if (!fs.existsSync(marker)) {
			process.stdout.write(`Installing @n8n/node-cli ${NODE_CLI_VERSION} into ${cacheDir} (first run only)…\n`);
			fs.writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ private: true, dependencies: { '@n8n/node-cli': NODE_CLI_VERSION } }, null, 2));
			run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: cacheDir, env: { ...process.env, npm_config_yes: 'true' } });
			fs.writeFileSync(marker, new Date().toISOString());
		}
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

const link = path.join(root, 'node_modules', '@n8n', 'node-cli');
let linked = false;
try {
	linked = fs.realpathSync(link) === fs.realpathSync(installed);
} catch {
	linked = false;
}
if (!linked) {
	fs.mkdirSync(path.dirname(link), { recursive: true });
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(installed, link, 'dir');
}

/*
 * `n8n-node lint` lints every file below the folder it runs in, and strict mode forbids changing
 * the eslint config, so the sandbox, relay, Zapier app and tests (which may use node:http or
 * timers) would be judged by n8n's node rules. Lint exactly what the n8n package ships instead:
 * a staging copy of package.json, the config, nodes/, credentials/ and shared/ (less shared/node,
 * which package.json "files" leaves out of the artifact too).
 */
const stage = path.join(root, '.cache', 'lint-stage');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
for (const file of ['package.json', 'eslint.config.mjs', 'tsconfig.json', 'README.md', 'LICENSE.md']) {
	if (fs.existsSync(path.join(root, file))) fs.copyFileSync(path.join(root, file), path.join(stage, file));
}
for (const dir of ['nodes', 'credentials', 'shared']) {
	fs.cpSync(path.join(root, dir), path.join(stage, dir), { recursive: true, filter: (source) => !source.startsWith(path.join(root, 'shared', 'node')) });
}
fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

const bin = path.join(installed, 'bin', 'n8n-node.mjs');
const entry = fs.existsSync(bin) ? bin : path.join(installed, JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).bin['n8n-node']);
process.stdout.write(`Linting the n8n package as shipped (staged in ${path.relative(root, stage)}; paths below are relative to it)\n`);
run(process.execPath, [entry, 'lint', ...process.argv.slice(2)], {
	cwd: stage,
	env: { ...process.env, PATH: `${path.join(cacheDir, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` },
});
