#!/usr/bin/env node
/**
 * `npm run relay [-- flags]`: runs the relay until SIGINT/SIGTERM (then finishes what is in flight).
 * `npm run relay -- configure-meta`: points the WABA's webhook override at RELAY_PUBLIC_URL (the
 * relay must be running and reachable there, since Meta verifies the URL during the call).
 * Settings: see `--help` and relay/config.ts. Log lines go to stdout and never contain a secret.
 */
import { Redactor, WhatsAppError } from '../shared';
import { nodeRuntime } from '../shared/node/runtime';
import { ConfigError, helpText, loadConfig, RelayConfig } from './config';
import { startRelay } from './index';
import { configureMetaOverride, metaCallbackUrl } from './metaConfigure';

/** This process's own secrets (its configuration), masked in every line it prints. */
const secrets = new Redactor();

function log(line: string): void {
	process.stdout.write(`${new Date().toISOString()} ${secrets.redact(line)}\n`);
}

function describeStorage(config: RelayConfig): string {
	if (!config.databaseUrl) return `SQLite file ${config.sqlitePath}`;
	const url = new URL(config.databaseUrl);
	return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

async function serve(config: RelayConfig): Promise<void> {
	const relay = await startRelay({ config, log });
	log(`relay: listening on ${relay.url} (storage: ${describeStorage(config)})`);
	log(
		config.publicUrl
			? `relay: Meta's callback URL is ${metaCallbackUrl(config.publicUrl)}`
			: 'relay: RELAY_PUBLIC_URL is not set; Meta must reach this relay at <your https address>/meta/webhook',
	);
	let signals = 0;
	const shutdown = (signal: string): void => {
		signals++;
		if (signals > 1) {
			log(`relay: ${signal} again, exiting now`);
			process.exit(1);
		}
		log(`relay: ${signal} received, finishing deliveries in flight`);
		relay.stop().then(
			() => {
				log('relay: stopped');
				process.exit(0);
			},
			(error: unknown) => {
				log(`relay: error while stopping: ${error instanceof Error ? error.message : String(error)}`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function configureMeta(config: RelayConfig): Promise<void> {
	const result = await configureMetaOverride(
		{
			publicUrl: config.publicUrl,
			verifyToken: config.verifyToken,
			accessToken: config.meta.accessToken,
			wabaId: config.meta.wabaId,
			graphBaseUrl: config.meta.graphBaseUrl,
			apiVersion: config.meta.apiVersion,
		},
		nodeRuntime(),
	);
	log(`meta: the webhook override of WABA ${result.wabaId} now points at ${result.callbackUrl} (success: ${result.success}, confirmed by reading it back: ${result.confirmed})`);
}

async function main(argv: string[]): Promise<void> {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${helpText()}\n`);
		return;
	}
	const command = argv[0] && !argv[0].startsWith('--') ? argv[0] : 'serve';
	const flags = command === argv[0] ? argv.slice(1) : argv;
	const config = loadConfig(process.env, flags);
	for (const secret of [config.appSecret, config.verifyToken, config.meta.accessToken, ...config.apiKeys, ...(config.adminApiKeys ?? [])]) secrets.remember(secret);
	if (command === 'serve') return serve(config);
	if (command === 'configure-meta') return configureMeta(config);
	throw new ConfigError(`Unknown command "${command}". Use no command to start the relay, or "configure-meta". Run with --help for details.`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
	const message = error instanceof ConfigError || error instanceof WhatsAppError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
	process.stderr.write(`relay: ${secrets.redact(message)}\n`);
	process.exit(1);
});
