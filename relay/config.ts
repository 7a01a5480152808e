/**
 * The relay's settings, read from the environment and command-line flags. Secrets (app secret,
 * verify token, API keys, access token) come only from the environment, never from flags, which
 * other users of the machine can see in the process list.
 */
import { DEFAULT_DELIVERY_POLICY, DeliveryPolicy, LEASE_MARGIN_MS } from './delivery/policy';
import { parseAllowedTargets } from './targets';

export interface RelayConfig {
	host: string;
	port: number;
	/** The https URL Meta and subscribers reach the relay at (no trailing slash). */
	publicUrl?: string;
	/** Checks X-Hub-Signature-256 on Meta's POSTs. */
	appSecret: string;
	/** Echoed in Meta's GET challenge, and sent to Meta when configuring the override. */
	verifyToken: string;
	/** Accepted values of the X-Api-Key header on the subscription API; each key sees and manages only its own subscriptions. */
	apiKeys: string[];
	/** Keys that also see and manage every key's subscriptions and deliveries (RELAY_ADMIN_API_KEYS; none by default). */
	adminApiKeys?: string[];
	databaseUrl?: string;
	sqlitePath: string;
	sqliteSynchronous: 'FULL' | 'NORMAL';
	delivery: Partial<DeliveryPolicy>;
	/** For POST /meta/configure: where and as whom to call the Graph API. */
	meta: { accessToken?: string; wabaId?: string; graphBaseUrl?: string; apiVersion?: string };
	/** Largest request body accepted (Meta's batches are far smaller). */
	maxBodyBytes: number;
	/** Subscriptions one API key may hold. */
	maxSubscriptionsPerKey: number;
	/** RELAY_ALLOWED_TARGETS entries: addresses, CIDR ranges and host names the relay may deliver to although they are private or internal. */
	allowedTargets: string[];
}

/** Defaults of the limits the relay states in relay/README.md. */
export const DEFAULT_LIMITS = {
	/** Meta's webhook batches are a few KB to a few hundred KB. */
	maxBodyBytes: 5 * 1024 * 1024,
	/** Far above what one Zapier account or integration uses, far below what slows fan-out. */
	maxSubscriptionsPerKey: 500,
} as const;

/** A setting is missing or malformed; the message names it and says what to set. */
export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigError';
	}
}

/** The shortest API key accepted: long enough that guessing is hopeless. */
export const MIN_API_KEY_LENGTH = 16;

interface Setting {
	env: string;
	flag?: string;
	help: string;
}

/** Every setting, in one place (also the source of `--help`). */
export const SETTINGS: Setting[] = [
	{ env: 'PORT', flag: 'port', help: 'Port to listen on (default 8787; 0 picks a free one).' },
	{ env: 'RELAY_HOST', flag: 'host', help: 'Interface to listen on (default 127.0.0.1; use 0.0.0.0 behind a proxy or in a container).' },
	{ env: 'RELAY_PUBLIC_URL', flag: 'public-url', help: 'The https URL Meta reaches the relay at, e.g. https://relay.example.com.' },
	{ env: 'META_APP_SECRET', help: 'Your Meta app secret (App settings → Basic). Required.' },
	{ env: 'META_VERIFY_TOKEN', help: 'Any text you choose; Meta echoes it when it checks the callback URL. Required.' },
	{ env: 'RELAY_API_KEYS', help: `Comma-separated keys for the X-Api-Key header, each at least ${MIN_API_KEY_LENGTH} characters; each key sees only the subscriptions it created. Required.` },
	{ env: 'RELAY_ADMIN_API_KEYS', help: 'Comma-separated keys that may also see and remove every key\'s subscriptions and deliveries (for operators; default: none).' },
	{ env: 'DATABASE_URL', flag: 'database-url', help: 'postgres:// URL; when set the relay uses PostgreSQL (several instances can share it).' },
	{ env: 'RELAY_SQLITE_PATH', flag: 'sqlite-path', help: 'SQLite file used without DATABASE_URL (default ./relay-data/relay.sqlite).' },
	{ env: 'RELAY_SQLITE_SYNCHRONOUS', flag: 'sqlite-synchronous', help: 'FULL (default, survives power loss) or NORMAL (faster, survives a crashed process).' },
	{ env: 'RELAY_MAX_ATTEMPTS', flag: 'max-attempts', help: 'Attempts before a delivery is parked (default 12).' },
	{ env: 'RELAY_RETRY_BASE_MS', flag: 'retry-base-ms', help: 'Wait before the 2nd attempt, doubled each time (default 1000).' },
	{ env: 'RELAY_RETRY_MAX_MS', flag: 'retry-max-ms', help: 'Longest wait between attempts (default 3600000).' },
	{ env: 'RELAY_DELIVERY_TIMEOUT_MS', flag: 'delivery-timeout-ms', help: 'Total time one delivery attempt may take, connecting to the end of the answer\'s headers (default 10000).' },
	{ env: 'RELAY_LEASE_MS', flag: 'lease-ms', help: `How long a claimed delivery stays reserved for one instance, at least the timeout + ${LEASE_MARGIN_MS} (default timeout + 20000); after a crash it is retried once this passes.` },
	{ env: 'RELAY_MAX_IN_FLIGHT', flag: 'max-in-flight', help: `Delivery attempts under way at once, across subscribers (default ${DEFAULT_DELIVERY_POLICY.maxInFlight}); slow ones stop counting after ${DEFAULT_DELIVERY_POLICY.slowAfterMs} ms.` },
	{ env: 'RELAY_MAX_SUBSCRIPTIONS_PER_KEY', flag: 'max-subscriptions-per-key', help: `Subscriptions one API key may hold (default ${DEFAULT_LIMITS.maxSubscriptionsPerKey}).` },
	{ env: 'RELAY_MAX_BODY_BYTES', flag: 'max-body-bytes', help: `Largest request body accepted, Meta's POSTs included (default ${DEFAULT_LIMITS.maxBodyBytes}).` },
	{
		env: 'RELAY_ALLOWED_TARGETS',
		flag: 'allowed-targets',
		help: 'Comma-separated addresses, CIDR ranges or host names (*.example.com) the relay may deliver to although they are loopback, private, link-local or internal (default: none, only public addresses).',
	},
	{ env: 'RELAY_RETENTION_DAYS', flag: 'retention-days', help: 'Days to keep delivered events (default 8; Meta redelivers for up to 7).' },
	{ env: 'META_ACCESS_TOKEN', help: 'Only for configuring Meta from the relay: a token with whatsapp_business_management.' },
	{ env: 'META_WABA_ID', flag: 'waba-id', help: 'Only for configuring Meta: the WhatsApp Business Account ID.' },
	{ env: 'META_GRAPH_URL', flag: 'graph-url', help: 'Graph API base URL (default https://graph.facebook.com; the sandbox URL for local tests).' },
	{ env: 'META_API_VERSION', flag: 'api-version', help: 'Graph API version (default: the core’s).' },
];

/** Parses `--name value` and `--name=value` into env-style names, rejecting unknown flags and secrets. */
export function flagsToEnv(argv: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(argument);
		if (!match) throw new ConfigError(`Unexpected argument "${argument}". Flags look like --port 8787; run with --help for the list.`);
		const setting = SETTINGS.find((candidate) => candidate.flag === match[1]);
		if (!setting) {
			const secret = SETTINGS.find((candidate) => {
				const asFlag = candidate.env.toLowerCase().replace(/_/g, '-');
				return !candidate.flag && (asFlag === match[1] || asFlag.endsWith(`-${match[1]}`));
			});
			throw new ConfigError(
				secret
					? `--${match[1]} is a secret: set the environment variable ${secret.env} instead, so it does not show in the process list.`
					: `Unknown flag --${match[1]}. Run with --help for the list.`,
			);
		}
		let value = match[2];
		if (value === undefined) {
			value = argv[++index];
			if (value === undefined) throw new ConfigError(`--${match[1]} needs a value.`);
		}
		out[setting.env] = value;
	}
	return out;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number | undefined, min: number): number | undefined {
	const text = env[name]?.trim();
	if (!text) return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of at least ${min} (got "${text}").`);
	return value;
}

/** Comma-separated keys, each long enough that guessing is hopeless. */
function keyList(text: string, name: string): string[] {
	const keys = text
		.split(',')
		.map((key) => key.trim())
		.filter(Boolean);
	const short = keys.findIndex((key) => key.length < MIN_API_KEY_LENGTH);
	if (short >= 0) {
		throw new ConfigError(`${name}: key number ${short + 1} is shorter than ${MIN_API_KEY_LENGTH} characters. Use long random keys, e.g. from \`openssl rand -hex 24\`.`);
	}
	return keys;
}

function required(env: Record<string, string | undefined>, name: string): string {
	const value = env[name]?.trim();
	if (!value) throw new ConfigError(`${name} is not set. ${SETTINGS.find((setting) => setting.env === name)?.help ?? ''}`.trim());
	return value;
}

/** Reads and checks every setting; flags win over the environment. Throws ConfigError naming the setting. */
export function loadConfig(environment: Record<string, string | undefined>, argv: string[] = []): RelayConfig {
	const env = { ...environment, ...flagsToEnv(argv) };
	const apiKeys = keyList(required(env, 'RELAY_API_KEYS'), 'RELAY_API_KEYS');
	if (apiKeys.length === 0) required({}, 'RELAY_API_KEYS');
	const adminApiKeys = keyList(env.RELAY_ADMIN_API_KEYS ?? '', 'RELAY_ADMIN_API_KEYS');
	let publicUrl = env.RELAY_PUBLIC_URL?.trim() || undefined;
	if (publicUrl) {
		let url: URL;
		try {
			url = new URL(publicUrl);
		} catch {
			throw new ConfigError(`RELAY_PUBLIC_URL "${publicUrl}" is not a URL. Use the full address, e.g. https://relay.example.com.`);
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('RELAY_PUBLIC_URL must start with https:// (Meta only calls https URLs).');
		publicUrl = publicUrl.replace(/\/+$/, '');
	}
	const databaseUrl = env.DATABASE_URL?.trim() || undefined;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new ConfigError('DATABASE_URL must be a postgres:// URL. Leave it empty to use the SQLite file (RELAY_SQLITE_PATH).');
	}
	const synchronous = (env.RELAY_SQLITE_SYNCHRONOUS?.trim() || 'FULL').toUpperCase();
	if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new ConfigError(`RELAY_SQLITE_SYNCHRONOUS must be FULL or NORMAL (got "${synchronous}").`);
	const retentionDays = integer(env, 'RELAY_RETENTION_DAYS', undefined, 1);
	const delivery: Partial<DeliveryPolicy> = {};
	const maxAttempts = integer(env, 'RELAY_MAX_ATTEMPTS', undefined, 1);
	const baseDelayMs = integer(env, 'RELAY_RETRY_BASE_MS', undefined, 1);
	const maxDelayMs = integer(env, 'RELAY_RETRY_MAX_MS', undefined, 1);
	const timeoutMs = integer(env, 'RELAY_DELIVERY_TIMEOUT_MS', undefined, 100);
	if (maxAttempts !== undefined) delivery.maxAttempts = maxAttempts;
	if (baseDelayMs !== undefined) delivery.baseDelayMs = baseDelayMs;
	if (maxDelayMs !== undefined) delivery.maxDelayMs = maxDelayMs;
	const leaseMs = integer(env, 'RELAY_LEASE_MS', undefined, 1);
	if (timeoutMs !== undefined) delivery.timeoutMs = timeoutMs;
	if (timeoutMs !== undefined || leaseMs !== undefined) {
		const effectiveTimeout = timeoutMs ?? DEFAULT_DELIVERY_POLICY.timeoutMs;
		delivery.leaseMs = leaseMs ?? effectiveTimeout + 20_000;
		if (delivery.leaseMs < effectiveTimeout + LEASE_MARGIN_MS) {
			throw new ConfigError(
				`RELAY_LEASE_MS (${delivery.leaseMs}) must be at least the delivery timeout (${effectiveTimeout} ms) plus ${LEASE_MARGIN_MS} ms, or two instances could send the same delivery at once.`,
			);
		}
	}
	const maxInFlight = integer(env, 'RELAY_MAX_IN_FLIGHT', undefined, 1);
	if (maxInFlight !== undefined) {
		delivery.maxInFlight = maxInFlight;
		// Failing subscribers keep to a quarter of the slots.
		delivery.maxFailingInFlight = Math.max(1, Math.floor(maxInFlight / 4));
	}
	let allowedTargets: string[] = [];
	const allowedText = env.RELAY_ALLOWED_TARGETS?.trim();
	if (allowedText) {
		try {
			parseAllowedTargets(allowedText);
		} catch (error) {
			throw new ConfigError(`RELAY_ALLOWED_TARGETS: ${(error as Error).message}`);
		}
		allowedTargets = allowedText.split(',').map((entry) => entry.trim()).filter(Boolean);
	}
	if (retentionDays !== undefined) delivery.retentionMs = retentionDays * 24 * 60 * 60_000;
	return {
		host: env.RELAY_HOST?.trim() || '127.0.0.1',
		port: integer(env, 'PORT', 8787, 0) as number,
		publicUrl,
		appSecret: required(env, 'META_APP_SECRET'),
		verifyToken: required(env, 'META_VERIFY_TOKEN'),
		apiKeys,
		adminApiKeys,
		databaseUrl,
		sqlitePath: env.RELAY_SQLITE_PATH?.trim() || 'relay-data/relay.sqlite',
		sqliteSynchronous: synchronous,
		delivery,
		meta: {
			accessToken: env.META_ACCESS_TOKEN?.trim() || undefined,
			wabaId: env.META_WABA_ID?.trim() || undefined,
			graphBaseUrl: env.META_GRAPH_URL?.trim() || undefined,
			apiVersion: env.META_API_VERSION?.trim() || undefined,
		},
		maxBodyBytes: integer(env, 'RELAY_MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes, 64 * 1024) as number,
		maxSubscriptionsPerKey: integer(env, 'RELAY_MAX_SUBSCRIPTIONS_PER_KEY', DEFAULT_LIMITS.maxSubscriptionsPerKey, 1) as number,
		allowedTargets,
	};
}

/** The `--help` text. */
export function helpText(): string {
	const lines = [
		'Usage: npm run relay [-- --flag value ...]        start the relay',
		'       npm run relay -- configure-meta [--flags]  point the WABA\'s webhook override at RELAY_PUBLIC_URL',
		'',
		'Settings (environment variable, and flag where one exists):',
	];
	for (const setting of SETTINGS) lines.push(`  ${setting.env.padEnd(26)}${(setting.flag ? `--${setting.flag}` : '').padEnd(24)}${setting.help}`);
	return lines.join('\n');
}
