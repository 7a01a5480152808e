/**
 * Benchmark (1) of issue 2: `sendMessages` of 2,000 messages through the core with the plain-Node
 * runtime, against a local server that answers like Meta after 100 ms, with the limit at 1,000 per
 * second. Reports the achieved rate over the limit (target ≥ 0.9) and checks that no message was
 * lost or sent twice.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
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
	/** `to` of every request, in arrival order. */
	recipients: string[];
	stop(): Promise<void>;
}

/** A stand-in for `POST /vNN.0/<PHONE_NUMBER_ID>/messages` answering Meta's success shape after a delay. */
async function startFakeMeta(latencyMs: number): Promise<FakeMeta> {
	const recipients: string[] = [];
	let sequence = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !/^\/v\d+\.0\/\d+\/messages$/.test(req.url ?? '')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { code: 100, message: 'Unknown path' } }));
				return;
			}
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string };
			recipients.push(body.to);
			const id = `wamid.BENCH${String(++sequence).padStart(8, '0')}`;
			setTimeout(() => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to.replace(/^\+/, '') }], messages: [{ id }] }));
			}, latencyMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		recipients,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Runs the benchmark once and returns its figures. */
export async function benchSendMessages(): Promise<SendMessagesBenchResult> {
	const meta = await startFakeMeta(SERVER_LATENCY_MS);
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

		const requestsPerRecipient = new Map<string, number>();
		for (const to of meta.recipients) requestsPerRecipient.set(to, (requestsPerRecipient.get(to) ?? 0) + 1);
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
		await meta.stop();
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
