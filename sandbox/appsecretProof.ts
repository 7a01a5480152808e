/**
 * `appsecret_proof` (Graph's "Securing requests"): when a call carries it, it must be the lowercase
 * hex HMAC-SHA256 of the access token keyed with the app secret, else Graph answers HTTP 400, code
 * 100, GraphMethodException, "Invalid appsecret_proof provided in the API argument" (the answer
 * reported in facebook/facebook-python-business-sdk#528). Absent is fine: the sandbox's app does not
 * turn on "Require App Secret". See https://developers.facebook.com/docs/graph-api/security#appsecret_proof
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphError } from './graphError';

export function expectedAppsecretProof(accessToken: string, appSecret: string): string {
	return createHmac('sha256', appSecret).update(accessToken, 'utf8').digest('hex');
}

/** Throws Graph's answer when `proof` is given and wrong; the proof itself is never echoed. */
export function checkAppsecretProof(proof: unknown, accessToken: string, appSecret: string): void {
	if (proof === undefined) return;
	const expected = Buffer.from(expectedAppsecretProof(accessToken, appSecret), 'utf8');
	const given = Buffer.from(typeof proof === 'string' ? proof.toLowerCase() : '', 'utf8');
	if (given.length === expected.length && timingSafeEqual(given, expected)) return;
	throw new GraphError({ status: 400, code: 100, type: 'GraphMethodException', whatsapp: false, message: 'Invalid appsecret_proof provided in the API argument' });
}
