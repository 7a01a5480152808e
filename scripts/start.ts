/**
 * `npm start`: the sandbox plus a real local n8n with our nodes installed and credentials pointing
 * at the sandbox, so a new user sees the nodes working within minutes. Everything listens on
 * 127.0.0.1; Ctrl-C stops it all.
 *
 *   npm start                    n8n 2.8.4 (runs on this Node)
 *   npm start -- --latest        the newest n8n (2.41.1) on a Node 24 binary from npm
 *   npm start -- --fresh         forget the local n8n's workflows and login (new user folder)
 *   npm start -- --port 5678     n8n's port (default 5678 when free, else any free port)
 *   npm start -- --no-example    do not import the example workflow
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startSandbox } from '../sandbox';
import {
	CREDENTIAL_TYPES,
	LOCAL_OWNER,
	N8nInstance,
	ensureN8n,
	isPortFree,
	packOurPackage,
	repoRoot,
	type N8nWorkflow,
} from './n8n/launcher';

/** Ids of what `npm start` imports, so a restart updates them instead of adding copies. */
const SANDBOX_API_CREDENTIAL_ID = 'waSandboxApiCred01';
const SANDBOX_APP_CREDENTIAL_ID = 'waSandboxAppCred01';
const SANDBOX_VERIFY_TOKEN = 'sandbox-verify-token';
const EXAMPLES_DIR = path.join('scripts', 'n8n', 'examples');
const DEFAULT_N8N_PORT = 5678;

const say = (line = ''): void => {
	process.stdout.write(`${line}\n`);
};

function usage(): string {
	return [
		'Usage: npm start [-- --latest] [-- --fresh] [-- --port <n>] [-- --no-example]',
		'  --latest      run the newest n8n (2.41.1) on a Node 24 binary from npm (first use installs it: ~10 min)',
		'  --fresh       start with an empty n8n (forgets workflows and the login kept in .cache/)',
		'  --port <n>    port for n8n on 127.0.0.1 (default 5678 when free, else any free port)',
		'  --no-example  do not import the example onboarding workflow',
	].join('\n');
}

function parseOptions(argv: string[]): { latest: boolean; fresh: boolean; port?: number; example: boolean } {
	const { values } = parseArgs({
		args: argv,
		options: {
			latest: { type: 'boolean', default: false },
			fresh: { type: 'boolean', default: false },
			port: { type: 'string' },
			'no-example': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
		strict: true,
	});
	if (values.help) {
		say(usage());
		process.exit(0);
	}
	let port: number | undefined;
	if (values.port !== undefined) {
		port = Number(values.port);
		if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a whole number from 1 to 65535, got "${values.port}".`);
	}
	return { latest: values.latest ?? false, fresh: values.fresh ?? false, port, example: !values['no-example'] };
}

/** The example workflows shipped for `npm start` (scripts/n8n/examples/*.workflow.json). */
function exampleWorkflows(): N8nWorkflow[] {
	const dir = path.join(repoRoot(), EXAMPLES_DIR);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.workflow.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as N8nWorkflow);
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const root = repoRoot();
	const cleanups: Array<() => Promise<void>> = [];
	let stopping = false;
	const stopAll = async (code: number): Promise<never> => {
		if (!stopping) {
			stopping = true;
			say('\nStopping n8n and the sandbox…');
			for (const cleanup of cleanups.reverse()) await cleanup().catch((error: Error) => say(`  (while stopping: ${error.message})`));
		}
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	say('Starting the WhatsApp Graph API sandbox…');
	const sandbox = await startSandbox({ port: 0, log: (line) => say(`  sandbox | ${line}`) });
	cleanups.push(() => sandbox.stop());

	const install = await ensureN8n({ recipe: options.latest ? 'latest' : 'stable', log: (line) => say(line) });
	const userFolder = path.join(root, '.cache', `n8n-home-${install.version}`);
	if (options.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	const port = options.port ?? ((await isPortFree(DEFAULT_N8N_PORT)) ? DEFAULT_N8N_PORT : undefined);
	if (options.port !== undefined && !(await isPortFree(options.port))) throw new Error(`Port ${options.port} is in use on 127.0.0.1; choose another with --port.`);
	const n8n = await N8nInstance.create({ install, userFolder, port });
	cleanups.push(() => n8n.stop());

	say('Packing and installing our nodes into n8n…');
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-n8n-pack-'));
	cleanups.push(async () => fs.rmSync(packDir, { recursive: true, force: true }));
	await n8n.installPackage(await packOurPackage(packDir));

	say('Creating the sandbox credentials in n8n…');
	const apiVersion = 'v25.0';
	await n8n.importCredentials([
		{
			id: SANDBOX_API_CREDENTIAL_ID,
			name: 'WhatsApp sandbox',
			type: CREDENTIAL_TYPES.api,
			data: { accessToken: sandbox.accessToken, wabaId: sandbox.wabaId, apiVersion, baseUrl: sandbox.baseUrl },
		},
		{
			id: SANDBOX_APP_CREDENTIAL_ID,
			name: 'WhatsApp sandbox app',
			type: CREDENTIAL_TYPES.app,
			data: { appId: sandbox.appId, appSecret: sandbox.appSecret, verifyToken: SANDBOX_VERIFY_TOKEN, apiVersion, baseUrl: sandbox.baseUrl },
		},
	]);
	const examples = options.example ? exampleWorkflows() : [];
	// Imported once per user folder, so a user's edits to the example survive a restart.
	const examplesMarker = path.join(userFolder, 'examples-imported.json');
	if (examples.length && !fs.existsSync(examplesMarker)) {
		say(`Importing the example workflow${examples.length > 1 ? 's' : ''}…`);
		await n8n.importWorkflows(examples);
		fs.writeFileSync(examplesMarker, JSON.stringify(examples.map((workflow) => workflow.id)));
	}

	say(`Starting n8n ${install.version} (its log: ${n8n.logFile})…`);
	await n8n.start();
	let login = `Log in as ${LOCAL_OWNER.email} / ${LOCAL_OWNER.password}`;
	try {
		await n8n.setupOwner();
	} catch (error) {
		login = `Log in with the account you created earlier (automatic login failed: ${(error as Error).message.split('\n')[0]}). Use --fresh to start over.`;
	}

	const exampleLine = examples.length
		? `  Example:  open "${examples[0].name}" and click "Execute workflow": it onboards a sandbox number step by step.`
		: '';
	say('');
	say('================================================================================');
	say(` n8n ${install.version} with the WhatsApp Business Numbers nodes is running.`);
	say(`  Editor:   ${n8n.baseUrl}/`);
	say(`  ${login}`);
	say('  Credentials "WhatsApp sandbox" and "WhatsApp sandbox app" point at the sandbox.');
	if (exampleLine) say(exampleLine);
	say('');
	say(' Sandbox (a local stand-in for the WhatsApp Business Platform Graph API):');
	say(`  Base URL:      ${sandbox.baseUrl}   (API version ${apiVersion})`);
	say(`  Access token:  ${sandbox.accessToken}`);
	say(`  WABA ID:       ${sandbox.wabaId}`);
	say(`  App ID/secret: ${sandbox.appId} / ${sandbox.appSecret}   verify token: ${SANDBOX_VERIFY_TOKEN}`);
	say('  Ready number:  200000000000001 (+1 555-010-0001, CONNECTED); numbers you add get ids from 200000000000002');
	say(` Control endpoints (no auth):`);
	say(`  Read the latest OTP:   curl ${sandbox.baseUrl}/_sandbox/numbers/<phoneNumberId>/code   (also printed above as "sandbox |")`);
	say(`  Incoming message:      curl -X POST ${sandbox.baseUrl}/_sandbox/inbound -H 'content-type: application/json' -d '{"phoneNumberId":"200000000000001","from":"15550001111","text":"hi"}'`);
	say(`  Contact changes phone: curl -X POST ${sandbox.baseUrl}/_sandbox/contacts/<waId>/rotate-identity`);
	say(`  Webhook deliveries:    curl ${sandbox.baseUrl}/_sandbox/deliveries`);
	say(`  Whole state:           curl ${sandbox.baseUrl}/_sandbox/state`);
	say('');
	say(' Press Ctrl-C to stop n8n and the sandbox.');
	say('================================================================================');

	// n8n ending on its own (crash, port taken later) ends the session too.
	await n8n.waitForExit();
	say(`n8n stopped unexpectedly. Last lines of its log:\n${n8n.logTail(30)}`);
	await stopAll(1);
}

main().catch((error: Error) => {
	process.stderr.write(`\nnpm start failed: ${error.message}\n`);
	process.exit(1);
});
