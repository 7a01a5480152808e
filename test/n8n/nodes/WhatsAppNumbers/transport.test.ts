/**
 * The core's HttpTransport on n8n's httpRequestWithAuthentication, run on a real ExecuteContext:
 * the request on the wire (the credential's header added by n8n), every status handed back as a
 * response, and a request that got no answer turned into the core's TransportFailure from what
 * n8n really throws. A few shapes other n8n versions hand back are fed in by a stub helper.
 */
import nock from 'nock';
import type { IAllExecuteFunctions, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { graphClient, n8nTransport } from '../../../../nodes/WhatsAppNumbers/transport';
import { TransportFailure } from '../../../../shared';
import { errorText, executeFunctions, executeNode } from '../../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID, WABA_ID } from '../../support/fixtures';

/** A real ExecuteContext of the action node with the Graph credential as a user typed it. */
const context = async (credentials: IDataObject = GRAPH_CREDENTIALS) => await executeFunctions({ node: 'whatsAppNumbers', credentials: { whatsAppNumbersApi: credentials } });
const transport = async () => n8nTransport(await context(), 'whatsAppNumbersApi');

/** What a request carried when it reached nock. */
interface Received {
	headers: Record<string, unknown>;
	body: unknown;
}

describe('n8nTransport on n8n', () => {
	it('sends the request as given with the Bearer header n8n adds, and hands back an error status as a response', async () => {
		let received: Received | undefined;
		const scope = nock(GRAPH)
			.post('/v25.0/1/register')
			.reply(function (_uri, body) {
				received = { headers: { ...this.req.headers }, body };
				return [400, '{"error":{}}', { 'Retry-After': '3', 'X-Multi': ['a', 'b'], 'Content-Type': 'application/json' }];
			});

		const response = await (await transport()).send({
			method: 'POST',
			url: `${GRAPH}/v25.0/1/register`,
			headers: { accept: 'application/json', 'content-type': 'application/json' },
			body: '{"pin":"123456"}',
			timeoutMs: 30_000,
		});

		expect(scope.isDone()).toBe(true);
		expect(received).toEqual({
			headers: expect.objectContaining({ authorization: `Bearer ${ACCESS_TOKEN}`, accept: 'application/json', 'content-type': 'application/json' }),
			body: { pin: '123456' },
		});
		expect(response).toEqual({ status: 400, headers: expect.objectContaining({ 'retry-after': '3', 'x-multi': 'a, b', 'content-type': 'application/json' }), body: '{"error":{}}' });
	});

	it('sends a body of bytes unchanged and reads a binary answer as bytes', async () => {
		let received: string | undefined;
		nock(GRAPH)
			.post('/v25.0/1/media')
			.reply(function (_uri, body) {
				received = body as string;
				return [200, Buffer.from([0xff, 0xd8, 0x00, 0x7f, 0xff]), { 'Content-Type': 'image/jpeg' }];
			});

		const response = await (await transport()).send({
			method: 'POST',
			url: `${GRAPH}/v25.0/1/media`,
			headers: { 'content-type': 'multipart/form-data; boundary=b' },
			bodyBytes: new Uint8Array([1, 2, 0, 255]),
			responseType: 'binary',
		});

		// nock hands a body that is not UTF-8 over as hex.
		expect(received).toBe('010200ff');
		expect(response.body).toBe('');
		expect([...(response.bodyBytes ?? [])]).toEqual([0xff, 0xd8, 0x00, 0x7f, 0xff]);
		expect(response.headers['content-type']).toBe('image/jpeg');
	});

	it("reads Meta's error answer to a binary request as bytes, for the core to read the envelope", async () => {
		nock('https://lookaside.fbsbx.com').get('/x').reply(404, '{"error":{"code":100}}');

		const response = await (await transport()).send({ method: 'GET', url: 'https://lookaside.fbsbx.com/x', headers: {}, responseType: 'binary' });

		expect(response.status).toBe(404);
		expect(new TextDecoder().decode(response.bodyBytes)).toBe('{"error":{"code":100}}');
	});

	it('keeps n8n from sending the token on to another host when Meta redirects', async () => {
		nock('https://lookaside.fbsbx.com', { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get('/file')
			.reply(302, '', { Location: 'https://cdn.example.net/file' });
		const other = nock('https://cdn.example.net', { badheaders: ['authorization'] }).get('/file').reply(200, Buffer.from([7, 7]));

		const response = await (await transport()).send({ method: 'GET', url: 'https://lookaside.fbsbx.com/file', headers: {}, responseType: 'binary' });

		expect(other.isDone()).toBe(true);
		expect([...(response.bodyBytes ?? [])]).toEqual([7, 7]);
	});

	it.each([
		['ECONNREFUSED', 'refused', false],
		['ENOTFOUND', 'dns', false],
		['ECONNRESET', 'reset', true],
		['ECONNABORTED', 'timeout', true],
	])('maps %s, as n8n throws it, to TransportFailure %s (requestSent %s)', async (code, reason, requestSent) => {
		nock(GRAPH).get('/v25.0/1').replyWithError(Object.assign(new Error(`connect ${code} 157.240.0.35:443`), { code }));

		const failure = await (await transport())
			.send({ method: 'GET', url: `${GRAPH}/v25.0/1`, headers: {} })
			.catch((error: unknown) => error);

		expect(failure).toBeInstanceOf(TransportFailure);
		expect(failure).toMatchObject({ reason, requestSent });
	});

	it("passes other errors through unchanged (here n8n's own: the node has no such credential)", async () => {
		const bare = n8nTransport(await executeFunctions({ node: 'whatsAppNumbers' }), 'whatsAppNumbersApi');

		const error = await bare.send({ method: 'GET', url: `${GRAPH}/v25.0/1`, headers: {} }).catch((caught: Error) => caught);

		expect(error).not.toBeInstanceOf(TransportFailure);
		expect(error).toMatchObject({ name: 'NodeApiError', message: 'Node does not have any credentials set for "whatsAppNumbersApi"' });
	});
});

describe('n8nTransport with answers other n8n versions give', () => {
	/** A stub of n8n's helper answering `answer`, for shapes the n8n under test never hands back. */
	function stubContext(answer: (options: IHttpRequestOptions) => unknown) {
		return { helpers: { httpRequestWithAuthentication: async (_credential: string, options: IHttpRequestOptions) => answer(options) } } as unknown as IAllExecuteFunctions;
	}

	it('reads a binary answer given as an ArrayBuffer as bytes', async () => {
		const request = { method: 'GET' as const, url: 'https://lookaside.fbsbx.com/x', headers: {}, responseType: 'binary' as const };
		const arrayBuffer = stubContext(() => ({ statusCode: 200, headers: {}, body: new Uint8Array([9, 8, 7]).buffer }));

		expect([...((await n8nTransport(arrayBuffer, 'whatsAppNumbersApi').send(request)).bodyBytes ?? [])]).toEqual([9, 8, 7]);
	});

	it('reads a Buffer, an already parsed body or no body as text', async () => {
		const request = { method: 'GET' as const, url: `${GRAPH}/v25.0/1`, headers: {} };
		const body = async (answer: unknown) => (await n8nTransport(stubContext(() => answer), 'whatsAppNumbersApi').send(request)).body;

		expect(await body({ statusCode: 200, headers: {}, body: Buffer.from('{"id":"1"}') })).toBe('{"id":"1"}');
		expect(await body({ statusCode: 200, headers: {}, body: { id: '1' } })).toBe('{"id":"1"}');
		expect(await body({ statusCode: 200, headers: {} })).toBe('');
	});
});

describe('graphClient', () => {
	it('builds the core client from the credential with its defaults filled in by n8n, and rejects a wrong version', async () => {
		const client = await graphClient(await context({ accessToken: ACCESS_TOKEN, wabaId: WABA_ID }));
		expect(client.url('x')).toBe('https://graph.facebook.com/v25.0/x');
		expect(client.wabaId).toBe(WABA_ID);

		await expect(graphClient(await context({ ...GRAPH_CREDENTIALS, apiVersion: '25' }))).rejects.toThrow('Graph API Version: "25" is not a version.');
	});
});

describe('a refused connection, end to end through the node', () => {
	it('fails a register (never retried) with the core message, not n8n generic text, and no secret', async () => {
		// Nothing listens on port 1 of this machine: the operating system refuses the connection.
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: byId(PHONE_ID), pin: '135790' },
			credentials: { whatsAppNumbersApi: { ...GRAPH_CREDENTIALS, baseUrl: 'http://127.0.0.1:1' } },
		});

		expect(run.error).toMatchObject({
			name: 'NodeApiError',
			message: 'Could not reach Meta (refused): the connection was refused. Check the network and the Base URL in the "WhatsApp Business Numbers API" credential, then try again.',
			errorResponse: { category: 'transient', retry: { action: 'retry' } },
		});
		expect(errorText(run.error)).not.toContain('135790');
		expect(errorText(run.error)).not.toContain(ACCESS_TOKEN);
	});
});
