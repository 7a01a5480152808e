/**
 * Every operation of the core, in the order shells show them. Adding an operation is one file
 * plus one line here; the n8n node and the Zapier app pick it up from this list.
 */
import type { OperationDefinition } from '../operation';
import { getBusinessProfile } from './businessProfile/getBusinessProfile';
import { updateBusinessProfile } from './businessProfile/updateBusinessProfile';
import { deleteMedia } from './media/deleteMedia';
import { downloadMedia } from './media/downloadMedia';
import { getMediaUrl } from './media/getMediaUrl';
import { uploadMedia } from './media/uploadMedia';
import { markAsRead } from './message/markAsRead';
import { sendMessage } from './message/sendMessage';
import { sendMessages } from './message/sendMessages';
import { addPhoneNumber } from './phoneNumber/addPhoneNumber';
import { checkReadiness } from './phoneNumber/checkReadiness';
import { deregisterPhoneNumber } from './phoneNumber/deregisterPhoneNumber';
import { getPhoneNumber } from './phoneNumber/getPhoneNumber';
import { listPhoneNumbers } from './phoneNumber/listPhoneNumbers';
import { prepareNumberRemoval } from './phoneNumber/prepareNumberRemoval';
import { registerPhoneNumber } from './phoneNumber/registerPhoneNumber';
import { requestVerificationCode } from './phoneNumber/requestVerificationCode';
import { setTwoStepPin } from './phoneNumber/setTwoStepPin';
import { verifyCode } from './phoneNumber/verifyCode';
import { getSettings } from './settings/getSettings';
import { setIdentityCheck } from './settings/setIdentityCheck';
import { deleteUsername } from './username/deleteUsername';
import { getUsername } from './username/getUsername';
import { setUsername } from './username/setUsername';
import { addAppToBusinessAccount } from './webhook/addAppToBusinessAccount';
import { clearWebhookOverride } from './webhook/clearWebhookOverride';
import { deleteAppSubscription } from './webhook/deleteAppSubscription';
import { getAppSubscription } from './webhook/getAppSubscription';
import { getWebhookConfiguration } from './webhook/getWebhookConfiguration';
import { setAppSubscription } from './webhook/setAppSubscription';
import { setWebhookOverride } from './webhook/setWebhookOverride';
import { createTemplate } from './template/createTemplate';
import { deleteTemplate } from './template/deleteTemplate';
import { getTemplate } from './template/getTemplate';
import { listTemplates } from './template/listTemplates';

/** Every operation by id, with its input and output types (see `runOperation`). */
export const OPERATION_REGISTRY = {
	// Phone number lifecycle, in the order a number is onboarded
	listPhoneNumbers,
	getPhoneNumber,
	addPhoneNumber,
	requestVerificationCode,
	verifyCode,
	registerPhoneNumber,
	deregisterPhoneNumber,
	setTwoStepPin,
	checkReadiness,
	prepareNumberRemoval,
	// Settings and the identity change check
	getSettings,
	setIdentityCheck,
	// Business usernames (2026)
	getUsername,
	setUsername,
	deleteUsername,
	// Webhook callback overrides. The first of a resource is its default in n8n, and a workflow does
	// not store a default value: setWebhookOverride stays first so existing workflows keep it.
	setWebhookOverride,
	clearWebhookOverride,
	getWebhookConfiguration,
	// Webhook plumbing for the trigger and the relay (internal: not offered as actions)
	getAppSubscription,
	setAppSubscription,
	deleteAppSubscription,
	addAppToBusinessAccount,
	// Messages
	sendMessage,
	sendMessages,
	markAsRead,
	// Media files
	uploadMedia,
	getMediaUrl,
	downloadMedia,
	deleteMedia,
	// Business profile
	getBusinessProfile,
	updateBusinessProfile,
	// Message templates
	listTemplates,
	getTemplate,
	createTemplate,
	deleteTemplate,
} as const;

export type OperationRegistry = typeof OPERATION_REGISTRY;
export type OperationId = keyof OperationRegistry;
/** The parsed input of an operation, e.g. `OperationInput<'registerPhoneNumber'>`. */
export type OperationInput<Id extends OperationId> = OperationRegistry[Id] extends OperationDefinition<infer Input, unknown> ? Input : never;
/** The output of an operation, e.g. `OperationOutput<'listPhoneNumbers'>`. */
export type OperationOutput<Id extends OperationId> = OperationRegistry[Id] extends OperationDefinition<never, infer Output> ? Output : never;

/** In the order shells show them. */
export const OPERATIONS: ReadonlyArray<OperationDefinition> = Object.values(OPERATION_REGISTRY) as ReadonlyArray<OperationDefinition>;

export function findOperation(id: string): OperationDefinition | undefined {
	return OPERATIONS.find((operation) => operation.id === id);
}

/** Whether `id` names an operation of the core (narrows it to `OperationId`). */
export function isOperationId(id: string): id is OperationId {
	return Object.prototype.hasOwnProperty.call(OPERATION_REGISTRY, id);
}
