import { ClientConfig, GraphClient } from './client';
import { WhatsAppError } from './errors';
import { OperationDefinition, parseInput } from './operation';
import { findOperation } from './operations';
import { redactDeep } from './redact';
import { settle } from './settle';
import type { Runtime } from './runtime';

export function createClient(config: ClientConfig, runtime: Runtime): GraphClient {
	return new GraphClient(config, runtime);
}

/**
 * Validates the raw input (nothing is sent when it is wrong), runs the operation and returns its
 * output with any secret masked. Errors are WhatsAppError, tagged with the operation id.
 */
export async function runOperation<Output = unknown>(
	operationOrId: OperationDefinition | string,
	client: GraphClient,
	rawInput: Record<string, unknown>,
): Promise<Output> {
	const operation = typeof operationOrId === 'string' ? findOperation(operationOrId) : operationOrId;
	if (!operation) {
		throw new WhatsAppError({
			category: 'invalid_input',
			message: `Unknown operation "${String(operationOrId)}".`,
			nextStep: 'Pick an operation from the list.',
			retry: { action: 'fix_and_retry' },
		});
	}
	const outcome = await settle(Promise.resolve().then(async () => operation.run({ client }, parseInput(operation, rawInput))));
	if (outcome.ok) return redactDeep(outcome.value) as Output;
	if (outcome.error instanceof WhatsAppError && !outcome.error.operation) {
		Object.defineProperty(outcome.error, 'operation', { value: operation.id });
	}
	throw outcome.error;
}
