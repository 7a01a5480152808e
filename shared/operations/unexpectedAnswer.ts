import { WhatsAppError } from '../errors';

/**
 * Meta answered with success but without what the answer must carry (a media ID, a download URL, an
 * upload handle): a change on Meta's side the connector cannot work around, so it is never retried
 * and the user is told to report it.
 */
export function unexpectedAnswer(message: string, nextStep: string, operation: string): WhatsAppError {
	return new WhatsAppError({ category: 'unknown', message, nextStep, retry: { action: 'do_not_retry' }, operation });
}
