/** The relay's API keys: checked in constant time, and named in storage only by a digest. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { API_KEY_HEADER } from '../../shared/relayContract';
import { HttpError } from './respond';

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

export class ApiKeys {
	private readonly digests: Buffer[];

	constructor(keys: readonly string[]) {
		this.digests = keys.map(digest);
	}

	/**
	 * The id of the key the request carries (`key_` and 16 hex characters of its sha256: enough to
	 * tell keys apart, useless to guess one), compared against every key in constant time.
	 * @throws HttpError 401 when the key is missing or wrong.
	 */
	require(req: IncomingMessage): string {
		const given = req.headers[API_KEY_HEADER];
		if (typeof given === 'string' && given !== '') {
			const candidate = digest(given);
			let match: Buffer | undefined;
			for (const key of this.digests) if (timingSafeEqual(candidate, key)) match = key;
			if (match) return `key_${match.toString('hex').slice(0, 16)}`;
		}
		throw new HttpError(401, 'unauthorized', "Missing or wrong API key. Send one of the keys from the relay's RELAY_API_KEYS setting in the X-Api-Key header.");
	}
}
