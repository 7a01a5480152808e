#!/usr/bin/env node
/**
 * Assembles the deployable Zapier app in `.cache/zapier-app/` (or `--out <dir>`): what a consultant
 * pushes with `zapier-platform push`. The repository's package is the n8n package and has no
 * runtime dependencies, so the Zapier app gets its own package.json listing zapier-platform-core.
 *
 *   node scripts/zapier/package.js             builds (node scripts/build.js), then assembles
 *   node scripts/zapier/package.js --no-build  assembles from the existing dist/
 *
 * The folder holds: package.json, index.js (the entry, `require('./dist/zapier').default`),
 * dist/zapier and dist/shared (compiled JavaScript only), README.md, a .gitignore (keeps
 * node_modules, build output and a `.env` with credentials out of Zapier's source.zip), and
 * `.zapierapprc` with the `includeInBuild` patterns Zapier's build needs (Zapier CLI docs, "includeInBuild").
 * Re-assembling keeps the consultant's node_modules and the app link (`id`/`key`) in `.zapierapprc`.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_OUT = path.join(REPO_ROOT, '.cache', 'zapier-app');
const CORE_PACKAGE = 'zapier-platform-core';

/**
 * Files Zapier's esbuild-based dependency detection misses with npm + Node 22 (they are loaded
 * through the `module-sync` export condition); without them the build's smoke test fails.
 */
const INCLUDE_IN_BUILD = ['node_modules/async-function/require\\.mjs$', 'node_modules/generator-function/require\\.mjs$', 'node_modules/async-generator-function/require\\.mjs$'];

/** Copies the compiled JavaScript of one dist folder (no declarations, no source maps). */
function copyJs(from, to) {
	if (!fs.existsSync(from)) throw new Error(`${path.relative(REPO_ROOT, from)} is missing: build first (node scripts/build.js).`);
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		const target = path.join(to, entry.name);
		if (entry.isDirectory()) copyJs(source, target);
		else if (entry.name.endsWith('.js')) {
			fs.mkdirSync(to, { recursive: true });
			fs.copyFileSync(source, target);
		}
	}
}

function readJson(file, fallback) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return fallback;
	}
}

/** The app's package.json: same version as the repository, zapier-platform-core pinned like the devDependency. */
function appPackageJson(rootPackage) {
	const coreVersion = rootPackage.devDependencies?.[CORE_PACKAGE];
	if (!coreVersion) throw new Error(`package.json has no devDependency ${CORE_PACKAGE}; the Zapier app is built against it.`);
	return {
		name: 'whatsapp-numbers-zapier',
		version: rootPackage.version,
		description: 'Zapier app: onboard WhatsApp Business numbers (add, verify, register, two-step PIN), watch their status and send identity-checked messages.',
		private: true,
		license: rootPackage.license,
		main: 'index.js',
		engines: { node: '>=22' },
		dependencies: { [CORE_PACKAGE]: coreVersion },
	};
}

/** Assembles the folder; returns its path. */
function assemble({ out = DEFAULT_OUT, build = true, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
	if (build) {
		const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.js')], { cwd: REPO_ROOT, stdio: 'inherit' });
		if (result.status !== 0) throw new Error('The build failed; nothing was assembled.');
	}
	const rootPackage = readJson(path.join(REPO_ROOT, 'package.json'));
	fs.mkdirSync(out, { recursive: true });
	// A node_modules link left by an older tool would make `push` upload the repository's dev packages.
	const modules = path.join(out, 'node_modules');
	if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) fs.rmSync(modules, { force: true });
	fs.rmSync(path.join(out, 'dist'), { recursive: true, force: true });
	copyJs(path.join(REPO_ROOT, 'dist', 'zapier'), path.join(out, 'dist', 'zapier'));
	copyJs(path.join(REPO_ROOT, 'dist', 'shared'), path.join(out, 'dist', 'shared'));
	fs.writeFileSync(
		path.join(out, 'index.js'),
		"/** Zapier's entry point: the app definition compiled from the repository's zapier/ folder. */\nmodule.exports = require('./dist/zapier').default;\n",
	);
	fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(appPackageJson(rootPackage), null, 2)}\n`);
	const rcFile = path.join(out, '.zapierapprc');
	const rc = readJson(rcFile, {});
	fs.writeFileSync(rcFile, `${JSON.stringify({ ...rc, includeInBuild: INCLUDE_IN_BUILD }, null, 2)}\n`);
	// Zapier zips what .gitignore does not exclude into source.zip; .env holds `invoke` credentials.
	fs.writeFileSync(path.join(out, '.gitignore'), 'node_modules/\nbuild/\n.env\n*.log\n');
	const readme = path.join(REPO_ROOT, 'zapier', 'README.md');
	if (fs.existsSync(readme)) fs.copyFileSync(readme, path.join(out, 'README.md'));
	log(`Zapier app ${rootPackage.version} assembled in ${path.relative(process.cwd(), out) || out}`);
	return out;
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const at = args.indexOf('--out');
	try {
		assemble({ out: at === -1 ? DEFAULT_OUT : path.resolve(args[at + 1]), build: !args.includes('--no-build') });
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}
}

module.exports = { assemble, appPackageJson, DEFAULT_OUT, INCLUDE_IN_BUILD };
