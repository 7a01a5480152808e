/** Bytes both ways through the plain-Node transport, and Graph paths that carry their own query. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../shared';
import { nodeRuntime, nodeTransport } from '../../shared/node/runtime';

async function echoServer(): Promise<{ url: string; close: () => Promise<void>; seen: Buffer[] }> {
	const seen: Buffer[] = [];
	const srv = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			seen.push(body);
			res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-url': req.url ?? '' }).end(body);
		});
	});
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
		seen,
		close: () => new Promise((resolve) => {
			srv.closeAllConnections();
			srv.close(() => resolve());
		}),
	};
}

describe('binary bodies', () => {
	it('sends bodyBytes exactly and returns a binary answer as bodyBytes (every byte value survives)', async () => {
		const srv = await echoServer();
		try {
			const bytes = new Uint8Array(256).map((_, index) => index);
			const response = await nodeTransport.send({ method: 'POST', url: `${srv.url}/x`, headers: {}, bodyBytes: bytes, responseType: 'binary' });
			expect(srv.seen[0].equals(Buffer.from(bytes))).toBe(true);
			expect(response.body).toBe('');
			expect(Buffer.from(response.bodyBytes ?? []).equals(Buffer.from(bytes))).toBe(true);
		} finally {
			await srv.close();
		}
	});

	it('keeps an upload session path whole (its ?sig=) and appends a query with &', async () => {
		const client = createClient({ accessToken: 't0ken', baseUrl: 'http://127.0.0.1:1' }, nodeRuntime());
		expect(client.url('upload:MTph?sig=ARZ_x')).toBe('http://127.0.0.1:1/v25.0/upload:MTph?sig=ARZ_x');
		expect(client.url('upload:MTph?sig=ARZ_x', { a: 1 })).toBe('http://127.0.0.1:1/v25.0/upload:MTph?sig=ARZ_x&a=1');
		expect(client.url('123/media', { b: 'c' })).toBe('http://127.0.0.1:1/v25.0/123/media?b=c');
	});
});
