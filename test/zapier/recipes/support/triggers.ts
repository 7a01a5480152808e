/**
 * Our triggers as a recipe sets them up: one poll of a polling trigger (with Zapier's
 * deduplication of the items), and an instant trigger's subscription at the relay and the items it
 * makes of one delivery.
 */
import { appTester } from '../../support';
import { definitionOf, OUR_APP, Recipe, RecipeStep } from './recipe';
import { Output, Perform, resolveFields, zapNamed } from './zapRunner';

type HookOperation = { perform: Perform; performSubscribe: Perform; performUnsubscribe: Perform };

/** Our trigger of a Zap (its first step), with the recipe's fields and the client's picks filled in. */
function ourTrigger(recipe: Recipe, zapName: string, client: Record<string, string>): { step: RecipeStep; operation: HookOperation; inputData: Record<string, unknown> } {
	const step = zapNamed(recipe, zapName).steps[0];
	if (step.app !== OUR_APP || step.kind !== 'triggers') throw new Error(`"${zapName}" does not start with a ${OUR_APP} trigger.`);
	const operation = (definitionOf(step) as unknown as { operation: HookOperation }).operation;
	return { step, operation, inputData: resolveFields(step, {}, client) };
}

/** A polling trigger's items for one poll, as the recipe sets the trigger up. */
export async function poll(recipe: Recipe, zapName: string, authData: Record<string, string>, client: Record<string, string>): Promise<Output[]> {
	const { operation, inputData } = ourTrigger(recipe, zapName, client);
	return (await appTester(operation.perform, { authData, inputData })) as Output[];
}

/** Turning an instant trigger's Zap on: its hook URL subscribed at the relay, as the recipe sets the trigger up. */
export async function subscribe(recipe: Recipe, zapName: string, authData: Record<string, string>, client: Record<string, string>, targetUrl: string): Promise<Output> {
	const { operation, inputData } = ourTrigger(recipe, zapName, client);
	return (await appTester(operation.performSubscribe, { authData, inputData, targetUrl })) as Output;
}

/** What an instant trigger makes of one delivery from the relay (the items the Zap runs for). */
export async function hookItems(recipe: Recipe, zapName: string, authData: Record<string, string>, client: Record<string, string>, delivery: unknown): Promise<Output[]> {
	const { operation, inputData } = ourTrigger(recipe, zapName, client);
	return (await appTester(operation.perform, { authData, inputData, cleanedRequest: delivery })) as Output[];
}

/**
 * Zapier's deduplication of a polling trigger: the first poll after the Zap is turned on only
 * records the ids; later polls give the items whose id Zapier has not seen.
 */
export class PollingDedupe {
	private readonly seen = new Set<string>();
	private primed = false;

	newItems(items: Output[]): Output[] {
		const fresh = items.filter((item) => !this.seen.has(String(item.id)));
		for (const item of items) this.seen.add(String(item.id));
		if (!this.primed) {
			this.primed = true;
			return [];
		}
		return fresh;
	}
}
