/**
 * Builds Meta's webhook envelope and picks where it goes (meta-api.md §1.11, §3.2): only if the app
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
