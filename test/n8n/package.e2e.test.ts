/**
 * The n8n artifact as n8n installs it: `n8n-node lint` (strict) passes on what ships, and the
 * packed package has no runtime dependency and requires nothing but n8n-workflow, node:crypto
 * and its own files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('the published n8n package', () => {
	it('passes n8n-node lint in strict mode', () => {
		// eslint-plugin-n8n-nodes-base judges file names differently when NODE_ENV is `test` (as under jest).
		const env = { ...process.env };
		delete env.NODE_ENV;
		delete env.JEST_WORKER_ID;
		const lint = spawnSync(process.execPath, [path.join(root, 'scripts/lint.js')], { cwd: root, env, encoding: 'utf8', timeout: 15 * 60_000 });
		const output = `${lint.stdout}\n${lint.stderr}`;
		expect({ status: lint.status, problems: output.match(/✖ \d+ problems?.*/)?.[0] ?? null }).toEqual({ status: 0, problems: null });
	}, 16 * 60_000);

	it('packs only the compiled nodes, credentials and core, with no dependencies', () => {
		const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
		expect(pack.status).toBe(0);
		const [{ files }] = JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>;
		const paths = files.map((file) => file.path);
		expect(paths).toEqual(expect.arrayContaining(['package.json', 'dist/nodes/WhatsAppNumbers/WhatsAppNumbers.node.js', 'dist/credentials/WhatsAppNumbersApi.credentials.js', 'dist/shared/index.js']));
		const unexpected = paths.filter((file) => !/^(package\.json|README\.md|LICENSE\.md|dist\/(shared|nodes|credentials)\/)/.test(file));
		expect(unexpected).toEqual([]);
		expect(paths.filter((file) => file.startsWith('dist/shared/node/'))).toEqual([]);
		const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });

		const required = new Set<string>();
		for (const file of paths.filter((candidate) => candidate.startsWith('dist/') && candidate.endsWith('.js'))) {
			const source = fs.readFileSync(path.join(root, file), 'utf8');
			for (const match of source.matchAll(/require\("([^"]+)"\)/g)) if (!match[1].startsWith('.')) required.add(match[1]);
		}
		expect([...required].sort()).toEqual(['n8n-workflow', 'node:crypto']);
	});
});
