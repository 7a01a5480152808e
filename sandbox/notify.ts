/**
 * Builds Meta's webhook envelope and picks where it goes (docs/meta-api.md §1.11, §3.2): only if the app
 * is subscribed to the WABA and to the field; `messages`-family fields follow the phone-number
 * override, then the WABA override, then the app callback; account-level fields always go to the app.
 */
import { OVERRIDABLE_FIELDS } from './constants';
import type { SandboxContext } from './context';
import type { CallbackTarget, NumberRecord, WabaRecord } from './state';
import { webhookDisplayNumber } from './state';
import type { DeliveryRecord } from './webhookDelivery';

export function callbackFor(ctx: SandboxContext, field: string, waba: WabaRecord, number?: NumberRecord): CallbackTarget | null {
	const { state } = ctx;
	if (!waba.subscribed || !state.app.fields.includes(field)) return null;
	if (OVERRIDABLE_FIELDS.has(field)) {
		if (number?.override) return number.override;
		if (waba.override) return waba.override;
	}
	return state.app.callbackUrl ? { url: state.app.callbackUrl, verifyToken: state.app.verifyToken ?? '' } : null;
}

/** Sends one change; `entry[].time` is set for account-level fields, as in Meta's examples. Null when nowhere to send. */
export function emitChange(
	ctx: SandboxContext,
	field: string,
	waba: WabaRecord,
	value: Record<string, unknown>,
	number?: NumberRecord,
): DeliveryRecord | null {
	const target = callbackFor(ctx, field, waba, number);
	if (!target) return null;
	const entry: Record<string, unknown> = { id: waba.id };
	if (field !== 'messages') entry.time = Math.floor(ctx.clock.now() / 1000);
	entry.changes = [{ field, value }];
	return ctx.webhooks.send(target, field, { object: 'whatsapp_business_account', entry: [entry] }, { wabaId: waba.id, phoneNumberId: number?.id });
}

/** The `messages` field value header: `messaging_product` and `metadata`. */
export function messagesValue(number: NumberRecord, rest: Record<string, unknown>): Record<string, unknown> {
	return {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: webhookDisplayNumber(number), phone_number_id: number.id },
		...rest,
	};
}

interface PendingBatch {
	target: CallbackTarget;
	waba: WabaRecord;
	number: NumberRecord;
	statuses: Record<string, unknown>[];
}

const pendingBatches = new WeakMap<SandboxContext, Map<string, PendingBatch>>();

/**
 * One status item for the `messages` field. With batching on, items for the same callback and number
 * that fall due within the window share one POST (`value.statuses` holds several, which Meta also does).
 */
export function emitStatus(ctx: SandboxContext, waba: WabaRecord, number: NumberRecord, status: Record<string, unknown>): void {
	const batching = ctx.webhookBatching;
	if (!batching) {
		emitChange(ctx, 'messages', waba, messagesValue(number, { statuses: [status] }), number);
		return;
	}
	const target = callbackFor(ctx, 'messages', waba, number);
	if (!target) return;
	let batches = pendingBatches.get(ctx);
	if (!batches) {
		batches = new Map();
		pendingBatches.set(ctx, batches);
	}
	const key = `${target.url}\n${target.verifyToken}\n${number.id}`;
	let batch = batches.get(key);
	if (!batch) {
		batch = { target, waba, number, statuses: [] };
		batches.set(key, batch);
		const due = batch;
		ctx.later(() => flush(ctx, key, due), batching.windowMs);
	}
	batch.statuses.push(status);
	if (batch.statuses.length >= batching.maxItems) flush(ctx, key, batch);
}

function flush(ctx: SandboxContext, key: string, batch: PendingBatch): void {
	const batches = pendingBatches.get(ctx);
	if (batches?.get(key) !== batch) return;
	batches.delete(key);
	const entry = { id: batch.waba.id, changes: [{ field: 'messages', value: messagesValue(batch.number, { statuses: batch.statuses }) }] };
	ctx.webhooks.send(batch.target, 'messages', { object: 'whatsapp_business_account', entry: [entry] }, { wabaId: batch.waba.id, phoneNumberId: batch.number.id });
}
