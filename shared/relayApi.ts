/**
 * The relay's subscription API, called from the core (Prepare Number Removal asks which Zaps still
 * listen to a number). It speaks the contract in relayContract.ts and never imports the relay's
 * code, and it sends through the runtime's plain transport: the relay must never receive Meta's
 * token, which n8n's ordinary transport adds to every request.
 */
import type { GraphClient } from './client';
import { WhatsAppError } from './errors';
import { API_KEY_HEADER, RELAY_PATHS, RelayErrorJson, RelaySubscriptionJson } from './relayContract';
import type { HttpResponse } from './runtime';
import { TransportFailure } from './runtime';
import { settle, settleSync } from './settle';

export interface RelaySettings {
	/** The relay's address, e.g. https://relay.example.com (a trailing slash is fine). */
	url: string;
	apiKey: string;
}

/** One listing is small; a relay that does not answer in this time is reported, not waited for. */
export const RELAY_TIMEOUT_MS = 10_000;
/** Attempts of the (idempotent) listing, the first included. */
const RELAY_ATTEMPTS = 2;
/** A Retry-After longer than this is not slept through: the report says to look again later. */
const MAX_RELAY_WAIT_MS = 5_000;
const BASE_DELAY_MS = 500;

type Attempt = { ok: true; subscriptions: RelaySubscriptionJson[] } | { ok: false; error: WhatsAppError; retryable: boolean; retryAfterMs?: number };

function relayError(client: GraphClient, message: string, nextStep: string, httpStatus?: number): WhatsAppError {
	return new WhatsAppError(
		{ category: httpStatus === 401 ? 'auth' : 'transient', message, nextStep, retry: { action: httpStatus === 401 ? 'fix_and_retry' : 'retry' }, httpStatus },
		client.scope,
	);
}

function retryAfterMs(response: HttpResponse): number | undefined {
	const seconds = Number(response.headers['retry-after']);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function interpret(client: GraphClient, response: HttpResponse): Attempt {
	const parsed = settleSync(() => (response.body === '' ? {} : (JSON.parse(response.body) as unknown)));
	const body = parsed.ok ? (parsed.value as Partial<{ data: unknown }> & Partial<RelayErrorJson>) : {};
	if (response.status === 200 && Array.isArray(body.data)) return { ok: true, subscriptions: body.data as RelaySubscriptionJson[] };
	if (response.status === 401) {
		return { ok: false, retryable: false, error: relayError(client, 'The relay refused {field:relayApiKey}.', "Use one of the keys in the relay's RELAY_API_KEYS setting.", 401) };
	}
	const said = body.error?.message ? ` It said: ${body.error.message}` : '';
	const retryable = response.status === 429 || response.status >= 500;
	const error = relayError(
		client,
		response.status === 200 ? 'The relay answered with something other than its list of subscriptions.' : `The relay answered HTTP ${response.status}.${said}`,
		'Check {field:relayUrl} (the address of your WhatsApp relay) and that the relay is running, then run this step again.',
		response.status,
	);
	return { ok: false, retryable, error, retryAfterMs: retryable ? retryAfterMs(response) : undefined };
}

async function attempt(client: GraphClient, url: string, apiKey: string): Promise<Attempt> {
	const transport = client.runtime.plainTransport;
	if (!transport) {
		return { ok: false, retryable: false, error: relayError(client, 'The relay cannot be called from here.', 'Look its subscriptions up with GET /subscriptions on the relay.') };
	}
	const sent = await settle(transport.send({ method: 'GET', url, headers: { accept: 'application/json', [API_KEY_HEADER]: apiKey }, timeoutMs: RELAY_TIMEOUT_MS }));
	if (sent.ok) return interpret(client, sent.value);
	if (!(sent.error instanceof TransportFailure)) throw sent.error;
	return {
		ok: false,
		retryable: true,
		error: relayError(client, `Could not reach the relay (${sent.error.reason}): ${sent.error.message}.`, 'Check {field:relayUrl} and that the relay is running and reachable, then run this step again.'),
	};
}

/**
 * `GET /subscriptions` at the relay: the subscriptions the key may see, those it created (every
 * key's with one of RELAY_ADMIN_API_KEYS; relay/README.md, Ownership). A listing is a
 * read: a dropped connection, a 5xx or a 429 is tried once more after a short pause with jitter (or
 * the Retry-After, when short). Throws a WhatsAppError saying what to check.
 */
export async function listRelaySubscriptions(client: GraphClient, settings: RelaySettings): Promise<RelaySubscriptionJson[]> {
	const url = `${settings.url.trim().replace(/\/+$/, '')}${RELAY_PATHS.subscriptions}`;
	for (let number = 1; ; number++) {
		const outcome = await attempt(client, url, settings.apiKey);
		if (outcome.ok) return outcome.subscriptions;
		const pause = Math.max(BASE_DELAY_MS / 2 + client.runtime.random() * (BASE_DELAY_MS / 2), outcome.retryAfterMs ?? 0);
		if (!outcome.retryable || number >= RELAY_ATTEMPTS || pause > MAX_RELAY_WAIT_MS) throw outcome.error;
		await client.runtime.sleep(pause);
	}
}
