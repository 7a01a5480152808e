/**
 * The actions (Zapier "creates"), generated from the core's declarations: key = zapierKey(id),
 * label = the declaration's verb-first title, description, fields, sample and output fields.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { OperationDefinition, zapierKey } from '../shared';
import { ADVANCED_GROUP, coreInput, inputFieldsFor } from './fields';
import { withFiles } from './files';
import { RELAY_AUTH_KEYS } from './instant';
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

/**
 * Inputs an action reads from the connection rather than asking in the step: the relay's address
 * and key are connection fields already (the instant triggers use them), so Prepare Number Removal
 * takes them from there. Core field key → auth field key.
 */
export const CONNECTION_INPUTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
	prepareNumberRemoval: { relayUrl: RELAY_AUTH_KEYS.url, relayApiKey: RELAY_AUTH_KEYS.apiKey },
};

/** The core input of one step: the step's fields, those the connection provides, and each file field's file fetched (files.ts). */
async function inputOf(z: ZObject, bundle: Bundle, operation: OperationDefinition): Promise<Record<string, unknown>> {
	const input = coreInput(operation, bundle.inputData);
	for (const [key, authKey] of Object.entries(CONNECTION_INPUTS[operation.id] ?? {})) {
		const value = bundle.authData?.[authKey];
		if (typeof value === 'string' && value.trim() !== '') input[key] = value;
		else delete input[key];
	}
	if (!operation.fields.some((field) => field.type === 'file')) return input;
	return withFiles(z, operation, input, bundle.inputData);
}

/** One action generated from a core declaration. */
export function createFor(operation: OperationDefinition) {
	const fromConnection = CONNECTION_INPUTS[operation.id] ?? {};
	const asked = { ...operation, fields: operation.fields.filter((field) => !(field.key in fromConnection)) };
	const inputFields = inputFieldsFor(asked, {
		linkPhoneNumberSearch: true,
		dynamicFields: (field) => (field.source === 'templateParameters' ? templateParameterInputs(operation, field) : undefined),
	});
	return {
		key: zapierKey(operation.id),
		noun: CREATE_NOUNS[operation.id as keyof typeof CREATE_NOUNS] ?? nounOf(operation.title),
		display: { label: operation.title, description: describe(operation) },
		operation: {
			inputFields,
			...(asked.fields.some((field) => field.advanced) ? { inputFieldGroups: [ADVANCED_GROUP] } : {}),
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
