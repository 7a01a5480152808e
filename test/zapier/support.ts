/** Shared setup for the Zapier app's tests: the app, its tester, a connection and Meta's host. */
import nock from 'nock';
import App from '../../zapier';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zapier = require('zapier-platform-core');

export { App, zapier };

export const appTester = zapier.createAppTester(App) as (method: unknown, bundle?: Record<string, unknown>) => Promise<any>;

export const META = 'https://graph.facebook.com';
export const TOKEN = 'EAAGtestTOKEN1234567890abcdefXYZ';
export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';

export const authData = (overrides: Record<string, string> = {}): Record<string, string> => ({
	access_token: TOKEN,
	waba_id: WABA_ID,
	api_version: 'v25.0',
	base_url: META,
	...overrides,
});

/** Meta's Graph host, expecting the connection's bearer token on every request. */
export function meta(): nock.Scope {
	return nock(META, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

/** Meta's error envelope (docs/meta-api.md §4.1). */
export function metaError(code: number, message: string, extra: Record<string, unknown> = {}) {
	return { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGhIjK', ...extra } };
}

type Perform = (z: unknown, bundle: unknown) => unknown;

/** The perform of an action, search or trigger, by key. */
export function perform(kind: 'creates' | 'searches' | 'triggers', key: string): Perform {
	const definition = (App as unknown as Record<string, Record<string, { operation: { perform: Perform } }>>)[kind][key];
	if (!definition) throw new Error(`No ${kind} "${key}" in the app.`);
	return definition.operation.perform;
}

/** Runs a perform and returns the error it throws (fails the test when it succeeds). */
export async function failureOf(method: unknown, bundle: Record<string, unknown>): Promise<Error & { name: string }> {
	try {
		await appTester(method, bundle);
	} catch (error) {
		return error as Error & { name: string };
	}
	throw new Error('Expected the perform to fail, but it succeeded.');
}

/** The message of the error the core itself throws, so a test compares with the core's exact wording. */
export function coreMessage(check: () => unknown): string {
	try {
		check();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('Expected the core check to throw.');
}

/** z.errors.Error carries `{message, code, status}` as JSON in its message. */
export function appErrorBody(error: Error): { message: string; code: string; status?: number } {
	return JSON.parse(error.message);
}

/**
 * Runs a perform through Zapier's real handler with a custom logger, so a test sees every line
 * Zapier would log (HTTP requests included, after Zapier's own scrubbing).
 */
export async function runCapturingLogs(method: string, bundle: Record<string, unknown>): Promise<{ result?: unknown; error?: Error; logs: string[] }> {
	const logs: string[] = [];
	const handler = zapier.createAppHandler(App);
	try {
		const response = await handler({
			command: 'execute',
			method,
			bundle,
			customLogger: (message: string, data: unknown) => logs.push(`${message} ${JSON.stringify(data)}`),
		});
		return { result: response.results, logs };
	} catch (error) {
		return { error: error as Error, logs };
	}
}
