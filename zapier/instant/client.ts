/** Calls to the relay's API from a Zap: where it is (the connection), the API key, and errors that say what to do. */
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import { API_KEY_HEADER, RelayErrorJson } from '../../shared';
import { RELAY_AUTH_KEYS } from './authFields';

const RELAY_TIMEOUT_MS = 15_000;

interface RelaySettings {
	url: string;
	apiKey: string;
}

/** The relay's address and key from the connection, or a clear error saying where to add them. */
export function relaySettings(z: ZObject, bundle: Pick<Bundle, 'authData'>): RelaySettings {
	const url = String(bundle.authData?.[RELAY_AUTH_KEYS.url] ?? '').trim().replace(/\/+$/, '');
	const apiKey = String(bundle.authData?.[RELAY_AUTH_KEYS.apiKey] ?? '').trim();
	const missing = [!url && 'Relay URL', !apiKey && 'Relay API Key'].filter(Boolean);
	if (missing.length) {
		throw new z.errors.Error(
			`This trigger or search works through your WhatsApp relay, but the connection has no ${missing.join(' and no ')}. Edit the connection (My Apps → WhatsApp) and fill in Relay URL and Relay API Key: the address of your relay and one of its RELAY_API_KEYS.`,
			'RelayNotConfigured',
			400,
		);
	}
	if (!/^https?:\/\//i.test(url)) {
		throw new z.errors.Error(`Relay URL "${url}" is not a web address. Enter it with https://, e.g. https://relay.example.com.`, 'RelayNotConfigured', 400);
	}
	return { url, apiKey };
}

export interface RelayResponse<T> {
	status: number;
	data: T;
}

/** Calls the relay; 404 is returned to the caller, other failures become errors that say what to do. */
export async function callRelay<T = unknown>(
	z: ZObject,
	bundle: Pick<Bundle, 'authData'>,
	request: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: object; params?: Record<string, string | number> },
): Promise<RelayResponse<T>> {
	const relay = relaySettings(z, bundle);
	const options: HttpRequestOptions & { url: string } = {
		url: `${relay.url}${request.path}`,
		method: request.method,
		headers: { [API_KEY_HEADER]: relay.apiKey, accept: 'application/json' },
		skipThrowForStatus: true,
		timeout: RELAY_TIMEOUT_MS,
	};
	if (request.params) options.params = request.params;
	if (request.body) {
		options.headers = { ...options.headers, 'content-type': 'application/json' };
		options.body = JSON.stringify(request.body);
	}
	let response;
	try {
		response = await z.request(options);
	} catch (error) {
		// A 429 from the relay arrives as Zapier's ThrottledError: Zapier retries the step later.
		if (error instanceof Error && error.name === 'ThrottledError') throw error;
		throw new z.errors.Error(
			`Zapier could not reach your relay at ${relay.url}. Check that the relay is running and reachable from the internet at that address (Relay URL in the connection).`,
			'RelayUnreachable',
		);
	}
	let data: unknown = response.data;
	if (data === undefined && response.content) {
		try {
			data = JSON.parse(response.content);
		} catch {
			data = undefined;
		}
	}
	if (response.status === 404) return { status: 404, data: data as T };
	if (response.status === 401) {
		throw new z.errors.Error("Your relay refused the Relay API Key. Edit the connection and enter one of the keys from the relay's RELAY_API_KEYS setting.", 'RelayUnauthorized', 401);
	}
	if (response.status >= 400) {
		const relayMessage = (data as Partial<RelayErrorJson> | undefined)?.error?.message;
		throw new z.errors.Error(
			relayMessage ? `The relay answered: ${relayMessage}` : `The relay answered with HTTP ${response.status}. Check the relay's log, then try again.`,
			'RelayError',
			response.status,
		);
	}
	return { status: response.status, data: data as T };
}
