/**
 * The workflow gallery (`templates/n8n/<NN>-<slug>/workflow.json`) as a local n8n receives it. The
 * committed JSON names no credential (a template gallery ships without credential ids, and every
 * consultant's credentials differ); at import, each node of ours gets the credentials it needs by
 * type, here the sandbox ones, and each workflow an id derived from its folder so a later import
 * replaces it instead of adding a copy.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, repoRoot } from './ourPackage';
import { CREDENTIAL_TYPES, SANDBOX_CREDENTIALS } from './sandboxCredentials';
import type { N8nWorkflow } from './workflows';

/** One template of the gallery. */
export interface GalleryTemplate {
	/** `04-campaign-from-a-list` */
	folder: string;
	/** `04` */
	number: string;
	/** Absolute path of its workflow.json. */
	file: string;
	/** Where its screenshot goes (`screenshot.png` beside the workflow). */
	screenshot: string;
	/** The id it is imported under (`waGallery04`): stable, so a re-import replaces it. */
	workflowId: string;
}

/** `<NN>-<slug>`: two digits, a dash, lowercase words joined by dashes. */
const FOLDER_PATTERN = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The gallery's folder: `templates/n8n` under the repository root. */
export function galleryDir(root = repoRoot()): string {
	return path.join(root, 'templates', 'n8n');
}

/** Every template folder with a workflow.json, in number order (whatever exists in this checkout). */
export function galleryTemplates(root = repoRoot()): GalleryTemplate[] {
	const dir = galleryDir(root);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && FOLDER_PATTERN.test(entry.name) && fs.existsSync(path.join(dir, entry.name, 'workflow.json')))
		.map((entry) => entry.name)
		.sort()
		.map((folder) => {
			const number = FOLDER_PATTERN.exec(folder)![1];
			return {
				folder,
				number,
				file: path.join(dir, folder, 'workflow.json'),
				screenshot: path.join(dir, folder, 'screenshot.png'),
				workflowId: `waGallery${number}`,
			};
		});
}

/** A credential reference as a node carries it. */
export interface CredentialRef {
	id: string;
	name: string;
}

/** The credentials to attach, by credential type. */
export type CredentialsByType = Partial<Record<(typeof CREDENTIAL_TYPES)[keyof typeof CREDENTIAL_TYPES], CredentialRef>>;

/** The sandbox credentials (`npm start`, the tests, the screenshots) by the type nodes ask for. */
export const SANDBOX_CREDENTIALS_BY_TYPE: CredentialsByType = {
	[CREDENTIAL_TYPES.api]: SANDBOX_CREDENTIALS.api,
	[CREDENTIAL_TYPES.app]: SANDBOX_CREDENTIALS.app,
};

const NODE_TYPES = {
	action: `${PACKAGE_NAME}.whatsAppNumbers`,
	trigger: `${PACKAGE_NAME}.whatsAppNumbersTrigger`,
	statusTrigger: `${PACKAGE_NAME}.whatsAppNumbersStatusTrigger`,
} as const;

/**
 * The credential types a node of ours uses: the Graph API credential for the action node and the
 * Status Trigger; the app credential for the webhook trigger, plus the Graph one when it manages
 * the subscription (every mode but "Already Configured"). Other nodes: none.
 */
export function credentialTypesFor(node: Record<string, unknown>): string[] {
	switch (node.type) {
		case NODE_TYPES.action:
		case NODE_TYPES.statusTrigger:
			return [CREDENTIAL_TYPES.api];
		case NODE_TYPES.trigger: {
			const mode = (node.parameters as Record<string, unknown> | undefined)?.subscriptionMode;
			return mode === 'none' ? [CREDENTIAL_TYPES.app] : [CREDENTIAL_TYPES.app, CREDENTIAL_TYPES.api];
		}
		default:
			return [];
	}
}

/**
 * The workflow with each node of ours pointing at the given credentials (any reference it had for
 * those types is replaced). Throws naming the node when a needed credential was not given, so a
 * template never imports half-connected.
 */
export function withCredentials(workflow: N8nWorkflow, credentials: CredentialsByType): N8nWorkflow {
	const nodes = workflow.nodes.map((node) => {
		const types = credentialTypesFor(node);
		if (!types.length) return node;
		const attached: Record<string, unknown> = { ...((node.credentials as Record<string, unknown> | undefined) ?? {}) };
		for (const type of types) {
			const ref = credentials[type as keyof CredentialsByType];
			if (!ref) throw new Error(`Node "${String(node.name)}" of "${workflow.name}" needs a ${type} credential; none was given.`);
			attached[type] = { id: ref.id, name: ref.name };
		}
		return { ...node, credentials: attached };
	});
	return { ...workflow, nodes };
}

/** A template's workflow ready to import: its gallery id and the given credentials attached. */
export function galleryWorkflow(template: GalleryTemplate, credentials: CredentialsByType): N8nWorkflow {
	const workflow = JSON.parse(fs.readFileSync(template.file, 'utf8')) as N8nWorkflow;
	return withCredentials({ ...workflow, id: template.workflowId, active: false }, credentials);
}

/**
 * A digest of a template's workflow.json. `npm start` imports a template again only when its file
 * changed since the last import, so what a user changed in n8n survives restarts.
 */
export function templateDigest(template: GalleryTemplate): string {
	return createHash('sha256').update(fs.readFileSync(template.file)).digest('hex');
}
