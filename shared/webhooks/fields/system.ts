/**
 * System messages that report a changed business-scoped user ID (docs/meta-bsuid.md §5): they
 * arrive on the `messages` field without `contacts[]`, as `type: "system"` with
 * `system.type` `user_changed_number` (a new phone number, shared in `system.wa_id`) or
 * `user_changed_user_id` (only the new BSUID). Older SDKs type `customer_changed_number` with
 * `new_wa_id`; it is read the same way.
 */
import { begin, ChangeContext, EventOf, finish } from '../context';
import { claimContentKey, claimIn, keyPart } from '../dedupe';
import { asId, asString, isObject, JsonObject } from '../values';

const USER_ID_MARKER = '\u0000userId';

/** `system.type` values that mean "this person's BSUID (and perhaps phone number) changed". */
const USER_ID_CHANGES: ReadonlySet<string> = new Set(['user_changed_number', 'user_changed_user_id', 'customer_changed_number']);

/** The `system` object of a message that reports a BSUID change, else undefined. */
export function userIdChange(message: JsonObject): JsonObject | undefined {
	if (message.type !== 'system' || !isObject(message.system)) return undefined;
	const kind = asString(message.system.type);
	return kind !== undefined && USER_ID_CHANGES.has(kind) ? message.system : undefined;
}

export function userIdChangedEvent(ctx: ChangeContext, message: JsonObject, system: JsonObject, occurredAt: string | undefined): void {
	const messageId = asId(message.id);
	const key = messageId
		? claimIn(ctx.seenByMessage, messageId, USER_ID_MARKER) ? `userIdChanged:${keyPart(messageId)}` : undefined
		: claimContentKey(ctx, 'userIdChanged', message);
	if (key === undefined) return;
	const event = begin<EventOf<'userIdChanged'>>(ctx, 'userIdChanged', key, occurredAt);
	const change = asString(system.type) as string;
	event.messageId = messageId ?? '';
	event.systemType = change;
	const userId = asString(system.user_id);
	if (userId !== undefined) event.userId = userId;
	const previousUserId = asString(system.previous_user_id) ?? asString(message.from_user_id);
	if (previousUserId !== undefined && previousUserId !== userId) event.previousUserId = previousUserId;
	const parentUserId = asString(system.parent_user_id);
	if (parentUserId !== undefined) event.parentUserId = parentUserId;
	const previousParentUserId = asString(system.previous_parent_user_id);
	if (previousParentUserId !== undefined) event.previousParentUserId = previousParentUserId;
	const from = asId(message.from);
	const newNumber = asId(system.wa_id) ?? asId(system.new_wa_id);
	if (newNumber !== undefined) {
		event.waId = newNumber;
		if (from !== undefined && from !== newNumber) event.previousWaId = from;
	} else if (from !== undefined && change === 'user_changed_user_id') {
		// Only the BSUID changed: the number the message came from is still theirs.
		event.waId = from;
	}
	const body = asString(system.body);
	if (body !== undefined) event.body = body;
	finish(ctx, event, message);
}
