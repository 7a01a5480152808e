/**
 * `npm start`: the sandbox plus a real local n8n with our nodes installed, credentials pointing
 * at the sandbox, the example workflow and the workflow gallery (templates/n8n), so a new user sees
 * the nodes working within minutes. Everything listens on 127.0.0.1; Ctrl-C stops it all.
 *
 *   npm start                    n8n 2.8.4 (runs on this Node)
 *   npm start -- --latest        the newest n8n (2.41.1) on a Node 24 binary from npm
 *   npm start -- --fresh         forget the local n8n's workflows and login (new user folder)
 *   npm start -- --port 5678     n8n's port (default 5678 when free, else any free port)
 *   npm start -- --no-gallery    do not import the example workflow nor the gallery (old name: --no-example)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { CONTROL_ENDPOINTS, startSandbox } from '../sandbox';
import {
	LOCAL_OWNER,
	N8nInstance,
	SANDBOX_CREDENTIALS,
	SANDBOX_CREDENTIALS_BY_TYPE,
	SANDBOX_VERIFY_TOKEN,
	ensureN8n,
	exampleWorkflowFiles,
	freePort,
	galleryTemplates,
	galleryWorkflow,
	isPortFree,
	loadWorkflowFile,
	packOurPackage,
	repoRoot,
	sandboxCredentialSeeds,
	templateDigest,
} from './n8n/launcher';

/** Preferred ports (n8n's usual one and the sandbox CLI's); any free port when taken. */
const DEFAULT_N8N_PORT = 5678;
const DEFAULT_SANDBOX_PORT = 4010;

const say = (line = ''): void => {
	process.stdout.write(`${line}\n`);
};

function usage(): string {
	return [
		'Usage: npm start -- [--latest] [--fresh] [--port <n>] [--no-gallery]',
		'  --latest      run the newest n8n (2.41.1) on a Node 24 binary from npm (first use installs it: ~10 min)',
		'  --fresh       start with an empty n8n (forgets workflows and the login kept in .cache/)',
		'  --port <n>    port for n8n on 127.0.0.1 (default 5678 when free, else any free port)',
		'  --no-gallery  import neither the example onboarding workflow nor the workflow templates of',
		'                templates/n8n (--no-example is the old name and still works)',
	].join('\n');
}

function parseOptions(argv: string[]): { latest: boolean; fresh: boolean; port?: number; workflows: boolean } {
	const { values } = parseArgs({
		args: argv,
		options: {
			latest: { type: 'boolean', default: false },
			fresh: { type: 'boolean', default: false },
			port: { type: 'string' },
			'no-gallery': { type: 'boolean', default: false },
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
	return { latest: values.latest ?? false, fresh: values.fresh ?? false, port, workflows: !values['no-gallery'] && !values['no-example'] };
}

/**
 * Imports the gallery templates that are new or whose workflow.json changed since the last start
 * (a digest per template in the user folder), with the sandbox credentials attached; a template
 * left alone keeps what the user changed in n8n. Returns every template's name, for the banner.
 */
async function importGallery(n8n: N8nInstance, userFolder: string): Promise<string[]> {
	const templates = galleryTemplates();
	const marker = path.join(userFolder, 'gallery-imported.json');
	const imported = fs.existsSync(marker) ? (JSON.parse(fs.readFileSync(marker, 'utf8')) as Record<string, string>) : {};
	const workflows = templates.map((template) => ({ template, workflow: galleryWorkflow(template, SANDBOX_CREDENTIALS_BY_TYPE), digest: templateDigest(template) }));
	const changed = workflows.filter(({ template, digest }) => imported[template.workflowId] !== digest);
	if (changed.length) {
		say(`Importing ${changed.length} workflow template${changed.length > 1 ? 's' : ''} of the gallery (templates/n8n)…`);
		await n8n.importWorkflows(changed.map(({ workflow }) => workflow));
		fs.writeFileSync(marker, JSON.stringify(Object.fromEntries(workflows.map(({ template, digest }) => [template.workflowId, digest])), null, '\t'));
	}
	return workflows.map(({ template, workflow }) => `${template.number} ${workflow.name}`);
}

/** The preferred port when free on 127.0.0.1, else any free port. */
async function portFor(preferred: number): Promise<number> {
	return (await isPortFree(preferred)) ? preferred : await freePort();
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

	// The long step first: n8n is installed on first use (minutes, with progress lines).
	const install = await ensureN8n({ recipe: options.latest ? 'latest' : 'stable', log: (line) => say(line) });

	say('Starting the WhatsApp Graph API sandbox…');
	const sandbox = await startSandbox({ port: await portFor(DEFAULT_SANDBOX_PORT), log: (line) => say(`  sandbox | ${line}`) });
	cleanups.push(() => sandbox.stop());
	// A verified business may register 20 numbers instead of 2, so the example can run more than once.
	sandbox.control.verifyBusiness();
	const userFolder = path.join(root, '.cache', `n8n-home-${install.version}`);
	if (options.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	if (options.port !== undefined && !(await isPortFree(options.port))) throw new Error(`Port ${options.port} is in use on 127.0.0.1; choose another with --port.`);
	const n8n = await N8nInstance.create({ install, userFolder, port: options.port ?? (await portFor(DEFAULT_N8N_PORT)) });
	cleanups.push(() => n8n.stop());

	say('Packing and installing our nodes into n8n…');
	// Packed afresh on every start (the code may have changed since the last one).
	const packDir = path.join(userFolder, 'pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	await n8n.installPackage(await packOurPackage(packDir));

	say('Creating the sandbox credentials in n8n…');
	await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
	const exampleFiles = options.workflows ? exampleWorkflowFiles() : [];
	const examples = exampleFiles.map((file) => loadWorkflowFile(file, { SANDBOX_URL: sandbox.baseUrl }));
	// Imported again only when the sandbox URL changed (it is in the example), so a user's edits survive restarts.
	const examplesMarker = path.join(userFolder, 'examples-imported.json');
	const imported = fs.existsSync(examplesMarker) ? (JSON.parse(fs.readFileSync(examplesMarker, 'utf8')) as { sandboxUrl?: string }) : {};
	if (examples.length && imported.sandboxUrl !== sandbox.baseUrl) {
		say(`Importing the example workflow${examples.length > 1 ? 's' : ''}…`);
		await n8n.importWorkflows(examples);
		fs.writeFileSync(examplesMarker, JSON.stringify({ sandboxUrl: sandbox.baseUrl, workflows: examples.map((workflow) => workflow.id) }));
	}
	const gallery = options.workflows ? await importGallery(n8n, userFolder) : [];

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
	say(`  Credentials "${SANDBOX_CREDENTIALS.api.name}" and "${SANDBOX_CREDENTIALS.app.name}" point at the sandbox.`);
	if (exampleLine) say(exampleLine);
	if (gallery.length) {
		say(`  Gallery:  ${gallery.length} workflow template${gallery.length > 1 ? 's' : ''} (templates/n8n/*/README.md says how to use each):`);
		for (const line of gallery) say(`    ${line}`);
	}
	say('');
	say(' Sandbox (a local stand-in for the WhatsApp Business Platform Graph API; a fresh world each start):');
	say(`  Base URL:      ${sandbox.baseUrl}   (Graph paths: ${sandbox.baseUrl}/v25.0/<id>)`);
	say(`  Access token:  ${sandbox.accessToken}`);
	say(`  WABA ID:       ${sandbox.wabaId}   (business verified: up to 20 registered numbers)`);
	say(`  Ready number:  ${sandbox.phoneNumberId} (CONNECTED)`);
	say(`  App ID/secret: ${sandbox.appId} / ${sandbox.appSecret}   verify token: ${SANDBOX_VERIFY_TOKEN}`);
	say(`  Read an OTP:   curl ${sandbox.baseUrl}/_sandbox/numbers/<phoneNumberId>/code   (also printed here as "sandbox | …")`);
	say('  Control endpoints (no auth), under the base URL:');
	for (const line of CONTROL_ENDPOINTS) say(`    ${line}`);
	say('');
	say(' Press Ctrl-C to stop n8n and the sandbox.');
	say('================================================================================');

	// n8n ending on its own (crash, port taken later) ends the session too.
	await n8n.waitForExit();
	if (stopping) return;
	say(`n8n stopped unexpectedly. Last lines of its log:\n${n8n.logTail(30)}`);
	await stopAll(1);
}

main().catch((error: Error & { code?: string }) => {
	const hint = error.code?.startsWith('ERR_PARSE_ARGS') ? `\n${usage()}` : '';
	process.stderr.write(`\nnpm start failed: ${error.message}${hint}\n`);
	process.exit(1);
});
