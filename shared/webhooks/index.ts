/**
 * Webhooks of the WhatsApp Business Platform: Meta's GET handshake, the signature on every POST,
 * and normalized events. Used by the n8n trigger and the relay alike, so both answer the same way.
 */
import { WhatsAppError } from '../errors';
import { settleSync } from '../settle';
import { parseWebhook } from './parse';
import { RawBody, verifySignature } from './signature';
import type { VerifyAndParseResult } from './types';

export * from './types';
export { answerChallenge } from './challenge';
export { SIGNATURE_HEADER, signBody, verifySignature } from './signature';
export type { RawBody } from './signature';
export { canonicalJson } from './canonicalJson';
export { MAX_CHANGE_DEPTH } from './depth';
export { MAX_KEY_PART_LENGTH } from './dedupe';
export { WHATSAPP_WEBHOOK_OBJECT } from './envelope';
export { EVENT_TYPE_FIELDS, IDENTITY_MISMATCH_CODE } from './fields';
export { MESSAGE_STATUS_WORDS, TEMPLATE_STATUS_WORDS } from './vocabulary';
export { parseWebhook, parseWebhookChanges } from './parse';
export type { WebhookChangeEvents } from './parse';

/**
 * Checks the signature of a webhook POST and, only if it holds, reads its events.
 *
 * @param rawBody The body exactly as received (a Buffer is best).
 * @param signatureHeader The `X-Hub-Signature-256` header value.
 * @param appSecret The Meta app secret.
 * @returns `{ ok: true, events }`, or `{ ok: false, status, reason }` to answer with: 401 (no
 *   signature), 403 (bad signature), 400 (signed, but not a WhatsApp webhook). The reason is safe to
 *   show. A change that cannot be read safely is one `rejectedChange` event among the others.
 * @throws WhatsAppError (invalid_input) when no app secret is configured (see `verifySignature`).
 */
export function verifyAndParse(
	rawBody: RawBody,
	signatureHeader: string | string[] | undefined,
	appSecret: string,
): VerifyAndParseResult {
	const verified = verifySignature(rawBody, signatureHeader, appSecret);
	if (!verified.ok) return verified;
	const parsed = settleSync(() => parseWebhook(rawBody));
	if (parsed.ok) return { ok: true, events: parsed.value };
	if (parsed.error instanceof WhatsAppError) return { ok: false, status: 400, reason: parsed.error.message };
	throw parsed.error;
}
