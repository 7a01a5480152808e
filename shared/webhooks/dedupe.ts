/**
 * Dedupe keys (stable across Meta's redeliveries; equal keys mean the same fact):
 * - messageStatus: `messageStatus:<wamid>:<status>` (+ `:<recipient_participant_id>` for group sends)
 * - inboundMessage: `inboundMessage:<wamid>`; identityMismatch: `identityMismatch:<wamid>`
 * - identityHashObserved: `identityHashObserved:<phoneNumberId>:<waId>:<hash>`, the same from a contact
 *   and from a status, so one hash seen on sent, delivered and read is stored once
 * - everything else, and items without an ID: `<type>:<field>:<digest>`, the digest being the first
 *   22 base64url characters (132 bits) of the sha256 of type, field, WABA ID, entry time and the
 *   sorted-key JSON of the item (the change value; the error for `value.errors[]`)
 * - rejectedChange: the same, over the change's position and its first levels (depth.ts)
 * An ID longer than MAX_KEY_PART_LENGTH stands in a key as `#<digest>`, so every key stays short
 * enough for a database index and an HTTP header. Events with a key already produced earlier in
 * the same body are dropped.
 */
import * as crypto from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { ChangeContext } from './context';
import type { WebhookEventType } from './types';

/** base64url characters of the sha256 kept in content keys: 132 bits, ample against collisions. */
const CONTENT_DIGEST_LENGTH = 22;

/**
 * Longest ID written into a key as is. Meta's message IDs are about 60 characters and
 * business-scoped user IDs at most 131 (docs/meta-api.md §8); PostgreSQL refuses index entries
 * over about 2,700 bytes, and a key with three parts of this length stays below it.
 */
export const MAX_KEY_PART_LENGTH = 160;

/** `crypto.hash` (Node ≥ 20.12) skips the Hash object; older Node takes the long way. */
const sha256Base64url: (text: string) => string =
	typeof crypto.hash === 'function'
		? (text) => crypto.hash('sha256', text, 'base64url')
		: (text) => crypto.createHash('sha256').update(text).digest('base64url');

/** An ID as it appears in a key: itself, or `#<digest>` when it is longer than MAX_KEY_PART_LENGTH. */
export function keyPart(id: string): string {
	return id.length <= MAX_KEY_PART_LENGTH ? id : `#${sha256Base64url(id).slice(0, CONTENT_DIGEST_LENGTH)}`;
}

/**
 * The key of an event identified by the text `identity` (type, field, WABA ID and entry time are
 * added), or undefined when this body already produced it.
 */
export function claimDigestKey(ctx: ChangeContext, type: WebhookEventType, identity: string): string | undefined {
	const entryTime = ctx.entryTime === undefined ? '' : String(ctx.entryTime);
	const digest = sha256Base64url(`${type}\n${ctx.field}\n${ctx.wabaId}\n${entryTime}\n${identity}`);
	if (ctx.seenDigests.has(digest)) return undefined;
	ctx.seenDigests.add(digest);
	return `${type}:${keyPart(ctx.field)}:${digest.slice(0, CONTENT_DIGEST_LENGTH)}`;
}

/**
 * The dedupe key of an event keyed by content, or undefined when this body already produced it.
 * A redelivery (same bytes, or the same JSON with keys reordered) gives the same key.
 */
export function claimContentKey(ctx: ChangeContext, type: WebhookEventType, item: unknown): string | undefined {
	return claimDigestKey(ctx, type, canonicalJson(item));
}

/** @returns false when `what` was already produced for `primary` in this body. */
export function claimIn(produced: Map<string, string[]>, primary: string, what: string): boolean {
	const list = produced.get(primary);
	if (list === undefined) produced.set(primary, [what]);
	else if (list.includes(what)) return false;
	else list.push(what);
	return true;
}

export function claimIdentityHash(ctx: ChangeContext, waId: string, hash: string): boolean {
	const phoneKey = ctx.phoneNumberId ?? '';
	let byWaId = ctx.seenHashes.get(phoneKey);
	if (byWaId === undefined) ctx.seenHashes.set(phoneKey, (byWaId = new Map()));
	return claimIn(byWaId, waId, hash);
}
