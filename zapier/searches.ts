/**
 * Searches: Find Phone Number (the core's getPhoneNumber), Find Phone Number Readiness (the
 * core's checkReadiness) and Find Business Profile (getBusinessProfile). Zapier expects a search to
 * answer "nothing found" with an empty list.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { OperationDefinition, ReadinessItem, ReadinessReport, renderDeep, WhatsAppError, zapierKey } from '../shared';
import { ADVANCED_GROUP, inputFieldsFor } from './fields';
import { requireOperation, SEARCH_LABELS, ZAPIER_LABELS } from './labels';
import { operationOutputFields, outputFieldsFor, toZapierValue, ZapierOutputField, zapierSample } from './output';
import { runForZapier } from './perform';

/** The core says Meta found nothing with that ID (or this token cannot see it): a search finds nothing. */
export function isNotFound(error: WhatsAppError): boolean {
	return error.category === 'not_found';
}

/**
 * A search for one thing: the operation's output as the only result, or no result when Meta finds
 * nothing with that ID (or `absent` says the output is a "not found").
 */
async function findOne(z: ZObject, bundle: Bundle, operation: OperationDefinition, absent: (found: Record<string, unknown>) => boolean = () => false): Promise<Array<Record<string, unknown>>> {
	const found = await runForZapier<Record<string, unknown> | null>(z, bundle, operation, { recover: (error) => (isNotFound(error) ? null : undefined) });
	return found && !absent(found) ? [toZapierValue<Record<string, unknown>>(found)] : [];
}

const getPhoneNumber = requireOperation('getPhoneNumber');

export const findPhoneNumber = {
	key: 'find_phone_number',
	noun: 'Phone Number',
	display: {
		label: SEARCH_LABELS.getPhoneNumber,
		description: getPhoneNumber.description,
	},
	operation: {
		inputFields: inputFieldsFor(getPhoneNumber),
		perform: async (z: ZObject, bundle: Bundle) => findOne(z, bundle, getPhoneNumber, (found) => found.found === false),
		sample: zapierSample(getPhoneNumber.sample),
		outputFields: operationOutputFields(getPhoneNumber),
	},
};

const checkReadiness = requireOperation('checkReadiness');

/** Labels of the readiness checks; a Record so a new check in the core fails type-checking here. */
export const READINESS_CHECK_LABELS: Record<ReadinessItem['check'], string> = {
	status: 'Status',
	codeVerification: 'Code Verification',
	displayName: 'Display Name',
	twoStep: 'Two-Step PIN',
	quality: 'Quality',
	throughput: 'Throughput',
	registeredNumberCap: 'Registered Number Cap',
	health: 'Health',
	templates: 'Templates',
	coexistence: 'Coexistence',
	linkedDevices: 'Linked Devices',
};

/**
 * The report with its checks also keyed by name (`checks__status__result`), so a Filter step can
 * test one check directly; `items` stays as line items for a full list.
 */
export function readinessForZapier(report: ReadinessReport): Record<string, unknown> {
	const checks: Record<string, unknown> = {};
	for (const item of report.items) checks[zapierKey(item.check)] = { result: item.result, reason: item.reason, next_step: item.nextStep };
	return { ...toZapierValue<Record<string, unknown>>(report), checks };
}

const readinessSample = readinessForZapier(renderDeep(checkReadiness.sample as ReadinessReport, ZAPIER_LABELS));

const readinessCheckFields: ZapierOutputField[] = Object.entries(READINESS_CHECK_LABELS).flatMap(([check, label]) => [
	{ key: `checks__${zapierKey(check)}__result`, label: `${label} Check: Result`, type: 'string' as const },
	{ key: `checks__${zapierKey(check)}__reason`, label: `${label} Check: Reason`, type: 'string' as const },
	{ key: `checks__${zapierKey(check)}__next_step`, label: `${label} Check: Next Step`, type: 'string' as const },
]);

export const checkNumberReadiness = {
	key: 'check_number_readiness',
	noun: 'Phone Number Readiness',
	display: {
		label: SEARCH_LABELS.checkReadiness,
		description:
			'Finds out whether a phone number is ready to send: checks registration, code verification, display name, two-step PIN, quality, throughput and the registered-number cap, with the next step for each problem. For a number shared with the WhatsApp Business app, also says what is different and what stays with the app.',
	},
	operation: {
		inputFields: inputFieldsFor(checkReadiness, { linkPhoneNumberSearch: true }),
		...(checkReadiness.fields.some((field) => field.advanced) ? { inputFieldGroups: [ADVANCED_GROUP] } : {}),
		perform: async (z: ZObject, bundle: Bundle) => [readinessForZapier(await runForZapier<ReadinessReport>(z, bundle, checkReadiness))],
		sample: readinessSample,
		outputFields: outputFieldsFor(checkReadiness.outputFields, readinessSample, [
			{ key: 'items[]check', label: 'Check', type: 'string' },
			{ key: 'items[]result', label: 'Check Result', type: 'string' },
			{ key: 'items[]reason', label: 'Check Reason', type: 'string' },
			{ key: 'items[]next_step', label: 'Check Next Step', type: 'string' },
			...readinessCheckFields,
		]),
	},
};

const getBusinessProfile = requireOperation('getBusinessProfile');

/** The profile of a number; a number Meta does not find (or this token cannot see) finds nothing. */
export const findBusinessProfile = {
	key: 'find_business_profile',
	noun: 'Business Profile',
	display: {
		label: SEARCH_LABELS.getBusinessProfile,
		description: 'Finds the business profile customers see for a phone number: about text, address, description, email, websites, industry and profile picture.',
	},
	operation: {
		inputFields: inputFieldsFor(getBusinessProfile, { linkPhoneNumberSearch: true }),
		perform: async (z: ZObject, bundle: Bundle) => findOne(z, bundle, getBusinessProfile),
		sample: zapierSample(getBusinessProfile.sample),
		outputFields: operationOutputFields(getBusinessProfile),
	},
};
