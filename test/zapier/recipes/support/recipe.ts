/**
 * A Zapier recipe (templates/zapier/<NN>-<slug>.md) as data: the ```json zap block every recipe
 * carries, and the checks that keep the recipe and the app in step (keys, labels, field keys, the
 * outputs each mapping reads, and the step headings of the prose).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import App from '../../../../zapier';

/** The app's steps by kind, as Zapier's step picker lists them. */
export type AppKind = 'triggers' | 'searches' | 'creates';

/** The name our app has in Zapier's app picker (the recipes' "app" for our steps). */
export const OUR_APP = 'WhatsApp Numbers';

export interface RecipeStep {
	/** What later steps call this one in mappings: `{{<id>.<output key>}}`. */
	id: string;
	/** `WhatsApp Numbers` for ours, else the Zapier built-in (`Storage by Zapier`…). */
	app: string;
	/** Our step's label as the app shows it, or the built-in's event (`Catch Hook`, `Set Value`…). */
	event: string;
	/** Our step's key (`add_phone_number`) and kind; absent for built-ins. */
	key?: string;
	kind?: AppKind;
	/** Input fields by key: literal text, or text with `{{step.key}}` / `{{client.name}}` mappings. */
	fields?: Record<string, unknown>;
	/** A built-in's output keys that later steps map (the test's simulation must produce them). */
	outputs?: string[];
	/** Runs only when the Paths step picked this path. */
	path?: string;
	/** Runs only when the step with this id failed (a Zapier error handler on that step). */
	onErrorOf?: string;
	/** A search set to "success when nothing is found: Yes" (the run goes on with empty fields). */
	continueIfNothingFound?: boolean;
}

export interface RecipeZap {
	name: string;
	steps: RecipeStep[];
}

export interface Recipe {
	/** What to change per client: the `{{client.name}}` values and what each one is. */
	client: Record<string, string>;
	zaps: RecipeZap[];
}

export const RECIPES_DIR = path.resolve(__dirname, '../../../../templates/zapier');

export function recipeText(slug: string): string {
	return fs.readFileSync(path.join(RECIPES_DIR, `${slug}.md`), 'utf8');
}

/** The recipe's one ```json zap block. */
export function loadRecipe(slug: string): Recipe {
	const blocks = [...recipeText(slug).matchAll(/^```json zap\n([\s\S]*?)^```$/gm)];
	if (blocks.length !== 1) throw new Error(`${slug}.md needs exactly one \`\`\`json zap block, found ${blocks.length}.`);
	return JSON.parse(blocks[0][1]) as Recipe;
}

type Definition = { key: string; display: { label: string }; operation: { inputFields?: unknown[]; outputFields?: Array<{ key: string }>; sample?: Record<string, unknown> } };

export function definitionOf(step: RecipeStep): Definition {
	if (!step.kind || !step.key) throw new Error(`Step "${step.id}" of ${OUR_APP} needs "kind" and "key".`);
	const definition = (App as unknown as Record<AppKind, Record<string, Definition>>)[step.kind][step.key];
	if (!definition) throw new Error(`Step "${step.id}": the app has no ${step.kind} "${step.key}".`);
	return definition;
}

/** Every `{{a.b}}` in a value (a text, or texts at any depth of a list or object: Paths' rules, a Lookup Table). */
export function mappingsIn(value: unknown): Array<{ step: string; key: string }> {
	if (Array.isArray(value)) return value.flatMap(mappingsIn);
	if (value && typeof value === 'object') return Object.values(value).flatMap(mappingsIn);
	return [...String(value).matchAll(/\{\{([\w-]+)\.([\w[\]]+)\}\}/g)].map((match) => ({ step: match[1], key: match[2] }));
}

/** The output keys of a step as the Zap editor offers them for mapping. */
export function outputKeysOf(step: RecipeStep): Set<string> {
	if (step.app !== OUR_APP) return new Set(step.outputs ?? []);
	const definition = definitionOf(step);
	const keys = new Set((definition.operation.outputFields ?? []).map((field) => field.key));
	for (const key of Object.keys(definition.operation.sample ?? {})) keys.add(key);
	return keys;
}

/**
 * Static checks a recipe must pass before it is run: our steps exist under the label the recipe
 * names, every mapping reads an earlier step (or the error path's failed step, or a client value)
 * and an output that step has, and every client value is described.
 */
export function checkRecipe(recipe: Recipe): void {
	const problems: string[] = [];
	for (const zap of recipe.zaps) {
		const seen = new Map<string, RecipeStep>();
		for (const step of zap.steps) {
			if (seen.has(step.id)) problems.push(`${zap.name}: two steps are called "${step.id}".`);
			if (step.app === OUR_APP) {
				const definition = definitionOf(step);
				if (definition.display.label !== step.event) problems.push(`${zap.name}: step "${step.id}" says "${step.event}", the app calls ${step.key} "${definition.display.label}".`);
			} else if (step.key || step.kind) {
				problems.push(`${zap.name}: built-in step "${step.id}" must not name an app key.`);
			}
			if (step.onErrorOf && !seen.has(step.onErrorOf)) problems.push(`${zap.name}: step "${step.id}" handles errors of "${step.onErrorOf}", which does not come before it.`);
			for (const value of Object.values(step.fields ?? {})) {
				for (const mapping of mappingsIn(value)) {
					if (mapping.step === 'client') {
						if (!(mapping.key in recipe.client)) problems.push(`${zap.name}: step "${step.id}" maps {{client.${mapping.key}}}, which "client" does not describe.`);
						continue;
					}
					if (mapping.step === step.onErrorOf && mapping.key === 'error') continue;
					const source = seen.get(mapping.step);
					if (!source) problems.push(`${zap.name}: step "${step.id}" maps {{${mapping.step}.${mapping.key}}}, but no earlier step is "${mapping.step}".`);
					else if (!outputKeysOf(source).has(mapping.key)) problems.push(`${zap.name}: step "${step.id}" maps {{${mapping.step}.${mapping.key}}}, which "${mapping.step}" does not output.`);
				}
			}
			seen.set(step.id, step);
		}
	}
	if (problems.length) throw new Error(`The recipe does not match the app:\n- ${problems.join('\n- ')}`);
}

/**
 * The prose describes each Zap under `### Zap …` with one `#### <n>. <app> — <event>` heading per
 * step, in the order of the json block: this lists them so a test can compare.
 */
export function proseSteps(text: string): Array<{ zap: string; steps: string[] }> {
	const zaps: Array<{ zap: string; steps: string[] }> = [];
	for (const line of text.split('\n')) {
		const zap = /^### (Zap .*)$/.exec(line);
		if (zap) zaps.push({ zap: zap[1].trim(), steps: [] });
		const step = /^#### \d+\. (.+)$/.exec(line);
		if (step && zaps.length) zaps[zaps.length - 1].steps.push(step[1].trim());
	}
	return zaps;
}

/** What the prose's step headings must read for the json block. */
export function expectedProse(recipe: Recipe): Array<{ zap: string; steps: string[] }> {
	return recipe.zaps.map((zap) => ({ zap: zap.name, steps: zap.steps.map((step) => `${step.app} — ${step.event}${step.onErrorOf ? ' (error handler)' : step.path ? ` (path “${step.path}”)` : ''}`) }));
}
