import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { answerChallenge, Redactor, SIGNATURE_HEADER, verifySignature, WhatsAppError } from '../../shared';
import { phoneNumberLocator } from './common/phoneNumberLocator';
import { searchPhoneNumbers } from './methods/listSearch';
import { APP_CREDENTIAL, AppCredentials, GRAPH_CREDENTIAL } from './transport';
import { eventItems, eventOptions, eventVersionOf, parsePhoneNumberIds } from './trigger/events';
import { attachMedia, mediaOf } from './trigger/media';
import { createSubscription, deleteSubscription, SUBSCRIPTION_MODES, subscriptionExists, TRIGGER_PARAMETERS } from './trigger/subscription';

const MANAGED_MODES = [SUBSCRIPTION_MODES.app, SUBSCRIPTION_MODES.waba, SUBSCRIPTION_MODES.phoneNumber];

/** Answers the request directly (so the body is exactly `text`) and tells n8n not to answer again. */
function reply(context: IWebhookFunctions, status: number, text: string): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(status).type('text/plain').send(text);
	return { noWebhookResponse: true };
}

/**
 * Starts a workflow for WhatsApp webhooks: answers Meta's verification, refuses any POST whose
 * signature does not match the app secret (401/403, no execution), and outputs one item per
 * normalized event with the raw change.
 */
export class WhatsAppNumbersTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Numbers Trigger',
		name: 'whatsAppNumbersTrigger',
		icon: { light: 'file:whatsAppNumbers.svg', dark: 'file:whatsAppNumbers.dark.svg' },
		group: ['trigger'],
		// 2: template changes and BSUID changes are events of their own (in 1 they came as Other Webhook and Message Received).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["subscriptionMode"]}}',
		description: 'Starts the workflow on WhatsApp events: identity mismatches, account and quality changes, messages and statuses',
		defaults: { name: 'WhatsApp Business Numbers Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: APP_CREDENTIAL, required: true },
			// The Graph token manages overrides and reads numbers; the app credential checks signatures.
			{
				name: GRAPH_CREDENTIAL,
				required: true,
				displayOptions: { show: { subscriptionMode: MANAGED_MODES } },
			},
		],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'Meta checks this URL with the verify token of the app credential, and every webhook must be signed with its app secret: unsigned or wrongly signed requests are refused and start nothing.',
				name: 'signatureNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Subscription',
				name: TRIGGER_PARAMETERS.mode,
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Already Configured',
						value: SUBSCRIPTION_MODES.none,
						description: "Webhooks already reach this URL (set in the App Dashboard or by a relay); nothing is changed at Meta",
					},
					{
						name: 'Business Account Override',
						value: SUBSCRIPTION_MODES.waba,
						description: "The account's message webhooks go to this workflow; other workflows can use other accounts or numbers",
					},
					{
						name: 'Manage Meta App Subscription',
						value: SUBSCRIPTION_MODES.app,
						description: "Sets the app's callback URL to this workflow on activation and removes it on deactivation (one workflow per app)",
					},
					{
						name: 'Phone Number Override',
						value: SUBSCRIPTION_MODES.phoneNumber,
						description: "One number's message webhooks go to this workflow; several workflows can each take a number",
					},
				],
				default: 'appSubscription',
			},
			{
				displayName:
					'Overrides carry message webhooks only (messages, statuses, identity mismatches, identity hashes). Account, quality, display name and template webhooks always go to the app callback URL.',
				name: 'overrideNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { [TRIGGER_PARAMETERS.mode]: [SUBSCRIPTION_MODES.waba, SUBSCRIPTION_MODES.phoneNumber] } },
			},
			{
				...phoneNumberLocator({
					displayName: 'Phone Number',
					name: TRIGGER_PARAMETERS.phoneNumber,
					required: true,
					description: 'The number whose webhooks should come to this workflow',
				}),
				displayOptions: { show: { [TRIGGER_PARAMETERS.mode]: [SUBSCRIPTION_MODES.phoneNumber] } },
			},
			{
				displayName: 'Trigger On',
				name: TRIGGER_PARAMETERS.events,
				type: 'multiOptions',
				required: true,
				options: eventOptions(1),
				default: ['identityMismatch', 'nameReviewed', 'qualityChanged', 'statusChanged'],
				description: 'The events that start the workflow; everything else is answered and ignored',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName: 'Trigger On',
				name: TRIGGER_PARAMETERS.events,
				type: 'multiOptions',
				required: true,
				options: eventOptions(2),
				default: ['identityMismatch', 'nameReviewed', 'qualityChanged', 'statusChanged'],
				description: 'The events that start the workflow; everything else is answered and ignored',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
			},
			{
				displayName: 'Replace Existing Callback URL',
				name: TRIGGER_PARAMETERS.replaceExisting,
				type: 'boolean',
				default: false,
				description: 'Whether to take over the app callback URL when it points somewhere else (the other receiver then stops getting webhooks)',
				displayOptions: { show: { [TRIGGER_PARAMETERS.mode]: [SUBSCRIPTION_MODES.app] } },
			},
			{
				displayName: 'Subscribe Business Account to App',
				name: TRIGGER_PARAMETERS.subscribeAccount,
				type: 'boolean',
				default: true,
				description: 'Whether to also subscribe the WhatsApp Business Account to the app when it is not yet; without it Meta sends nothing',
				displayOptions: { show: { [TRIGGER_PARAMETERS.mode]: [SUBSCRIPTION_MODES.app] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Download Media',
						name: 'downloadMedia',
						type: 'boolean',
						default: false,
						description:
							'Whether to download the file of each received image, video, audio, document or sticker and attach it to the item as binary data (field "data"), with the WhatsApp Business Numbers API credential',
						displayOptions: { show: { '/subscriptionMode': MANAGED_MODES } },
					},
					{
						displayName: 'Only These Phone Number IDs',
						name: 'phoneNumberIds',
						type: 'string',
						default: '',
						placeholder: '106540352242922, 106540352242923',
						description: 'Comma-separated phone number IDs. Events of other numbers are ignored; account-level events (which name no number) always pass.',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchPhoneNumbers },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscription.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscription.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials<AppCredentials>(APP_CREDENTIAL);
		// This request's secrets: masked in what it answers and logs, and nowhere else.
		const secrets = new Redactor([credentials.appSecret, credentials.verifyToken]);

		if (this.getWebhookName() === 'setup') {
			let challenge;
			try {
				challenge = answerChallenge(this.getQueryData() as Record<string, unknown>, String(credentials.verifyToken ?? ''));
			} catch (error) {
				return refuse(this, secrets, 500, error);
			}
			return challenge.ok ? reply(this, 200, challenge.challenge) : refuse(this, secrets, challenge.status, challenge.reason);
		}

		const rawBody = (this.getRequestObject() as { rawBody?: Buffer }).rawBody;
		let verified;
		try {
			verified = verifySignature(rawBody as Buffer, this.getHeaderData()[SIGNATURE_HEADER], String(credentials.appSecret ?? ''));
		} catch (error) {
			return refuse(this, secrets, 500, error);
		}
		if (!verified.ok) return refuse(this, secrets, verified.status, verified.reason);

		const options = this.getNodeParameter('options', {}) as IDataObject;
		let output;
		try {
			const events = this.getNodeParameter(TRIGGER_PARAMETERS.events, []) as string[];
			output = eventItems(rawBody as Buffer, events, parsePhoneNumberIds(options.phoneNumberIds), eventVersionOf(this.getNode()));
		} catch (error) {
			return refuse(this, secrets, 400, error);
		}
		// Answered 200 all the same: Meta would resend the same unreadable part for 7 days.
		for (const rejected of output.rejected) {
			this.logger.warn(`WhatsApp Business Numbers Trigger skipped part of a webhook (entry ${rejected.entryIndex}, change ${rejected.changeIndex}, field ${rejected.field}): ${rejected.reason}`);
		}
		const items = output.items;
		// Meta only needs a 200; with nothing chosen in this delivery no execution starts.
		if (!items.length) return {};
		const mode = this.getNodeParameter(TRIGGER_PARAMETERS.mode, SUBSCRIPTION_MODES.app) as string;
		if (options.downloadMedia === true && (MANAGED_MODES as string[]).includes(mode) && items.some((item) => mediaOf(item))) {
			// Meta wants its 200 within about a second and resends otherwise (docs/meta-api.md §3.1): answer first, then fetch the files.
			reply(this, 200, '');
			await attachMedia(this, items);
			return { noWebhookResponse: true, workflowData: [items] };
		}
		return { workflowData: [items] };
	}
}

/** Refuses a request with a reason that is safe to show (never a secret) and logs it, since no execution records it. */
function refuse(context: IWebhookFunctions, secrets: Redactor, status: number, reason: unknown): IWebhookResponseData {
	const text = secrets.redact(reason instanceof WhatsAppError ? reason.message : reason instanceof Error ? 'The webhook could not be read.' : String(reason));
	context.logger.warn(`WhatsApp Business Numbers Trigger refused a ${context.getWebhookName() === 'setup' ? 'verification' : 'webhook'} request (${status}): ${text}`);
	return reply(context, status, text);
}
