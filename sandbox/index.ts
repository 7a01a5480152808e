/**
 * The sandbox: a local, stateful simulator of the WhatsApp Cloud API (Graph API) endpoints the core
 * uses, following docs/meta-api.md. It is Meta's side, so it shares no code with the
 * core (not even types): a misreading of Meta cannot hide by being mirrored on both sides.
 *
 * ```ts
 * const sb = await startSandbox({ port: 0 });
 * // sb.baseUrl, sb.accessToken, sb.wabaId, sb.appId, sb.appSecret, sb.control.*, await sb.stop()
 * ```
 */
import type { AddressInfo } from 'node:net';
import { SandboxClock } from './clock';
import type { SandboxContext, StatusTiming } from './context';
import { SandboxControl } from './control';
import { FaultInjector } from './faults';
import { PairRate, SendLimits } from './rateLimit';
import { createSandboxServer } from './server';
import { defaultSeed } from './seed';
import { SandboxState } from './state';
import type { FaultOptions, SandboxSeed, WebhookRetryOptions } from './types';
import { DeliveryPredicate, DeliveryRecord, WebhookDelivery } from './webhookDelivery';

export { CONTROL_ENDPOINTS } from './routes/control';
export { expectedAppsecretProof } from './appsecretProof';
export { COEXISTENCE, COEXISTENCE_SEED } from './coexistence';
export { NAME_NOT_APPROVED } from './nameReview';
export { defaultTemplates } from './templates/seed';
export type { TemplateDecision } from './templates/control';
export type { SeedTemplate, TemplateRecord } from './templates/store';
export { DEFAULT_SEED, defaultSeed, readSeedFile } from './seed';
export { ControlError, SandboxControl } from './control';
export type { InboundMessage, InboundResult, NameDecision, NumberStatusUpdate } from './control';
export type { InboundMedia } from './inbound';
export { MessagingControl } from './messagingControl';
export type { UserIdChange, UserUpdate } from './messagingControl';
export type { DeliveryPredicate, DeliveryRecord } from './webhookDelivery';
export type { PairRate } from './rateLimit';
export type { FaultOptions, SandboxSeed, SeedApp, SeedContact, SeedNumber, SeedWaba, WebhookRetryOptions } from './types';

export interface SandboxOptions {
	/** 0 (default) picks a free port. Always bound to 127.0.0.1. */
	port?: number;
	/** The starting world; defaults to one WABA with one CONNECTED number (see DEFAULT_SEED). */
	seed?: SandboxSeed;
	/** Delay added to every Graph API answer. */
	latencyMs?: number;
	faults?: FaultOptions;
	/** Default messages per second per number before 130429 (80); a number's own setting wins. */
	throughputPerSecond?: number;
	/** 131056 pair rate; default 45 at once then 1 per 6 s. null turns it off. */
	pairRate?: PairRate | null;
	/** When status webhooks follow a send. Default: sent after 5 ms, then every 20 ms, read on. */
	statusTiming?: Partial<StatusTiming>;
	/**
	 * Put status webhooks due within `windowMs` for the same callback and number in one POST (up to
	 * `maxItems`, default 100). Off by default (one status per POST). Turn it on for load tests with a
	 * callback: thousands of separate POSTs per second cost more CPU than the sends themselves.
	 */
	webhookBatching?: { windowMs: number; maxItems?: number };
	/** Webhook retries; default 5 attempts from 1 s doubling to 30 s, 5 s timeout. */
	webhookRetry?: WebhookRetryOptions;
	/** Sandbox log lines (verification codes, failed deliveries). Default: none. */
	log?: (line: string) => void;
	/** Also log one line per Graph API call. */
	logRequests?: boolean;
	/** The base clock (ms since epoch); `control.advanceClock` moves the sandbox's time on top of it. */
	now?: () => number;
	/** Randomness for fault injection (tests pass a fixed sequence). */
	random?: () => number;
}

export interface Sandbox {
	/** `http://127.0.0.1:PORT`; Graph paths are `/vNN.0/...`. */
	baseUrl: string;
	port: number;
	accessToken: string;
	wabaId: string;
	/** The first number of the first WABA (CONNECTED in the default seed). */
	phoneNumberId: string;
	appId: string;
	appSecret: string;
	control: SandboxControl;
	/** The webhook delivery log (live). */
	readonly deliveries: readonly DeliveryRecord[];
	/** Resolves with the first finished delivery matching `predicate` (rejects after `timeoutMs`, default 5 s). */
	waitForDelivery(predicate: DeliveryPredicate, timeoutMs?: number): Promise<DeliveryRecord>;
	/** Stops the server, ends open connections and cancels pending webhooks. */
	stop(): Promise<void>;
}

/** Starts a sandbox on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const batching = options.webhookBatching;
	if (batching && !(batching.windowMs >= 0 && (batching.maxItems === undefined || batching.maxItems >= 1))) {
		throw new RangeError('webhookBatching needs windowMs ≥ 0 and maxItems ≥ 1');
	}
	const seed = options.seed ?? defaultSeed();
	const clock = new SandboxClock(options.now);
	const state = SandboxState.fromSeed(seed, clock.now());
	const timers = new Set<NodeJS.Timeout>();
	let baseUrl = '';
	const log = options.log ?? ((): void => undefined);
	const ctx: SandboxContext = {
		state,
		clock,
		limits: new SendLimits({ pairRate: options.pairRate, defaultThroughput: options.throughputPerSecond }),
		webhooks: new WebhookDelivery({ appSecret: () => ctx.state.appSecret, now: () => clock.now(), retry: options.webhookRetry, log }),
		faults: new FaultInjector({ latencyMs: options.latencyMs, faults: options.faults }, options.random),
		statusTiming: { sentMs: 5, stepMs: 20, read: true, ...options.statusTiming },
		webhookBatching: batching ? { windowMs: batching.windowMs, maxItems: batching.maxItems ?? 100 } : null,
		log,
		baseUrl: () => baseUrl,
		later: (fn, delayMs) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				fn();
			}, delayMs);
			timers.add(timer);
		},
	};
	if (options.throughputPerSecond !== undefined) {
		// Numbers without their own setting in the seed take the sandbox-wide default.
		for (const waba of seed.wabas ?? []) {
			for (const number of waba.numbers ?? []) {
				if (number.throughputPerSecond === undefined) ctx.state.numbers.get(String(number.id))!.throughputPerSecond = options.throughputPerSecond;
			}
		}
	}
	const control = new SandboxControl(ctx, seed);
	const { server, closeAll } = createSandboxServer(ctx, control, { logRequests: options.logRequests });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	baseUrl = `http://127.0.0.1:${port}`;
	const firstWaba = ctx.state.wabas.values().next().value;
	let stopped: Promise<void> | undefined;
	return {
		baseUrl,
		port,
		accessToken: ctx.state.accessToken,
		wabaId: firstWaba?.id ?? '',
		phoneNumberId: firstWaba?.numberIds[0] ?? '',
		appId: ctx.state.appId,
		appSecret: ctx.state.appSecret,
		control,
		get deliveries() {
			return ctx.webhooks.records;
		},
		waitForDelivery: (predicate, timeoutMs) => ctx.webhooks.waitFor(predicate, timeoutMs),
		stop: () => {
			stopped ??= new Promise<void>((resolve) => {
				for (const timer of timers) clearTimeout(timer);
				timers.clear();
				ctx.webhooks.stop();
				server.close(() => resolve());
				closeAll();
			});
			return stopped;
		},
	};
}
