/**
 * The deployable folder and Zapier's own CLI: scripts/zapier/package.js assembles what a consultant
 * pushes, and `zapier-platform validate --without-style` (CLI 19 on Node 22 from the npm registry,
 * installed on first use into .cache/zapier-cli) accepts it, offline. Needs `npm run build` first
 * (`npm test` does it).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble } = require(path.join(ROOT, 'scripts', 'zapier', 'package.js'));

const OUT = path.join(ROOT, '.cache', `zapier-app-e2e-${process.pid}`);

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code: code ?? 1, output }));
	});
}

beforeAll(() => {
	if (!fs.existsSync(path.join(ROOT, 'dist', 'zapier', 'index.js'))) throw new Error('dist/zapier is missing: run `npm run build` (npm test builds first).');
	assemble({ out: OUT, build: false, log: () => undefined });
});

afterAll(() => {
	fs.rmSync(OUT, { recursive: true, force: true });
});

it('assembles a folder with its own package.json, the entry and only compiled JavaScript', () => {
	const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const appPackage = JSON.parse(fs.readFileSync(path.join(OUT, 'package.json'), 'utf8'));
	expect(appPackage).toMatchObject({ version: rootPackage.version, main: 'index.js', dependencies: { 'zapier-platform-core': rootPackage.devDependencies['zapier-platform-core'] } });
	expect(Object.keys(appPackage.dependencies)).toEqual(['zapier-platform-core']);
	expect(fs.readFileSync(path.join(OUT, 'index.js'), 'utf8')).toContain("require('./dist/zapier').default");
	expect(JSON.parse(fs.readFileSync(path.join(OUT, '.zapierapprc'), 'utf8')).includeInBuild).toHaveLength(3);
	expect(fs.readFileSync(path.join(OUT, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'build/', '.env']));
	const files = listFiles(path.join(OUT, 'dist'));
	expect(files.every((file) => file.endsWith('.js'))).toBe(true);
	expect(files).toEqual(expect.arrayContaining(['zapier/index.js', 'zapier/instant/index.js', 'shared/index.js']));

	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const app = require(OUT);
	expect(app.version).toBe(rootPackage.version);
	expect(Object.keys(app.creates)).toContain('register_phone_number');
});

it('passes `zapier-platform validate --without-style` (offline, Node 22, analytics off)', async () => {
	const { code, output } = await run([path.join(ROOT, 'scripts', 'zapier', 'cli.js'), '--cwd', OUT, 'validate', '--without-style']);
	expect(output).toContain('No structural errors found during validation routine.');
	expect(output).toContain('This project is structurally sound!');
	expect(code).toBe(0);
}, 600_000);

function listFiles(dir: string, prefix = ''): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}
