import { defineOperation } from '../../operation';
import { appId, SubscribedApp, SubscribedAppRow, subscribedAppsOf } from './app';
import { OverrideLevel, overrideLevelField, overridePhoneNumberField } from './model';

export interface GetWebhookConfigurationInput {
	level: OverrideLevel;
	phoneNumberId?: string;
	appId?: string;
}

export interface WebhookConfiguration {
	level: OverrideLevel;
	/** The phone number ID or WABA ID that was read. */
	targetId: string;
	/** The override set at this level, or null when none is. */
	callbackUrl: string | null;
	/**
	 * Where Meta sends the message webhooks now. Phone-number level: the number's override, else the
	 * WABA's, else the app's callback URL (Meta reports all three there). WABA level: the WABA
	 * override, or null when the app's callback URL applies (Meta does not report it there).
	 */
	effectiveCallbackUrl: string | null;
	wabaCallbackUrl: string | null;
	appCallbackUrl: string | null;
	/** WABA level: the apps subscribed to the account, each with its override; empty at phone-number level. */
	subscribedApps: SubscribedApp[];
}

interface PhoneNumberWebhookConfiguration {
	webhook_configuration?: { phone_number?: string; whatsapp_business_account?: string; application?: string };
}

const orNull = (value: string | undefined): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Phone-number level: `GET /<PHONE_NUMBER_ID>?fields=webhook_configuration` →
 * `{phone_number, whatsapp_business_account, application}`; WABA level: `GET /<WABA_ID>/subscribed_apps`
 * → `data[].override_callback_uri` (docs/meta-api.md §1.11).
 */
export const getWebhookConfiguration = defineOperation<GetWebhookConfigurationInput, WebhookConfiguration>({
	id: 'getWebhookConfiguration',
	resource: 'webhook',
	title: 'Get Webhook Configuration',
	action: 'Get where the webhooks of a number or account go',
	description:
		'Shows where Meta sends the message webhooks of one phone number or of the whole account: the override set there and, for a number, the account override and the app callback URL behind it.',
	kind: 'read',
	fields: [
		{ ...overrideLevelField, label: 'Configuration Of', help: 'A phone number shows its own override, the account override and the app callback URL; the whole account shows the overrides of the apps subscribed to it.' },
		{ ...overridePhoneNumberField, help: 'The phone number ID whose webhook configuration to read.' },
		{
			key: 'appId',
			label: 'App ID',
			type: 'string',
			required: false,
			advanced: true,
			showWhen: { field: 'level', values: ['waba'] },
			help: 'Only when several Meta apps are subscribed to the account: the app whose override to report (App Dashboard → App settings → Basic → App ID). Without it, the first override found is reported.',
			placeholder: '900000000000001',
			validate: (value, label) => appId(value, label),
		},
	],
	sample: {
		level: 'phoneNumber',
		targetId: '106540352242922',
		callbackUrl: 'https://example.com/webhook/whatsapp',
		effectiveCallbackUrl: 'https://example.com/webhook/whatsapp',
		wabaCallbackUrl: null,
		appCallbackUrl: 'https://relay.example.com/meta/webhook',
		subscribedApps: [],
	},
	outputFields: [
		{ key: 'level', label: 'Configuration Of', type: 'string' },
		{ key: 'targetId', label: 'Phone Number or WABA ID', type: 'string' },
		{ key: 'callbackUrl', label: 'Override Callback URL', type: 'string' },
		{ key: 'effectiveCallbackUrl', label: 'Webhooks Go To', type: 'string' },
		{ key: 'wabaCallbackUrl', label: 'Account Override Callback URL', type: 'string' },
		{ key: 'appCallbackUrl', label: 'App Callback URL', type: 'string' },
	],
	async run({ client }, input) {
		if (input.level === 'phoneNumber') {
			const targetId = String(input.phoneNumberId);
			const response = await client.request<PhoneNumberWebhookConfiguration>({
				method: 'GET',
				path: targetId,
				query: { fields: 'webhook_configuration' },
				retry: 'read',
				operation: 'getWebhookConfiguration',
			});
			const configuration = response.webhook_configuration ?? {};
			const callbackUrl = orNull(configuration.phone_number);
			const wabaCallbackUrl = orNull(configuration.whatsapp_business_account);
			const appCallbackUrl = orNull(configuration.application);
			return { level: 'phoneNumber', targetId, callbackUrl, effectiveCallbackUrl: callbackUrl ?? wabaCallbackUrl ?? appCallbackUrl, wabaCallbackUrl, appCallbackUrl, subscribedApps: [] };
		}
		const targetId = client.requireWabaId();
		const response = await client.request<{ data?: SubscribedAppRow[] }>({ method: 'GET', path: `${targetId}/subscribed_apps`, retry: 'read', operation: 'getWebhookConfiguration' });
		const subscribedApps = subscribedAppsOf(response.data);
		const chosen = input.appId ? subscribedApps.find((app) => app.appId === input.appId) : subscribedApps.find((app) => app.overrideCallbackUrl !== null);
		const callbackUrl = chosen?.overrideCallbackUrl ?? null;
		return { level: 'waba', targetId, callbackUrl, effectiveCallbackUrl: callbackUrl, wabaCallbackUrl: callbackUrl, appCallbackUrl: null, subscribedApps };
	},
});
