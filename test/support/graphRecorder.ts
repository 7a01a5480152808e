/**
 * A loopback HTTP server standing in for Meta in unit tests that must see exact bytes (a multipart
 * upload, a file sent to an upload session): it records each request's method, URL, headers and raw
 * body, and answers from a script. nock would hand binary bodies over as hex text.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
	method: string;
	/** Path and query, as sent. */
	url: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

export interface Answer {
	status?: number;
	headers?: Record<string, string>;
	/** An object is sent as JSON; a Buffer as is. */
	body?: unknown;
	/** Drop the connection after the request arrived (the outcome is unknown to the client). */
	drop?: boolean;
}

export interface GraphRecorder {
	/** `http://127.0.0.1:<port>`: use it as the client's Base URL. */
	url: string;
	calls: RecordedCall[];
	stop(): Promise<void>;
}

/** Starts the server; `answer` is called per request, in order (throw to fail the test). */
export async function startGraphRecorder(answer: (call: RecordedCall, index: number) => Answer): Promise<GraphRecorder> {
	const calls: RecordedCall[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const call: RecordedCall = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
			calls.push(call);
			let reply: Answer;
			try {
				reply = answer(call, calls.length - 1);
			} catch (error) {
				reply = { status: 599, body: { error: { message: `test recorder: ${(error as Error).message}` } } };
			}
			if (reply.drop) {
				req.socket.destroy();
				return;
			}
			const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body === undefined ? '' : JSON.stringify(reply.body));
			res.writeHead(reply.status ?? 200, { 'content-type': Buffer.isBuffer(reply.body) ? 'application/octet-stream' : 'application/json', ...reply.headers });
			res.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		calls,
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
