/**
 * Which change field is read by which reader, and which fields produce which event types.
 *
 * | field                                   | events                                                                 |
 * |-----------------------------------------|------------------------------------------------------------------------|
 * | messages: `statuses[]`                  | messageStatus each; + identityMismatch if an error has code 137000;    |
 * |                                         | + identityHashObserved (source status) if `recipient_identity_key_hash`|
 * | messages: `messages[]`                  | inboundMessage each (content per type; sender from `contacts[]`:      |
 * |                                         | phone number if given, BSUID, parent BSUID, username, name)            |
 * | messages: system `user_changed_number`, | userIdChanged (new and previous BSUID, new phone number if shared);   |
 * |   `user_changed_user_id`                | inboundMessage of type system with event version 1                     |
 * | messages: `contacts[]`                  | identityHashObserved (source contact) for each `identity_key_hash`     |
 * | messages: `value.errors[]`              | other each, with `errors` (system-level error, no message)             |
 * | account_update                          | statusChanged (status = `event`; restriction, ban, violation and       |
 * |                                         | disconnection info lifted out)                                         |
 * | business_status_update [inferred shape] | statusChanged (status = `event` or `status`)                           |
 * | phone_number_quality_update             | qualityChanged                                                         |
 * | phone_number_name_update                | nameReviewed                                                           |
 * | business_capability_update              | capabilityChanged (tier strings and integers, and the deprecated       |
 * |                                         | per-phone key)                                                         |
 * | account_review_update                   | accountReview                                                          |
 * | business_username_updates (+ singular)  | usernameChanged                                                        |
 * | message_template_status_update          | templateStatusChanged (other with event version 1)                     |
 * | message_template_quality_update         | templateQualityChanged (other with event version 1)                    |
 * | template_category_update                | templateCategoryChanged (other with event version 1)                   |
 * | anything else (user_id_update, calls, flows…) | other, with the value's `event` word when it has one             |
 * | any change nested too deeply (depth.ts) | rejectedChange, with the reason                                        |
 * A known field whose value lacks its key word (`event`, `decision`, `status`…) becomes `other`:
 * a shape we do not know is passed through raw rather than guessed at.
 */
import type { ChangeContext } from '../context';
import type { WebhookEventType } from '../types';
import { asId, asString, isObject, JsonObject } from '../values';
import { accountLevelEvents } from './account';
import { messagesChangeEvents } from './messages';
import { otherEvent } from './other';
import { TEMPLATE_READERS } from './templates';

export { IDENTITY_MISMATCH_CODE } from './messages';

/**
 * Which subscription fields produce which event types; lets a trigger subscribe to exactly the
 * fields its chosen events need. `other` and `rejectedChange` can come from any field.
 */
export const EVENT_TYPE_FIELDS: Readonly<Record<WebhookEventType, readonly string[]>> = {
	statusChanged: ['account_update', 'business_status_update'],
	identityMismatch: ['messages'],
	identityHashObserved: ['messages'],
	messageStatus: ['messages'],
	inboundMessage: ['messages'],
	qualityChanged: ['phone_number_quality_update'],
	nameReviewed: ['phone_number_name_update'],
	capabilityChanged: ['business_capability_update'],
	accountReview: ['account_review_update'],
	usernameChanged: ['business_username_updates'],
	other: [],
	rejectedChange: [],
	userIdChanged: ['messages'],
	templateStatusChanged: ['message_template_status_update'],
	templateQualityChanged: ['message_template_quality_update'],
	templateCategoryChanged: ['template_category_update'],
};

/** Template fields have readers from event version 2 on; version 1 passes them on as `other`. */
function templateEvents(ctx: ChangeContext, value: JsonObject): boolean {
	if (ctx.eventVersion < 2) return false;
	const reader = TEMPLATE_READERS.get(ctx.field);
	return reader ? reader(ctx, value) : false;
}

/** The events of one change (already checked to be an object of bounded depth). */
export function changeEvents(ctx: ChangeContext, change: JsonObject): void {
	const value = change.value;
	ctx.field = asString(change.field) ?? 'unknown';
	ctx.phoneNumberId = undefined;
	ctx.displayPhoneNumber = undefined;
	if (!isObject(value)) return otherEvent(ctx, value);
	if (ctx.field === 'messages') return messagesChangeEvents(ctx, value);
	// Other per-number fields (calls, echoes…) carry `metadata` like messages; account-level values name
	// the number only by its display form (`phone_number` on some account_update events).
	const metadata = isObject(value.metadata) ? value.metadata : undefined;
	ctx.phoneNumberId = asId(metadata?.phone_number_id) ?? asId(value.phone_number_id);
	ctx.displayPhoneNumber = asString(metadata?.display_phone_number) ?? asString(value.display_phone_number) ?? asString(value.phone_number);
	if (!accountLevelEvents(ctx, value) && !templateEvents(ctx, value)) otherEvent(ctx, value);
}
