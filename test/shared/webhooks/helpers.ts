/** Shared by the webhook tests: fixtures, and an independent implementation of the content-key scheme. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'webhooks');

/** The fixture's bytes, as an HTTP server would receive them. */
export function fixtureBytes(name: string): Buffer {
	return readFileSync(path.join(FIXTURES, `${name}.json`));
}

/** The fixture parsed, to point at the exact Meta objects each event's `raw` must be (loosely typed on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export function fixtureJson(name: string): Json {
	return JSON.parse(fixtureBytes(name).toString('utf8'));
}

/** Sorted-key JSON written differently from the code under test (a JSON.stringify replacer). */
export function sortedJson(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) => {
		if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return inner;
		const sorted: Record<string, unknown> = {};
		for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
		return sorted;
	});
}

/** The documented key of a content-keyed event: `<type>:<field>:<22 base64url chars of sha256(...)>`. */
export function contentKey(type: string, field: string, wabaId: string, entryTime: number | undefined, item: unknown): string {
	const digest = createHash('sha256')
		.update(`${type}\n${field}\n${wabaId}\n${entryTime ?? ''}\n${sortedJson(item)}`)
		.digest('base64url');
	return `${type}:${field}:${digest.slice(0, 22)}`;
}

export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_PHONE_NUMBER = '15550783881';
export const IDENTITY_NEXT_STEP =
	'Re-verify the person outside WhatsApp (email, call, login), then send once without an identity hash and store the new hash that comes back in the status or inbound webhook.';
