/**
 * A throwaway PostgreSQL server for the relay's tests, on 127.0.0.1 and a free port, in a temp
 * directory. Installs the server (`apt-get install postgresql`, as root) when its binaries are
 * missing, as on a fresh CI machine. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user (created by the package; a system user is created if it is missing).
 *
 * Idempotent: calls share one server per test process (reference counted); every step has a timeout.
 * Set RELAY_TEST_PG_BIN to use binaries elsewhere.
 */
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

const POSTGRES_ROOT = '/usr/lib/postgresql';
const PREFERRED_VERSION = '15';
const APT_TIMEOUT_MS = 10 * 60_000;
const COMMAND_TIMEOUT_MS = 60_000;
const START_TIMEOUT_SECONDS = 30;
const INSTALL_LOCK = path.join(os.tmpdir(), 'relay-test-postgres-install.lock');
const FALLBACK_USER = 'relaytestpg';
const SUPERUSER = 'relay';

/** The longest `startPostgres` can take (an install on a fresh machine included); use it as the hook timeout. */
export const POSTGRES_SETUP_TIMEOUT_MS = APT_TIMEOUT_MS * 2 + 4 * COMMAND_TIMEOUT_MS;

export interface TestPostgres {
	/** postgres://relay@127.0.0.1:PORT/postgres */
	url: string;
	port: number;
	/** Creates an empty database and returns its URL. */
	createDatabase(name: string): Promise<string>;
	/** Stops the server once every caller has stopped it. */
	stop(): Promise<void>;
}

function run(command: string, args: string[], options: SpawnSyncOptions & { timeout: number }): string {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.error) throw new Error(`${command} ${args.join(' ')} failed to run: ${result.error.message}`);
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${String(result.stdout ?? '').slice(-2000)}\n${String(result.stderr ?? '').slice(-2000)}`);
	}
	return String(result.stdout ?? '');
}

function findBinaries(): string | undefined {
	const override = process.env.RELAY_TEST_PG_BIN;
	if (override && fs.existsSync(path.join(override, 'initdb'))) return override;
	if (!fs.existsSync(POSTGRES_ROOT)) return undefined;
	const versions = fs
		.readdirSync(POSTGRES_ROOT)
		.filter((version) => fs.existsSync(path.join(POSTGRES_ROOT, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	const version = versions.includes(PREFERRED_VERSION) ? PREFERRED_VERSION : versions[0];
	return version ? path.join(POSTGRES_ROOT, version, 'bin') : undefined;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** Waits for the install lock (another test process may be installing), bounded in time. */
function withInstallLock<T>(work: () => T): T {
	const deadline = Date.now() + APT_TIMEOUT_MS;
	for (;;) {
		try {
			fs.mkdirSync(INSTALL_LOCK);
			break;
		} catch {
			// A lock older than the install timeout belongs to a process that died.
			const age = Date.now() - (fs.statSync(INSTALL_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
			if (age > APT_TIMEOUT_MS) fs.rmSync(INSTALL_LOCK, { recursive: true, force: true });
			else if (Date.now() > deadline) throw new Error(`Timed out waiting for ${INSTALL_LOCK} (another PostgreSQL install).`);
			else spawnSync('sleep', ['1']);
		}
	}
	try {
		return work();
	} finally {
		fs.rmSync(INSTALL_LOCK, { recursive: true, force: true });
	}
}

/** The server binaries' directory, installing PostgreSQL first if needed. */
export function ensurePostgresInstalled(): string {
	const found = findBinaries();
	if (found) return found;
	if (!isRoot()) {
		throw new Error(
			'The PostgreSQL server is not installed (no initdb under /usr/lib/postgresql) and only root can install it here. Run `sudo apt-get install -y postgresql`, or set RELAY_TEST_PG_BIN to a directory holding initdb and pg_ctl.',
		);
	}
	return withInstallLock(() => {
		const again = findBinaries();
		if (again) return again;
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		run('apt-get', ['update'], { timeout: APT_TIMEOUT_MS, env });
		run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { timeout: APT_TIMEOUT_MS, env });
		const installed = findBinaries();
		if (!installed) throw new Error('apt-get installed postgresql, but no initdb appeared under /usr/lib/postgresql.');
		return installed;
	});
}

/** As root: the user PostgreSQL runs as (it refuses root). */
function serverUser(): string | undefined {
	if (!isRoot()) return undefined;
	if (spawnSync('id', ['-u', 'postgres']).status === 0) return 'postgres';
	if (spawnSync('id', ['-u', FALLBACK_USER]).status !== 0) run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', FALLBACK_USER], { timeout: COMMAND_TIMEOUT_MS });
	return FALLBACK_USER;
}

function runAs(user: string | undefined, command: string, args: string[], timeout = COMMAND_TIMEOUT_MS): string {
	return user ? run('runuser', ['-u', user, '--', command, ...args], { timeout, cwd: '/' }) : run(command, args, { timeout });
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const port = (server.address() as net.AddressInfo).port;
			server.close(() => resolve(port));
		});
	});
}

interface Shared {
	server: Promise<{ url: string; port: number; shutdown: () => void }>;
	users: number;
}

let shared: Shared | undefined;

async function launch(): Promise<{ url: string; port: number; shutdown: () => void }> {
	const bin = ensurePostgresInstalled();
	const user = serverUser();
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-test-pg-'));
	const data = path.join(directory, 'data');
	if (user) run('chown', ['-R', user, directory], { timeout: COMMAND_TIMEOUT_MS });
	let started = false;
	const shutdown = (): void => {
		try {
			if (started) runAs(user, path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', String(START_TIMEOUT_SECONDS), 'stop']);
		} finally {
			fs.rmSync(directory, { recursive: true, force: true });
		}
	};
	try {
		runAs(user, path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
			try {
				runAs(user, path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(directory, 'server.log'), '-o', options, '-w', '-t', String(START_TIMEOUT_SECONDS), 'start'], (START_TIMEOUT_SECONDS + 10) * 1000);
				started = true;
				return { url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`, port, shutdown };
			} catch (error) {
				// Someone else may have taken the port between freePort() and the start: try another.
				if (attempt >= 3) throw new Error(`${(error as Error).message}\n${fs.readFileSync(path.join(directory, 'server.log'), 'utf8').slice(-2000)}`);
			}
		}
	} catch (error) {
		shutdown();
		throw error;
	}
}

/** Starts (or joins) the test process's PostgreSQL server. Pair every call with `stop()`. */
export async function startPostgres(): Promise<TestPostgres> {
	shared ??= { server: launch(), users: 0 };
	const current = shared;
	current.users++;
	let server;
	try {
		server = await current.server;
	} catch (error) {
		if (shared === current) shared = undefined;
		throw error;
	}
	let stopped = false;
	return {
		url: server.url,
		port: server.port,
		async createDatabase(name: string): Promise<string> {
			if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createDatabase: "${name}" is not a plain lower-case identifier.`);
			const client = new Client({ connectionString: server.url });
			await client.connect();
			try {
				await client.query(`DROP DATABASE IF EXISTS ${name}`);
				await client.query(`CREATE DATABASE ${name}`);
			} finally {
				await client.end();
			}
			return server.url.replace(/\/postgres$/, `/${name}`);
		},
		async stop(): Promise<void> {
			if (stopped) return;
			stopped = true;
			current.users--;
			if (current.users === 0 && shared === current) {
				shared = undefined;
				server.shutdown();
			}
		},
	};
}
