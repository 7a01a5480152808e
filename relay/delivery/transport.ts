/**
 * The relay's own HTTP transport for deliveries (node:http/https):
 * - one total deadline per attempt, from the first byte sent to the end of the answer, not an idle
 *   timeout (a subscriber trickling a byte at a time would reset that forever);
 * - the target guard (targets.ts) on the URL and on every address the connection resolves to;
 * - the answer is settled as soon as its status and headers arrive (the body is never needed);
 *   the rest is drained, under the same deadline, so the connection can be reused.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpRequest, HttpResponse, HttpTransport, TransportFailure } from '../../shared/runtime';
import type { TargetGuard } from '../targets';

/** Failures that prove nothing was sent. */
const NOT_SENT: Record<string, TransportFailure['reason']> = { ECONNREFUSED: 'refused', ENOTFOUND: 'dns', EAI_AGAIN: 'dns' };

/** Node's error, as the core's TransportFailure when it is a network failure; anything else (a refused target, an unbuildable request) as is. */
function failureOf(error: NodeJS.ErrnoException, connected: boolean): Error {
	const code = error.code ?? '';
	if (NOT_SENT[code]) return new TransportFailure(error.message, NOT_SENT[code], false);
	if (code === 'ECONNRESET' || code === 'EPIPE') return new TransportFailure('connection dropped', 'reset', connected);
	if (code.startsWith('E') && !code.startsWith('ERR_')) return new TransportFailure(error.message, 'other', connected);
	return error;
}

export function deliveryTransport(guard: TargetGuard): HttpTransport {
	const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
	return {
		send(request: HttpRequest): Promise<HttpResponse> {
			return new Promise((resolve, reject) => {
				let url: URL;
				try {
					url = new URL(request.url);
					guard.checkUrl(url);
				} catch (error) {
					return reject(error);
				}
				const secure = url.protocol === 'https:';
				const headers: Record<string, string | number> = { ...request.headers };
				if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
				let settled = false;
				let connected = false;
				let req: http.ClientRequest;
				const settle = (done: () => void) => {
					if (settled) return;
					settled = true;
					done();
				};
				try {
					req = (secure ? https : http).request(url, { method: request.method, headers, agent: secure ? agents.https : agents.http, lookup: guard.lookup }, (res) => {
						const out: Record<string, string> = {};
						for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
						settle(() => resolve({ status: res.statusCode ?? 0, headers: out, body: '' }));
						res.on('end', () => clearTimeout(deadline));
						res.on('error', () => clearTimeout(deadline));
						res.resume();
					});
				} catch (error) {
					// Node checks header names and values while building the request.
					return reject(error);
				}
				const deadline = setTimeout(() => {
					req.destroy();
					settle(() => reject(new TransportFailure(`no complete answer within ${request.timeoutMs} ms`, 'timeout', connected)));
				}, request.timeoutMs ?? 10_000);
				req.on('socket', (socket) => {
					// A kept-alive socket is already connected; a new one reports 'connect'.
					if (!socket.connecting) connected = true;
					else socket.once('connect', () => (connected = true));
				});
				req.on('error', (error: NodeJS.ErrnoException) => {
					clearTimeout(deadline);
					settle(() => reject(failureOf(error, connected)));
				});
				req.end(request.body);
			});
		},
	};
}
