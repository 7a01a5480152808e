/** The core's transport over z.request, and the error mapping's corner cases. */
import nock from 'nock';
import { fromMetaError, WhatsAppError } from '../../shared';
import { DEFAULT_THROTTLE_DELAY_SECONDS, toZapierError, zapierMessage } from '../../zapier/errors';
import { ZAPIER_LABELS } from '../../zapier/labels';
import { toTransportFailure, zapierTransport } from '../../zapier/runtime';
import { appTester, zapier } from './support';

const z = { errors: zapier.errors } as never;

describe('zapierTransport', () => {
	it('returns any status with the raw body and lower-cased headers, sending the body as given', async () => {
		const scope = nock('https://graph.facebook.com', { reqheaders: { 'content-type': 'application/json', authorization: 'Bearer t0k3n-value' } })
			.post('/v25.0/1/register?x=1', '{"pin":"000000"}')
			.reply(400, '{"error":{"code":133005}}', { 'Retry-After': '7', 'X-FB-Trace-ID': 'abc' });
		const response = await appTester((zObject: never) =>
			zapierTransport(zObject).send({
				method: 'POST',
				url: 'https://graph.facebook.com/v25.0/1/register?x=1',
				headers: { 'content-type': 'application/json', authorization: 'Bearer t0k3n-value' },
				body: '{"pin":"000000"}',
				timeoutMs: 5_000,
			}),
		);
		expect(response).toEqual({
			status: 400,
			headers: expect.objectContaining({ 'retry-after': '7', 'x-fb-trace-id': 'abc' }),
			body: '{"error":{"code":133005}}',
		});
		scope.done();
	});

	it('lets a 429 through to the core instead of throwing Zapier\'s generic ThrottledError', async () => {
		nock('https://graph.facebook.com').get('/v25.0/me').reply(429, '{}', { 'Retry-After': '3' });
		const response = await appTester((zObject: never) => zapierTransport(zObject).send({ method: 'GET', url: 'https://graph.facebook.com/v25.0/me', headers: {} }));
		expect(response.status).toBe(429);
	});

	it('reports a timeout as a failure after the request may have been sent', async () => {
		nock('https://graph.facebook.com').get('/v25.0/slow').delay(300).reply(200, '{}');
		await expect(
			appTester((zObject: never) => zapierTransport(zObject).send({ method: 'GET', url: 'https://graph.facebook.com/v25.0/slow', headers: {}, timeoutMs: 50 })),
		).rejects.toMatchObject({ name: 'TransportFailure', reason: 'timeout', requestSent: true });
	});
});

describe('toTransportFailure', () => {
	it('says whether Meta may have received the request', () => {
		expect(toTransportFailure({ type: 'system', code: 'ECONNREFUSED' })).toMatchObject({ reason: 'refused', requestSent: false });
		expect(toTransportFailure({ type: 'system', code: 'ENOTFOUND' })).toMatchObject({ reason: 'dns', requestSent: false });
		expect(toTransportFailure({ type: 'system', code: 'ECONNRESET' })).toMatchObject({ reason: 'reset', requestSent: true });
		expect(toTransportFailure({ type: 'request-timeout' })).toMatchObject({ reason: 'timeout', requestSent: true });
		expect(toTransportFailure(new TypeError('bug'))).toBeUndefined();
	});
});

describe('toZapierError', () => {
	const make = (init: Partial<ConstructorParameters<typeof WhatsAppError>[0]>) =>
		new WhatsAppError({ category: 'unknown', message: 'Something happened.', nextStep: 'Do this.', retry: { action: 'do_not_retry' }, ...init });

	it('uses a default delay when throttling comes without a hint', () => {
		const error = toZapierError(z, make({ category: 'throttling', retry: { action: 'retry_after' } }));
		expect(error.name).toBe('ThrottledError');
		expect(JSON.parse(error.message)).toEqual({ message: 'Something happened. Do this.', delay: DEFAULT_THROTTLE_DELAY_SECONDS });
	});

	it('treats every throttling code the core names as throttling (Meta sends them with HTTP 400), rounding the delay up', () => {
		for (const code of [4, 80007, 130429, 131056, 131057]) {
			const error = toZapierError(z, fromMetaError({ code }, { httpStatus: 400, retryAfterMs: 1_500 }));
			expect({ code, name: error.name, delay: JSON.parse(error.message).delay }).toEqual({ code, name: 'ThrottledError', delay: 2 });
		}
		expect(toZapierError(z, make({ httpStatus: 429 })).name).toBe('ThrottledError');
	});

	it('halts when the core says the step has nothing to do (136024: already verified), not by reading the code itself', () => {
		const halted = toZapierError(z, fromMetaError({ code: 136024 }, { httpStatus: 400, operation: 'requestVerificationCode', scope: { labels: ZAPIER_LABELS } }));
		expect(halted.name).toBe('HaltedError');
		expect(halted.message).toBe(
			'This number is already verified, so no new verification code was sent. Skip the code step and go straight to "Register Phone Number" with its PIN (verification stays valid for 14 days). (Meta error 136024)',
		);
		expect(toZapierError(z, make({ code: 136024 })).name).toBe('AppError');
	});

	it('adds Meta\'s details and reference once, redacting secrets', () => {
		const error = make({ code: 100, fbtraceId: 'T9', details: 'Bad value for access_token=EAAB1234567890abcdefghij' });
		expect(zapierMessage(error)).toBe("Something happened. Do this. Meta's details: Bad value for access_token=[redacted] (Meta error 100, trace T9)");
	});

	it('redacts unexpected errors and keeps Zapier from appending the step input', () => {
		const error = toZapierError(z, new TypeError('Bearer EAAB1234567890abcdefghijkl failed')) as Error & { doNotContextify?: boolean };
		expect(error.message).toBe('Bearer [redacted] failed');
		expect(error.doNotContextify).toBe(true);
	});
});
