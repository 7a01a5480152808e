/**
 * The state of one parse and the building of events. Per-change fields are reused across the
 * changes of one body so the walk allocates little; events are built with plain stores, since the
 * walk runs for every event of every delivery and building from a spec object cost more than the
 * rest of the walk.
 */
import type { WebhookEvent, WebhookEventBase, WebhookEventType, WebhookEventVersion } from './types';

/** An event being built: the common fields are set by `begin`, the caller sets the rest. */
export type Draft<T extends WebhookEvent> = Partial<T>;
export type EventOf<K extends WebhookEventType> = Extract<WebhookEvent, { type: K }>;

export interface ChangeContext {
	/** Which event types to produce (types.ts WEBHOOK_EVENT_TYPES_V1 for 1). */
	eventVersion: WebhookEventVersion;
	wabaId: string;
	field: string;
	entryTime: unknown;
	phoneNumberId: string | undefined;
	displayPhoneNumber: string | undefined;
	/*
	 * What this body already produced, to drop repeats (dedupe.ts). Looked up by strings that
	 * already exist (Meta's IDs and hashes, content digests) rather than by the joined dedupe key:
	 * hashing a freshly joined string for every event cost a sixth of the whole walk.
	 */
	/** Content digests of events keyed by content. */
	seenDigests: Set<string>;
	/** Message ID → what was produced for it (a status word, or a NUL-prefixed marker no status word can equal). */
	seenByMessage: Map<string, string[]>;
	/** Phone number ID → WhatsApp ID → identity hashes produced. */
	seenHashes: Map<string, Map<string, string[]>>;
	out: WebhookEvent[];
}

export function newContext(eventVersion: WebhookEventVersion = 2): ChangeContext {
	return {
		eventVersion,
		wabaId: '',
		field: '',
		entryTime: undefined,
		phoneNumberId: undefined,
		displayPhoneNumber: undefined,
		seenDigests: new Set(),
		seenByMessage: new Map(),
		seenHashes: new Map(),
		out: [],
	};
}

/**
 * A new event with the common fields set, for the caller to fill. Fields are set only when Meta
 * gave them (outputs carry no `undefined` keys).
 */
export function begin<T extends WebhookEvent>(ctx: ChangeContext, type: T['type'], dedupeKey: string, occurredAt: string | undefined): Draft<T> {
	const { phoneNumberId, displayPhoneNumber } = ctx;
	// Per-number events have all three; one literal then spares the object its shape changes.
	if (phoneNumberId !== undefined && displayPhoneNumber !== undefined && occurredAt !== undefined) {
		const event = { type, dedupeKey, wabaId: ctx.wabaId, phoneNumberId, displayPhoneNumber, field: ctx.field, occurredAt };
		return event as Draft<T>;
	}
	const event: Partial<WebhookEventBase> = { type, dedupeKey, wabaId: ctx.wabaId };
	if (phoneNumberId !== undefined) event.phoneNumberId = phoneNumberId;
	if (displayPhoneNumber !== undefined) event.displayPhoneNumber = displayPhoneNumber;
	event.field = ctx.field;
	if (occurredAt !== undefined) event.occurredAt = occurredAt;
	return event as Draft<T>;
}

/** Adds `raw` last (so it ends the object when shown) and hands the event out. */
export function finish<T extends WebhookEvent>(ctx: ChangeContext, event: Draft<T>, raw: unknown): void {
	event.raw = raw;
	ctx.out.push(event as T);
}
