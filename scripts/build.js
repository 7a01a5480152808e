#!/usr/bin/env node
/** Compiles everything to dist/ (strict tsc) and copies the node icons and codex files beside the JS. */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

function copyAssets(dir) {
	for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
		const rel = path.join(dir, entry.name);
		if (entry.isDirectory()) copyAssets(rel);
		else if (/\.(svg|png)$/.test(entry.name) || /\.node\.json$/.test(entry.name)) {
			fs.mkdirSync(path.join(dist, dir), { recursive: true });
			fs.copyFileSync(path.join(root, rel), path.join(dist, rel));
		}
	}
}
for (const dir of ['nodes', 'credentials', 'icons']) if (fs.existsSync(path.join(root, dir))) copyAssets(dir);
