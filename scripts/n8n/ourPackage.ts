/**
 * Our package as n8n receives it: the repository root, the on-demand n8n installer, `npm pack` of
 * the built package and its install into an n8n user folder (where n8n loads community packages).
 */
import fs from 'node:fs';
import path from 'node:path';

import type * as Installer from './install';
import type { EnsureN8nOptions, N8nInstall } from './install';
import { lastLines, runCommand } from './processes';

/** Our package name: node types are `<package>.<node name>` once n8n loads it from `.n8n/nodes`. */
export const PACKAGE_NAME = 'n8n-nodes-whatsapp-numbers';

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The repository root (where our package.json is), from the source tree or from dist/. */
export function repoRoot(): string {
	let dir = __dirname;
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`Could not find the ${PACKAGE_NAME} package.json above ${__dirname}.`);
		dir = parent;
	}
}

/** The installer is plain JavaScript that stays in scripts/ (it runs before any build), so load it from there. */
function installer(): typeof Installer {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(repoRoot(), 'scripts', 'n8n', 'install.js')) as typeof Installer;
}

/** Installs n8n on first use (a few minutes, with progress lines) and returns where it is. */
export function ensureN8n(options?: EnsureN8nOptions): Promise<N8nInstall> {
	return installer().ensureN8n(options);
}

/** The environment for a nested npm (pack, install into n8n): see install.js. */
export function cleanNpmEnv(): NodeJS.ProcessEnv {
	return installer().cleanNpmEnv(process.env);
}

/**
 * Packs our built package with `npm pack` into `outDir` and returns the tarball's path.
 * A tarball (not a directory symlink) so the installed package resolves n8n's own n8n-workflow.
 */
export async function packOurPackage(outDir: string): Promise<string> {
	const root = repoRoot();
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[]; credentials?: string[] } };
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !fs.existsSync(path.join(root, file)));
	if (missing.length) {
		throw new Error(`The package is not built: ${missing.join(', ')} missing. Run \`node scripts/build.js\` (npm start and npm test do it first).`);
	}
	fs.mkdirSync(outDir, { recursive: true });
	const result = await runCommand(npmCommand, ['pack', '--json', '--pack-destination', outDir], {
		cwd: root,
		env: cleanNpmEnv(),
		timeoutMs: 120_000,
		label: 'npm pack',
	});
	if (result.code !== 0) throw new Error(`npm pack failed (exit ${result.code}):\n${lastLines(result.stderr || result.stdout, 20)}`);
	const packed = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ filename: string }>;
	return path.join(outDir, packed[0].filename);
}

/** Installs a packed package into `<userFolder>/.n8n/nodes`, where n8n loads community packages. */
export async function installPackageInto(userFolder: string, tarball: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	// --legacy-peer-deps: n8n-workflow is a peer and must come from n8n itself, not a second copy.
	const result = await runCommand(
		npmCommand,
		['install', tarball, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline'],
		{ cwd: nodesDir, env: cleanNpmEnv(), timeoutMs: 180_000, label: 'npm install (our package into n8n)' },
	);
	if (result.code !== 0) throw new Error(`Installing ${path.basename(tarball)} into n8n failed (exit ${result.code}):\n${lastLines(result.stderr || result.stdout, 20)}`);
}
