/**
 * The default runtime for plain Node (scripts, the relay, tests): node:http(s) transport,
 * timers and the system clock. n8n and Zapier never load this file; they plug their own.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpRequest, HttpResponse, HttpTransport, Runtime, TransportFailure } from '../runtime';

const keepAlive = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

/**
 * `mayHaveReachedMeta` is true once a connection exists: bytes can be on the wire before Node
 * reports them flushed, so only a failure before connecting proves nothing was sent.
 */
function classify(error: NodeJS.ErrnoException, mayHaveReachedMeta: boolean): TransportFailure {
	switch (error.code) {
		case 'ECONNREFUSED':
			return new TransportFailure('connection refused', 'refused', false);
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return new TransportFailure('host not found', 'dns', false);
		case 'ECONNRESET':
		case 'EPIPE':
			return new TransportFailure('connection dropped', 'reset', mayHaveReachedMeta);
		default:
			return new TransportFailure(error.message, 'other', mayHaveReachedMeta);
	}
}

export const nodeTransport: HttpTransport = {
	send(request: HttpRequest): Promise<HttpResponse> {
		return new Promise((resolve, reject) => {
			const url = new URL(request.url);
			const secure = url.protocol === 'https:';
			const headers: Record<string, string | number> = { ...request.headers };
			const body = request.bodyBytes !== undefined ? Buffer.from(request.bodyBytes.buffer, request.bodyBytes.byteOffset, request.bodyBytes.byteLength) : request.body;
			if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
			let connected = false;
			const req = (secure ? https : http).request(
				url,
				{ method: request.method, headers, agent: secure ? keepAlive.https : keepAlive.http },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('error', (error) => reject(classify(error, true)));
					res.on('end', () => {
						clearTimeout(deadline);
						const out: Record<string, string> = {};
						for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
						const raw = Buffer.concat(chunks);
						const status = res.statusCode ?? 0;
						resolve(
							request.responseType === 'binary'
								? { status, headers: out, body: '', bodyBytes: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) }
								: { status, headers: out, body: raw.toString('utf8') },
						);
					});
				},
			);
			// A total deadline, not the socket's idle timeout: a server trickling a byte at a time
			// would reset an idle timeout forever.
			const deadline = request.timeoutMs
				? setTimeout(() => {
						req.destroy();
						reject(new TransportFailure(`no answer within ${request.timeoutMs} ms`, 'timeout', connected));
					}, request.timeoutMs)
				: undefined;
			req.on('close', () => clearTimeout(deadline));
			req.on('socket', (socket) => {
				// A kept-alive socket is already connected; a new one reports 'connect'.
				if (!socket.connecting) connected = true;
				else socket.once('connect', () => (connected = true));
			});
			req.on('error', (error: NodeJS.ErrnoException) => reject(classify(error, connected)));
			req.end(body);
		});
	},
};

export function nodeRuntime(overrides: Partial<Runtime> = {}): Runtime {
	return {
		transport: nodeTransport,
		plainTransport: nodeTransport,
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		now: () => Date.now(),
		random: () => Math.random(),
		...overrides,
	};
}
