/** The parent side of metaThread.ts: starts the thread, resets it between runs, reads its records. */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** What the proxy saw of the `POST …/messages` calls since the last reset, in arrival order. */
export interface MessageRecords {
	/** Arrival time at the proxy (ms since epoch). */
	at: number[];
	/** The request's `to`, digits only. */
	to: string[];
	/** The HTTP status the sandbox answered. */
	status: number[];
	/** Meta's error code of a non-200 answer (0 when unreadable); null for 200. */
	code: Array<number | null>;
	/** The first message's body as sent, to check that both sides send the same JSON. */
	firstBody: string | null;
	/** Sends the proxy could not pass to the sandbox (answered 502; a fault of the bench, not of n8n). */
	proxyErrors: number;
	/** The first such failure, as Node reported it. */
	proxyErrorSample: string | null;
}

export interface SandboxIdentity {
	accessToken: string;
	wabaId: string;
	phoneNumberId: string;
	appId: string;
	appSecret: string;
}

export type ThreadRequest = { type: 'reset'; cap: number } | { type: 'records' } | { type: 'stop' };
export interface ThreadReady {
	type: 'ready';
	proxyUrl: string;
	sandbox: SandboxIdentity;
}

export interface MetaStandIn {
	/** Where n8n sends its Graph calls (the credentials' Base URL). */
	baseUrl: string;
	sandbox: SandboxIdentity;
	/** Fresh sandbox state, this throughput cap for the number, and no records. */
	reset(cap: number): Promise<void>;
	records(): Promise<MessageRecords>;
	stop(): Promise<void>;
}

export async function startMetaStandIn(options: { latencyMs: number }): Promise<MetaStandIn> {
	// Runs from dist/ (npm run bench:n8n builds first), where the thread's compiled file sits beside this one.
	const thread = new Worker(path.join(__dirname, 'metaThread.js'), { workerData: { latencyMs: options.latencyMs } });
	const next = <T>(type: string): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const onMessage = (message: { type: string }): void => {
				if (message.type !== type) return;
				thread.off('message', onMessage);
				thread.off('error', reject);
				resolve(message as T);
			};
			thread.on('message', onMessage);
			thread.once('error', reject);
		});
	const ready = await next<ThreadReady>('ready');
	const ask = async <T>(request: ThreadRequest, answer: string): Promise<T> => {
		const reply = next<T>(answer);
		thread.postMessage(request);
		return reply;
	};
	return {
		baseUrl: ready.proxyUrl,
		sandbox: ready.sandbox,
		reset: async (cap) => {
			await ask({ type: 'reset', cap }, 'reset');
		},
		records: async () => (await ask<{ records: MessageRecords }>({ type: 'records' }, 'records')).records,
		stop: async () => {
			await ask({ type: 'stop' }, 'stopped');
			await thread.terminate();
		},
	};
}
