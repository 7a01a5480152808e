/**
 * The relay's HTTP interface (node:http, no framework):
 * - Meta's callback: `GET /meta/webhook` (verification) and `POST /meta/webhook` (signed events,
 *   stored before the 200);
 * - the subscription API for Zapier and other subscribers, authenticated with `X-Api-Key`;
 * - `GET /health` for load balancers.
 * Every error answer is JSON `{error: {code, message}}`, the message saying what to do next.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { WhatsAppError } from '../shared/errors';
import { redact, rememberSecret } from '../shared/redact';
import type { Runtime } from '../shared/runtime';
import { answerChallenge, SIGNATURE_HEADER, verifyAndParse } from '../shared/webhooks';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../shared/webhooks/types';
import type { Clock } from './clock';
import type { RelayConfig } from './config';
import { configureMetaOverride, META_WEBHOOK_PATH } from './metaConfigure';
import { DELIVERY_STATES, Delivery, DeliveryState, IdentityHashRecord, RelayStorage, StoredEvent, Subscription } from './storage/types';

export const API_KEY_HEADER = 'x-api-key';

/** Largest `limit` on list endpoints. */
export const MAX_LIST_LIMIT = 100;

export interface RelayHandlerOptions {
	config: Pick<RelayConfig, 'appSecret' | 'verifyToken' | 'apiKeys' | 'publicUrl' | 'meta' | 'maxBodyBytes'>;
	storage: RelayStorage;
	clock: Clock;
	/** Called after new events are committed (wakes the delivery worker). */
	onEventsStored?: () => void;
	/** Called after parked deliveries are put back in their outbox. */
	onDeliveriesRetried?: () => void;
	/** Runtime for the Graph API calls of POST /meta/configure. */
	graphRuntime: Runtime;
	log?: (line: string) => void;
}

/** An error answer; `message` is shown to the caller as is. */
class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
	res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
	sendJson(res, status, { error: { code, message } });
}

/** Reads the body as raw bytes (the signature covers exactly these), refusing more than `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooLarge) reject(new HttpError(413, 'body_too_large', `The request body is larger than ${limit} bytes.`));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
}

function parseJsonBody(raw: Buffer): Record<string, unknown> {
	if (raw.length === 0) return {};
	let value: unknown;
	try {
		value = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'invalid_json', 'The request body must be a JSON object, e.g. {"target_url": "https://…", "event_type": "identityMismatch"}.');
	return value as Record<string, unknown>;
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time check against every configured key (hashing first hides the keys' lengths). */
function apiKeyMatches(given: string | string[] | undefined, keys: Buffer[]): boolean {
	if (typeof given !== 'string' || given === '') return false;
	const candidate = digest(given);
	let match = false;
	for (const key of keys) match = timingSafeEqual(candidate, key) || match;
	return match;
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, 'invalid_input', `${field} must be a string.`);
	return String(value).trim() || undefined;
}

function metaId(value: string | undefined, field: string): string | undefined {
	if (value === undefined) return undefined;
	if (!/^\d{1,25}$/.test(value)) throw new HttpError(400, 'invalid_input', `${field} "${value}" is not a Meta ID: use the numeric ID from WhatsApp Manager (digits only), or leave it out.`);
	return value;
}

function eventType(value: string, field: string): WebhookEventType {
	const match = WEBHOOK_EVENT_TYPES.find((type) => type.toLowerCase() === value.trim().toLowerCase());
	if (!match) throw new HttpError(400, 'invalid_input', `${field} "${value}" is not an event type. Use one of: ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
	return match;
}

/** `event_type`: one type, a comma-separated list, or an array of types. */
function eventTypes(value: unknown): WebhookEventType[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	const names = items.map((item) => String(item).trim()).filter(Boolean);
	if (names.length === 0) {
		throw new HttpError(400, 'invalid_input', `event_type is required: the kind of event to receive, one of ${WEBHOOK_EVENT_TYPES.join(', ')} (several may be given as a list).`);
	}
	return [...new Set(names.map((name) => eventType(name, 'event_type')))];
}

function targetUrl(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new HttpError(400, 'invalid_input', 'target_url is required: the URL the relay should POST each event to (Zapier provides it as bundle.targetUrl).');
	}
	const text = value.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new HttpError(400, 'invalid_input', 'target_url is not a URL. Give a full address such as https://hooks.zapier.com/hooks/standard/…');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpError(400, 'invalid_input', 'target_url must start with https:// (or http:// for a local test).');
	if (text.length > 2048) throw new HttpError(400, 'invalid_input', 'target_url is longer than 2048 characters.');
	return text;
}

function limitParam(params: URLSearchParams, fallback: number): number {
	const text = params.get('limit');
	if (text === null || text === '') return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1 || value > MAX_LIST_LIMIT) throw new HttpError(400, 'invalid_input', `limit must be a whole number from 1 to ${MAX_LIST_LIMIT} (got "${text}").`);
	return value;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function subscriptionJson(subscription: Subscription): Record<string, unknown> {
	return {
		id: subscription.id,
		target_url: subscription.targetUrl,
		event_type: subscription.eventTypes.join(','),
		event_types: subscription.eventTypes,
		phone_number_id: subscription.phoneNumberId ?? null,
		waba_id: subscription.wabaId ?? null,
		created_at: iso(subscription.createdAt),
	};
}

/** Same shape as the delivery payload's `id`, `type`, `event`, `received_at`, so one converter serves both. */
export function eventJson(event: StoredEvent): Record<string, unknown> {
	return { id: event.dedupeKey, type: event.type, event: event.event, received_at: iso(event.receivedAt) };
}

export function deliveryJson(delivery: Delivery): Record<string, unknown> {
	return {
		id: delivery.id,
		subscription_id: delivery.subscriptionId,
		sequence: delivery.sequence,
		event_id: delivery.dedupeKey,
		event_type: delivery.eventType,
		state: delivery.state,
		attempts: delivery.attempts,
		next_attempt_at: delivery.state === 'pending' ? iso(delivery.nextAttemptAt) : null,
		last_status: delivery.lastStatus ?? null,
		last_error: delivery.lastError ?? null,
		created_at: iso(delivery.createdAt),
		delivered_at: iso(delivery.deliveredAt),
	};
}

export function identityHashJson(record: IdentityHashRecord): Record<string, unknown> {
	return {
		phone_number_id: record.phoneNumberId,
		wa_id: record.waId,
		identity_key_hash: record.identityKeyHash,
		source: record.source,
		observed_at: iso(record.observedAt),
		updated_at: iso(record.updatedAt),
		event_id: record.dedupeKey,
	};
}

/** Builds the request listener; see the file comment for the routes. */
export function createRelayHandler(options: RelayHandlerOptions): RequestListener {
	const { config, storage, clock } = options;
	const log = options.log ?? (() => undefined);
	const keyDigests = config.apiKeys.map(digest);
	for (const secret of [config.appSecret, config.verifyToken, config.meta.accessToken, ...config.apiKeys]) rememberSecret(secret);

	function requireApiKey(req: IncomingMessage): void {
		if (!apiKeyMatches(req.headers[API_KEY_HEADER], keyDigests)) {
			throw new HttpError(401, 'unauthorized', 'Missing or wrong API key. Send one of the keys from the relay\'s RELAY_API_KEYS setting in the X-Api-Key header.');
		}
	}

	async function metaWebhookPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const raw = await readBody(req, config.maxBodyBytes);
		const result = verifyAndParse(raw, req.headers[SIGNATURE_HEADER], config.appSecret);
		if (!result.ok) {
			log(`webhook: refused a POST (${result.status}): ${result.reason}`);
			return sendError(res, result.status, result.status === 400 ? 'not_a_whatsapp_webhook' : 'bad_signature', result.reason);
		}
		// Stored (committed) before the 200: once Meta hears 200 it never sends the events again.
		const stored = result.events.length ? await storage.acceptEvents(result.events, clock.now()) : { stored: 0, duplicates: 0, deliveriesQueued: 0 };
		if (stored.stored) options.onEventsStored?.();
		if (result.events.length) log(`webhook: ${stored.stored} new events stored, ${stored.duplicates} already known, ${stored.deliveriesQueued} deliveries queued`);
		sendJson(res, 200, { received: result.events.length, stored: stored.stored, duplicates: stored.duplicates });
	}

	async function createSubscription(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = parseJsonBody(await readBody(req, 64 * 1024));
		const subscription = await storage.createSubscription(
			{
				targetUrl: targetUrl(body.target_url),
				eventTypes: eventTypes(body.event_type ?? body.event_types),
				phoneNumberId: metaId(optionalText(body, 'phone_number_id'), 'phone_number_id'),
				wabaId: metaId(optionalText(body, 'waba_id'), 'waba_id'),
			},
			clock.now(),
		);
		log(`subscriptions: created ${subscription.id} for ${subscription.eventTypes.join(', ')} (target host ${new URL(subscription.targetUrl).host})`);
		sendJson(res, 201, subscriptionJson(subscription));
	}

	async function configureMeta(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = parseJsonBody(await readBody(req, 64 * 1024));
		const accessToken = optionalText(body, 'access_token') ?? config.meta.accessToken;
		rememberSecret(accessToken);
		try {
			const result = await configureMetaOverride(
				{
					publicUrl: config.publicUrl,
					verifyToken: config.verifyToken,
					accessToken,
					wabaId: optionalText(body, 'waba_id') ?? config.meta.wabaId,
					graphBaseUrl: config.meta.graphBaseUrl,
					apiVersion: config.meta.apiVersion,
				},
				options.graphRuntime,
			);
			log(`meta: the webhook override of WABA ${result.wabaId} now points at ${result.callbackUrl}${result.confirmed ? '' : ' (Meta does not show it yet when read back)'}`);
			sendJson(res, 200, { success: result.success, waba_id: result.wabaId, callback_url: result.callbackUrl, confirmed: result.confirmed });
		} catch (error) {
			if (!(error instanceof WhatsAppError)) throw error;
			const status = error.category === 'invalid_input' ? 400 : 502;
			log(`meta: configuring the override failed: ${error.message}`);
			sendJson(res, status, { error: { code: status === 400 ? 'invalid_input' : 'meta_error', message: error.message, meta: error.toJSON() } });
		}
	}

	async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://relay.local');
		const method = req.method ?? 'GET';
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const segments = path.split('/').slice(1).map((segment) => decodeURIComponent(segment));

		if (path === META_WEBHOOK_PATH) {
			if (method === 'GET') {
				const answer = answerChallenge(Object.fromEntries(url.searchParams), config.verifyToken);
				if (!answer.ok) {
					log(`webhook: refused a verification request (${answer.status})`);
					return sendError(res, answer.status, 'verification_failed', answer.reason);
				}
				log('webhook: answered Meta\'s verification request');
				res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
				return void res.end(answer.challenge);
			}
			if (method === 'POST') return metaWebhookPost(req, res);
			throw new HttpError(405, 'method_not_allowed', 'Meta\'s callback accepts GET (verification) and POST (events) only.');
		}
		if (path === '/health' && method === 'GET') return sendJson(res, 200, { ok: true, storage: storage.kind });

		requireApiKey(req);
		if (path === '/subscriptions') {
			if (method === 'POST') return createSubscription(req, res);
			if (method === 'GET') return sendJson(res, 200, { data: (await storage.listSubscriptions()).map(subscriptionJson) });
		}
		if (segments[0] === 'subscriptions' && segments.length === 2 && method === 'DELETE') {
			if (!(await storage.deleteSubscription(segments[1]))) {
				throw new HttpError(404, 'not_found', `There is no subscription ${segments[1]} (it may have been removed already, or after its target answered 410).`);
			}
			log(`subscriptions: deleted ${segments[1]}`);
			return sendJson(res, 200, { id: segments[1], deleted: true });
		}
		if (path === '/events' && method === 'GET') {
			const type = url.searchParams.get('type');
			const events = await storage.recentEvents({ type: type ? eventType(type, 'type') : undefined, limit: limitParam(url.searchParams, 10) });
			return sendJson(res, 200, { data: events.map(eventJson) });
		}
		if (segments[0] === 'identity-hashes' && segments.length === 3 && method === 'GET') {
			const phoneNumberId = metaId(segments[1], 'phone_number_id') as string;
			const waId = segments[2].trim();
			if (!waId || waId.length > 64) throw new HttpError(400, 'invalid_input', 'The WhatsApp ID must be the recipient\'s number in international form, digits only, e.g. 16505551234.');
			const record = await storage.getIdentityHash(phoneNumberId, waId.replace(/^\+/, ''));
			if (!record) {
				throw new HttpError(
					404,
					'not_found',
					`No identity hash is stored for WhatsApp ID ${waId} on phone number ${phoneNumberId}. The relay learns it from that person's next message to the number, or from a status webhook, while the identity check is on for the number.`,
				);
			}
			return sendJson(res, 200, identityHashJson(record));
		}
		if (path === '/deliveries' && method === 'GET') {
			const state = url.searchParams.get('state') || undefined;
			if (state && !DELIVERY_STATES.includes(state as DeliveryState)) throw new HttpError(400, 'invalid_input', `state must be one of ${DELIVERY_STATES.join(', ')} (got "${state}").`);
			const deliveries = await storage.listDeliveries({
				state: state as DeliveryState | undefined,
				subscriptionId: url.searchParams.get('subscription_id') || undefined,
				limit: limitParam(url.searchParams, 50),
			});
			return sendJson(res, 200, { data: deliveries.map(deliveryJson) });
		}
		if (path === '/deliveries/retry' && method === 'POST') {
			const body = parseJsonBody(await readBody(req, 64 * 1024));
			const retried = await storage.retryParked({ subscriptionId: optionalText(body, 'subscription_id') }, clock.now());
			if (retried) options.onDeliveriesRetried?.();
			return sendJson(res, 200, { retried });
		}
		if (segments[0] === 'deliveries' && segments.length === 3 && segments[2] === 'retry' && method === 'POST') {
			const id = Number(segments[1]);
			if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(400, 'invalid_input', `"${segments[1]}" is not a delivery id (a whole number from GET /deliveries).`);
			const retried = await storage.retryParked({ id }, clock.now());
			if (!retried) throw new HttpError(404, 'not_parked', `Delivery ${id} is not parked (only parked deliveries can be retried; see GET /deliveries?state=parked).`);
			options.onDeliveriesRetried?.();
			return sendJson(res, 200, { retried });
		}
		if (path === '/meta/configure' && method === 'POST') return configureMeta(req, res);
		throw new HttpError(404, 'not_found', `${method} ${path} is not a relay endpoint. The endpoints are listed in relay/README.md.`);
	}

	return (req, res) => {
		route(req, res).catch((error: unknown) => {
			if (res.headersSent) return void res.destroy();
			if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message);
			// A storage failure: Meta (or the caller) must try again, so the answer is a 5xx.
			log(`error: ${redact(error instanceof Error ? error.message : String(error))}`);
			sendError(res, 503, 'unavailable', 'The relay could not save or read its data just now. Try again shortly; Meta retries webhooks by itself.');
		});
	};
}
