/**
 * Reads what a successful write left behind, so an action returns the state a user wants next
 * rather than a bare success flag. The read is an ordinary `read` (retried like any read); the
 * write before it is never repeated. When the read fails, the write still succeeded: the step
 * reports success with the state unknown and a note saying why, never a failure.
 */
import { WhatsAppError } from '../errors';
import { settle } from '../settle';

export interface ReadBackState {
	/** True when the state fields were read after the change; false when that read failed. */
	stateKnown: boolean;
	/** Why the state is unknown (the change itself went through), or null. */
	stateNote: string | null;
}

export const KNOWN_STATE: ReadBackState = { stateKnown: true, stateNote: null };

/**
 * The value read after a write, or `undefined` with the note to output. Whatever made the read fail
 * (Meta, the network, a platform error the transport could not classify), the write stands: a
 * failure here must never make anyone repeat it. The note is masked with the run's output.
 */
export async function readBack<T>(read: () => Promise<T>, what: string, howToCheck: string): Promise<{ value: T; state: ReadBackState } | { value: undefined; state: ReadBackState }> {
	const outcome = await settle(Promise.resolve().then(read));
	if (outcome.ok) return { value: outcome.value, state: KNOWN_STATE };
	const reason = outcome.error instanceof WhatsAppError ? outcome.error.summary : `${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}.`;
	return {
		value: undefined,
		state: { stateKnown: false, stateNote: `The change went through, but reading ${what} afterwards failed: ${reason} ${howToCheck}` },
	};
}
