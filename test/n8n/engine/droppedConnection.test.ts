/**
 * A connection lost after the request left (reset, or no answer before the timeout) on a call Meta
 * counts: the outcome is unknown, so the user must read the core's "may have happened: check before
 * repeating" advice, never n8n's "You can retry the request immediately". Run through n8n-core's
 * real request helper and NodeApiError, which keeps the network code only in `httpCode`.
 */
import nock from 'nock';

import { countRequests, useFakeClock } from '../support/engine/clock';
import { executeNode, type StoredNodeError } from '../support/engine';
import { byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID } from '../support/fixtures';
import { ordinaryNumber } from '../../support/core';

const PIN = '135790';
const CODE = '604213';
/** The core client's request timeout inside n8n (shared/client.ts), which n8n's helper enforces. */
const REQUEST_TIMEOUT_MS = 30_000;
const CHECK_BEFORE_REPEATING =
	'The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.';

const operations = [
	{ operation: 'registerPhoneNumber', parameters: { pin: PIN }, path: `/v25.0/${PHONE_ID}/register`, query: {}, coexistenceCheck: true },
	{ operation: 'requestVerificationCode', parameters: { codeMethod: 'SMS', language: 'en_US' }, path: `/v25.0/${PHONE_ID}/request_code`, query: { code_method: 'SMS', language: 'en_US' }, coexistenceCheck: true },
	{ operation: 'verifyCode', parameters: { code: CODE }, path: `/v25.0/${PHONE_ID}/verify_code`, query: { code: CODE }, coexistenceCheck: true },
	{ operation: 'setTwoStepPin', parameters: { pin: PIN }, path: `/v25.0/${PHONE_ID}`, query: {}, coexistenceCheck: false },
] as const;

type Case = (typeof operations)[number];

const run = (test: Case, continueOnFail = false) =>
	executeNode({
		node: 'whatsAppNumbers',
		parameters: { resource: 'phoneNumber', operation: test.operation, phoneNumberId: byId(PHONE_ID), ...test.parameters },
		credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		continueOnFail,
	});

/** The read before a counted call: an ordinary number (not shared with the WhatsApp Business app). */
function coexistenceCheck(test: Case): void {
	if (test.coexistenceCheck) ordinaryNumber(nock(GRAPH), PHONE_ID, 'v25.0');
}

/** Every attempt reaches this interceptor (so a repeat would be counted), and each is dropped as `failure`. */
function dropped(test: Case, failure: Error): nock.Scope {
	coexistenceCheck(test);
	return nock(GRAPH).post(test.path).query(test.query).times(3).replyWithError(failure);
}

const socketHangUp = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

function expectCheckBeforeRepeating(error: StoredNodeError | undefined, what: string, operation: string) {
	expect(error).toMatchObject({
		name: 'NodeApiError',
		message: `Could not reach Meta (${what}. ${CHECK_BEFORE_REPEATING}`,
		errorResponse: { category: 'transient', nextStep: CHECK_BEFORE_REPEATING, retry: { action: 'do_not_retry' }, operation },
	});
	expect(error?.description).toContain(`Next step: ${CHECK_BEFORE_REPEATING}`);
	const shown = JSON.stringify({ message: error?.message, description: error?.description, messages: error?.messages });
	expect(shown).not.toMatch(/retry the request immediately/i);
	expect(shown).not.toContain(PIN);
	expect(shown).not.toContain(CODE);
	expect(shown).not.toContain(String(GRAPH_CREDENTIALS.accessToken));
}

describe.each(operations)('$operation', (test) => {
	it('after a dropped connection (ECONNRESET) tells to check before repeating, and sends once', async () => {
		const requests = countRequests(dropped(test, socketHangUp()));

		const result = await run(test);

		expect(result.status).toBe('error');
		expectCheckBeforeRepeating(result.error, 'reset): the connection was dropped', test.operation);
		expect(requests.count).toBe(1);
	});

	it('after no answer within the request timeout tells to check before repeating, and sends once', async () => {
		coexistenceCheck(test);
		const scope = nock(GRAPH).post(test.path).query(test.query).times(3).delay(REQUEST_TIMEOUT_MS + 1_000).reply(200, { success: true });
		const requests = countRequests(scope);
		const clock = useFakeClock();
		try {
			const pending = run(test);
			await requests.first;
			await clock.advance(REQUEST_TIMEOUT_MS);
			const result = await pending;

			expectCheckBeforeRepeating(result.error, 'timeout): no answer came in time', test.operation);
			expect(requests.count).toBe(1);
		} finally {
			clock.restore();
		}
	});
});

describe('with "On Error: Continue"', () => {
	it('outputs the unknown outcome on the item, with its category, next step and do_not_retry', async () => {
		const requests = countRequests(dropped(operations[0], socketHangUp()));

		const result = await run(operations[0], true);

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: {
					error: `Could not reach Meta (reset): the connection was dropped. ${CHECK_BEFORE_REPEATING}`,
					errorCategory: 'transient',
					errorCode: null,
					nextStep: CHECK_BEFORE_REPEATING,
					identityMismatch: false,
					retryAction: 'do_not_retry',
					operation: 'registerPhoneNumber',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(requests.count).toBe(1);
	});
});

describe('a refused connection (the request never left)', () => {
	it('on a register: says to try again, which is safe, and sends once (a register is never retried automatically)', async () => {
		const requests = countRequests(dropped(operations[0], Object.assign(new Error('connect ECONNREFUSED 157.240.0.35:443'), { code: 'ECONNREFUSED' })));

		const result = await run(operations[0]);

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'Could not reach Meta (refused): the connection was refused. Check the network and the Base URL in the \"WhatsApp Business Numbers API\" credential, then try again.',
			errorResponse: { category: 'transient', retry: { action: 'retry' } },
		});
		expect(requests.count).toBe(1);
	});

	it('on a read: the core retries it after its backoff and the read succeeds', async () => {
		const scope = nock(GRAPH)
			.get(`/v25.0/${PHONE_ID}`)
			.query(true)
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED 157.240.0.35:443'), { code: 'ECONNREFUSED' }))
			.get(`/v25.0/${PHONE_ID}`)
			.query(true)
			.reply(200, { id: PHONE_ID, display_phone_number: '+1 555-010-0001', status: 'CONNECTED' });
		const requests = countRequests(scope);
		const clock = useFakeClock();
		try {
			const pending = executeNode({
				node: 'whatsAppNumbers',
				parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) },
				credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
			});
			await requests.first;
			// The retry waits for the core's backoff (at most 500 ms before the first retry).
			await clock.advanceUntil(() => requests.count === 2, 100, 2_000);
			const result = await pending;

			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ found: true, id: PHONE_ID, status: 'CONNECTED' });
			expect(requests.count).toBe(2);
			expect(scope.isDone()).toBe(true);
		} finally {
			clock.restore();
		}
	});
});
