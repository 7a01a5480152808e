/**
 * Where the heavy on-demand tools live (a real n8n, the Zapier CLI with its Node 22, the n8n lint
 * tool): one per-user cache outside the clone, so every clone on the machine (CI's too) installs
 * them once. `WA_TOOL_CACHE` overrides the folder; otherwise `$XDG_CACHE_HOME` or `~/.cache`.
 * Per-clone outputs (test results, the lint stage, the assembled Zapier app) stay in `.cache/`.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');

const CACHE_NAME = 'n8n-nodes-whatsapp-numbers';

function toolCacheRoot(env = process.env) {
	if (env.WA_TOOL_CACHE && env.WA_TOOL_CACHE.trim()) return path.resolve(env.WA_TOOL_CACHE.trim());
	const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() ? env.XDG_CACHE_HOME.trim() : path.join(os.homedir(), '.cache');
	return path.join(base, CACHE_NAME);
}

module.exports = { toolCacheRoot, TOOL_CACHE_ROOT: toolCacheRoot() };
