/**
 * Coexistence numbers: one number used by the WhatsApp Business app and the Cloud API at once
 * (docs/meta-coexistence.md). Meta connects them through the app's own confirmation, not through
 * add number / request code / verify code / register, and does not allow deregistering them
 * (§1, §2). The core refuses those calls for such a number before anything Meta counts is sent:
 * one read of the number, remembered by the client and its runs, so many items on one number (or
 * several operations on one client) read it once.
 */
import type { GraphClient } from '../../client';
import { WhatsAppError } from '../../errors';
import { COEXISTENCE_FIELD, MetaPhoneNumber } from './model';

/** Where a client keeps what it learned (see `GraphClient.memory`). */
const MEMORY_KEY = 'phoneNumber.coexistence';

/**
 * How long one read stays trusted. n8n and Zapier build a client per run, so this only matters to
 * a long-lived client (plain Node): a number can be connected or disconnected in the app meanwhile.
 */
export const COEXISTENCE_READ_TTL_MS = 10 * 60_000;

interface Remembered {
	/** Settles with `is_on_biz_app` (null when Meta did not report it); shared by concurrent callers. */
	value: Promise<boolean | null>;
	readAt: number;
}

function rememberedOf(client: GraphClient): Map<string, Remembered> {
	let remembered = client.memory.get(MEMORY_KEY) as Map<string, Remembered> | undefined;
	if (!remembered) {
		remembered = new Map();
		client.memory.set(MEMORY_KEY, remembered);
	}
	return remembered;
}

const flagOf = (raw: MetaPhoneNumber): boolean | null => (typeof raw.is_on_biz_app === 'boolean' ? raw.is_on_biz_app : null);

/**
 * Records what a read that asked for `is_on_biz_app` (list, get, readiness, removal) said, so a later
 * refusal check on the same client needs no read of its own.
 */
export function rememberCoexistence(client: GraphClient, numbers: readonly MetaPhoneNumber[]): void {
	const remembered = rememberedOf(client);
	const readAt = client.runtime.now();
	for (const number of numbers) if (number.id) remembered.set(String(number.id), { value: Promise.resolve(flagOf(number)), readAt });
}

/**
 * Whether the number is shared with the WhatsApp Business app: `GET /<PHONE_NUMBER_ID>?fields=id,is_on_biz_app`
 * (a read, retried as reads are), unless this client read it within `COEXISTENCE_READ_TTL_MS`.
 * A failed read is not remembered and is thrown: nothing counted has been sent at that point.
 */
export async function isCoexistenceNumber(client: GraphClient, phoneNumberId: string, operation: string): Promise<boolean> {
	const remembered = rememberedOf(client);
	const now = client.runtime.now();
	const known = remembered.get(phoneNumberId);
	if (known && now - known.readAt < COEXISTENCE_READ_TTL_MS) return (await known.value) === true;
	const value = client
		.request<MetaPhoneNumber>({ method: 'GET', path: phoneNumberId, query: { fields: `id,${COEXISTENCE_FIELD}` }, retry: 'read', operation })
		.then(flagOf);
	const entry: Remembered = { value, readAt: now };
	remembered.set(phoneNumberId, entry);
	value.catch(() => {
		if (remembered.get(phoneNumberId) === entry) remembered.delete(phoneNumberId);
	});
	return (await value) === true;
}

/** The calls Meta does not take for a coexistence number. */
export type CoexistenceRefusedOperation = 'registerPhoneNumber' | 'deregisterPhoneNumber' | 'requestVerificationCode' | 'verifyCode';

const SHARED = 'This number is shared with the WhatsApp Business app (coexistence)';
const CONFIRMED_IN_APP = `${SHARED}: it was confirmed in the app when it was connected to the API`;
const ALREADY_CONNECTED =
	'Skip this step: the number can already send through the API. Another WhatsApp Business app number is connected the same way: through a Meta partner\'s "connect your WhatsApp Business app" signup, confirmed in the app, not with a code.';

/** Disconnecting in the app is how a coexistence number leaves the API (docs/meta-coexistence.md §7, [inferred] path). */
export const COEXISTENCE_DISCONNECT_STEP =
	'To take it off the API, disconnect it in the WhatsApp Business app on the phone (Settings → Account → Business Platform → Disconnect); the app keeps working with its chats.';

/** What each refused call says: what is different about the number, and what to do instead. */
export const COEXISTENCE_REFUSALS: Readonly<Record<CoexistenceRefusedOperation, { message: string; nextStep: string; alreadyDone: boolean }>> = {
	registerPhoneNumber: {
		message: `${SHARED}, so it was registered when it was connected through the app. The register request was not sent.`,
		nextStep: 'Nothing to do: the number can already send through the API. To see its state, run {op:checkReadiness}.',
		alreadyDone: true,
	},
	deregisterPhoneNumber: {
		message: `${SHARED}, and Meta does not allow deregistering such a number. The deregister request was not sent.`,
		nextStep: `${COEXISTENCE_DISCONNECT_STEP} To only stop sending through the API, turn off the steps that send from it.`,
		alreadyDone: false,
	},
	requestVerificationCode: {
		message: `${CONFIRMED_IN_APP}, so it needs no verification code. No code was requested.`,
		nextStep: ALREADY_CONNECTED,
		alreadyDone: true,
	},
	verifyCode: {
		message: `${CONFIRMED_IN_APP}, so there is no code to verify. The code was not sent to Meta.`,
		nextStep: ALREADY_CONNECTED,
		alreadyDone: true,
	},
};

/** The refusal of `operation` for a coexistence number, worded and masked for the client's scope. */
export function coexistenceRefusal(client: GraphClient, operation: CoexistenceRefusedOperation): WhatsAppError {
	const refusal = COEXISTENCE_REFUSALS[operation];
	return new WhatsAppError(
		{
			category: 'invalid_input',
			message: refusal.message,
			nextStep: refusal.nextStep,
			retry: { action: 'do_not_retry' },
			field: 'phoneNumberId',
			operation,
			alreadyDone: refusal.alreadyDone,
		},
		client.scope,
	);
}

/** Throws the refusal when the number is a coexistence number; call it before the counted request. */
export async function refuseForCoexistenceNumber(client: GraphClient, phoneNumberId: string, operation: CoexistenceRefusedOperation): Promise<void> {
	if (await isCoexistenceNumber(client, phoneNumberId, operation)) throw coexistenceRefusal(client, operation);
}
