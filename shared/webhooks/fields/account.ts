/**
 * Account-level fields, one event per change keyed by its content: account_update and
 * business_status_update (statusChanged), phone_number_quality_update, phone_number_name_update,
 * business_capability_update, account_review_update and business_username_updates
 * (docs/meta-api.md §3.5–3.9, §3.11).
 */
import { begin, ChangeContext, Draft, EventOf, finish } from '../context';
import { claimContentKey } from '../dedupe';
import { isoFromUnix } from '../isoTime';
import type { AccountRestriction, WebhookEventType } from '../types';
import { asId, asNumber, asString, isObject, JsonObject } from '../values';

/**
 * Fields whose value carries an account-level status word, and the keys holding it (first found
 * wins). `business_status_update`'s shape is not in the reference [inferred]; change it here.
 */
const STATUS_BEARING_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
	['account_update', ['event']],
	['business_status_update', ['event', 'status']],
]);

/** Tier strings for the integer form of the messaging limit (docs/meta-api.md §1.12, §3.8). */
const TIER_BY_LIMIT: ReadonlyMap<number, string> = new Map([
	[50, 'TIER_50'],
	[250, 'TIER_250'],
	[1000, 'TIER_1K'],
	[2000, 'TIER_2K'],
	[10000, 'TIER_10K'],
	[100000, 'TIER_100K'],
	[-1, 'TIER_UNLIMITED'],
]);

function restrictionsOf(value: unknown): AccountRestriction[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const restrictions: AccountRestriction[] = [];
	for (const item of value) {
		if (!isObject(item)) continue;
		const restriction: AccountRestriction = { type: asString(item.restriction_type) ?? 'UNKNOWN' };
		const expiresAt = isoFromUnix(item.expiration);
		if (expiresAt !== undefined) restriction.expiresAt = expiresAt;
		const remediation = asString(item.remediation);
		if (remediation !== undefined) restriction.remediation = remediation;
		restrictions.push(restriction);
	}
	return restrictions;
}

/** Integers become the tier strings Meta uses elsewhere; unknown integers give no tier (the number stays). */
function tierOf(limit: unknown): string | undefined {
	if (typeof limit === 'string' && limit.startsWith('TIER_')) return limit;
	const number = asNumber(limit);
	return number === undefined ? undefined : TIER_BY_LIMIT.get(number);
}

function limitValue(value: unknown): string | number | undefined {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
}

function firstStatusWord(value: JsonObject, keys: readonly string[]): string | undefined {
	for (const key of keys) {
		const word = asString(value[key]);
		if (word) return word;
	}
	return undefined;
}

/**
 * A new event for an account-level change (one event per change, keyed by the change's content), or
 * undefined when this body already produced it.
 */
export function beginAccountEvent<K extends WebhookEventType>(ctx: ChangeContext, type: K, value: JsonObject): Draft<EventOf<K>> | undefined {
	const key = claimContentKey(ctx, type, value);
	if (key === undefined) return undefined;
	return begin<EventOf<K>>(ctx, type as EventOf<K>['type'], key, isoFromUnix(ctx.entryTime));
}

function statusChangedEvent(ctx: ChangeContext, value: JsonObject, status: string): void {
	const event = beginAccountEvent(ctx, 'statusChanged', value);
	if (!event) return;
	event.status = status;
	const restrictions = restrictionsOf(value.restriction_info);
	if (restrictions !== undefined) event.restrictions = restrictions;
	const ban = isObject(value.ban_info) ? value.ban_info : undefined;
	const banState = asString(ban?.waba_ban_state);
	if (banState !== undefined) event.banState = banState;
	const banDate = asId(ban?.waba_ban_date);
	if (banDate !== undefined) event.banDate = banDate;
	const violationType = isObject(value.violation_info) ? asString(value.violation_info.violation_type) : undefined;
	if (violationType !== undefined) event.violationType = violationType;
	const disconnection = isObject(value.disconnection_info) ? value.disconnection_info : undefined;
	const disconnectionReason = asString(disconnection?.reason);
	if (disconnectionReason !== undefined) event.disconnectionReason = disconnectionReason;
	const initiatedBy = asString(disconnection?.initiated_by);
	if (initiatedBy !== undefined) event.disconnectionInitiatedBy = initiatedBy;
	finish(ctx, event, value);
}

function qualityChangedEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const qualityEvent = asString(value.event);
	if (!qualityEvent) return false;
	const event = beginAccountEvent(ctx, 'qualityChanged', value);
	if (!event) return true;
	const perBusiness = limitValue(value.max_daily_conversations_per_business);
	const currentLimit = asString(value.current_limit) ?? tierOf(perBusiness);
	const oldLimit = asString(value.old_limit);
	event.event = qualityEvent;
	if (currentLimit !== undefined) event.currentLimit = currentLimit;
	if (oldLimit !== undefined) event.oldLimit = oldLimit;
	if (perBusiness !== undefined) event.maxDailyConversationsPerBusiness = perBusiness;
	finish(ctx, event, value);
	return true;
}

function nameReviewedEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const decision = asString(value.decision);
	if (!decision) return false;
	const event = beginAccountEvent(ctx, 'nameReviewed', value);
	if (!event) return true;
	const requestedVerifiedName = asString(value.requested_verified_name);
	// null is Meta's "no reason" and is kept as such; a missing key stays missing.
	const rejectionReason = value.rejection_reason === null ? null : asString(value.rejection_reason);
	event.decision = decision;
	if (requestedVerifiedName !== undefined) event.requestedVerifiedName = requestedVerifiedName;
	if (rejectionReason !== undefined) event.rejectionReason = rejectionReason;
	finish(ctx, event, value);
	return true;
}

function capabilityChangedEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const perBusiness = limitValue(value.max_daily_conversations_per_business);
	const perPhone = asNumber(value.max_daily_conversation_per_phone);
	const numbersPerBusiness = asNumber(value.max_phone_numbers_per_business);
	const numbersPerWaba = asNumber(value.max_phone_numbers_per_waba);
	const limits = [perBusiness, perPhone, numbersPerBusiness, numbersPerWaba];
	if (limits.every((limit) => limit === undefined)) return false;
	const event = beginAccountEvent(ctx, 'capabilityChanged', value);
	if (!event) return true;
	const tier = tierOf(perBusiness ?? perPhone);
	if (perBusiness !== undefined) event.maxDailyConversationsPerBusiness = perBusiness;
	if (numbersPerBusiness !== undefined) event.maxPhoneNumbersPerBusiness = numbersPerBusiness;
	if (numbersPerWaba !== undefined) event.maxPhoneNumbersPerWaba = numbersPerWaba;
	if (perPhone !== undefined) event.maxDailyConversationPerPhone = perPhone;
	if (tier !== undefined) event.messagingLimitTier = tier;
	finish(ctx, event, value);
	return true;
}

function accountReviewEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const decision = asString(value.decision);
	if (!decision) return false;
	const event = beginAccountEvent(ctx, 'accountReview', value);
	if (!event) return true;
	event.decision = decision;
	finish(ctx, event, value);
	return true;
}

function usernameChangedEvent(ctx: ChangeContext, value: JsonObject): boolean {
	const status = asString(value.status);
	if (!status) return false;
	const event = beginAccountEvent(ctx, 'usernameChanged', value);
	if (!event) return true;
	const username = asString(value.username);
	if (username !== undefined) event.username = username;
	event.status = status;
	finish(ctx, event, value);
	return true;
}

/** Readers of the fields with a fixed shape; each returns false when the value lacks its key word. */
const READERS: ReadonlyMap<string, (ctx: ChangeContext, value: JsonObject) => boolean> = new Map([
	['phone_number_quality_update', qualityChangedEvent],
	['phone_number_name_update', nameReviewedEvent],
	['business_capability_update', capabilityChangedEvent],
	['account_review_update', accountReviewEvent],
	['business_username_updates', usernameChangedEvent],
	['business_username_update', usernameChangedEvent],
]);

/** @returns false when the value does not have the shape of its field, so the caller passes it on as `other`. */
export function accountLevelEvents(ctx: ChangeContext, value: JsonObject): boolean {
	const statusKeys = STATUS_BEARING_FIELDS.get(ctx.field);
	if (statusKeys) {
		const status = firstStatusWord(value, statusKeys);
		if (!status) return false;
		statusChangedEvent(ctx, value, status);
		return true;
	}
	const reader = READERS.get(ctx.field);
	return reader ? reader(ctx, value) : false;
}
