/** The plain-Node transport's timeout is a total deadline: a server trickling its answer does not keep a request alive. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransportFailure } from '../../shared';
import { nodeTransport } from '../../shared/node/runtime';

test('a server answering one byte every 50 ms fails at the deadline, not never', async () => {
	const timers: NodeJS.Timeout[] = [];
	const srv = http.createServer((_req, res) => {
		const head = 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok';
		let sent = 0;
		const socket = res.socket!;
		const timer = setInterval(() => {
			if (sent < head.length && !socket.destroyed) socket.write(head[sent++]);
		}, 50);
		timers.push(timer);
	});
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
	try {
		const started = Date.now();
		const error = await nodeTransport.send({ method: 'GET', url, headers: {}, timeoutMs: 600 }).then(
			() => undefined,
			(failure: unknown) => failure,
		);
		expect(error).toBeInstanceOf(TransportFailure);
		expect([(error as TransportFailure).message, (error as TransportFailure).reason]).toEqual(['no answer within 600 ms', 'timeout']);
		// The head would take 3.5 s to arrive; an idle timeout would never fire.
		expect(Date.now() - started).toBeLessThan(2_500);
	} finally {
		for (const timer of timers) clearInterval(timer);
		srv.closeAllConnections();
		await new Promise<void>((resolve) => srv.close(() => resolve()));
	}
});
