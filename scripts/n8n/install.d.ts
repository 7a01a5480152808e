/** Types of install.js (plain JavaScript so it can run before the TypeScript build). */

/** `stable` = n8n 2.8.4 on the current Node 20; `latest` = n8n 2.41.1 on a Node 24 binary from npm. */
export type N8nRecipeName = 'stable' | 'latest';

export interface N8nRecipe {
	version: string;
	packageJson: { dependencies: Record<string, string>; overrides?: Record<string, string> };
	installArgs: string[];
	/** Relative to the install folder; null = the Node running us. */
	nodeBinary: string | null;
	rebuildWithNode: string[];
	/** Files (relative to the install folder) without which the install counts as incomplete. */
	requiredFiles: string[];
	approxMinutes: number;
	approxGigabytes: number;
}

export interface N8nInstall {
	version: string;
	/** The install folder, e.g. `~/.cache/n8n-nodes-whatsapp-numbers/n8n-2.8.4`. */
	dir: string;
	/** `node_modules/n8n/bin/n8n`, to be run with `nodeBin`. */
	n8nBin: string;
	nodeBin: string;
	installedAt: string;
	installSeconds: number;
}

export interface EnsureN8nOptions {
	recipe?: N8nRecipeName;
	/** Defaults to the per-user tool cache (scripts/support/toolCache.js). */
	cacheRoot?: string;
	/** Progress lines; defaults to stderr. */
	log?: (line: string) => void;
	/** Bound on installing or waiting for another process's install; defaults to 30 minutes. */
	timeoutMs?: number;
	/** How often a caller waiting for another process's install looks again; defaults to 5 s. */
	pollMs?: number;
}

export declare const RECIPES: Record<N8nRecipeName, N8nRecipe>;
export declare const DEFAULT_CACHE_ROOT: string;
export declare const REPO_ROOT: string;
export declare function ensureN8n(options?: EnsureN8nOptions): Promise<N8nInstall>;
export declare function completedInstall(recipe: N8nRecipe, dir: string): N8nInstall | undefined;
export declare function installDirFor(recipe: N8nRecipe, cacheRoot: string): string;
export declare function recipeFor(name: N8nRecipeName): N8nRecipe;
/** `env` without the variables npm sets for a running script (they would point a nested npm at our package). */
export declare function cleanNpmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
