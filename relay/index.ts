/**
 * The relay: Meta's webhook endpoint, a subscription API, and durable at-least-once fan-out of
 * events to subscribers (Zapier REST hooks and any HTTP endpoint). `startRelay` runs it in-process
 * (tests, the bench); `relay/cli.ts` is the deployable command.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeRuntime } from '../shared/node/runtime';
import type { HttpTransport, Runtime } from '../shared/runtime';
import { Clock, systemClock } from './clock';
import type { RelayConfig } from './config';
import { DeliveryWorker, deliveryTransport } from './delivery';
import { createRelayHandler } from './server';
import { openStorage } from './storage';
import type { RelayStorage } from './storage/types';
import { parseAllowedTargets, Resolver, systemResolver, TargetGuard } from './targets';

export { loadConfig, ConfigError } from './config';
export type { RelayConfig } from './config';
export { DeliveryWorker, DEFAULT_DELIVERY_POLICY, retryDelayMs, deliveryPayload, deliveryTransport } from './delivery';
export type { DeliveryPolicy } from './delivery';
export type { RelayDeliveryPayload } from '../shared/relayContract';
export { META_WEBHOOK_PATH, configureMetaOverride, metaCallbackUrl } from './metaConfigure';
export { createRelayHandler, API_KEY_HEADER } from './server';
export { TargetGuard, TargetRefusedError, parseAllowedTargets } from './targets';
export { openStorage, SqliteStorage, PostgresStorage } from './storage';
export type { RelayStorage } from './storage/types';
export { systemClock } from './clock';
export type { Clock } from './clock';

export interface StartRelayOptions {
	config: RelayConfig;
	/** Defaults to the storage the config names (opened and migrated here, closed by `stop`). */
	storage?: RelayStorage;
	clock?: Clock;
	random?: () => number;
	/** How deliveries reach subscribers (the relay's node:http transport, guarded, by default). */
	deliveryTransport?: HttpTransport;
	/** How target host names are resolved, for the target guard (DNS by default). */
	resolveHost?: Resolver;
	/** For POST /meta/configure (plain Node by default). */
	graphRuntime?: Runtime;
	/** false: accept and store events but do not deliver (tests, maintenance). */
	deliver?: boolean;
	log?: (line: string) => void;
}

export interface RunningRelay {
	/** `http://127.0.0.1:PORT` (the address it listens on, not the public URL). */
	url: string;
	port: number;
	storage: RelayStorage;
	worker: DeliveryWorker;
	/** Stops accepting requests, finishes the deliveries in flight and closes the storage. */
	stop(): Promise<void>;
}

/** How long requests in progress may take to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 5_000;

/** Opens the storage, starts the HTTP server and the delivery worker. */
export async function startRelay(options: StartRelayOptions): Promise<RunningRelay> {
	const { config } = options;
	const log = options.log ?? (() => undefined);
	const clock = options.clock ?? systemClock;
	const ownsStorage = !options.storage;
	const storage = options.storage ?? (await openStorage(config, log));
	const targets = new TargetGuard(parseAllowedTargets(config.allowedTargets.join(',')), options.resolveHost ?? systemResolver);
	const worker = new DeliveryWorker({
		storage,
		transport: options.deliveryTransport ?? deliveryTransport(targets),
		clock,
		random: options.random,
		policy: config.delivery,
		log,
	});
	const handler = createRelayHandler({
		config,
		storage,
		clock,
		targets,
		graphRuntime: options.graphRuntime ?? nodeRuntime(),
		onEventsStored: () => worker.wake(),
		onDeliveriesRetried: () => worker.wake(),
		log,
	});
	const server = http.createServer(handler);
	// Meta keeps connections open between deliveries; a little longer than common proxies' idle timeout.
	server.keepAliveTimeout = 65_000;
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(config.port, config.host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		if (ownsStorage) await storage.close();
		throw error;
	}
	if (options.deliver !== false) worker.start();
	const port = (server.address() as AddressInfo).port;
	let stopping: Promise<void> | undefined;
	return {
		url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
		port,
		storage,
		worker,
		stop() {
			stopping ??= (async () => {
				const closed = new Promise<void>((resolve) => server.close(() => resolve()));
				server.closeIdleConnections();
				// Requests in progress get a moment to finish (a Meta POST is stored before its answer).
				const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
				await worker.stop();
				await closed;
				clearTimeout(force);
				if (ownsStorage) await storage.close();
			})();
			return stopping;
		},
	};
}
