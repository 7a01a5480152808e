/** The Graph client: URLs, auth, error envelopes, and which failures are retried (and how long it waits). */
import nock from 'nock';
import { createClient, GraphClient, HttpRequest, HttpResponse, Runtime, TransportFailure, WhatsAppError } from '../../shared';
import { GRAPH, metaError, TOKEN, VERSION } from '../support/core';

/** A runtime with a scripted transport, recorded sleeps and deterministic jitter. */
function scripted(answers: Array<HttpResponse | TransportFailure>, random = 0.5) {
	const requests: HttpRequest[] = [];
	const sleeps: number[] = [];
	let clock = 1_700_000_000_000;
	const runtime: Runtime = {
		transport: {
			async send(request) {
				requests.push(request);
				const answer = answers.shift();
				if (!answer) throw new Error('no scripted answer left');
				if (answer instanceof TransportFailure) throw answer;
				return answer;
			},
		},
		sleep: async (ms) => {
			sleeps.push(ms);
			clock += ms;
		},
		now: () => clock,
		random: () => random,
	};
	return { runtime, requests, sleeps };
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });
const fail = (status: number, code: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: JSON.stringify(metaError(code, 'x')) });

async function caught(promise: Promise<unknown>): Promise<WhatsAppError> {
	const error = await promise.then(() => undefined, (e) => e);
	expect(error).toBeInstanceOf(WhatsAppError);
	return error as WhatsAppError;
}

describe('GraphClient requests', () => {
	it('builds the versioned URL with the query and sends the bearer token and JSON body', async () => {
		const { runtime, requests } = scripted([ok({ success: true })]);
		const client = new GraphClient({ accessToken: TOKEN, baseUrl: 'http://127.0.0.1:4010/', apiVersion: 'v24.0' }, runtime);
		await client.request({ method: 'POST', path: '/123/register', query: { a: 'b c', skip: undefined }, json: { pin: '111111' }, retry: 'never' });
		expect(requests).toEqual([
			{
				method: 'POST',
				url: 'http://127.0.0.1:4010/v24.0/123/register?a=b+c',
				headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
				body: '{"pin":"111111"}',
				timeoutMs: 30_000,
			},
		]);
	});

	it('leaves authentication to the transport when no token is configured (n8n credentials)', async () => {
		const { runtime, requests } = scripted([ok({})]);
		await new GraphClient({}, runtime).request({ method: 'GET', path: 'me', retry: 'read' });
		expect(requests[0].headers).toEqual({ accept: 'application/json' });
		expect(requests[0].url).toBe(`${GRAPH}/${VERSION}/me`);
	});

	it.each([['25.0'], ['v25'], ['latest']])('rejects the API version %s with the expected form', (apiVersion) => {
		const { runtime } = scripted([]);
		expect(() => new GraphClient({ apiVersion }, runtime)).toThrow(`Graph API Version: "${apiVersion}" is not a version. Use the form v25.0 (default v25.0).`);
	});

	it('rejects a base URL that is not a URL', () => {
		const { runtime } = scripted([]);
		expect(() => new GraphClient({ baseUrl: 'sandbox' }, runtime)).toThrow('Base URL: "sandbox" is not a URL.');
	});

	it('goes through the real node transport (nock sees the exact request)', async () => {
		const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })
			.post(`/${VERSION}/1/x`, { a: 1 })
			.reply(201, { id: '7' }, { 'X-Test': 'yes' });
		const { nodeRuntime } = await import('../../shared/node/runtime');
		const client = createClient({ accessToken: TOKEN }, nodeRuntime());
		expect(await client.request({ method: 'POST', path: '1/x', json: { a: 1 }, retry: 'never' })).toEqual({ id: '7' });
		scope.done();
	});
});

describe('GraphClient errors', () => {
	it('turns a 2xx body that is not JSON into a transient error', async () => {
		const { runtime } = scripted([{ status: 200, headers: {}, body: '<html>proxy</html>' }]);
		const error = await caught(new GraphClient({ retry: { maxAttempts: 1 } }, runtime).request({ method: 'GET', path: 'x', retry: 'read' }));
		expect(error.message).toBe('Meta answered HTTP 200 with a body that is not JSON. Retry in a moment; if it keeps happening, check the Base URL in the client settings (createClient).');
	});

	it('never advises repeating a change whose outcome is unknown (unreadable answer or 5xx)', async () => {
		const { runtime } = scripted([
			{ status: 200, headers: {}, body: '<html>proxy</html>' },
			fail(503, 133004),
		]);
		const client = new GraphClient({}, runtime);
		const unreadable = await caught(client.request({ method: 'POST', path: '1/register', json: {}, retry: 'never' }));
		expect(unreadable.message).toBe(
			'Meta answered HTTP 200 with a body that is not JSON. The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.',
		);
		expect(unreadable.retry).toEqual({ action: 'do_not_retry' });
		const serverError = await caught(client.request({ method: 'POST', path: '1/messages', json: {}, retry: 'send', checkBeforeRepeating: 'Look at the conversation first.' }));
		expect(serverError.message).toBe("WhatsApp's registration service is temporarily unavailable. Look at the conversation first.");
		expect(serverError).toMatchObject({ code: 133004, httpStatus: 503, retry: { action: 'do_not_retry' } });
	});

	it('treats an error envelope inside a 200 as an error', async () => {
		const { runtime } = scripted([{ status: 200, headers: {}, body: JSON.stringify(metaError(131031, 'Locked')) }]);
		const error = await caught(new GraphClient({}, runtime).request({ method: 'POST', path: 'x', retry: 'never' }));
		expect(error.code).toBe(131031);
		expect(error.category).toBe('policy');
	});

	it('describes an unknown code by its HTTP status and keeps Meta\'s details', async () => {
		const { runtime } = scripted([{ status: 403, headers: {}, body: JSON.stringify(metaError(999999, 'Odd', 'Some new restriction')) }]);
		const error = await caught(new GraphClient({}, runtime).request({ method: 'GET', path: 'x', retry: 'never' }));
		expect(error.message).toBe(
			'Meta refused the request. Meta says: Some new restriction Check the token permissions and that the number belongs to this WhatsApp Business Account.',
		);
		expect(error.toJSON()).toEqual({
			message: error.message,
			category: 'permission',
			nextStep: 'Check the token permissions and that the number belongs to this WhatsApp Business Account.',
			retry: { action: 'fix_and_retry' },
			code: 999999,
			fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
			httpStatus: 403,
			details: 'Some new restriction',
		});
	});
});

describe('GraphClient retries', () => {
	it('retries a read on 5xx with exponential backoff and jitter, then succeeds', async () => {
		const { runtime, sleeps, requests } = scripted([fail(500, 2), fail(503, 2), ok({ fine: true })], 0);
		const client = new GraphClient({ retry: { baseDelayMs: 100 } }, runtime);
		expect(await client.request({ method: 'GET', path: 'x', retry: 'read' })).toEqual({ fine: true });
		expect(requests).toHaveLength(3);
		// random() = 0: jittered exponential is half the step (50, 100) but the catalog's 2 s floor for code 2 wins.
		expect(sleeps).toEqual([2000, 2000]);
	});

	it('grows the delay exponentially for plain 5xx answers', async () => {
		const plain500 = (): HttpResponse => ({ status: 500, headers: {}, body: '{}' });
		const { runtime, sleeps } = scripted([plain500(), plain500(), plain500(), ok({})], 1);
		const client = new GraphClient({ retry: { baseDelayMs: 100, maxAttempts: 4 } }, runtime);
		await client.request({ method: 'GET', path: 'x', retry: 'read' });
		// Code-less 500s fall back to a 2 s hint; with random() = 1 the jittered exponential (100, 200, 400) stays below it.
		expect(sleeps.length).toBe(3);
		expect(sleeps.every((delay) => delay >= 2000 && delay <= 2100)).toBe(true);
	});

	it('honours Retry-After in seconds and as an HTTP date', async () => {
		const later = new Date(1_700_000_000_000 + 7_000).toUTCString();
		const { runtime, sleeps } = scripted([fail(429, 4, { 'retry-after': '5' }), fail(400, 130429, { 'retry-after': later }), ok({})], 0);
		const client = new GraphClient({ retry: { baseDelayMs: 100 } }, runtime);
		await client.request({ method: 'GET', path: 'x', retry: 'read' });
		expect(sleeps[0]).toBe(5000);
		expect(sleeps[1]).toBeGreaterThanOrEqual(2000);
		expect(sleeps[1]).toBeLessThanOrEqual(7000);
	});

	it('gives up with the hint instead of sleeping through a very long Retry-After', async () => {
		const { runtime, sleeps } = scripted([fail(400, 80007, { 'retry-after': '3600' })]);
		const error = await caught(new GraphClient({}, runtime).request({ method: 'GET', path: 'x', retry: 'read' }));
		expect(error.retry).toEqual({ action: 'retry_after', afterMs: 3_600_000 });
		expect(sleeps).toEqual([]);
	});

	it('stops after maxAttempts and throws the last error', async () => {
		const { runtime, requests } = scripted([fail(500, 1), fail(500, 1), fail(500, 1)]);
		const error = await caught(new GraphClient({ retry: { maxAttempts: 3 } }, runtime).request({ method: 'GET', path: 'x', retry: 'read' }));
		expect(requests).toHaveLength(3);
		expect(error.code).toBe(1);
	});

	it('retries a send that Meta refused for throughput (130429), since Meta did not accept it', async () => {
		const { runtime, requests } = scripted([fail(400, 130429), ok({ messages: [{ id: 'wamid.1' }] })]);
		await new GraphClient({}, runtime).request({ method: 'POST', path: '1/messages', json: {}, retry: 'send' });
		expect(requests).toHaveLength(2);
	});

	it.each([
		['a 500 (Meta may have accepted it)', fail(500, 131000)],
		['a pair-rate refusal 131056 (spacing is the batch scheduler\'s job)', fail(400, 131056)],
		['an identity mismatch 137000', fail(400, 137000)],
		['a dropped connection after the body went out', new TransportFailure('connection dropped', 'reset', true)],
	])('never retries a send after %s', async (_, answer) => {
		const { runtime, requests, sleeps } = scripted([answer]);
		await caught(new GraphClient({}, runtime).request({ method: 'POST', path: '1/messages', json: {}, retry: 'send' }));
		expect(requests).toHaveLength(1);
		expect(sleeps).toEqual([]);
	});

	it('says a send may have reached Meta when the connection dropped after sending', async () => {
		const { runtime } = scripted([new TransportFailure('connection dropped', 'reset', true)]);
		const error = await caught(new GraphClient({}, runtime).request({ method: 'POST', path: '1/messages', json: {}, retry: 'send' }));
		expect(error.retry).toEqual({ action: 'do_not_retry' });
		expect(error.nextStep).toBe(
			'The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.',
		);
	});

	it('retries a send whose connection was refused (nothing reached Meta)', async () => {
		const { runtime, requests } = scripted([new TransportFailure('connection refused', 'refused', false), ok({})]);
		await new GraphClient({}, runtime).request({ method: 'POST', path: '1/messages', json: {}, retry: 'send' });
		expect(requests).toHaveLength(2);
	});

	it('never retries a `never` call, even a refused connection', async () => {
		const { runtime, requests } = scripted([new TransportFailure('connection refused', 'refused', false)]);
		await caught(new GraphClient({}, runtime).request({ method: 'POST', path: '1/register', json: {}, retry: 'never' }));
		expect(requests).toHaveLength(1);
	});

	it('logs retries without the token', async () => {
		const logs: string[] = [];
		const { runtime } = scripted([fail(500, 2), ok({})]);
		runtime.log = (_level, message) => logs.push(message);
		await new GraphClient({ accessToken: TOKEN }, runtime).request({ method: 'GET', path: 'x', retry: 'read' });
		expect(logs).toHaveLength(1);
		expect(logs[0]).toMatch(/^GET x: The WhatsApp service is temporarily unavailable\. Retrying in \d+ ms \(attempt 2 of 4\)\.$/);
		expect(logs.join()).not.toContain(TOKEN);
	});
});
