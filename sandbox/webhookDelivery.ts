/**
 * Delivers webhooks like Meta (docs/meta-api.md §3.1): before the first POST to a callback URL it sends
 * the verification GET (`hub.mode=subscribe`, an integer `hub.challenge`, `hub.verify_token`) and
 * requires the challenge echoed with a 200; each POST carries
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` over Meta-style JSON
 * (non-ASCII escaped); failures are retried with exponential backoff, a bounded number of times.
 */
import { createHmac, randomInt } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { toMetaJson } from './metaJson';
import type { CallbackTarget } from './state';
import type { WebhookRetryOptions } from './types';

export interface DeliveryRecord {
	id: number;
	field: string;
	url: string;
	wabaId: string;
	phoneNumberId?: string;
	/** The webhook body as an object. */
	payload: unknown;
	/** The exact bytes POSTed (and signed). */
	body: string;
	/** The `X-Hub-Signature-256` header value. */
	signature: string;
	status: 'pending' | 'delivered' | 'failed';
	attempts: number;
	lastError?: string;
	lastStatusCode?: number;
	createdAt: number;
	finishedAt?: number;
}

export type DeliveryPredicate = (record: DeliveryRecord) => boolean;

interface Waiter {
	predicate: DeliveryPredicate;
	resolve: (record: DeliveryRecord) => void;
}

interface HttpAnswer {
	status: number;
	body: string;
}

const DEFAULT_RETRY: Required<WebhookRetryOptions> = { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 5000 };

export class CallbackVerificationError extends Error {}

export class WebhookDelivery {
	private readonly retry: Required<WebhookRetryOptions>;
	private readonly log: DeliveryRecord[] = [];
	private readonly verified = new Map<string, Promise<void>>();
	private readonly waiters = new Set<Waiter>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<http.ClientRequest>();
	private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
	private nextId = 1;
	private stopped = false;

	constructor(
		private readonly options: {
			appSecret: () => string;
			now: () => number;
			retry?: WebhookRetryOptions;
			log?: (line: string) => void;
			/** Delivery records kept (oldest dropped first). */
			maxRecords?: number;
		},
	) {
		this.retry = { ...DEFAULT_RETRY, ...options.retry };
	}

	get records(): readonly DeliveryRecord[] {
		return this.log;
	}

	/** Queues a signed POST of `payload` to `target`; returns its (live) record at once. */
	send(target: CallbackTarget, field: string, payload: unknown, where: { wabaId: string; phoneNumberId?: string }): DeliveryRecord {
		const body = toMetaJson(payload);
		const record: DeliveryRecord = {
			id: this.nextId++,
			field,
			url: target.url,
			wabaId: where.wabaId,
			phoneNumberId: where.phoneNumberId,
			payload,
			body,
			signature: `sha256=${createHmac('sha256', this.options.appSecret()).update(body, 'utf8').digest('hex')}`,
			status: 'pending',
			attempts: 0,
			createdAt: this.options.now(),
		};
		this.log.push(record);
		const max = this.options.maxRecords ?? 20_000;
		if (this.log.length > max) this.log.splice(0, this.log.length - max);
		void this.attempt(record, target);
		return record;
	}

	/**
	 * Meta's verification GET. Resolves once the callback echoed the challenge; remembered per URL and
	 * token so later deliveries skip it. Throws CallbackVerificationError saying what the callback did.
	 */
	verify(target: CallbackTarget): Promise<void> {
		const key = `${target.url}\n${target.verifyToken}`;
		let pending = this.verified.get(key);
		if (!pending) {
			pending = this.challenge(target);
			this.verified.set(key, pending);
			pending.catch(() => this.verified.delete(key));
		}
		return pending;
	}

	/** Resolves with the first finished (delivered or given-up) record matching `predicate`. */
	waitFor(predicate: DeliveryPredicate, timeoutMs = 5000): Promise<DeliveryRecord> {
		const found = this.log.find((record) => record.status !== 'pending' && predicate(record));
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				predicate,
				resolve: (record) => {
					clearTimeout(timer);
					this.timers.delete(timer);
					resolve(record);
				},
			};
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				this.waiters.delete(waiter);
				reject(new Error(`No matching webhook delivery finished within ${timeoutMs} ms (${this.log.length} deliveries so far)`));
			}, timeoutMs);
			this.timers.add(timer);
			this.waiters.add(waiter);
		});
	}

	clear(): void {
		this.log.length = 0;
	}

	/** Forgets verified callbacks (e.g. after a state load), so the next delivery verifies again. */
	forgetVerifications(): void {
		this.verified.clear();
	}

	stop(): void {
		this.stopped = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		// Destroying a request in the same tick it started connecting aborted Node 20 (libuv
		// uv__stream_destroy assertion) under jest's HTTP interception; one turn later is safe.
		for (const request of this.inFlight) setImmediate(() => request.destroy());
		this.inFlight.clear();
		this.agents.http.destroy();
		this.agents.https.destroy();
	}

	private async attempt(record: DeliveryRecord, target: CallbackTarget): Promise<void> {
		if (this.stopped) return;
		record.attempts++;
		try {
			await this.verify(target);
			const answer = await this.request('POST', target.url, {
				'content-type': 'application/json',
				'x-hub-signature-256': record.signature,
				'user-agent': 'facebookexternalua',
			}, record.body);
			record.lastStatusCode = answer.status;
			if (answer.status < 200 || answer.status > 299) throw new Error(`the callback answered HTTP ${answer.status}`);
			this.finish(record, 'delivered');
		} catch (error) {
			if (this.stopped) return;
			record.lastError = (error as Error).message;
			if (record.attempts >= this.retry.maxAttempts) {
				this.options.log?.(`webhook ${record.field} to ${record.url} failed after ${record.attempts} attempts: ${record.lastError}`);
				this.finish(record, 'failed');
				return;
			}
			const delay = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (record.attempts - 1));
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				void this.attempt(record, target);
			}, delay);
			this.timers.add(timer);
		}
	}

	private finish(record: DeliveryRecord, status: 'delivered' | 'failed'): void {
		record.status = status;
		record.finishedAt = this.options.now();
		for (const waiter of this.waiters) {
			if (waiter.predicate(record)) {
				this.waiters.delete(waiter);
				waiter.resolve(record);
			}
		}
	}

	private async challenge(target: CallbackTarget): Promise<void> {
		const challenge = String(randomInt(1, 2 ** 31 - 1));
		let url: URL;
		try {
			url = new URL(target.url);
		} catch {
			throw new CallbackVerificationError(`the callback URL ${target.url} is not a valid URL`);
		}
		url.searchParams.set('hub.mode', 'subscribe');
		url.searchParams.set('hub.challenge', challenge);
		url.searchParams.set('hub.verify_token', target.verifyToken);
		let answer: HttpAnswer;
		try {
			answer = await this.request('GET', url.toString(), { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' });
		} catch (error) {
			throw new CallbackVerificationError(`the verification request to ${target.url} failed: ${(error as Error).message}`);
		}
		if (answer.status !== 200) throw new CallbackVerificationError(`the callback answered the verification request with HTTP ${answer.status}`);
		if (answer.body.trim() !== challenge) throw new CallbackVerificationError('the callback did not echo hub.challenge');
	}

	private request(method: string, target: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
		return new Promise((resolve, reject) => {
			if (this.stopped) {
				reject(new Error('the sandbox is stopping'));
				return;
			}
			const url = new URL(target);
			const secure = url.protocol === 'https:';
			if (!secure && url.protocol !== 'http:') {
				reject(new Error(`unsupported protocol ${url.protocol}`));
				return;
			}
			const allHeaders: Record<string, string | number> = { ...headers };
			if (body !== undefined) allHeaders['content-length'] = Buffer.byteLength(body);
			const request = (secure ? https : http).request(url, { method, headers: allHeaders, agent: secure ? this.agents.https : this.agents.http }, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', (error) => {
					this.inFlight.delete(request);
					reject(error);
				});
				response.on('end', () => {
					this.inFlight.delete(request);
					resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
				});
			});
			this.inFlight.add(request);
			request.setTimeout(this.retry.timeoutMs, () => request.destroy(new Error(`no answer within ${this.retry.timeoutMs} ms`)));
			request.on('error', (error) => {
				this.inFlight.delete(request);
				reject(error);
			});
			request.end(body);
		});
	}
}
