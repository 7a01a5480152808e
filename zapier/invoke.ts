/**
 * Runs one Zapier operation locally, through Zapier's own runtime (the same middleware, checks and
 * error classes as on Zapier), without a Zapier account or network beyond the API it calls:
 *
 *   node dist/zapier/invoke.js --sandbox register_phone_number --phone_number_id 200000000000002 --pin 123456
 *   node dist/zapier/invoke.js auth                       (the connection test)
 *   node dist/zapier/invoke.js                            (lists the keys)
 *
 * The connection comes from WHATSAPP_ACCESS_TOKEN, WHATSAPP_WABA_ID, WHATSAPP_APP_ID (optional),
 * WHATSAPP_API_VERSION and WHATSAPP_BASE_URL, or `--sandbox` (the local sandbox's defaults; SANDBOX_URL overrides its URL).
 * Any other `--name value` is an input field (Zapier keys); repeat a flag for a list field.
 * Prints the result as JSON; on failure prints Zapier's error class and message and exits with 1.
 */
import App from './index';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zapier = require('zapier-platform-core');

type Kind = 'creates' | 'searches' | 'triggers';
type Definitions = Record<Kind, Record<string, { display?: { label?: string; hidden?: boolean } }>>;

/** The local sandbox's default connection (sandbox/seed.ts, `npm run sandbox`). */
export const SANDBOX_CONNECTION = {
	access_token: 'sandbox-access-token',
	waba_id: '100000000000001',
	app_id: '900000000000001',
	api_version: 'v25.0',
	base_url: 'http://127.0.0.1:4010',
};

export interface InvokeArguments {
	key?: string;
	sandbox: boolean;
	inputData: Record<string, string | string[]>;
}

/** `--name value` pairs (or `--name=value`); repeated names become lists. */
export function parseArguments(argv: string[]): InvokeArguments {
	const parsed: InvokeArguments = { sandbox: false, inputData: {} };
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--sandbox') {
			parsed.sandbox = true;
			continue;
		}
		if (!argument.startsWith('--')) {
			if (parsed.key) throw new Error(`Unexpected argument "${argument}": give one operation key, then --field value pairs.`);
			parsed.key = argument;
			continue;
		}
		const equals = argument.indexOf('=');
		const name = equals === -1 ? argument.slice(2) : argument.slice(2, equals);
		let value: string;
		if (equals !== -1) value = argument.slice(equals + 1);
		else {
			if (index + 1 >= argv.length) throw new Error(`--${name} needs a value.`);
			value = argv[++index];
		}
		const previous = parsed.inputData[name];
		parsed.inputData[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
	}
	return parsed;
}

/** The connection: the sandbox's defaults with `--sandbox`, else the WHATSAPP_* variables. */
export function connectionFrom(env: NodeJS.ProcessEnv, sandbox: boolean): Record<string, string> {
	const base = sandbox ? { ...SANDBOX_CONNECTION, base_url: env.SANDBOX_URL || SANDBOX_CONNECTION.base_url } : {};
	const fromEnv: Record<string, string | undefined> = {
		access_token: env.WHATSAPP_ACCESS_TOKEN,
		waba_id: env.WHATSAPP_WABA_ID,
		app_id: env.WHATSAPP_APP_ID,
		api_version: env.WHATSAPP_API_VERSION,
		base_url: env.WHATSAPP_BASE_URL,
	};
	const auth: Record<string, string> = { ...base };
	for (const [key, value] of Object.entries(fromEnv)) if (value) auth[key] = value;
	return auth;
}

/** Zapier's method path of an operation's perform, e.g. `creates.verify_code.operation.perform`. */
export function methodPath(key: string): string | undefined {
	if (key === 'auth') return 'authentication.test';
	const definitions = App as unknown as Definitions;
	const kind = (['creates', 'searches', 'triggers'] as const).find((candidate) => definitions[candidate][key]);
	return kind ? `${kind}.${key}.operation.perform` : undefined;
}

const KIND_NAMES: Record<Kind, string> = { creates: 'action', searches: 'search', triggers: 'trigger' };

function usage(): string {
	const definitions = App as unknown as Definitions;
	const lines = ['Usage: node dist/zapier/invoke.js [--sandbox] <key> [--field value ...]', '', '  auth  (test the connection)'];
	for (const kind of ['creates', 'searches', 'triggers'] as const) {
		for (const [key, definition] of Object.entries(definitions[kind])) {
			if (definition.display?.hidden && kind !== 'triggers') continue;
			lines.push(`  ${key}  (${KIND_NAMES[kind]}: ${definition.display?.label ?? 'hidden'})`);
		}
	}
	return lines.join('\n');
}

/** Zapier's AppError and ThrottledError carry JSON; show it as a sentence. */
export function describeFailure(failure: Error): string {
	try {
		const body = JSON.parse(failure.message) as { message?: string; code?: string; status?: number; delay?: number };
		if (typeof body.message === 'string') {
			const extra = [body.code ? `code ${body.code}` : '', body.status ? `HTTP ${body.status}` : '', body.delay ? `Zapier would retry in ${body.delay} s` : '']
				.filter(Boolean)
				.join(', ');
			return `${failure.name}: ${body.message}${extra ? ` [${extra}]` : ''}`;
		}
	} catch {
		// not JSON: the message is already a sentence
	}
	return `${failure.name}: ${failure.message}`;
}

/** Runs the command line; resolves with the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out = process.stdout, err = process.stderr): Promise<number> {
	let parsed: InvokeArguments;
	try {
		parsed = parseArguments(argv);
	} catch (error) {
		err.write(`${(error as Error).message}\n\n${usage()}\n`);
		return 2;
	}
	const method = parsed.key ? methodPath(parsed.key) : undefined;
	if (!method) {
		err.write(`${parsed.key ? `Unknown operation "${parsed.key}".\n\n` : ''}${usage()}\n`);
		return 2;
	}
	// Zapier's handler, as `zapier-platform invoke` calls it (calledFromCli: no per-run memory line).
	const handler = zapier.createAppHandler(App);
	try {
		const response = await handler({
			command: 'execute',
			method,
			bundle: { authData: connectionFrom(env, parsed.sandbox), inputData: parsed.inputData, meta: {} },
			calledFromCli: true,
		});
		out.write(`${JSON.stringify(response.results, null, 2)}\n`);
		return 0;
	} catch (error) {
		err.write(`${describeFailure(error as Error)}\n`);
		return 1;
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then((code) => process.exit(code));
}
