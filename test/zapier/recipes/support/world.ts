/**
 * What every recipe test shares: the sandbox standing in for Meta (and, for the instant triggers,
 * the relay in front of a local server standing in for Zapier's hook URLs), the Zapier
 * connection to it, the static checks of a recipe, and the built-ins every recipe uses the same way.
 */
import { startSandbox, Sandbox } from '../../../../sandbox';
import { SandboxRelay, startSandboxRelay } from '../../../relay/support/sandboxRelay';
import { checkRecipe, expectedProse, loadRecipe, proseSteps, Recipe, recipeText } from './recipe';
import { checkFieldKeys, Output } from './zapRunner';

export interface World {
	sandbox: Sandbox;
	authData: Record<string, string>;
	/** Set when the world has a relay (instant triggers, Find Identity Hash). */
	relayWorld?: SandboxRelay;
	stop(): Promise<void>;
}

export async function startWorld(options: { relay?: boolean } = {}): Promise<World> {
	if (options.relay) {
		const relayWorld = await startSandboxRelay();
		return { sandbox: relayWorld.sandbox, authData: { ...relayWorld.authData, api_version: 'v25.0' }, relayWorld, stop: () => relayWorld.stop() };
	}
	const sandbox = await startSandbox({ port: 0 });
	return {
		sandbox,
		authData: { access_token: sandbox.accessToken, waba_id: sandbox.wabaId, api_version: 'v25.0', base_url: sandbox.baseUrl },
		stop: () => sandbox.stop(),
	};
}

/** Loads a recipe and checks it against the app and its own prose: what every recipe test does first. */
export async function checkedRecipe(slug: string, world: World, client: Record<string, string>): Promise<Recipe> {
	const recipe = loadRecipe(slug);
	checkRecipe(recipe);
	expect(proseSteps(recipeText(slug))).toEqual(expectedProse(recipe));
	expect(Object.keys(client).sort()).toEqual(Object.keys(recipe.client).sort());
	await checkFieldKeys(recipe, world.authData, client);
	return recipe;
}

/**
 * A recipe test's setup, for its beforeAll: the world, the client's example values (which may need
 * the world, e.g. a number added to it) and the recipe, loaded and checked.
 */
export async function openRecipe(
	slug: string,
	options: { relay?: boolean },
	clientFor: (world: World) => Record<string, string> | Promise<Record<string, string>>,
): Promise<{ world: World; recipe: Recipe; client: Record<string, string> }> {
	const world = await startWorld(options);
	const client = await clientFor(world);
	return { world, client, recipe: await checkedRecipe(slug, world, client) };
}

/** Formatter by Zapier → Utilities → Lookup Table, simulated: the table's value for the key, else the fallback. */
export function lookupTable(fields: Record<string, unknown>): Output {
	const table = fields.lookup_table as Record<string, string>;
	return { output: table[String(fields.lookup_key)] ?? String(fields.fallback) };
}

/** Email by Zapier → Send Outbound Email, simulated: the mail is kept in `outbox`; the step outputs nothing later steps map. */
export function emailBy(outbox: Array<Record<string, unknown>>) {
	return (fields: Record<string, unknown>): Output => {
		outbox.push(fields);
		return {};
	};
}

/** The Filter by Zapier conditions the recipes use, by their name in the Filter step. */
const CONDITIONS: Record<string, (value: unknown, expected: unknown) => boolean> = {
	'(Number) Equal to': (value, expected) => String(value ?? '').trim() !== '' && Number(value) === Number(expected),
	'(Text) Exactly matches': (value, expected) => String(value ?? '') === String(expected),
	'(Text) Does not contain': (value, expected) => !String(value ?? '').includes(String(expected)),
	Exists: (value) => value !== undefined && value !== null && String(value) !== '',
	'Does not exist': (value) => value === undefined || value === null || String(value) === '',
};

/** Whether one recipe condition (`value`, `condition`, `expected`) holds. */
export function conditionHolds(fields: Record<string, unknown>): boolean {
	const condition = CONDITIONS[String(fields.condition)];
	if (!condition) throw new Error(`The test simulates no Filter condition "${String(fields.condition)}".`);
	return condition(fields.value, fields.expected);
}

/** Filter by Zapier → Only continue if, simulated: the run goes on only when the recipe's condition holds. */
export function filterBy(fields: Record<string, unknown>): Output {
	return conditionHolds(fields) ? {} : { continue: false };
}

/** Storage by Zapier, simulated as one store (a map) for every Zap of a recipe. */
export class Storage {
	readonly values = new Map<string, string>();

	/** Set Value: Key, Value. */
	set = (fields: Record<string, unknown>): Output => {
		const key = String(fields.key);
		// Zapier's store takes keys shorter than 32 characters.
		expect(key.length).toBeLessThan(32);
		this.values.set(key, String(fields.value));
		return { key, value: String(fields.value) };
	};

	/** Get Value: Key; an absent key gives no value. */
	get = (fields: Record<string, unknown>): Output => {
		const key = String(fields.key);
		return { key, value: this.values.get(key) ?? '' };
	};

	/** Remove Value: Key. */
	remove = (fields: Record<string, unknown>): Output => {
		const key = String(fields.key);
		return { key, removed: this.values.delete(key) };
	};
}

/** A JSON call to the sandbox's control API. */
export async function sandboxCall(world: World, method: string, path: string, body?: unknown): Promise<any> {
	const response = await fetch(`${world.sandbox.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const json = await response.json();
	expect([response.status, path]).toEqual([200, path]);
	return json;
}
