/**
 * Runs one core operation inside a Zapier perform: builds the client from the connection, reads the
 * input with the declaration's keys, keeps secrets out of Zapier's logs and maps errors.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { findOperation, OperationDefinition, runOperation, WhatsAppError } from '../shared';
import { clientFor } from './connection';
import { toZapierError } from './errors';
import { coreInput } from './fields';
import { shieldSecrets } from './secrets';

/**
 * The declaration of a core operation the app depends on; a missing one, or one the core marks
 * internal (plumbing for the n8n trigger and the relay, never a Zap step), fails loudly at load time.
 */
export function requireOperation(id: string): OperationDefinition {
	const operation = findOperation(id);
	if (!operation) throw new Error(`The Zapier app needs the core operation "${id}", which shared/operations does not declare.`);
	if (operation.internal) throw new Error(`The core operation "${id}" is internal (not meant to be offered to users); the Zapier app cannot offer it.`);
	return operation;
}

export interface RunOptions<Output> {
	/** The input in the declaration's keys; by default read from `bundle.inputData` (Zapier keys). */
	input?: Record<string, unknown>;
	/** Turns an expected failure into an answer (a search's "not found"); undefined rethrows. */
	recover?: (error: WhatsAppError) => Output | undefined;
}

/**
 * Runs `operation` with the zap author's input. Returns the core's (redacted) output or throws the
 * matching Zapier error.
 */
export async function runForZapier<Output = Record<string, unknown>>(
	z: ZObject,
	bundle: Bundle,
	operation: OperationDefinition,
	options: RunOptions<Output> = {},
): Promise<Output> {
	const unshield = shieldSecrets(bundle, operation);
	try {
		const client = clientFor(z, bundle);
		return await runOperation<Output>(operation, client, options.input ?? coreInput(operation, bundle.inputData));
	} catch (error) {
		const recovered = error instanceof WhatsAppError ? options.recover?.(error) : undefined;
		if (recovered !== undefined) return recovered;
		throw toZapierError(z, error, operation.id);
	} finally {
		unshield();
	}
}
