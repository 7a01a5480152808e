/**
 * The Meta app's side of webhooks (docs/meta-api.md §6): its App ID, the app subscription (the
 * app's callback URL and fields, read and written with an app token `APP_ID|APP_SECRET`) and the
 * apps a WABA is subscribed to.
 */
import type { FieldDefinition } from '../../operation';
import { inputError } from '../../errors';
import { WHATSAPP_WEBHOOK_OBJECT } from '../../webhooks/envelope';

export { WHATSAPP_WEBHOOK_OBJECT };

/** App IDs are digit strings like every Graph ID, but found in the App Dashboard rather than WhatsApp Manager. */
export function appId(value: unknown, label: string): string {
	const text = String(value).trim();
	if (!/^\d{1,25}$/.test(text)) throw inputError(label, `"${text}" is not a Meta app ID.`, 'Copy the App ID from the App Dashboard (App settings → Basic), digits only.');
	return text;
}

export const appIdField: FieldDefinition = {
	key: 'appId',
	label: 'App ID',
	type: 'string',
	required: true,
	help: 'The ID of your Meta app (App Dashboard → App settings → Basic → App ID), digits only.',
	placeholder: '900000000000001',
	validate: (value, label) => appId(value, label),
};

/** Webhook field names as Meta spells them (`messages`, `account_update`…, docs/meta-api.md §3.2). */
export function webhookFieldNames(value: unknown, label: string): string[] {
	const names = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(/[\s,]+/)).filter(Boolean);
	const wrong = names.find((name) => !/^[a-z][a-z0-9_]{0,63}$/.test(name));
	if (wrong !== undefined) throw inputError(label, `"${wrong}" is not a webhook field name.`, 'Use Meta’s field names in lower case, e.g. messages, account_update, phone_number_quality_update.');
	if (names.length === 0) throw inputError(label, 'is empty.', 'Name at least one webhook field, e.g. messages.');
	return [...new Set(names)];
}

/** One row of `GET /<APP_ID>/subscriptions`. */
export interface AppSubscriptionRow {
	object?: string;
	callback_url?: string;
	active?: boolean;
	fields?: Array<string | { name?: string }>;
}

/** The app's WhatsApp Business Account subscription as the core reports it. */
export interface AppSubscription {
	appId: string;
	/** Whether the app has a subscription to the WhatsApp Business Account object at all. */
	subscribed: boolean;
	callbackUrl: string | null;
	active: boolean | null;
	fields: string[];
}

export function appSubscriptionOf(appId: string, rows: AppSubscriptionRow[] | undefined): AppSubscription {
	const row = (rows ?? []).find((candidate) => candidate.object === WHATSAPP_WEBHOOK_OBJECT);
	if (!row) return { appId, subscribed: false, callbackUrl: null, active: null, fields: [] };
	const fields = (row.fields ?? []).map((field) => (typeof field === 'string' ? field : (field.name ?? ''))).filter(Boolean);
	return { appId, subscribed: true, callbackUrl: row.callback_url || null, active: typeof row.active === 'boolean' ? row.active : null, fields };
}

/** One row of `GET /<WABA_ID>/subscribed_apps`. */
export interface SubscribedAppRow {
	whatsapp_business_api_data?: { id?: string; name?: string };
	override_callback_uri?: string;
}

/** An app subscribed to the WABA, with the WABA-level override it set (if any). */
export interface SubscribedApp {
	appId: string;
	name: string | null;
	overrideCallbackUrl: string | null;
}

export function subscribedAppsOf(rows: SubscribedAppRow[] | undefined): SubscribedApp[] {
	return (rows ?? [])
		.filter((row) => typeof row.whatsapp_business_api_data?.id === 'string')
		.map((row) => ({ appId: String(row.whatsapp_business_api_data?.id), name: row.whatsapp_business_api_data?.name ?? null, overrideCallbackUrl: row.override_callback_uri || null }));
}
