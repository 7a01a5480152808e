/** The relay's API keys: checked in constant time, and named in storage only by a digest. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { API_KEY_HEADER } from '../../shared/relayContract';
import { HttpError } from './respond';

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Who called: the key's id, and whether it is an admin key (sees every key's subscriptions). */
export interface Caller {
	apiKeyId: string;
	admin: boolean;
}

export class ApiKeys {
	private readonly keys: Array<{ digest: Buffer; admin: boolean }>;

	/** Admin keys are accepted like the others and may also see and manage every key's subscriptions. */
	constructor(keys: readonly string[], adminKeys: readonly string[] = []) {
		this.keys = [...keys.map((key) => ({ digest: digest(key), admin: false })), ...adminKeys.map((key) => ({ digest: digest(key), admin: true }))];
	}

	/**
	 * The key the request carries: its id (`key_` and 16 hex characters of its sha256: enough to tell
	 * keys apart, useless to guess one) and whether it is an admin key, compared against every key in
	 * constant time.
	 * @throws HttpError 401 when the key is missing or wrong.
	 */
	require(req: IncomingMessage): Caller {
		const given = req.headers[API_KEY_HEADER];
		if (typeof given === 'string' && given !== '') {
			const candidate = digest(given);
			let match: { digest: Buffer; admin: boolean } | undefined;
			for (const key of this.keys) if (timingSafeEqual(candidate, key.digest)) match = key;
			if (match) return { apiKeyId: `key_${match.digest.toString('hex').slice(0, 16)}`, admin: match.admin };
		}
		throw new HttpError(401, 'unauthorized', "Missing or wrong API key. Send one of the keys from the relay's RELAY_API_KEYS setting in the X-Api-Key header.");
	}
}
