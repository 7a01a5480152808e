import { ClientConfig, GraphClient } from './client';
import { WhatsAppError } from './errors';
import { OperationDefinition, parseInput, secretInputs } from './operation';
import { findOperation, OperationId, OperationOutput } from './operations';
import { settle } from './settle';
import type { Runtime } from './runtime';
import { renderDeep } from './wording';

export function createClient(config: ClientConfig, runtime: Runtime): GraphClient {
	return new GraphClient(config, runtime);
}

/**
 * Validates the raw input (nothing is sent when it is wrong), runs the operation and returns its
 * output. The run has its own secret scope (a child of the client's): the operation's secret inputs
 * (PIN, OTP, verify token) are masked in its output, errors and log lines, and forgotten when it
 * ends. Texts name operations as the client's platform does. Errors are WhatsAppError, tagged with
 * the operation id.
 *
 * By id, the output type follows from the id: `runOperation('listPhoneNumbers', client, {})`.
 */
export async function runOperation<Id extends OperationId>(id: Id, client: GraphClient, rawInput: Record<string, unknown>): Promise<OperationOutput<Id>>;
/** A declaration, or an id only known at run time (a node parameter): the caller names the output type. */
export async function runOperation<Output = unknown>(operation: OperationDefinition | string, client: GraphClient, rawInput: Record<string, unknown>): Promise<Output>;
export async function runOperation(operationOrId: OperationDefinition | string, client: GraphClient, rawInput: Record<string, unknown>): Promise<unknown> {
	const operation = typeof operationOrId === 'string' ? findOperation(operationOrId) : operationOrId;
	if (!operation) {
		throw new WhatsAppError(
			{
				category: 'invalid_input',
				message: `Unknown operation "${String(operationOrId)}".`,
				nextStep: 'Pick an operation from the list.',
				retry: { action: 'fix_and_retry' },
			},
			client.scope,
		);
	}
	const run = client.forRun(secretInputs(operation, rawInput));
	const outcome = await settle(Promise.resolve().then(async () => operation.run({ client: run }, parseInput(operation, rawInput))));
	if (outcome.ok) return renderDeep(run.redactor.redactDeep(outcome.value), run.runtime.labels);
	if (outcome.error instanceof WhatsAppError) {
		// Input errors are built before the run's scope exists: mask and word them for it here.
		throw outcome.error.within(run.scope, { operation: outcome.error.operation ?? operation.id });
	}
	throw outcome.error;
}
