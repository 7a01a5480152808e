/**
 * templates/zapier/README.md lists every recipe, and for each one exactly the other apps its steps
 * use (read from the recipe's json zap block), so the index cannot drift from the recipes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRecipe, OUR_APP, RECIPES_DIR } from './support/recipe';

const SLUGS = ['01-onboard-client-number', '02-daily-health-report', '03-identity-mismatch-guard', '04-campaign-from-a-list', '05-number-status-alerts'];

const index = fs.readFileSync(path.join(RECIPES_DIR, 'README.md'), 'utf8');

/** The index's table rows by the recipe file they link to. */
function rows(): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const line of index.split('\n')) {
		const link = /\]\(([\w-]+)\.md\)/.exec(line);
		if (link && line.startsWith('|')) out.set(link[1], line.split('|').map((cell) => cell.trim()));
	}
	return out;
}

it('has the five recipes, the same numbers and slugs as the n8n gallery, and nothing else', () => {
	const files = fs.readdirSync(RECIPES_DIR).filter((file) => file.endsWith('.md') && file !== 'README.md').map((file) => file.replace(/\.md$/, ''));
	expect(files.sort()).toEqual(SLUGS);
	expect([...rows().keys()]).toEqual(SLUGS);
});

it.each(SLUGS)('lists the apps recipe %s uses besides ours, and its number of Zaps', (slug) => {
	const recipe = loadRecipe(slug);
	const used = new Set(recipe.zaps.flatMap((zap) => zap.steps.map((step) => step.app)).filter((app) => app !== OUR_APP));
	const [, number, , zaps, , builtins] = rows().get(slug)!;
	expect(number).toBe(slug.slice(0, 2));
	expect(Number(zaps)).toBe(recipe.zaps.length);
	expect(new Set(builtins.match(/[A-Z]\w+ by Zapier|Google Sheets/g))).toEqual(used);
});
