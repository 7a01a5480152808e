/** An in-process relay on 127.0.0.1 with a temp SQLite file, and a local HTTP server standing in for Zapier. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, RelayConfig } from '../../../relay/config';
import { RunningRelay, startRelay, StartRelayOptions } from '../../../relay/index';

export const APP_SECRET = 'relay-test-app-secret-7f3a';
export const VERIFY_TOKEN = 'relay-test-verify-token-91c2';
export const API_KEY = 'relay-test-api-key-0123456789abcdef';

/** Unit tests reach no DNS: every host name resolves to a public address (the guard's own tests use their own resolvers). */
export const PUBLIC_RESOLVER = async (): Promise<string[]> => ['93.184.215.14'];

export interface TestRelay {
	relay: RunningRelay;
	config: RelayConfig;
	logs: string[];
	/** Calls the relay; `apiKey: null` sends no key. */
	call(method: string, pathAndQuery: string, options?: { json?: unknown; body?: string; headers?: Record<string, string>; apiKey?: string | null }): Promise<{ status: number; headers: Headers; text: string; json: any }>;
	stop(): Promise<void>;
}

export async function startTestRelay(env: Record<string, string> = {}, options: Partial<StartRelayOptions> = {}): Promise<TestRelay> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-test-'));
	const config = loadConfig({
		PORT: '0',
		META_APP_SECRET: APP_SECRET,
		META_VERIFY_TOKEN: VERIFY_TOKEN,
		RELAY_API_KEYS: `${API_KEY},second-key-abcdefghijklmnop`,
		RELAY_SQLITE_PATH: path.join(directory, 'relay.sqlite'),
		RELAY_RETRY_BASE_MS: '20',
		// The local servers standing in for Zapier listen on loopback, which the relay refuses by default.
		RELAY_ALLOWED_TARGETS: '127.0.0.1',
		...env,
	});
	const logs: string[] = [];
	const relay = await startRelay({ config, log: (line) => logs.push(line), resolveHost: PUBLIC_RESOLVER, ...options });
	return {
		relay,
		config,
		logs,
		async call(method, pathAndQuery, callOptions = {}) {
			const headers: Record<string, string> = { ...callOptions.headers };
			if (callOptions.apiKey !== null) headers['x-api-key'] = callOptions.apiKey ?? API_KEY;
			let body = callOptions.body;
			if (callOptions.json !== undefined) {
				body = JSON.stringify(callOptions.json);
				headers['content-type'] = 'application/json';
			}
			const response = await fetch(`${relay.url}${pathAndQuery}`, { method, headers, body });
			const text = await response.text();
			let json: unknown;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			return { status: response.status, headers: response.headers, text, json };
		},
		async stop() {
			await relay.stop();
			fs.rmSync(directory, { recursive: true, force: true });
		},
	};
}

/** A port nothing listens on right now, for a relay whose public URL must be known before it starts. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export interface Received {
	headers: http.IncomingHttpHeaders;
	body: any;
	status: number;
}

/** A local server standing in for Zapier's hook URLs: records every POST and answers `respond()`. */
export async function startTarget(respond: (body: any, index: number) => number | 'hold' = () => 200): Promise<{
	url: string;
	received: Received[];
	/** Resolves once `count` requests have arrived (bounded by `timeoutMs`). */
	waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
	stop(): Promise<void>;
}> {
	const received: Received[] = [];
	let waiters: Array<{ count: number; resolve: () => void }> = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
			const status = respond(body, received.length);
			// 'hold': never answer, like a subscriber that hangs (status 0 = no answer given).
			received.push({ headers: request.headers, body, status: status === 'hold' ? 0 : status });
			if (status !== 'hold') response.writeHead(status, { 'content-type': 'application/json' }).end('{"status":"success"}');
			const ready = waiters.filter((waiter) => received.length >= waiter.count);
			waiters = waiters.filter((waiter) => received.length < waiter.count);
			for (const waiter of ready) waiter.resolve();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/standard/42/zap-secret/`;
	return {
		url,
		received,
		waitFor(count, timeoutMs = 10_000) {
			if (received.length >= count) return Promise.resolve(received);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`the target received ${received.length} of ${count} requests within ${timeoutMs} ms`)), timeoutMs);
				waiters.push({
					count,
					resolve: () => {
						clearTimeout(timer);
						resolve(received);
					},
				});
			});
		},
		async stop() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await closed;
		},
	};
}
