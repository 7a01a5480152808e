/**
 * Runs a recipe's Zap the way Zapier would: steps in order, each step's input mapped from the
 * outputs of the steps before it exactly as the recipe's json block says, our steps through the
 * real app (createAppTester) and the built-ins through small plain functions the test supplies.
 * A Filter that says no stops the run; a Paths step picks the paths whose steps run; a failing
 * step runs its error handler's steps (or stops the run with the error, as Zapier does).
 */
import { appTester } from '../../support';
import { definitionOf, OUR_APP, Recipe, RecipeStep, RecipeZap } from './recipe';

export type Output = Record<string, unknown>;

/** What a built-in step does in the test: its mapped fields in, its output out. */
export type Builtin = (fields: Record<string, unknown>, outputs: Record<string, Output>) => Output | Promise<Output>;

/** A Filter's or Paths' answer: `{ continue: false }` stops the run, `{ paths: [...] }` picks paths. */
export interface FlowAnswer {
	continue?: boolean;
	paths?: string[];
}

export interface ZapRun {
	/** Each step's output by id (a search that found nothing and goes on: `{}`; a failed step with an error handler: `{ error }`). */
	outputs: Record<string, Output>;
	/** The steps that ran, in order. */
	ran: string[];
	/** The paths a Paths step picked. */
	paths?: string[];
	/** The step a Filter (or a search that found nothing) stopped the run at. */
	stoppedAt?: string;
	nothingFound?: boolean;
	/** The error that stopped the run (no error handler), with the step that threw it. */
	failed?: { step: string; error: Error & { name: string } };
}

export interface RunOptions {
	recipe: Recipe;
	authData: Record<string, string>;
	/** The example values of `{{client.…}}` for this run. */
	client: Record<string, string>;
	/** The trigger's output (a built-in trigger, or the item our trigger produced). */
	trigger: Output;
	/** One function per built-in step after the trigger, by step id. */
	builtins: Record<string, Builtin>;
	/**
	 * Zapier's "Replay" of a run that stopped with an error: the steps before the failed one keep
	 * their outputs, and the run goes on from the failed step.
	 */
	replay?: ZapRun;
}

/** The message a Zapier user reads: z.errors.Error carries `{message, code, status}` as JSON. */
export function userMessage(error: Error): string {
	try {
		const body = JSON.parse(error.message) as { message?: unknown };
		if (typeof body.message === 'string') return body.message;
	} catch {
		// Halted, throttled and auth errors carry the plain message.
	}
	return error.message;
}

function lookup(outputs: Record<string, Output>, client: Record<string, string>, step: string, key: string): unknown {
	if (step === 'client') {
		if (!(key in client)) throw new Error(`The test gives no example value for {{client.${key}}}.`);
		return client[key];
	}
	const output = outputs[step];
	if (!output) throw new Error(`{{${step}.${key}}}: step "${step}" did not run.`);
	// Zapier offers line items as parent[]child (the list of that field of every line) and nested
	// objects as parent__child.
	const [parent, child] = key.split('[]');
	const value = dig(output, parent);
	if (child === undefined) return value;
	return Array.isArray(value) ? value.map((line) => dig(line as Output, child)) : undefined;
}

function dig(output: Output, key: string): unknown {
	let value: unknown = output;
	for (const part of key.split('__')) value = value && typeof value === 'object' ? (value as Output)[part] : undefined;
	return value;
}

/** A field's value with its mappings filled in; a value that is one mapping keeps its type. */
export function resolve(value: unknown, outputs: Record<string, Output>, client: Record<string, string>): unknown {
	if (Array.isArray(value)) return value.map((item) => resolve(item, outputs, client));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, outputs, client)]));
	if (typeof value !== 'string') return value;
	const whole = /^\{\{([\w-]+)\.([\w[\]]+)\}\}$/.exec(value);
	if (whole) return lookup(outputs, client, whole[1], whole[2]) ?? '';
	return value.replace(/\{\{([\w-]+)\.([\w[\]]+)\}\}/g, (_match, step: string, key: string) => {
		const found = lookup(outputs, client, step, key);
		return found === undefined || found === null ? '' : String(found);
	});
}

export function resolveFields(step: RecipeStep, outputs: Record<string, Output>, client: Record<string, string>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(step.fields ?? {}).map(([key, value]) => [key, resolve(value, outputs, client)]));
}

export type Perform = (z: unknown, bundle: unknown) => unknown;

/** Runs one of our action or search steps through the app; a search answers its first result (Zapier uses only that) or null. */
async function runOurs(step: RecipeStep, inputData: Record<string, unknown>, authData: Record<string, string>): Promise<Output | null> {
	const definition = definitionOf(step) as unknown as { operation: { perform: Perform } };
	const result = await appTester(definition.operation.perform, { authData, inputData });
	if (step.kind === 'searches') return ((result as Output[])[0] ?? null) as Output | null;
	return result as Output;
}

/** The input field keys our step offers for this input (its dynamic fields run like the editor runs them). */
export async function inputFieldKeys(step: RecipeStep, inputData: Record<string, unknown>, authData: Record<string, string>): Promise<Set<string>> {
	const definition = definitionOf(step) as unknown as { operation: { inputFields?: Array<Perform | { key: string }> } };
	const keys = new Set<string>();
	for (const entry of definition.operation.inputFields ?? []) {
		const fields = typeof entry === 'function' ? ((await appTester(entry, { authData, inputData })) as Array<{ key: string }>) : [entry];
		for (const field of fields) keys.add(field.key);
	}
	return keys;
}

/**
 * Checks every field key the recipe fills in for our steps is one the step offers, as in the Zap
 * editor: literal values and the client's picks (their example values) chosen, mappings of
 * earlier steps still unmapped (`{{…}}`, so the fields they control are all shown).
 */
export async function checkFieldKeys(recipe: Recipe, authData: Record<string, string>, client: Record<string, string>): Promise<void> {
	const problems: string[] = [];
	for (const zap of recipe.zaps) {
		for (const step of zap.steps.filter((candidate) => candidate.app === OUR_APP)) {
			const editorInput = Object.fromEntries(Object.entries(step.fields ?? {}).map(([key, value]) => [key, typeof value === 'string' && /^\{\{client\.\w+\}\}$/.test(value) ? resolve(value, {}, client) : value]));
			const offered = await inputFieldKeys(step, editorInput, authData);
			for (const key of Object.keys(step.fields ?? {})) if (!offered.has(key)) problems.push(`${zap.name}: ${step.event} has no field "${key}" (it offers ${[...offered].join(', ')}).`);
		}
	}
	if (problems.length) throw new Error(`Field keys the app does not offer:\n- ${problems.join('\n- ')}`);
}

export function zapNamed(recipe: Recipe, name: string): RecipeZap {
	const zap = recipe.zaps.find((candidate) => candidate.name.startsWith(name));
	if (!zap) throw new Error(`The recipe has no Zap named "${name}…" (it has ${recipe.zaps.map((candidate) => candidate.name).join('; ')}).`);
	return zap;
}

/** Runs the Zap whose name starts with `zapName`, from its trigger's output. */
export async function runZap(zapName: string, options: RunOptions): Promise<ZapRun> {
	const zap = zapNamed(options.recipe, zapName);
	const [trigger, ...actions] = zap.steps;
	const builtinIds = actions.filter((step) => step.app !== OUR_APP).map((step) => step.id);
	const missing = builtinIds.filter((id) => !options.builtins[id]);
	const extra = Object.keys(options.builtins).filter((id) => !builtinIds.includes(id));
	if (missing.length || extra.length) throw new Error(`${zap.name}: simulations missing for [${missing.join(', ')}], unknown steps [${extra.join(', ')}].`);
	checkOutputs(trigger, options.trigger);

	const run: ZapRun = { outputs: { [trigger.id]: options.trigger }, ran: [trigger.id] };
	const failedSteps = new Set<string>();
	let paths = options.replay?.paths;
	let replaying = options.replay;
	if (replaying && !replaying.failed) throw new Error('Only a run that stopped with an error can be replayed.');
	for (const step of actions) {
		if (replaying) {
			if (step.id !== replaying.failed?.step) {
				if (step.id in replaying.outputs) run.outputs[step.id] = replaying.outputs[step.id];
				continue;
			}
			replaying = undefined;
			run.paths = paths;
		}
		if (step.path && !(paths ?? []).includes(step.path)) continue;
		if (step.onErrorOf ? !failedSteps.has(step.onErrorOf) : [...failedSteps].some((id) => handledPath(zap, id, step))) continue;
		const fields = resolveFields(step, run.outputs, options.client);
		run.ran.push(step.id);
		if (step.app !== OUR_APP) {
			const output = await options.builtins[step.id](fields, run.outputs);
			const flow = output as FlowAnswer;
			if (flow.continue === false) {
				run.stoppedAt = step.id;
				return run;
			}
			if (flow.paths) run.paths = paths = flow.paths;
			checkOutputs(step, output);
			run.outputs[step.id] = output;
			continue;
		}
		try {
			const output = await runOurs(step, fields, options.authData);
			if (output === null && !step.continueIfNothingFound) {
				// "Should this step be considered a success when nothing is found?" No: the run stops here.
				run.stoppedAt = step.id;
				run.nothingFound = true;
				return run;
			}
			run.outputs[step.id] = output ?? {};
		} catch (error) {
			const handled = zap.steps.some((candidate) => candidate.onErrorOf === step.id);
			if (!handled) {
				run.failed = { step: step.id, error: error as Error & { name: string } };
				return run;
			}
			failedSteps.add(step.id);
			run.outputs[step.id] = { error: userMessage(error as Error) };
		}
	}
	return run;
}

/** After a failed step with an error handler, the steps of its success path (those after it, outside the handler) do not run. */
function handledPath(zap: RecipeZap, failedId: string, step: RecipeStep): boolean {
	const failedIndex = zap.steps.findIndex((candidate) => candidate.id === failedId);
	const index = zap.steps.indexOf(step);
	const failed = zap.steps[failedIndex];
	return index > failedIndex && step.path === failed.path;
}

/** A built-in's simulated output must offer every key the recipe says later steps map. */
function checkOutputs(step: RecipeStep, output: Output): void {
	if (step.app === OUR_APP) return;
	const absent = (step.outputs ?? []).filter((key) => !(key in output));
	if (absent.length) throw new Error(`The simulation of "${step.id}" (${step.app} — ${step.event}) gives no ${absent.join(', ')}.`);
}
