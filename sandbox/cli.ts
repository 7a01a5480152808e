#!/usr/bin/env node
/**
 * `npm run sandbox [-- --port 4010 --seed seed.json --state state.json --latency 0 --verbose]`
 * Starts the sandbox on 127.0.0.1 and prints what a client needs. With --state, the state is loaded
 * at start (when the file exists) and saved on exit (Ctrl-C / SIGTERM).
 */
import { parseCliArgs, saveState, startingSeed, USAGE } from './cliSupport';
import { CONTROL_ENDPOINTS, startSandbox } from './index';
import { worldSummary } from './worldSummary';

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const options = parseCliArgs(argv, process.env);
	const log = (line: string): void => {
		process.stdout.write(`[sandbox ${new Date().toISOString()}] ${line}\n`);
	};
	const sandbox = await startSandbox({ port: options.port, seed: startingSeed(options), latencyMs: options.latencyMs, log, logRequests: options.verbose });
	process.stdout.write(
		[
			'WhatsApp Cloud API sandbox (simulated; nothing reaches Meta)',
			`  Base URL       ${sandbox.baseUrl}   (Graph paths: ${sandbox.baseUrl}/v25.0/<id>)`,
			`  Access token   ${sandbox.accessToken}`,
			`  WABA ID        ${sandbox.wabaId}`,
			`  Phone number   ${sandbox.phoneNumberId}`,
			`  App ID         ${sandbox.appId}`,
			`  App secret     ${sandbox.appSecret}`,
			options.state ? `  State file     ${options.state} (saved on exit)` : '  State          in memory (use --state file.json to keep it)',
			'',
			...worldSummary(sandbox.control.snapshot()),
			'',
			'Control endpoints (no auth):',
			...CONTROL_ENDPOINTS.map((line) => `  ${line}`),
			'',
			'Verification codes are printed here when requested. Ctrl-C stops.',
			'',
		].join('\n'),
	);

	let stopping = false;
	const shutdown = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		if (options.state) {
			try {
				saveState(sandbox, options.state);
				log(`state saved to ${options.state}`);
			} catch (error) {
				log(`could not save state to ${options.state}: ${(error as Error).message}`);
			}
		}
		log(`${signal}: stopping`);
		void sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
	process.stderr.write(`sandbox: ${(error as Error).message}\n`);
	process.exit(1);
});
