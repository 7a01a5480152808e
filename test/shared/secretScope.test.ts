/**
 * What is remembered for redaction belongs to one client or one run: one workflow's PIN or token
 * never blanks another's data, and every field of an error (fbtrace_id included) is masked.
 */
import nock from 'nock';
import { createClient, runOperation, WhatsAppError } from '../../shared';
import { nodeRuntime } from '../../shared/node/runtime';
import { GRAPH, ordinaryNumber, PHONE_ID, testClient, TOKEN, VERSION } from '../support/core';

const PIN = '482913';
const ORDER_NOTE = `Order ${PIN} shipped`;

/** A token with no Meta shape, so only remembering it (not a pattern) can mask it. */
const PLAIN_TOKEN = 'plain-token-7c1e9a';

const settingsWith = (raw: Record<string, unknown>) => nock(GRAPH).get(`/${VERSION}/${PHONE_ID}/settings`).reply(200, raw);

async function failure(promise: Promise<unknown>): Promise<WhatsAppError> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(outcome).toBeInstanceOf(WhatsAppError);
	return outcome as WhatsAppError;
}

describe('secrets remembered for redaction', () => {
	it("a PIN of one run is masked in that run's error, and not in another client's or run's output", async () => {
		const first = testClient().client;
		ordinaryNumber(nock(GRAPH))
			.post(`/${VERSION}/${PHONE_ID}/register`)
			.reply(400, { error: { code: 133005, message: 'PIN mismatch', error_data: { details: `PIN ${PIN} does not match` }, fbtrace_id: 'AbC' } });
		const refused = await failure(runOperation('registerPhoneNumber', first, { phoneNumberId: PHONE_ID, pin: PIN }));
		expect(refused.details).toBe('PIN [redacted] does not match');

		settingsWith({ orderNote: ORDER_NOTE });
		const other = await runOperation<{ raw: Record<string, unknown> }>('getSettings', testClient().client, { phoneNumberId: PHONE_ID });
		expect(other.raw.orderNote).toBe(ORDER_NOTE);

		settingsWith({ orderNote: ORDER_NOTE });
		const sameClientLater = await runOperation<{ raw: Record<string, unknown> }>('getSettings', first, { phoneNumberId: PHONE_ID });
		expect(sameClientLater.raw.orderNote).toBe(ORDER_NOTE);
	});

	it("a client's access token is masked in its own outputs, and not in another client's", async () => {
		const runtime = nodeRuntime({ sleep: async () => undefined, random: () => 0.5 });
		const owner = createClient({ accessToken: PLAIN_TOKEN, retry: { maxAttempts: 1 } }, runtime);
		const stranger = createClient({ accessToken: TOKEN, retry: { maxAttempts: 1 } }, runtime);

		settingsWith({ note: `echo ${PLAIN_TOKEN}` });
		expect((await runOperation<{ raw: Record<string, unknown> }>('getSettings', owner, { phoneNumberId: PHONE_ID })).raw.note).toBe('echo [redacted]');

		settingsWith({ note: `echo ${PLAIN_TOKEN}` });
		expect((await runOperation<{ raw: Record<string, unknown> }>('getSettings', stranger, { phoneNumberId: PHONE_ID })).raw.note).toBe(`echo ${PLAIN_TOKEN}`);
	});

	it('masks fbtrace_id like every other field when an upstream echoes the token into it', async () => {
		const runtime = nodeRuntime({ sleep: async () => undefined, random: () => 0.5 });
		const client = createClient({ accessToken: PLAIN_TOKEN, retry: { maxAttempts: 1 } }, runtime);
		nock(GRAPH)
			.get(`/${VERSION}/${PHONE_ID}/settings`)
			.reply(400, { error: { code: 100, message: 'Invalid parameter', fbtrace_id: `Bearer ${PLAIN_TOKEN} / ${PLAIN_TOKEN}` } });

		const error = await failure(runOperation('getSettings', client, { phoneNumberId: PHONE_ID }));

		expect(error.fbtraceId).toBe('Bearer [redacted] / [redacted]');
		expect(JSON.stringify(error.toJSON())).not.toContain(PLAIN_TOKEN);
		expect(error.toJSON()).toMatchObject({ code: 100, fbtraceId: 'Bearer [redacted] / [redacted]' });
	});
});
