/** Dedupe keys stay short whatever Meta (or a forger with the app secret) puts in an ID. */
import { MAX_KEY_PART_LENGTH, parseWebhook } from '../../../shared';
import { PHONE_NUMBER_ID, WABA_ID } from './helpers';

const body = (messageId: string) => ({
	object: 'whatsapp_business_account',
	entry: [
		{
			id: WABA_ID,
			changes: [
				{
					field: 'messages',
					value: { metadata: { phone_number_id: PHONE_NUMBER_ID }, statuses: [{ id: messageId, status: 'failed', recipient_id: '16505551234', errors: [{ code: 137000 }] }] },
				},
			],
		},
	],
});

test('an ID up to the bound is written into the key as is', () => {
	const id = `wamid.${'A'.repeat(MAX_KEY_PART_LENGTH - 6)}`;
	expect(parseWebhook(body(id)).map((event) => event.dedupeKey)).toEqual([`messageStatus:${id}:failed`, `identityMismatch:${id}`]);
});

test('a longer ID stands in the key as a stable digest, and the event keeps the full ID', () => {
	const id = `wamid.${'é'.repeat(20_000)}`;
	const events = parseWebhook(body(id));
	expect(events.map((event) => event.dedupeKey)).toEqual([expect.stringMatching(/^messageStatus:#[A-Za-z0-9_-]{22}:failed$/), expect.stringMatching(/^identityMismatch:#[A-Za-z0-9_-]{22}$/)]);
	expect(events.map((event) => (event as { messageId: string }).messageId)).toEqual([id, id]);
	expect(parseWebhook(body(id)).map((event) => event.dedupeKey)).toEqual(events.map((event) => event.dedupeKey));
	expect(parseWebhook(body(`${id}x`))[0].dedupeKey).not.toBe(events[0].dedupeKey);
});
