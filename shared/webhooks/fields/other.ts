/**
 * What has no reader of its own: unknown fields and shapes pass through as `other`, and a change
 * that cannot be read safely becomes a `rejectedChange` carrying the reason instead of failing the
 * whole delivery.
 */
import { truncatedCanonicalJson } from '../canonicalJson';
import { begin, ChangeContext, EventOf, finish } from '../context';
import { claimContentKey, claimDigestKey } from '../dedupe';
import { MAX_CHANGE_DEPTH } from '../depth';
import { isoFromUnix } from '../isoTime';
import { asString, isObject } from '../values';

/** Levels of a rejected change that go into its key, so different rejected changes get different keys. */
const REJECTED_KEY_LEVELS = 8;

export const TOO_DEEP_REASON = `The change is nested more than ${MAX_CHANGE_DEPTH} levels deep (Meta's webhooks nest about 10), so it was not read. The other changes of the same delivery were.`;

export function otherEvent(ctx: ChangeContext, value: unknown): void {
	const key = claimContentKey(ctx, 'other', value ?? null);
	if (key === undefined) return;
	const event = begin<EventOf<'other'>>(ctx, 'other', key, isoFromUnix(ctx.entryTime));
	const word = isObject(value) ? asString(value.event) : undefined;
	if (word !== undefined) event.event = word;
	finish(ctx, event, value);
}

/** Records a change that was not read; `raw` stays null since the change itself cannot be stored or shown safely. */
export function rejectedChangeEvent(ctx: ChangeContext, change: unknown, position: { entryIndex: number; changeIndex: number }, reason: string): void {
	const identity = `${position.entryIndex}:${position.changeIndex}\n${truncatedCanonicalJson(change, REJECTED_KEY_LEVELS)}`;
	const key = claimDigestKey(ctx, 'rejectedChange', identity);
	if (key === undefined) return;
	const event = begin<EventOf<'rejectedChange'>>(ctx, 'rejectedChange', key, isoFromUnix(ctx.entryTime));
	event.entryIndex = position.entryIndex;
	event.changeIndex = position.changeIndex;
	event.reason = reason;
	finish(ctx, event, null);
}
