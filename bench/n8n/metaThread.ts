/**
 * The worker thread standing in for Meta in `npm run bench:n8n`: the sandbox (a number's throughput
 * cap, 100 ms latency) behind a recording proxy. n8n talks to the proxy; the proxy forwards every
 * call unchanged and notes, for each `POST …/messages`, when it arrived, its `to`, and the status and
 * Meta error code the sandbox answered. On its own thread, so its work never delays the harness's
 * CPU sampling, and n8n's CPU (a separate process) is measured without it.
 *
 * Messages from the parent: {type:'reset', cap} → {type:'reset'}; {type:'records'} → {type:'records',
 * records}; {type:'stop'} → {type:'stopped'}. On start it posts {type:'ready', proxyUrl, sandbox}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

import { startSandbox } from '../../sandbox';
import type { MessageRecords, ThreadReady, ThreadRequest } from './metaStandIn';

const MESSAGES_PATH = /^\/v\d+\.0\/[^/]+\/messages(\?|$)/;
/**
 * Connections from the proxy to the sandbox, kept below the sandbox's listen backlog (Node's default,
 * 511): a burst of more connects than that is reset by the kernel. Beyond this many sends in flight,
 * sends wait in the proxy for a free connection. Only the HTTP Request node on defaults (one
 * connection per item, all at once) ever has that many, so its burst reaches the sandbox over a few
 * seconds instead of at once; every other side stays far below (the cap × 100 ms).
 */
const UPSTREAM_SOCKETS = 500;
/** The proxy's own listen backlog, for that side's burst of connects from n8n (the kernel caps it at somaxconn). */
const PROXY_BACKLOG = 16_384;
/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1): a proxy must not pass them
 * on. Passing n8n's `Connection: close` made the sandbox close every connection the proxy meant to
 * reuse, and sends then failed with ECONNRESET.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'host']);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

async function main(): Promise<void> {
	const { latencyMs } = workerData as { latencyMs: number };
	const sandbox = await startSandbox({ port: 0, latencyMs });
	const agent = new http.Agent({ keepAlive: true, maxSockets: UPSTREAM_SOCKETS });
	let records: MessageRecords = { at: [], to: [], status: [], code: [], firstBody: null, proxyErrors: 0, proxyErrorSample: null };

	const proxy = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const at = Date.now();
			const body = Buffer.concat(chunks);
			const isSend = req.method === 'POST' && MESSAGES_PATH.test(req.url ?? '');
			const forward = (attempt: number): void => {
				const upstream = http.request(
					{
						host: '127.0.0.1',
						port: sandbox.port,
						method: req.method,
						path: req.url,
						headers: { ...endToEnd(req.headers), host: `127.0.0.1:${sandbox.port}`, 'content-length': String(body.length) },
						agent,
					},
					(answer) => {
						const answerChunks: Buffer[] = [];
						answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
						answer.on('end', () => {
							const answerBody = Buffer.concat(answerChunks);
							if (isSend) {
								const log = records;
								log.firstBody ??= body.toString('utf8');
								log.at.push(at);
								log.to.push(recipientOf(body));
								log.status.push(answer.statusCode ?? 0);
								log.code.push(answer.statusCode === 200 ? null : errorCodeOf(answerBody));
							}
							res.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), 'content-length': String(answerBody.length) }).end(answerBody);
						});
					},
				);
				upstream.on('error', (error: NodeJS.ErrnoException) => {
					// A kept-alive connection the sandbox closed just as it was reused: the request never
					// reached it, so sending it again cannot duplicate it (Node's http docs, request.reusedSocket).
					if (attempt === 0 && upstream.reusedSocket && error.code === 'ECONNRESET') {
						forward(1);
						return;
					}
					if (isSend) {
						records.proxyErrors++;
						records.proxyErrorSample ??= `${error.code ?? ''} ${error.message}`.trim();
					}
					if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `bench proxy: ${error.message}` } }));
				});
				upstream.end(body);
			};
			forward(0);
		});
	});
	proxy.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => proxy.listen({ port: 0, host: '127.0.0.1', backlog: PROXY_BACKLOG }, resolve));

	const port = parentPort!;
	port.on('message', (request: ThreadRequest) => {
		if (request.type === 'reset') {
			sandbox.control.reset();
			sandbox.control.setThroughput(sandbox.phoneNumberId, request.cap);
			records = { at: [], to: [], status: [], code: [], firstBody: null, proxyErrors: 0, proxyErrorSample: null };
			port.postMessage({ type: 'reset' });
		} else if (request.type === 'records') {
			port.postMessage({ type: 'records', records });
		} else if (request.type === 'stop') {
			proxy.closeAllConnections();
			proxy.close();
			agent.destroy();
			void sandbox.stop().then(() => port.postMessage({ type: 'stopped' }));
		}
	});
	const ready: ThreadReady = {
		type: 'ready',
		proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
		sandbox: { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, phoneNumberId: sandbox.phoneNumberId, appId: sandbox.appId, appSecret: sandbox.appSecret },
	};
	port.postMessage(ready);
}

/** The request's `to`, digits only (how the bench names a message); '' when the body has none. */
function recipientOf(body: Buffer): string {
	try {
		return String((JSON.parse(body.toString('utf8')) as { to?: unknown }).to ?? '').replace(/\D/g, '');
	} catch {
		return '';
	}
}

/** Meta's error code in an error answer, or 0 when the body is not Meta's envelope. */
function errorCodeOf(body: Buffer): number {
	try {
		return Number((JSON.parse(body.toString('utf8')) as { error?: { code?: unknown } }).error?.code ?? 0);
	} catch {
		return 0;
	}
}

void main();
