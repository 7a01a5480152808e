/** The CLI's pieces that are worth testing: arguments, the starting seed, saving the state. */
import { existsSync, writeFileSync } from 'node:fs';
import { readSeedFile } from './seed';
import type { SandboxSeed } from './types';

export interface CliOptions {
	port: number;
	seed?: string;
	state?: string;
	latencyMs: number;
	verbose: boolean;
}

export const USAGE = 'Usage: npm run sandbox -- [--port 4010] [--seed seed.json] [--state state.json] [--latency ms] [--verbose]';

/** `--port` (else SANDBOX_PORT, else 4010), `--seed`, `--state`, `--latency`, `--verbose`; throws with the usage on a mistake. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliOptions {
	const options: CliOptions = { port: Number(env.SANDBOX_PORT ?? 4010), latencyMs: 0, verbose: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = (): string => {
			const next = argv[++i];
			if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value. ${USAGE}`);
			return next;
		};
		if (arg === '--port') options.port = Number(value());
		else if (arg === '--seed') options.seed = value();
		else if (arg === '--state') options.state = value();
		else if (arg === '--latency') options.latencyMs = Number(value());
		else if (arg === '--verbose') options.verbose = true;
		else throw new Error(`Unknown option ${arg}. ${USAGE}`);
	}
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port (or SANDBOX_PORT) must be a port number from 0 to 65535.');
	if (!Number.isFinite(options.latencyMs) || options.latencyMs < 0) throw new Error('--latency must be milliseconds ≥ 0.');
	return options;
}

/** The saved state when `--state` names an existing file, else the `--seed` file, else undefined (the default seed). */
export function startingSeed(options: CliOptions): SandboxSeed | undefined {
	if (options.state && existsSync(options.state)) return readSeedFile(options.state);
	if (options.seed) return readSeedFile(options.seed);
	return undefined;
}

/** Writes the sandbox's whole state (PINs as hashes) to `path`. */
export function saveState(sandbox: { control: { snapshot(): SandboxSeed } }, path: string): void {
	writeFileSync(path, `${JSON.stringify(sandbox.control.snapshot(), null, '\t')}\n`);
}
