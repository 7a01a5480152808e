/**
 * Runs a real n8n, isolated and offline, with our community package installed: used by `npm start`,
 * the end-to-end tests and `npm run bench:n8n`. Every child process runs in its own process group
 * and is killed when its instance stops or when this process exits; every wait is bounded and its
 * timeout error quotes n8n's last log lines.
 *
 * This module is the one entry point; the parts live beside it, one concern each:
 * processes.ts (child processes, ports), ourPackage.ts (install n8n, pack and install our package),
 * cliCommands.ts (import, execute), restApi.ts (owner, API key, public API), waits.ts,
 * instance.ts (one n8n), workflows.ts (workflow files, run data), sandboxCredentials.ts, gallery.ts
 * (the workflow templates of templates/n8n, credentials attached at import).
 */
export type { N8nInstall, N8nRecipeName } from './install';
export { N8nInstance, LOCAL_ENCRYPTION_KEY, type N8nInstanceOptions } from './instance';
export { PACKAGE_NAME, cleanNpmEnv, ensureN8n, installPackageInto, packOurPackage, repoRoot } from './ourPackage';
export { freePort, isPortFree } from './processes';
export { LOCAL_OWNER, type N8nOwner } from './restApi';
export { CREDENTIAL_TYPES, SANDBOX_CREDENTIALS, SANDBOX_VERIFY_TOKEN, sandboxCredentialSeeds, type N8nCredentialSeed } from './sandboxCredentials';
export { parseRunOutput } from './cliCommands';
export {
	credentialTypesFor,
	galleryDir,
	galleryTemplates,
	galleryWorkflow,
	SANDBOX_CREDENTIALS_BY_TYPE,
	templateDigest,
	withCredentials,
	type CredentialsByType,
	type GalleryTemplate,
} from './gallery';
export {
	exampleWorkflowFiles,
	loadWorkflowFile,
	nodeOutput,
	nodeRun,
	type N8nCliRun,
	type N8nExecution,
	type N8nItem,
	type N8nNodeRun,
	type N8nRunData,
	type N8nWorkflow,
} from './workflows';
