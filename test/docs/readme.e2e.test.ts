/**
 * The user documentation tells the truth about the package: every module a README or CONTRIBUTING
 * example imports is in the packed npm package, or the example says it runs from a clone and the
 * module (with the names imported) exists in the clone's build. The README's test commands are what
 * CI runs. Needs the build (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; main?: string; exports?: unknown };
const DOCS = ['README.md', 'CONTRIBUTING.md'];

interface Example {
	doc: string;
	fromClone: boolean;
	imports: Array<{ specifier: string; names: string[] }>;
}

/** The JavaScript/TypeScript code blocks of a Markdown file, with what they import. */
function examples(doc: string): Example[] {
	const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
	const found: Example[] = [];
	for (let index = 0; index < lines.length; index++) {
		if (!/^```(ts|typescript|js|javascript)\s*$/.test(lines[index])) continue;
		const end = lines.indexOf('```', index + 1);
		const code = lines.slice(index + 1, end).join('\n');
		// The paragraph just above the block says whether it runs from a clone.
		let start = index - 1;
		while (start >= 0 && lines[start].trim() === '') start--;
		const paragraph: string[] = [];
		while (start >= 0 && lines[start].trim() !== '') paragraph.unshift(lines[start--]);
		const imports = [...code.matchAll(/import\s+(?:\{([^}]*)\}\s+from\s+)?['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => ({
			specifier: match[2] ?? match[3],
			names: (match[1] ?? '')
				.split(',')
				.map((name) => name.trim().split(/\s+as\s+/)[0])
				.filter(Boolean),
		}));
		found.push({ doc, fromClone: /from a clone/i.test(paragraph.join(' ')), imports });
		index = end;
	}
	return found;
}

function packedFiles(): string[] {
	const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	if (pack.status !== 0) throw new Error(`npm pack --dry-run failed:\n${pack.stderr}`);
	return (JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path);
}

/** The file a specifier names inside the package (for `<package>/<path>` or `./<path>`), or null for the bare package. */
function packagePath(specifier: string): string | null {
	if (specifier === PACKAGE.name) return null;
	if (specifier.startsWith(`${PACKAGE.name}/`)) return specifier.slice(PACKAGE.name.length + 1);
	return path.posix.normalize(specifier);
}

it('imports in the examples are shipped in the npm package, or the example runs from a clone and its build has them', () => {
	if (!fs.existsSync(path.join(ROOT, 'dist', 'shared', 'index.js'))) throw new Error('dist/ is missing: run `node scripts/build.js` (npm test builds first).');
	const packed = new Set(packedFiles());
	const all = DOCS.flatMap(examples);
	const problems: string[] = [];
	for (const example of all) {
		for (const { specifier, names } of example.imports) {
			if (!specifier.startsWith('.') && !specifier.startsWith(PACKAGE.name)) continue; // node: built-ins and other packages
			const inside = packagePath(specifier);
			if (example.fromClone) {
				try {
					// eslint-disable-next-line @typescript-eslint/no-require-imports
					const loaded = require(require.resolve(path.join(ROOT, inside ?? '.'))) as Record<string, unknown>;
					for (const name of names) if (!(name in loaded)) problems.push(`${example.doc}: "${specifier}" has no export ${name} in the build`);
				} catch (error) {
					problems.push(`${example.doc}: "${specifier}" does not load from a built clone (${(error as Error).message.split('\n')[0]})`);
				}
				continue;
			}
			if (inside === null) {
				if (PACKAGE.main === undefined && PACKAGE.exports === undefined) problems.push(`${example.doc}: imports "${specifier}" but package.json has no main or exports`);
				continue;
			}
			const candidates = [inside, `${inside}.js`, `${inside}/index.js`];
			if (!candidates.some((candidate) => packed.has(candidate))) problems.push(`${example.doc}: "${specifier}" is not in the npm package; say "from a clone" above the example or ship it`);
		}
	}
	expect(problems).toEqual([]);
	// The check looked at something: CONTRIBUTING's plain-Node example, from a clone.
	expect(all.filter((example) => example.fromClone && example.imports.length)).not.toHaveLength(0);
});

it('gives the same test commands as CI (.ci/run)', () => {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('\n## Tests'));
	const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
	const ci = fs
		.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
		.split('\n')
		.filter((line) => /^npm /.test(line))
		.map((line) => line.replace(/\s+--no-(audit|fund)/g, ''));

	expect(block.trim().split('\n')).toEqual(['npm install', 'npm test']);
	expect(ci).toEqual(['npm install', 'npm test']);
});
