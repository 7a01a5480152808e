import { defineOperation } from '../../operation';
import { appIdField, SubscribedAppRow, subscribedAppsOf } from './app';

export interface AddAppToBusinessAccountOutput {
	success: boolean;
	wabaId: string;
	appId: string;
	/** true when the app was subscribed already and nothing was sent. */
	alreadySubscribed: boolean;
}

/**
 * `GET /<WABA_ID>/subscribed_apps`, then `POST /<WABA_ID>/subscribed_apps` with no body only when
 * the app is not listed (docs/meta-api.md §6). Nothing reaches the app until the WABA is subscribed
 * to it, a step users often miss; a bare POST to an already subscribed WABA would also drop its
 * webhook override (§1.11), so it is never sent then.
 */
export const addAppToBusinessAccount = defineOperation<{ appId: string }, AddAppToBusinessAccountOutput>({
	id: 'addAppToBusinessAccount',
	resource: 'webhook',
	title: 'Add App to Business Account',
	action: 'Subscribe the business account to the app',
	description: 'Subscribes the WhatsApp Business Account to the Meta app, so the app receives its webhooks. Does nothing when it is subscribed already (its webhook override stays).',
	kind: 'write',
	internal: true,
	fields: [{ ...appIdField, help: 'The ID of the Meta app that should receive the account\'s webhooks (App Dashboard → App settings → Basic → App ID).' }],
	sample: { success: true, wabaId: '102290129340398', appId: '900000000000001', alreadySubscribed: false },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'wabaId', label: 'WhatsApp Business Account ID', type: 'string' },
		{ key: 'appId', label: 'App ID', type: 'string' },
		{ key: 'alreadySubscribed', label: 'Already Subscribed', type: 'boolean' },
	],
	async run({ client }, input) {
		const wabaId = client.requireWabaId();
		const listed = await client.request<{ data?: SubscribedAppRow[] }>({ method: 'GET', path: `${wabaId}/subscribed_apps`, retry: 'read', operation: 'addAppToBusinessAccount' });
		if (subscribedAppsOf(listed.data).some((app) => app.appId === input.appId)) return { success: true, wabaId, appId: input.appId, alreadySubscribed: true };
		const response = await client.request<{ success?: boolean }>({ method: 'POST', path: `${wabaId}/subscribed_apps`, retry: 'send', operation: 'addAppToBusinessAccount' });
		return { success: response.success === true, wabaId, appId: input.appId, alreadySubscribed: false };
	},
});
