/**
 * Benchmark (1): `sendMessages` of 2,000 messages through the core with the plain-Node
 * runtime, against a local node:http server (127.0.0.1, free port, on its own thread) that answers
 * like Meta after 100 ms, with the limit at 1,000 per second. Reports the achieved rate over the limit (target ≥ 0.9) and checks that no message was
 * lost or sent twice.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { GraphClient } from '../shared/client';
import { nodeRuntime } from '../shared/node/runtime';
import { sendMessageBatch } from '../shared/operations/message/sendMessages';

const MESSAGES = 2_000;
const LIMIT_PER_SECOND = 1_000;
const SERVER_LATENCY_MS = 100;
const SENDER_ID = '200000000000001';

export interface SendMessagesBenchResult {
	/** achievedPerSecond / limit. */
	ratio: number;
	achievedPerSecond: number;
	limit: number;
	/** Inputs without a request at the server or without an ok result. */
	lost: number;
	/** Recipients the server saw more than once (one extra per repeat). */
	duplicated: number;
}

interface FakeMeta {
	baseUrl: string;
	/** Stops the server and returns the `to` of every request it received, in arrival order. */
	stop(): Promise<string[]>;
}

/**
 * The body of the fake Meta thread: `POST /vNN.0/<PHONE_NUMBER_ID>/messages` answered with Meta's
 * success shape (a unique wamid per request) after `latencyMs`. Self-contained (it is run from its
 * source text), so it only uses what it requires itself.
 */
function fakeMetaThread(): void {
	const http = require('node:http') as typeof import('node:http');
	const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
	const latencyMs = (workerData as { latencyMs: number }).latencyMs;
	const recipients: string[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !/^\/v\d+\.0\/\d+\/messages$/.test(req.url ?? '')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { code: 100, message: 'Unknown path' } }));
				return;
			}
			const to = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: unknown }).to);
			const id = `wamid.BENCH${String(recipients.push(to)).padStart(8, '0')}`;
			setTimeout(() => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id }] }));
			}, latencyMs);
		});
	});
	server.listen(0, '127.0.0.1', () => parentPort?.postMessage({ port: (server.address() as { port: number }).port }));
	parentPort?.on('message', () => {
		server.close(() => parentPort?.postMessage({ recipients }));
		server.closeAllConnections();
	});
}

/**
 * Starts the fake Meta on its own thread: Meta's servers do not share our CPU, so the server's work
 * must not slow the client being measured (on 2 cores, one event loop for both would).
 */
async function startFakeMeta(latencyMs: number): Promise<FakeMeta> {
	const thread = new Worker(`(${fakeMetaThread.toString()})()`, { eval: true, workerData: { latencyMs } });
	const next = <T>(): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			thread.once('message', resolve);
			thread.once('error', reject);
		});
	const { port } = await next<{ port: number }>();
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		stop: async () => {
			const stopped = next<{ recipients: string[] }>();
			thread.postMessage('stop');
			const { recipients } = await stopped;
			await thread.terminate();
			return recipients;
		},
	};
}

/** Runs the benchmark once and returns its figures. */
export async function benchSendMessages(): Promise<SendMessagesBenchResult> {
	const meta = await startFakeMeta(SERVER_LATENCY_MS);
	let recipients: string[] | undefined;
	try {
		const client = new GraphClient({ accessToken: 'bench-access-token', baseUrl: meta.baseUrl }, nodeRuntime());
		const messages = Array.from({ length: MESSAGES }, (_, index) => ({
			phoneNumberId: SENDER_ID,
			to: `+1555${String(index).padStart(7, '0')}`,
			messageType: 'text',
			text: `Benchmark message ${index + 1}`,
		}));
		const started = performance.now();
		const outcome = await sendMessageBatch(client, messages, { ratePerSecond: LIMIT_PER_SECOND });
		const elapsedMs = performance.now() - started;
		recipients = await meta.stop();

		const requestsPerRecipient = new Map<string, number>();
		for (const to of recipients) requestsPerRecipient.set(to, (requestsPerRecipient.get(to) ?? 0) + 1);
		let lost = 0;
		messages.forEach((message, index) => {
			const result = outcome.results[index];
			if (!requestsPerRecipient.has(message.to) || !result || result.index !== index || !result.ok) lost++;
		});
		let duplicated = 0;
		for (const count of requestsPerRecipient.values()) duplicated += count - 1;

		const achievedPerSecond = MESSAGES / (elapsedMs / 1000);
		return { ratio: achievedPerSecond / LIMIT_PER_SECOND, achievedPerSecond, limit: LIMIT_PER_SECOND, lost, duplicated };
	} finally {
		if (!recipients) await meta.stop().catch(() => undefined);
	}
}

if (require.main === module) {
	benchSendMessages().then(
		(result) => {
			console.log(
				`sendMessages ${MESSAGES} @ ${LIMIT_PER_SECOND}/s with ${SERVER_LATENCY_MS} ms latency: ratio ${result.ratio.toFixed(3)} (≥ 0.9 required), lost ${result.lost}, duplicated ${result.duplicated}`,
			);
		},
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
