/**
 * The readiness report of a coexistence number (docs/meta-coexistence.md): the same checks, told
 * for a number that was connected through the WhatsApp Business app, plus what stays with the app
 * (its linked devices). Worded for whoever runs the shop's WhatsApp, not for a developer.
 */
import type { ReadinessItem } from './checkReadiness';
import type { MetaPhoneNumber } from './model';
import { COEXISTENCE_MESSAGES_PER_SECOND } from './sendRate';

const item = (check: ReadinessItem['check'], result: ReadinessItem['result'], reason: string, nextStep: string | null = null): ReadinessItem => ({ check, result, reason, nextStep });

/** One sentence for the report's summary. */
export const COEXISTENCE_SUMMARY = `This number is shared with the WhatsApp Business app: it sends at most ${COEXISTENCE_MESSAGES_PER_SECOND} messages per second, and the verification code, register and deregister steps do not apply to it.`;

/**
 * Reconnecting after a new phone or a reinstall happens in the app ("Reconnect offboarded coexistence
 * clients", Meta's Embedded Signup docs); registering with a PIN is never the fix.
 */
function statusItem(number: MetaPhoneNumber): ReadinessItem | undefined {
	const status = (number.status ?? 'UNKNOWN').toUpperCase();
	if (status === 'CONNECTED') return undefined;
	return item(
		'status',
		'fail',
		`The number is not connected to the API right now (status ${status}).`,
		'Open the WhatsApp Business app on the phone and check Settings → Account → Business Platform. After a new phone or a reinstall, the app offers to reconnect while you set it up; otherwise connect it again through the partner signup you used. Do not register it with a PIN.',
	);
}

function twoStepItem(number: MetaPhoneNumber): ReadinessItem {
	if (number.is_pin_enabled === true) return item('twoStep', 'pass', 'Two-step verification is on.');
	return item(
		'twoStep',
		'warn',
		number.is_pin_enabled === false ? 'Two-step verification is off.' : 'Meta did not report whether two-step verification is on.',
		'Turn it on in the WhatsApp Business app on the phone (Settings → Account → Two-step verification) to protect the number.',
	);
}

const REPLACED: Partial<Record<ReadinessItem['check'], (number: MetaPhoneNumber) => ReadinessItem | undefined>> = {
	status: statusItem,
	codeVerification: () => item('codeVerification', 'pass', 'The number was confirmed in the WhatsApp Business app when it was connected; it needs no verification code.'),
	twoStep: twoStepItem,
	// docs/meta-coexistence.md §3: fixed, never upgraded.
	throughput: () =>
		item(
			'throughput',
			'pass',
			`Fixed at ${COEXISTENCE_MESSAGES_PER_SECOND} messages per second, incoming messages included: Meta does not raise it for a number shared with the WhatsApp Business app.`,
			`Plan bulk sends at ${COEXISTENCE_MESSAGES_PER_SECOND} messages per second or less; faster sends are refused.`,
		),
	registeredNumberCap: () => item('registeredNumberCap', 'pass', 'Connected through the WhatsApp Business app, so it needs no registration.'),
};

/** What is different about the number, and what the app still does (§6). */
const COEXISTENCE_ITEMS: readonly ReadinessItem[] = [
	item(
		'coexistence',
		'pass',
		'Shared with the WhatsApp Business app (coexistence): the app keeps working on the phone, and chats sent from the app and through the API show up in both. Messages sent from the app stay free; messages sent through the API are billed like any API message.',
		'The verification code, register and deregister steps do not apply: they are refused for this number. To stop using it with the API, disconnect it in the app (Settings → Account → Business Platform).',
	),
	item(
		'linkedDevices',
		'pass',
		'Linked devices (WhatsApp Web, the desktop app; up to 4) keep working with the app, but the API cannot see, link or unlink them.',
		'Manage them in the WhatsApp Business app on the phone (Linked devices). Open the app on the phone at least every 14 days: otherwise linked devices are logged out and Meta may disconnect the number from the API.',
	),
];

/** The report's items for a coexistence number: the ordinary ones retold where they differ, then the coexistence ones. */
export function coexistenceReadinessItems(number: MetaPhoneNumber, items: readonly ReadinessItem[]): ReadinessItem[] {
	const retold = items.flatMap((entry) => {
		const replace = REPLACED[entry.check];
		if (!replace) return [entry];
		const replacement = replace(number);
		return replacement ? [replacement] : [entry];
	});
	return [...retold, ...COEXISTENCE_ITEMS];
}
