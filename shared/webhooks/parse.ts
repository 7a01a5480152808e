/**
 * Turns Meta's webhook POST body into normalized events (types.ts). Every entry, every change and
 * every status, message, contact and error inside them is read (docs/meta-api.md §3.2–3.11); which
 * field gives which events is in fields/index.ts, how events are keyed for dedupe in dedupe.ts.
 * A change nested deeper than MAX_CHANGE_DEPTH becomes a `rejectedChange` event (depth.ts), so one
 * poison change never costs the genuine ones of the same POST.
 */
import { newContext } from './context';
import { deeperThan, MAX_CHANGE_DEPTH } from './depth';
import { changeObject, entryParts, envelopeOf } from './envelope';
import { changeEvents } from './fields';
import { rejectedChangeEvent, TOO_DEEP_REASON } from './fields/other';
import type { ParseOptions, WebhookEvent } from './types';

/** The events of one change, with the change as Meta sent it. */
export interface WebhookChangeEvents {
	entryIndex: number;
	changeIndex: number;
	/** The change object; undefined when it was rejected (it cannot be passed on safely). */
	change: Record<string, unknown> | undefined;
	/** What this change produced, repeats of earlier changes of the body left out. */
	events: WebhookEvent[];
}

/** Reads the body; calls `onChange` after each change with the index of its first event in the returned list. */
function readBody(
	body: unknown,
	options: ParseOptions | undefined,
	onChange?: (entryIndex: number, changeIndex: number, change: Record<string, unknown> | undefined, firstEvent: number) => void,
): WebhookEvent[] {
	const entries = envelopeOf(body).entry;
	const ctx = newContext(options?.eventVersion ?? 2);
	for (let entryIndex = 0; entryIndex < entries.length; entryIndex++) {
		const { wabaId, time, changes } = entryParts(entries[entryIndex], entryIndex);
		if (changes === undefined) continue;
		ctx.wabaId = wabaId;
		ctx.entryTime = time;
		for (let changeIndex = 0; changeIndex < changes.length; changeIndex++) {
			const change = changeObject(changes[changeIndex], entryIndex, changeIndex);
			const firstEvent = ctx.out.length;
			// The change object is level 1 of its own nesting.
			const tooDeep = deeperThan(change, MAX_CHANGE_DEPTH);
			if (tooDeep) {
				ctx.field = typeof change.field === 'string' ? change.field : 'unknown';
				ctx.phoneNumberId = undefined;
				ctx.displayPhoneNumber = undefined;
				rejectedChangeEvent(ctx, change, { entryIndex, changeIndex }, TOO_DEEP_REASON);
			} else {
				changeEvents(ctx, change);
			}
			onChange?.(entryIndex, changeIndex, tooDeep ? undefined : change, firstEvent);
		}
	}
	return ctx.out;
}

/**
 * Reads a WhatsApp webhook POST into normalized events, in body order (entries, then changes; within
 * a `messages` change: inbound messages, contact hashes, statuses, then system errors).
 *
 * @param body The raw body (Buffer, Uint8Array or string) or the already parsed JSON object.
 * @param options `eventVersion: 1` for the event types of the first release (WEBHOOK_EVENT_TYPES_V1).
 * @returns One event per meaningful thing; `[]` for a valid envelope with no changes.
 * @throws WhatsAppError (invalid_input) when the body is not JSON, not a WhatsApp Business Account
 *   webhook, or has no `entry` list (or an entry or change that is not an object).
 */
export function parseWebhook(body: unknown, options?: ParseOptions): WebhookEvent[] {
	return readBody(body, options);
}

/**
 * The same events grouped by the change they came from, for receivers that pass each change on
 * with its events (the n8n trigger).
 *
 * @throws WhatsAppError (invalid_input) as `parseWebhook`.
 */
export function parseWebhookChanges(body: unknown, options?: ParseOptions): WebhookChangeEvents[] {
	const groups: Array<Omit<WebhookChangeEvents, 'events'> & { firstEvent: number }> = [];
	const events = readBody(body, options, (entryIndex, changeIndex, change, firstEvent) => groups.push({ entryIndex, changeIndex, change, firstEvent }));
	return groups.map(({ firstEvent, ...group }, index) => ({ ...group, events: events.slice(firstEvent, groups[index + 1]?.firstEvent ?? events.length) }));
}
