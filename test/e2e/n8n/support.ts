/**
 * Shared set-up for the real-n8n end-to-end suites: installs n8n on first use (bounded, with
 * progress lines), installs our packed package into an instance, and loads workflow fixtures.
 *
 * `N8N_E2E_RECIPES=stable` or `latest` narrows the n8n builds the suites run against (default both).
 * `N8N_E2E_KEEP=1` keeps each instance's user folder (database, n8n.log).
 */
import path from 'node:path';

import { startSandbox, type Sandbox } from '../../../sandbox';
import {
	N8nInstance,
	ensureN8n,
	loadWorkflowFile,
	packOurPackage,
	sandboxCredentialSeeds,
	type N8nInstall,
	type N8nRecipeName,
	type N8nWorkflow,
} from '../../../scripts/n8n/launcher';

/**
 * Which n8n builds the suites run against: both by default (2.8.4 on this Node 20, and the newest,
 * 2.41.1, on a Node 24 binary from npm). `N8N_E2E_RECIPES=stable` (or `latest`) narrows it.
 */
export const N8N_RECIPES: N8nRecipeName[] = (process.env.N8N_E2E_RECIPES ?? 'stable,latest')
	.split(',')
	.map((name) => name.trim())
	.filter((name): name is N8nRecipeName => name === 'stable' || name === 'latest');

/** First use installs n8n (5–12 min on 2 cores); later runs, from any clone, reuse the per-user tool cache. */
export const INSTALL_TIMEOUT_MS = 30 * 60_000;
/** Bound for one suite's work once n8n is installed. */
export const SUITE_TIMEOUT_MS = 5 * 60_000;

const installing = new Map<N8nRecipeName, Promise<N8nInstall>>();

/** Installs (or reuses) n8n; shared by the suites of one jest worker (and locked across workers). */
export function prepareN8n(recipe: N8nRecipeName = 'stable'): Promise<N8nInstall> {
	const pending = installing.get(recipe);
	if (pending) return pending;
	const install = ensureN8n({
		recipe,
		timeoutMs: INSTALL_TIMEOUT_MS - 60_000,
		// jest buffers console output; progress goes straight to stderr so a CI log shows why it waits.
		log: (line) => process.stderr.write(`${line}\n`),
	});
	installing.set(recipe, install);
	return install;
}

/**
 * Packs our built package into the instance's user folder (removed with the instance) and installs
 * it where n8n loads community packages.
 */
export async function installOurPackage(n8n: N8nInstance): Promise<void> {
	await n8n.installPackage(await packOurPackage(path.join(n8n.userFolder, 'pack')));
}

/** A workflow fixture beside the tests (`fixtures/<name>.workflow.json`), `__KEY__` tokens filled from `values`. */
export function loadWorkflow(name: string, values: Record<string, string> = {}): N8nWorkflow {
	return loadWorkflowFile(path.join(__dirname, 'fixtures', `${name}.workflow.json`), values);
}

/** The node of a workflow with this name (throws naming the nodes there are). */
export function nodeNamed(workflow: N8nWorkflow, name: string): Record<string, unknown> & { parameters: Record<string, unknown> } {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`Workflow "${workflow.name}" has no node "${name}" (it has ${workflow.nodes.map((n) => n.name).join(', ')}).`);
	return node as Record<string, unknown> & { parameters: Record<string, unknown> };
}

/** Calls the sandbox's Graph API directly (what Meta would be asked), throwing on a non-2xx answer. */
export async function graphCall<T>(sandbox: Pick<Sandbox, 'accessToken' | 'baseUrl'>, method: string, graphPath: string, body?: unknown): Promise<T> {
	const response = await fetch(`${sandbox.baseUrl}/v25.0/${graphPath}`, {
		method,
		headers: { authorization: `Bearer ${sandbox.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`Sandbox ${method} /v25.0/${graphPath} answered HTTP ${response.status}: ${text}`);
	return JSON.parse(text) as T;
}

/**
 * A fresh sandbox and an n8n instance (not started yet) with our package and both sandbox
 * credentials; the sandbox is stopped again when the instance cannot be prepared.
 */
export async function prepareN8nOnSandbox(recipe: N8nRecipeName): Promise<{ sandbox: Sandbox; n8n: N8nInstance }> {
	const install = await prepareN8n(recipe);
	const sandbox = await startSandbox({ port: 0 });
	try {
		const n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		return { sandbox, n8n };
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
}
