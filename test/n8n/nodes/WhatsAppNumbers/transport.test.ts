/** The core's HttpTransport on n8n's httpRequestWithAuthentication. */
import type { IAllExecuteFunctions, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { graphClient, n8nTransport } from '../../../../nodes/WhatsAppNumbers/transport';
import { WhatsAppNumbers } from '../../../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { TransportFailure } from '../../../../shared';
import { ACCESS_TOKEN, byId, executeContext, GRAPH_CREDENTIALS, makeNode, PHONE_ID } from '../../support/n8nContext';

function fakeContext(answer: (options: IHttpRequestOptions) => unknown) {
	const calls: Array<{ credential: string; options: IHttpRequestOptions }> = [];
	const context = {
		helpers: {
			async httpRequestWithAuthentication(credential: string, options: IHttpRequestOptions) {
				calls.push({ credential, options });
				return answer(options);
			},
		},
	};
	return { context: context as unknown as IAllExecuteFunctions, calls };
}

describe('n8nTransport', () => {
	it('asks n8n for the raw text, every status, and leaves authentication to the credential', async () => {
		const { context, calls } = fakeContext(() => ({ statusCode: 400, headers: { 'Retry-After': '3', 'X-Multi': ['a', 'b'] }, body: '{"error":{}}' }));

		const response = await n8nTransport(context, 'whatsAppNumbersApi').send({
			method: 'POST',
			url: 'https://graph.facebook.com/v25.0/1/register',
			headers: { accept: 'application/json', 'content-type': 'application/json' },
			body: '{"pin":"123456"}',
			timeoutMs: 30_000,
		});

		expect(calls).toEqual([
			{
				credential: 'whatsAppNumbersApi',
				options: {
					method: 'POST',
					url: 'https://graph.facebook.com/v25.0/1/register',
					headers: { accept: 'application/json', 'content-type': 'application/json' },
					body: '{"pin":"123456"}',
					timeout: 30_000,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					json: false,
					encoding: 'text',
					sendCredentialsOnCrossOriginRedirect: false,
				},
			},
		]);
		expect(response).toEqual({ status: 400, headers: { 'retry-after': '3', 'x-multi': 'a, b' }, body: '{"error":{}}' });
	});

	it('sends a body of bytes as a Buffer and asks for a binary answer as an array buffer', async () => {
		const file = Buffer.from([0xff, 0xd8, 0x00, 0x7f, 0xff]);
		const { context, calls } = fakeContext(() => ({ statusCode: 200, headers: { 'Content-Type': 'image/jpeg' }, body: file }));
		const bytes = new Uint8Array([1, 2, 0, 255]);

		const response = await n8nTransport(context, 'whatsAppNumbersApi').send({
			method: 'POST',
			url: 'https://graph.facebook.com/v25.0/1/media',
			headers: { 'content-type': 'multipart/form-data; boundary=b' },
			bodyBytes: bytes,
			responseType: 'binary',
		});

		expect(Buffer.isBuffer(calls[0].options.body)).toBe(true);
		expect([...(calls[0].options.body as Buffer)]).toEqual([1, 2, 0, 255]);
		expect(calls[0].options).toMatchObject({ encoding: 'arraybuffer', json: false, sendCredentialsOnCrossOriginRedirect: false });
		expect(response.body).toBe('');
		expect([...(response.bodyBytes ?? [])]).toEqual([0xff, 0xd8, 0x00, 0x7f, 0xff]);
		expect(response.headers['content-type']).toBe('image/jpeg');
	});

	it('reads a binary answer given as an ArrayBuffer or as text (an error envelope) as bytes', async () => {
		const request = { method: 'GET' as const, url: 'https://lookaside.fbsbx.com/x', headers: {}, responseType: 'binary' as const };
		const arrayBuffer = fakeContext(() => ({ statusCode: 200, headers: {}, body: new Uint8Array([9, 8, 7]).buffer }));
		const text = fakeContext(() => ({ statusCode: 404, headers: {}, body: '{"error":{"code":100}}' }));

		expect([...((await n8nTransport(arrayBuffer.context, 'whatsAppNumbersApi').send(request)).bodyBytes ?? [])]).toEqual([9, 8, 7]);
		expect(new TextDecoder().decode((await n8nTransport(text.context, 'whatsAppNumbersApi').send(request)).bodyBytes)).toBe('{"error":{"code":100}}');
	});

	it('reads a Buffer or an already parsed body as text', async () => {
		const buffer = fakeContext(() => ({ statusCode: 200, headers: {}, body: Buffer.from('{"id":"1"}') }));
		const parsed = fakeContext(() => ({ statusCode: 200, headers: {}, body: { id: '1' } }));
		const empty = fakeContext(() => ({ statusCode: 200, headers: {} }));
		const request = { method: 'GET' as const, url: 'https://graph.facebook.com/v25.0/1', headers: {} };

		expect((await n8nTransport(buffer.context, 'whatsAppNumbersApi').send(request)).body).toBe('{"id":"1"}');
		expect((await n8nTransport(parsed.context, 'whatsAppNumbersApi').send(request)).body).toBe('{"id":"1"}');
		expect((await n8nTransport(empty.context, 'whatsAppNumbersApi').send(request)).body).toBe('');
	});

	it.each([
		['ECONNREFUSED', 'refused', false],
		['ENOTFOUND', 'dns', false],
		['ECONNRESET', 'reset', true],
		['ECONNABORTED', 'timeout', true],
	])('maps %s (wrapped by n8n in NodeApiError) to TransportFailure %s, requestSent %s', async (code, reason, requestSent) => {
		const { context } = fakeContext(() => {
			throw new NodeApiError(makeNode('whatsAppNumbers'), Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) as never);
		});

		const failure = await n8nTransport(context, 'whatsAppNumbersApi')
			.send({ method: 'GET', url: 'https://graph.facebook.com/v25.0/1', headers: {} })
			.catch((error: unknown) => error);

		expect(failure).toBeInstanceOf(TransportFailure);
		expect(failure).toMatchObject({ reason, requestSent });
	});

	it('passes other errors (missing credentials, cancellation) through unchanged', async () => {
		const original = new Error('Node does not have credentials');
		const { context } = fakeContext(() => {
			throw original;
		});

		await expect(n8nTransport(context, 'whatsAppNumbersApi').send({ method: 'GET', url: 'https://x.test/v25.0/1', headers: {} })).rejects.toBe(original);
	});
});

describe('graphClient', () => {
	it('builds the core client from the credential without the token, and rejects a wrong version', async () => {
		const good = executeContext({ parameters: {} });
		const client = await graphClient(good as unknown as IAllExecuteFunctions);
		expect(client.url('x')).toBe('https://graph.facebook.com/v25.0/x');
		expect(client.wabaId).toBe(GRAPH_CREDENTIALS.wabaId);

		const bad = executeContext({ parameters: {}, credentials: { whatsAppNumbersApi: { ...GRAPH_CREDENTIALS, apiVersion: '25' } } });
		await expect(graphClient(bad as unknown as IAllExecuteFunctions)).rejects.toThrow('Graph API Version: "25" is not a version.');
	});
});

describe('a refused connection, end to end through the node', () => {
	it('fails a register with the core message, not n8n generic text, and no secret: only the read before it is retried, the register is never sent', async () => {
		const context = executeContext({
			parameters: { resource: 'phoneNumber', operation: 'registerPhoneNumber', phoneNumberId: byId(PHONE_ID), pin: '135790' },
			credentials: { whatsAppNumbersApi: { ...GRAPH_CREDENTIALS, baseUrl: 'http://127.0.0.1:1' } },
		});

		const error = await new WhatsAppNumbers().execute.call(context as unknown as IExecuteFunctions).catch((caught: Error) => caught);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe('Could not reach Meta (refused): the connection was refused. Check the network and the Base URL in the "WhatsApp Business Numbers API" credential, then try again.');
		// The coexistence check is a read (retried as reads are); a read that never connects stops the run before the register.
		expect(context.sent.map((request) => `${request.method} ${request.url}`)).toEqual(Array(4).fill(`GET http://127.0.0.1:1/v25.0/${PHONE_ID}?fields=id%2Cis_on_biz_app`));
		const shown = JSON.stringify({ message: (error as NodeApiError).message, description: (error as NodeApiError).description });
		expect(shown).not.toContain('135790');
		expect(shown).not.toContain(ACCESS_TOKEN);
	});
});
