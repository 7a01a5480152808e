/**
 * Meta's GET verification handshake (docs/meta-api.md §3.1): when a callback URL is saved, Meta calls it
 * with `hub.mode=subscribe`, `hub.verify_token=<the token typed in the App Dashboard>` and
 * `hub.challenge=<number>`, and expects the challenge back as the raw 200 body.
 *
 * Statuses: a request missing a parameter gets 400 (it is not Meta's handshake at all); a wrong
 * mode or token gets 403, as Meta's docs ask. Reasons never repeat the configured token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { inputError } from '../errors';
import type { ChallengeResult } from './types';

type HubParameter = 'mode' | 'verify_token' | 'challenge';

/**
 * Reads `hub.<name>` from a query object. Accepts the flat form every framework gives for
 * `?hub.mode=…` and the nested `{ hub: { mode } }` form some query parsers (qs with allowDots) give.
 */
function hubValue(query: Record<string, unknown>, name: HubParameter): unknown {
	const flat = query[`hub.${name}`];
	if (flat !== undefined) return flat;
	const nested = query.hub;
	if (nested && typeof nested === 'object' && !Array.isArray(nested)) return (nested as Record<string, unknown>)[name];
	return undefined;
}

/** Hashing both sides first gives equal-length buffers, so the comparison time reveals neither the token nor its length. */
function sameSecret(given: string, expected: string): boolean {
	const givenDigest = createHash('sha256').update(given, 'utf8').digest();
	const expectedDigest = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(givenDigest, expectedDigest);
}

function asSingleString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	// Meta's challenge is an integer; a caller that parsed the query may hand it over as a number.
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/**
 * Answers Meta's webhook verification GET.
 *
 * @param query The request's query parameters (`hub.mode`, `hub.verify_token`, `hub.challenge`).
 * @param verifyToken The verify token configured on our side (the same one typed into Meta's App Dashboard).
 * @returns `{ ok: true, challenge }` with the raw challenge to send back as the 200 body, or
 *   `{ ok: false, status: 400 | 403, reason }` with a reason safe to show and log.
 * @throws WhatsAppError (invalid_input, field `verifyToken`) when no verify token is configured:
 *   that is a set-up mistake on our side, and answering 403 forever would hide it.
 */
export function answerChallenge(query: Record<string, unknown>, verifyToken: string): ChallengeResult {
	if (typeof verifyToken !== 'string' || verifyToken.length === 0) {
		throw inputError(
			'verifyToken',
			'is empty, so Meta’s webhook verification cannot be answered',
			'Enter a verify token of your choice here and type the same one in the Meta App Dashboard (WhatsApp → Configuration → Webhook).',
		);
	}
	const source = query && typeof query === 'object' ? query : {};
	const mode = hubValue(source, 'mode');
	const token = hubValue(source, 'verify_token');
	const challenge = asSingleString(hubValue(source, 'challenge'));

	const missing: string[] = [];
	if (typeof mode !== 'string' || mode === '') missing.push('hub.mode');
	if (typeof token !== 'string' || token === '') missing.push('hub.verify_token');
	if (challenge === undefined || challenge === '') missing.push('hub.challenge');
	if (missing.length > 0) {
		return {
			ok: false,
			status: 400,
			reason: `This is not Meta’s webhook verification request: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (each must be given once). Meta sends hub.mode, hub.verify_token and hub.challenge when you save the callback URL in the App Dashboard.`,
		};
	}
	if (mode !== 'subscribe') {
		return {
			ok: false,
			status: 403,
			reason: 'The verification request asks for something other than a subscription (hub.mode must be "subscribe"), so it was refused.',
		};
	}
	if (!sameSecret(token as string, verifyToken)) {
		return {
			ok: false,
			status: 403,
			reason: 'The verify token Meta sent does not match the one configured here. Type the same verify token in the Meta App Dashboard (WhatsApp → Configuration → Webhook) and here, then verify again.',
		};
	}
	return { ok: true, challenge: challenge as string };
}
