/** The plain-Node transport classifies failures by whether Meta may have received the request. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransportFailure } from '../../shared';
import { nodeTransport } from '../../shared/node/runtime';

async function server(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
	const srv = http.createServer(handler);
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
	const { port } = srv.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((resolve) => {
				srv.closeAllConnections();
				srv.close(() => resolve());
			}),
	};
}

async function failureOf(promise: Promise<unknown>): Promise<TransportFailure> {
	const error = await promise.then(() => undefined, (e) => e);
	expect(error).toBeInstanceOf(TransportFailure);
	return error as TransportFailure;
}

describe('nodeTransport', () => {
	it('returns status, lower-cased headers and the raw body', async () => {
		const srv = await server((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				res.writeHead(400, { 'Retry-After': '3', 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ echo: body, method: req.method, auth: req.headers.authorization }));
			});
		});
		try {
			const response = await nodeTransport.send({ method: 'POST', url: `${srv.url}/v25.0/x`, headers: { authorization: 'Bearer t' }, body: '{"a":"é"}' });
			expect(response.status).toBe(400);
			expect(response.headers['retry-after']).toBe('3');
			expect(JSON.parse(response.body)).toEqual({ echo: '{"a":"é"}', method: 'POST', auth: 'Bearer t' });
		} finally {
			await srv.close();
		}
	});

	it('reports a refused connection as not sent (safe to retry anything)', async () => {
		const srv = await server(() => undefined);
		const url = srv.url;
		await srv.close();
		const failure = await failureOf(nodeTransport.send({ method: 'POST', url: `${url}/x`, headers: {}, body: '{}' }));
		expect(failure.reason).toBe('refused');
		expect(failure.requestSent).toBe(false);
	});

	it('reports a connection dropped after the request arrived as possibly sent', async () => {
		const srv = await server((req) => {
			req.on('data', () => undefined);
			req.on('end', () => req.socket.destroy());
		});
		try {
			const failure = await failureOf(nodeTransport.send({ method: 'POST', url: `${srv.url}/x`, headers: {}, body: '{"to":"1"}' }));
			expect(failure.reason).toBe('reset');
			expect(failure.requestSent).toBe(true);
		} finally {
			await srv.close();
		}
	});

	it('gives up after the timeout, as possibly sent', async () => {
		// The server takes the request and never answers. The deadline leaves room to connect on a
		// loaded machine: a timeout before the connection exists is, rightly, "not sent".
		const srv = await server(() => undefined);
		try {
			const failure = await failureOf(nodeTransport.send({ method: 'POST', url: `${srv.url}/x`, headers: {}, body: '{}', timeoutMs: 1_500 }));
			expect(failure.reason).toBe('timeout');
			expect(failure.requestSent).toBe(true);
		} finally {
			await srv.close();
		}
	});
});
