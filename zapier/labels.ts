/**
 * What the Zapier app offers of the core, and how it names it: actions under the operation's
 * title, the searches under "Find …", fields under their labels, the account settings as the
 * connection. The core's messages use these names (`{op:checkReadiness}` reads "Find Phone Number
 * Readiness" here), and a sentence naming something the app does not offer is left out.
 */
import { findOperation, OperationDefinition, OperationId, platformLabels } from '../shared';

/** The core operations offered as actions, in the order a number is onboarded. */
export const CREATE_OPERATION_IDS = [
	'addPhoneNumber',
	'requestVerificationCode',
	'verifyCode',
	'registerPhoneNumber',
	'deregisterPhoneNumber',
	'setTwoStepPin',
	'prepareNumberRemoval',
	'setIdentityCheck',
	'sendMessage',
	'markAsRead',
	'uploadMedia',
	'updateBusinessProfile',
	'createTemplate',
] as const satisfies readonly OperationId[];

/** What an action acts on, where the title's words after the verb do not say it ("Mark Message as Read"). */
export const CREATE_NOUNS: Partial<Record<OperationId, string>> = {
	markAsRead: 'Message',
};

/** Actions whose output is a file, built by hand (zapier/media.ts): a dehydrated file, never a URL needing the token. */
export const FILE_CREATE_LABELS = {
	downloadMedia: 'Download Media',
} as const satisfies Partial<Record<OperationId, string>>;

/** The core operations offered as searches, with their Zapier labels (searches start with "Find"). */
export const SEARCH_LABELS = {
	getPhoneNumber: 'Find Phone Number',
	checkReadiness: 'Find Phone Number Readiness',
	getBusinessProfile: 'Find Business Profile',
	getTemplate: 'Find Template',
} as const satisfies Partial<Record<OperationId, string>>;

/** The declaration of a core operation the app depends on; a missing one fails loudly at load time. */
export function requireOperation(id: string): OperationDefinition {
	const operation = findOperation(id);
	if (!operation) throw new Error(`The Zapier app needs the core operation "${id}", which shared/operations does not declare.`);
	// Internal operations are plumbing for the n8n trigger and the relay, never a Zap step.
	if (operation.internal) throw new Error(`The core operation "${id}" is internal (not meant to be offered to users); the Zapier app cannot offer it.`);
	return operation;
}

const offered = [
	...CREATE_OPERATION_IDS.map((id) => ({ operation: requireOperation(id), label: requireOperation(id).title })),
	...Object.entries(FILE_CREATE_LABELS).map(([id, label]) => ({ operation: requireOperation(id), label })),
	...Object.entries(SEARCH_LABELS).map(([id, label]) => ({ operation: requireOperation(id), label })),
];

export const ZAPIER_LABELS = platformLabels(
	'zapier',
	'your WhatsApp connection in Zapier',
	offered.map(({ operation, label }) => ({ id: operation.id, label })),
	offered.flatMap(({ operation }) => operation.fields),
);
