/**
 * Where Meta sends the webhooks, kept in step with the workflow's activation:
 * - appSubscription: the app's callback URL (the core's getAppSubscription / setAppSubscription /
 *   deleteAppSubscription, app token), and the WABA subscribed to the app (addAppToBusinessAccount)
 *   when it is not yet;
 * - wabaOverride / phoneNumberOverride: the core's setWebhookOverride / clearWebhookOverride, read
 *   back with getWebhookConfiguration, so several workflows (or numbers) each get their own URL
 *   (docs/meta-api.md §1.11);
 * - none: configured elsewhere; activation changes nothing at Meta.
 * Deleting only removes what still points at this trigger's URL, never someone else's setting.
 * No Graph path is built here: every call is a core operation.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AppSubscription, GraphClient, graphId, inputError, runOperation, WebhookConfiguration } from '../../../shared';
import { PhoneNumberResolver } from '../common/phoneNumberLocator';
import { toNodeError } from '../errors';
import { appClient, AppCredentials, graphClient } from '../transport';
import { eventVersionOf, subscriptionFields } from './events';

export const SUBSCRIPTION_MODES = {
	app: 'appSubscription',
	waba: 'wabaOverride',
	phoneNumber: 'phoneNumberOverride',
	none: 'none',
} as const;

export type SubscriptionMode = (typeof SUBSCRIPTION_MODES)[keyof typeof SUBSCRIPTION_MODES];

/** Trigger parameter names used by the lifecycle. */
export const TRIGGER_PARAMETERS = {
	mode: 'subscriptionMode',
	events: 'events',
	phoneNumber: 'phoneNumberId',
	replaceExisting: 'replaceExistingCallback',
	subscribeAccount: 'subscribeBusinessAccount',
} as const;

function modeOf(context: IHookFunctions): SubscriptionMode {
	return context.getNodeParameter(TRIGGER_PARAMETERS.mode, SUBSCRIPTION_MODES.app) as SubscriptionMode;
}

function callbackUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not give this trigger a webhook URL.', { description: 'Save the workflow and activate it again.' });
	return url;
}

/** Runs a lifecycle step; any failure reaches n8n as NodeApiError/NodeOperationError with the core's message. */
async function step<T>(context: IHookFunctions, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

// ---- app subscription ------------------------------------------------------------------------

async function appContext(context: IHookFunctions): Promise<{ client: GraphClient; credentials: AppCredentials; appId: string }> {
	const { client, credentials } = await appClient(context);
	const appId = graphId(credentials.appId, 'App ID');
	return { client, credentials, appId };
}

async function appSubscription(client: GraphClient, appId: string): Promise<AppSubscription> {
	return await runOperation<AppSubscription>('getAppSubscription', client, { appId });
}

async function appExists(context: IHookFunctions): Promise<boolean> {
	const url = callbackUrlOf(context);
	const { client, appId } = await appContext(context);
	const current = await appSubscription(client, appId);
	if (!current.callbackUrl) return false;
	if (current.callbackUrl !== url) {
		if (context.getNodeParameter(TRIGGER_PARAMETERS.replaceExisting, false) === true) return false;
		throw new NodeOperationError(context.getNode(), `The Meta app ${appId} already sends its WhatsApp webhooks to another URL: ${current.callbackUrl}`, {
			description:
				'A Meta app has one callback URL. To run several workflows, choose "Phone Number Override" or "Business Account Override" as Subscription, which give each workflow its own URL. Or turn on "Replace Existing Callback URL" (the other receiver then stops getting webhooks), or choose "Already Configured".',
		});
	}
	const needed = subscriptionFields(context.getNodeParameter(TRIGGER_PARAMETERS.events, []) as string[], eventVersionOf(context.getNode()));
	const have = new Set(current.fields);
	return current.active !== false && needed.every((field) => have.has(field));
}

async function appCreate(context: IHookFunctions): Promise<boolean> {
	const url = callbackUrlOf(context);
	const { client, credentials, appId } = await appContext(context);
	const fields = subscriptionFields(context.getNodeParameter(TRIGGER_PARAMETERS.events, []) as string[], eventVersionOf(context.getNode()));
	const verifyToken = String(credentials.verifyToken ?? '');
	if (!verifyToken) throw inputError('Verify Token', 'is empty in the app credential.', 'Enter a secret phrase of your choice in the credential; Meta sends it back when it checks the URL.');
	await runOperation('setAppSubscription', client, { appId, callbackUrl: url, verifyToken, fields });
	// Nothing reaches the app until the WABA is subscribed to it, a step users often miss.
	if (context.getNodeParameter(TRIGGER_PARAMETERS.subscribeAccount, true) === true) await runOperation('addAppToBusinessAccount', await graphClient(context), { appId });
	return true;
}

async function appDelete(context: IHookFunctions): Promise<boolean> {
	const url = callbackUrlOf(context);
	const { client, appId } = await appContext(context);
	const current = await appSubscription(client, appId);
	if (current.callbackUrl !== url) return true;
	await runOperation('deleteAppSubscription', client, { appId });
	return true;
}

// ---- overrides ---------------------------------------------------------------------------------

async function overrideTarget(context: IHookFunctions, client: GraphClient, level: 'waba' | 'phoneNumber'): Promise<string> {
	if (level === 'waba') return client.requireWabaId();
	const resolver = new PhoneNumberResolver(async () => client);
	const id = await resolver.resolve(context.getNodeParameter(TRIGGER_PARAMETERS.phoneNumber, ''), 'Phone Number');
	return graphId(id ?? '', 'Phone Number');
}

/** The override currently set at Meta for this app (WABA) or number, or undefined. */
async function currentOverride(client: GraphClient, level: 'waba' | 'phoneNumber', targetId: string, appId: string): Promise<string | undefined> {
	const configuration = await runOperation<WebhookConfiguration>(
		'getWebhookConfiguration',
		client,
		level === 'waba' ? { level, appId } : { level, phoneNumberId: targetId },
	);
	if (level === 'phoneNumber') return configuration.callbackUrl ?? undefined;
	return configuration.subscribedApps.find((app) => app.appId === appId)?.overrideCallbackUrl ?? undefined;
}

async function overrideExists(context: IHookFunctions, level: 'waba' | 'phoneNumber'): Promise<boolean> {
	const url = callbackUrlOf(context);
	const client = await graphClient(context);
	const { appId } = await appContext(context);
	const targetId = await overrideTarget(context, client, level);
	return (await currentOverride(client, level, targetId, appId)) === url;
}

async function overrideCreate(context: IHookFunctions, level: 'waba' | 'phoneNumber'): Promise<boolean> {
	const url = callbackUrlOf(context);
	const client = await graphClient(context);
	const { credentials } = await appContext(context);
	const targetId = await overrideTarget(context, client, level);
	await runOperation('setWebhookOverride', client, {
		level,
		...(level === 'phoneNumber' ? { phoneNumberId: targetId } : {}),
		callbackUrl: url,
		verifyToken: credentials.verifyToken,
	});
	return true;
}

async function overrideDelete(context: IHookFunctions, level: 'waba' | 'phoneNumber'): Promise<boolean> {
	const url = callbackUrlOf(context);
	const client = await graphClient(context);
	const { appId } = await appContext(context);
	const targetId = await overrideTarget(context, client, level);
	if ((await currentOverride(client, level, targetId, appId)) !== url) return true;
	await runOperation('clearWebhookOverride', client, { level, ...(level === 'phoneNumber' ? { phoneNumberId: targetId } : {}) });
	return true;
}

// ---- lifecycle -------------------------------------------------------------------------------------

const LEVEL = { [SUBSCRIPTION_MODES.waba]: 'waba', [SUBSCRIPTION_MODES.phoneNumber]: 'phoneNumber' } as const;

export async function subscriptionExists(this: IHookFunctions): Promise<boolean> {
	const mode = modeOf(this);
	if (mode === SUBSCRIPTION_MODES.none) return true;
	if (mode === SUBSCRIPTION_MODES.app) return await step(this, async () => await appExists(this));
	return await step(this, async () => await overrideExists(this, LEVEL[mode]));
}

export async function createSubscription(this: IHookFunctions): Promise<boolean> {
	const mode = modeOf(this);
	if (mode === SUBSCRIPTION_MODES.none) return true;
	if (mode === SUBSCRIPTION_MODES.app) return await step(this, async () => await appCreate(this));
	return await step(this, async () => await overrideCreate(this, LEVEL[mode]));
}

export async function deleteSubscription(this: IHookFunctions): Promise<boolean> {
	const mode = modeOf(this);
	if (mode === SUBSCRIPTION_MODES.none) return true;
	if (mode === SUBSCRIPTION_MODES.app) return await step(this, async () => await appDelete(this));
	return await step(this, async () => await overrideDelete(this, LEVEL[mode]));
}
