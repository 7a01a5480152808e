/**
 * The shells render the core; they do not reach into it or decide what a Meta code means: they
 * import only the core's public entry and hold no Meta error code of their own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATALOG } from '../../shared';

const ROOT = path.join(__dirname, '..', '..');
const SHELLS = ['nodes', 'credentials', 'zapier'];
const SKIP: string[] = [];

function sources(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.join(dir, entry.name);
		if (SKIP.includes(relative)) return [];
		if (entry.isDirectory()) return sources(relative);
		return entry.name.endsWith('.ts') ? [relative] : [];
	});
}

/** The code without comments and string literals: what decides, not what is said. */
function codeOnly(text: string): string {
	return text
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/\/\/.*$/gm, '')
		.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

const files = SHELLS.flatMap(sources);
/** Codes that cannot be mistaken for HTTP statuses, limits or counts. */
const META_CODES = Object.keys(ERROR_CATALOG)
	.map(Number)
	.filter((code) => code >= 1000 || code === 190 || code === 368);

describe('the shells', () => {
	it('are found', () => {
		expect(files.length).toBeGreaterThan(20);
	});

	it("import the core only through its public entry (shared/index.ts)", () => {
		const deep = files.flatMap((file) =>
			[...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/from '((?:\.\.\/)+shared\/[^']+)'/g)].map((match) => `${file}: ${match[1]}`),
		);
		expect(deep).toEqual([]);
	});

	it('keep no Meta error code of their own', () => {
		const found = files.flatMap((file) => {
			const code = codeOnly(fs.readFileSync(path.join(ROOT, file), 'utf8'));
			return META_CODES.filter((metaCode) => new RegExp(`\\b${metaCode}\\b`).test(code)).map((metaCode) => `${file}: ${metaCode}`);
		});
		expect(found).toEqual([]);
	});
});
