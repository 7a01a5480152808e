/**
 * A real n8n with one gallery template in it, as a consultant's instance would be: our package
 * installed, the sandbox credentials created, the template (and any other) imported, n8n started and its owner
 * logged in (the cookie runs workflows as the editor does and reads Data tables; the API key reads
 * executions).
 */
import type { Sandbox } from '../../../../../sandbox';
import { N8nInstance, sandboxCredentialSeeds, type N8nInstanceOptions, type N8nRecipeName, type N8nWorkflow } from '../../../../../scripts/n8n/launcher';
import { installOurPackage, prepareN8n } from '../../support';

export interface TemplateInstance {
	n8n: N8nInstance;
	/** The owner's session cookie. */
	cookie: string;
}

/** Starts n8n `recipe` with the workflows imported (inactive), pointing at `sandbox`; `env` adds n8n settings. */
export async function startWithTemplate(recipe: N8nRecipeName, sandbox: Sandbox, workflows: N8nWorkflow | N8nWorkflow[], env: N8nInstanceOptions['env'] = {}): Promise<TemplateInstance> {
	const n8n = await N8nInstance.create({ install: await prepareN8n(recipe), env });
	try {
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		await n8n.importWorkflows(Array.isArray(workflows) ? workflows : [workflows]);
		await n8n.start();
		const cookie = await n8n.setupOwner();
		await n8n.createApiKey(cookie);
		return { n8n, cookie };
	} catch (error) {
		// The caller never gets the instance to stop: stop it here so no n8n outlives the suite.
		await n8n.stop();
		throw error;
	}
}
