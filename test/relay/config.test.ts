import { ConfigError, flagsToEnv, helpText, loadConfig } from '../../relay/config';

const ENV = { META_APP_SECRET: 'app-secret-value', META_VERIFY_TOKEN: 'verify-token', RELAY_API_KEYS: 'key-0123456789abcdef, key-fedcba9876543210' };

describe('relay configuration', () => {
	test('reads the environment with defaults', () => {
		expect(loadConfig(ENV)).toEqual({
			host: '127.0.0.1',
			port: 8787,
			publicUrl: undefined,
			appSecret: 'app-secret-value',
			verifyToken: 'verify-token',
			apiKeys: ['key-0123456789abcdef', 'key-fedcba9876543210'],
			adminApiKeys: [],
			databaseUrl: undefined,
			sqlitePath: 'relay-data/relay.sqlite',
			sqliteSynchronous: 'FULL',
			delivery: {},
			meta: { accessToken: undefined, wabaId: undefined, graphBaseUrl: undefined, apiVersion: undefined },
			maxBodyBytes: 5 * 1024 * 1024,
			maxSubscriptionsPerKey: 500,
			allowedTargets: [],
		});
	});

	test('flags win over the environment; delivery settings and a PostgreSQL URL are read', () => {
		const config = loadConfig({ ...ENV, PORT: '9000', RELAY_MAX_ATTEMPTS: '4', RELAY_DELIVERY_TIMEOUT_MS: '2000', RELAY_RETENTION_DAYS: '9' }, [
			'--port=0',
			'--public-url',
			'https://relay.example.com///',
			'--database-url',
			'postgres://relay:pw@db.internal:5432/relay',
		]);
		expect(config).toMatchObject({ port: 0, publicUrl: 'https://relay.example.com', databaseUrl: 'postgres://relay:pw@db.internal:5432/relay' });
		expect(config.delivery).toEqual({ maxAttempts: 4, timeoutMs: 2000, leaseMs: 22_000, retentionMs: 9 * 24 * 60 * 60_000 });
	});

	test.each([
		[{ ...ENV, META_APP_SECRET: '' }, [], "META_APP_SECRET is not set. Your Meta app secret (App settings → Basic). Required."],
		[{ ...ENV, RELAY_API_KEYS: ' , ' }, [], 'RELAY_API_KEYS is not set. Comma-separated keys for the X-Api-Key header, each at least 16 characters; each key sees only the subscriptions it created. Required.'],
		[{ ...ENV, RELAY_API_KEYS: 'key-0123456789abcdef,short' }, [], 'RELAY_API_KEYS: key number 2 is shorter than 16 characters. Use long random keys, e.g. from `openssl rand -hex 24`.'],
		[{ ...ENV, RELAY_ADMIN_API_KEYS: 'admin' }, [], 'RELAY_ADMIN_API_KEYS: key number 1 is shorter than 16 characters. Use long random keys, e.g. from `openssl rand -hex 24`.'],
		[ENV, ['--admin-api-keys', 'x'], '--admin-api-keys is a secret: set the environment variable RELAY_ADMIN_API_KEYS instead, so it does not show in the process list.'],
		[{ ...ENV, PORT: 'http' }, [], 'PORT must be a whole number of at least 0 (got "http").'],
		[{ ...ENV, DATABASE_URL: 'mysql://x' }, [], 'DATABASE_URL must be a postgres:// URL. Leave it empty to use the SQLite file (RELAY_SQLITE_PATH).'],
		[{ ...ENV, RELAY_PUBLIC_URL: 'relay.example.com' }, [], 'RELAY_PUBLIC_URL "relay.example.com" is not a URL. Use the full address, e.g. https://relay.example.com.'],
		[ENV, ['--app-secret', 'x'], '--app-secret is a secret: set the environment variable META_APP_SECRET instead, so it does not show in the process list.'],
		[ENV, ['--prot', '1'], 'Unknown flag --prot. Run with --help for the list.'],
		[ENV, ['--port'], '--port needs a value.'],
		[{ ...ENV, RELAY_LEASE_MS: '10500' }, [], 'RELAY_LEASE_MS (10500) must be at least the delivery timeout (10000 ms) plus 1000 ms, or two instances could send the same delivery at once.'],
		[
			{ ...ENV, RELAY_ALLOWED_TARGETS: '127.0.0.1, 10.0.0.0/33' },
			[],
			'RELAY_ALLOWED_TARGETS: "10.0.0.0/33" has no valid prefix length (0 to 32).',
		],
		[
			{ ...ENV, RELAY_ALLOWED_TARGETS: 'http://hooks.local' },
			[],
			'RELAY_ALLOWED_TARGETS: "http://hooks.local" is neither an IP address, a CIDR range (10.0.0.0/8) nor a host name (hooks.internal.example, *.internal.example).',
		],
		[{ ...ENV, RELAY_MAX_SUBSCRIPTIONS_PER_KEY: '0' }, [], 'RELAY_MAX_SUBSCRIPTIONS_PER_KEY must be a whole number of at least 1 (got "0").'],
	])('refuses %j %j, naming the setting', (env, argv, message) => {
		expect(() => loadConfig(env, argv as string[])).toThrow(new ConfigError(message));
	});

	test('reads the admin keys (optional)', () => {
		expect(loadConfig({ ...ENV, RELAY_ADMIN_API_KEYS: ' admin-0123456789abcdef , ' }).adminApiKeys).toEqual(['admin-0123456789abcdef']);
	});

	test('reads the limits and the allowed targets', () => {
		const config = loadConfig({ ...ENV, RELAY_MAX_SUBSCRIPTIONS_PER_KEY: '20', RELAY_MAX_BODY_BYTES: '100000', RELAY_MAX_IN_FLIGHT: '64', RELAY_ALLOWED_TARGETS: ' 127.0.0.1, 10.0.0.0/8 ,*.corp.example' });
		expect(config).toMatchObject({ maxSubscriptionsPerKey: 20, maxBodyBytes: 100_000, allowedTargets: ['127.0.0.1', '10.0.0.0/8', '*.corp.example'] });
		expect(config.delivery).toEqual({ maxInFlight: 64, maxFailingInFlight: 16 });
	});

	test('the help lists every setting', () => {
		for (const name of ['PORT', 'RELAY_PUBLIC_URL', 'META_APP_SECRET', 'META_VERIFY_TOKEN', 'RELAY_API_KEYS', 'RELAY_ADMIN_API_KEYS', 'DATABASE_URL', 'RELAY_SQLITE_PATH', 'RELAY_ALLOWED_TARGETS', 'RELAY_MAX_SUBSCRIPTIONS_PER_KEY']) {
			expect(helpText()).toContain(name);
		}
		expect(flagsToEnv(['--sqlite-path', '/data/r.sqlite'])).toEqual({ RELAY_SQLITE_PATH: '/data/r.sqlite' });
	});
});
