/**
 * The actions (Zapier "creates"), generated from the core's declarations: key = zapierKey(id),
 * label = the declaration's verb-first title, description, fields, sample and output fields.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { OperationDefinition, zapierKey } from '../shared';
import { ADVANCED_GROUP, coreInput, inputFieldsFor } from './fields';
import { withFiles } from './files';
import { CREATE_NOUNS, CREATE_OPERATION_IDS, requireOperation } from './labels';
import { operationOutputFields, toZapierValue, zapierSample } from './output';
import { runForZapier } from './perform';
import { templateParameterInputs } from './templates';

export { CREATE_OPERATION_IDS } from './labels';

/** "Register Phone Number" → "Phone Number": what the action acts on (Zapier's `noun`). */
export function nounOf(title: string): string {
	const words = title.trim().split(/\s+/);
	return words.length > 1 ? words.slice(1).join(' ') : title;
}

/** The operation's extra sentence for Zapier when Meta counts the call. */
function describe(operation: OperationDefinition): string {
	if (!operation.metaLimited) return operation.description;
	return `${operation.description} Meta counts every attempt, so this step is never retried automatically.`;
}

/** The core's input: the zap author's fields, with each file field's file fetched (files.ts). */
async function inputOf(z: ZObject, bundle: Bundle, operation: OperationDefinition): Promise<Record<string, unknown> | undefined> {
	if (!operation.fields.some((field) => field.type === 'file')) return undefined;
	return withFiles(z, operation, coreInput(operation, bundle.inputData), bundle.inputData);
}

/** One action generated from a core declaration. */
export function createFor(operation: OperationDefinition) {
	const inputFields = inputFieldsFor(operation, {
		linkPhoneNumberSearch: true,
		dynamicFields: (field) => (field.source === 'templateParameters' ? templateParameterInputs(operation, field) : undefined),
	});
	return {
		key: zapierKey(operation.id),
		noun: CREATE_NOUNS[operation.id as keyof typeof CREATE_NOUNS] ?? nounOf(operation.title),
		display: { label: operation.title, description: describe(operation) },
		operation: {
			inputFields,
			...(operation.fields.some((field) => field.advanced) ? { inputFieldGroups: [ADVANCED_GROUP] } : {}),
			perform: async (z: ZObject, bundle: Bundle) => toZapierValue<Record<string, unknown>>(await runForZapier(z, bundle, operation, { input: await inputOf(z, bundle, operation) })),
			sample: zapierSample(operation.sample),
			outputFields: operationOutputFields(operation),
		},
	};
}

export type ZapierCreate = ReturnType<typeof createFor>;

/** Every action, keyed as Zapier requires (object key = the action's key). */
export function buildCreates(): Record<string, ZapierCreate> {
	const creates: Record<string, ZapierCreate> = {};
	for (const id of CREATE_OPERATION_IDS) {
		const create = createFor(requireOperation(id));
		creates[create.key] = create;
	}
	return creates;
}
