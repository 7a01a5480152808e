import { WhatsAppError } from '../../errors';
import { defineOperation } from '../../operation';
import { settle } from '../../settle';
import { rememberCoexistence } from './coexistence';
import { COEXISTENCE_SUMMARY, coexistenceReadinessItems } from './coexistenceReadiness';
import { MetaPhoneNumber, PHONE_NUMBER_FIELDS, phoneNumberIdField, toPhoneNumber } from './model';
import { templateCheck, TemplateReadiness, templateReadiness } from './templateReadiness';

export type CheckResult = 'pass' | 'warn' | 'fail';

export interface ReadinessItem {
	check: 'status' | 'codeVerification' | 'displayName' | 'twoStep' | 'quality' | 'throughput' | 'registeredNumberCap' | 'health' | 'coexistence' | 'linkedDevices' | 'templates';
	result: CheckResult;
	reason: string;
	nextStep: string | null;
}

export interface ReadinessReport {
	phoneNumberId: string;
	displayPhoneNumber: string | null;
	/** Shared with the WhatsApp Business app (docs/meta-coexistence.md); null when Meta did not say. */
	coexistence: boolean | null;
	platformType: string | null;
	/** True when nothing failed: the number can send now. */
	ready: boolean;
	verdict: 'ready' | 'ready_with_warnings' | 'not_ready';
	/** The first thing to fix, or a confirmation. */
	summary: string;
	items: ReadinessItem[];
	passed: number;
	warnings: number;
	failures: number;
	/** With Include Templates: the account's templates by what they mean for sending. */
	templates?: TemplateReadiness;
}

export interface CheckReadinessInput {
	phoneNumberId: string;
	includeTemplates?: boolean;
}

/** New portfolios may register 2 numbers until verified, then 20 (docs/meta-api.md §5). */
const STARTING_NUMBER_CAP = 2;
const RAISED_NUMBER_CAP = 20;

const item = (check: ReadinessItem['check'], result: CheckResult, reason: string, nextStep: string | null = null): ReadinessItem => ({ check, result, reason, nextStep });

interface HealthStatus {
	can_send_message?: string;
	entities?: Array<{ entity_type?: string; can_send_message?: string; errors?: Array<{ error_description?: string; possible_solution?: string }> }>;
}

function statusItem(number: MetaPhoneNumber): ReadinessItem {
	const status = (number.status ?? 'UNKNOWN').toUpperCase();
	switch (status) {
		case 'CONNECTED':
			return item('status', 'pass', 'The number is registered and connected.');
		case 'PENDING':
			return item('status', 'fail', 'The number is added but not registered yet (status PENDING).', 'Register it with its 6-digit two-step PIN ({op:registerPhoneNumber}); verify the code first if needed.');
		case 'DISCONNECTED':
		case 'UNVERIFIED':
			return item('status', 'fail', `The number is ${status.toLowerCase()}.`, 'Verify it with a code if needed, then register it again with its PIN.');
		case 'BANNED':
		case 'RESTRICTED':
		case 'FLAGGED':
			return item('status', 'fail', `Meta marked the number ${status.toLowerCase()}.`, 'Open Account Quality in WhatsApp Manager to see why and request a review.');
		case 'RATE_LIMITED':
			return item('status', 'warn', 'The number is rate limited right now.', 'Send more slowly; the limit lifts by itself.');
		case 'DELETED':
		case 'MIGRATED':
			return item('status', 'fail', `The number was ${status.toLowerCase()}.`, 'Use another number, or add it to this account again.');
		default:
			return item('status', 'warn', `The number's status is ${status}.`, 'Check the number in WhatsApp Manager.');
	}
}

function verificationItem(number: MetaPhoneNumber, connected: boolean): ReadinessItem {
	const status = (number.code_verification_status ?? '').toUpperCase();
	if (connected) return item('codeVerification', 'pass', 'Verification is complete (the number is registered).');
	if (status === 'VERIFIED') return item('codeVerification', 'pass', 'The code was verified. Verification stays valid for 14 days.', 'Register within 14 days of verifying, or the code must be redone.');
	if (status === 'EXPIRED') {
		return item('codeVerification', 'fail', 'The verification expired (more than 14 days passed since the code was verified).', 'Request a new code, verify it and register right after.');
	}
	return item('codeVerification', 'fail', 'The number has not verified a code yet.', 'Request a verification code (SMS or voice) and enter it with {op:verifyCode}.');
}

function displayNameItem(number: MetaPhoneNumber): ReadinessItem {
	const status = (number.name_status ?? 'NONE').toUpperCase();
	switch (status) {
		case 'APPROVED':
		case 'AVAILABLE_WITHOUT_REVIEW':
			return item('displayName', 'pass', 'The display name is approved.');
		case 'PENDING_REVIEW':
			return item('displayName', 'warn', 'The display name is still being reviewed; messages may show the number instead of the name.', 'Wait for the review; after approval, register the number again so the new name applies.');
		case 'DECLINED':
		case 'REJECTED':
			return item('displayName', 'fail', 'Meta declined the display name.', "Change the display name in WhatsApp Manager following Meta's display name guidelines.");
		case 'EXPIRED':
			return item('displayName', 'fail', 'The display name approval expired.', 'Submit the display name again in WhatsApp Manager.');
		default:
			return item('displayName', 'warn', 'No display name has been reviewed yet.', 'Set a display name in WhatsApp Manager.');
	}
}

function qualityItem(number: MetaPhoneNumber): ReadinessItem {
	const rating = (number.quality_rating ?? 'NA').toUpperCase();
	if (rating === 'GREEN') return item('quality', 'pass', 'Quality is high (green).');
	if (rating === 'YELLOW') return item('quality', 'warn', 'Quality is medium (yellow): more blocks or reports could limit the number.', 'Review recent templates and audience; send only to people who opted in.');
	if (rating === 'RED') return item('quality', 'fail', 'Quality is low (red): Meta may limit or restrict the number.', 'Pause marketing sends and check Account Quality in WhatsApp Manager.');
	return item('quality', 'pass', 'Quality is not rated yet (normal for new numbers).');
}

function throughputItem(number: MetaPhoneNumber): ReadinessItem {
	const level = (number.throughput?.level ?? '').toUpperCase();
	if (level === 'HIGH') return item('throughput', 'pass', 'High throughput: up to 1,000 messages per second.');
	if (level === 'STANDARD') return item('throughput', 'pass', 'Standard throughput: up to 80 messages per second.');
	if (level === 'NOT_APPLICABLE') return item('throughput', 'warn', 'Throughput does not apply yet (the number cannot send).', 'Register the number.');
	return item('throughput', 'pass', 'Throughput level not reported; the default is 80 messages per second.');
}

function capItem(connected: boolean, registeredCount: number): ReadinessItem {
	if (connected) return item('registeredNumberCap', 'pass', 'This number already counts toward the registered-number cap.');
	if (registeredCount >= RAISED_NUMBER_CAP) {
		return item('registeredNumberCap', 'fail', `The account already has ${registeredCount} registered numbers, the highest cap (${RAISED_NUMBER_CAP}).`, 'Deregister a number you no longer use before registering this one.');
	}
	if (registeredCount >= STARTING_NUMBER_CAP) {
		return item(
			'registeredNumberCap',
			'warn',
			`The account already has ${registeredCount} registered numbers; new businesses may register only ${STARTING_NUMBER_CAP} until verified.`,
			'Complete business verification in Meta Business Manager (the cap then rises to 20), or deregister an unused number.',
		);
	}
	return item('registeredNumberCap', 'pass', `${registeredCount} of at least ${STARTING_NUMBER_CAP} registrable numbers in use.`);
}

function healthItem(health: HealthStatus | undefined): ReadinessItem | undefined {
	if (!health?.can_send_message) return undefined;
	const state = health.can_send_message.toUpperCase();
	const problem = health.entities?.flatMap((entity) => entity.errors ?? []).find((error) => error.error_description);
	if (state === 'AVAILABLE') return item('health', 'pass', 'Meta reports the number can send messages.');
	const reason = problem?.error_description ? `Meta reports sending is ${state.toLowerCase()}: ${problem.error_description}` : `Meta reports sending is ${state.toLowerCase()}.`;
	return item('health', state === 'BLOCKED' ? 'fail' : 'warn', reason, problem?.possible_solution ?? 'Open Health Status in WhatsApp Manager for details.');
}

/**
 * The pre-launch check: one report of pass/warn/fail items, each with the reason and the next step.
 * Reads only (the number, its health status when Meta offers it, and the WABA's numbers for the cap).
 */
export const checkReadiness = defineOperation<CheckReadinessInput, ReadinessReport>({
	id: 'checkReadiness',
	resource: 'phoneNumber',
	title: 'Check Number Readiness',
	action: 'Check whether a number is ready to send',
	description:
		'Checks everything a number needs before launch (registration, code verification, display name, two-step PIN, quality, throughput, registered-number cap) and says what to do next for each problem.',
	kind: 'search',
	fields: [
		phoneNumberIdField,
		{
			key: 'includeTemplates',
			label: 'Include Templates',
			type: 'boolean',
			required: false,
			default: false,
			advanced: true,
			help: 'Also list the account\'s message templates: how many are approved (can be sent), paused, in review, rejected or disabled, with their names. Needs the WABA ID in the connection.',
		},
	],
	sample: {
		phoneNumberId: '106540352242922',
		displayPhoneNumber: '+1 631-555-5555',
		coexistence: false,
		platformType: 'NOT_APPLICABLE',
		ready: false,
		verdict: 'not_ready',
		summary: 'Not ready: The number is added but not registered yet (status PENDING). Next: Register it with its 6-digit two-step PIN ({op:registerPhoneNumber}); verify the code first if needed.',
		items: [
			item('status', 'fail', 'The number is added but not registered yet (status PENDING).', 'Register it with its 6-digit two-step PIN ({op:registerPhoneNumber}); verify the code first if needed.'),
			item('codeVerification', 'pass', 'The code was verified. Verification stays valid for 14 days.', 'Register within 14 days of verifying, or the code must be redone.'),
		],
		passed: 1,
		warnings: 0,
		failures: 1,
	},
	outputFields: [
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'displayPhoneNumber', label: 'Display Phone Number', type: 'string' },
		{ key: 'coexistence', label: 'Coexistence (Also in the WhatsApp Business App)', type: 'boolean' },
		{ key: 'platformType', label: 'Platform', type: 'string' },
		{ key: 'ready', label: 'Ready', type: 'boolean' },
		{ key: 'verdict', label: 'Verdict', type: 'string' },
		{ key: 'summary', label: 'Summary', type: 'string' },
		{ key: 'passed', label: 'Checks Passed', type: 'number' },
		{ key: 'warnings', label: 'Warnings', type: 'number' },
		{ key: 'failures', label: 'Failures', type: 'number' },
		{ key: 'templates__approved', label: 'Approved Templates', type: 'number' },
		{ key: 'templates__approvedNames', label: 'Approved Template Names', type: 'string' },
		{ key: 'templates__paused', label: 'Paused Templates', type: 'number' },
		{ key: 'templates__pausedNames', label: 'Paused Template Names', type: 'string' },
		{ key: 'templates__rejected', label: 'Rejected Templates', type: 'number' },
		{ key: 'templates__rejectedNames', label: 'Rejected Template Names', type: 'string' },
	],
	async run({ client }, input) {
		const number = await client.request<MetaPhoneNumber>({
			method: 'GET',
			path: input.phoneNumberId,
			query: { fields: PHONE_NUMBER_FIELDS },
			retry: 'read',
			operation: 'checkReadiness',
		});
		rememberCoexistence(client, [number]);
		const { displayPhoneNumber, coexistence, platformType } = toPhoneNumber(number);
		// health_status is a separate read so an API version or sandbox without it still gets a report.
		const healthRead = await settle(
			client.request<{ health_status?: HealthStatus }>({ method: 'GET', path: input.phoneNumberId, query: { fields: 'health_status' }, retry: 'read', operation: 'checkReadiness' }),
		);
		if (!healthRead.ok && (!(healthRead.error instanceof WhatsAppError) || healthRead.error.category === 'auth')) throw healthRead.error;
		const health = healthRead.ok ? healthRead.value.health_status : undefined;
		const connected = (number.status ?? '').toUpperCase() === 'CONNECTED';
		let registeredCount = 0;
		if (!connected && coexistence !== true && client.wabaId) {
			const numbers = await client.requestAllPages<MetaPhoneNumber>({ path: `${client.wabaId}/phone_numbers`, query: { fields: 'id,status', limit: 100 }, retry: 'read', operation: 'checkReadiness' });
			registeredCount = numbers.filter((candidate) => (candidate.status ?? '').toUpperCase() === 'CONNECTED').length;
		}
		const ordinary: ReadinessItem[] = [
			statusItem(number),
			verificationItem(number, connected),
			displayNameItem(number),
			number.is_pin_enabled === true
				? item('twoStep', 'pass', 'Two-step verification is on.')
				: number.is_pin_enabled === false
					? item('twoStep', connected ? 'warn' : 'pass', 'Two-step verification is off.', connected ? 'Set a 6-digit PIN with {op:setTwoStepPin} to protect the number.' : 'Registering the number with a PIN turns it on.')
					: item('twoStep', 'warn', 'Meta did not report whether two-step verification is on.', 'Set a 6-digit PIN with {op:setTwoStepPin} if you are unsure.'),
			qualityItem(number),
			throughputItem(number),
			capItem(connected, registeredCount),
		];
		const healthCheck = healthItem(health);
		if (healthCheck) ordinary.push(healthCheck);
		const items = coexistence === true ? coexistenceReadinessItems(number, ordinary) : ordinary;
		let templates: TemplateReadiness | undefined;
		if (input.includeTemplates) {
			templates = await templateReadiness(client, client.requireWabaId());
			const check = templateCheck(templates);
			items.push(item('templates', check.result, check.reason, check.nextStep));
		}
		const failures = items.filter((entry) => entry.result === 'fail');
		const warnings = items.filter((entry) => entry.result === 'warn');
		const first = failures[0] ?? warnings[0];
		const verdict = failures.length ? 'not_ready' : warnings.length ? 'ready_with_warnings' : 'ready';
		const verdictText = !first
			? 'Ready: every check passed.'
			: `${failures.length ? 'Not ready' : 'Ready, with warnings'}: ${first.reason}${first.nextStep ? ` Next: ${first.nextStep}` : ''}`;
		const summary = coexistence === true ? `${verdictText} ${COEXISTENCE_SUMMARY}` : verdictText;
		return {
			phoneNumberId: input.phoneNumberId,
			displayPhoneNumber,
			coexistence,
			platformType,
			ready: failures.length === 0,
			verdict,
			summary,
			items,
			passed: items.length - failures.length - warnings.length,
			warnings: warnings.length,
			failures: failures.length,
			...(templates ? { templates } : {}),
		};
	},
});
