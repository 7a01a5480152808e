/**
 * One of our nodes in a real n8n `Workflow`, with its credentials stored in the harness's
 * credentials service: what every entry point (execute, load options, webhook, poll) starts from.
 * The Workflow constructor fills in parameter defaults exactly as n8n does when it loads a workflow.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters, INodeTypes, IWorkflowBase, OnError } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { loadPackage, type LoadedPackage } from './package';

export interface NodeSetup {
	/** Our node's name without the package prefix, e.g. `whatsAppNumbers`. */
	node: string;
	/** The node's parameters as a workflow stores them (defaults are filled in by n8n). */
	parameters?: INodeParameters;
	/** Credential data by credential type; each is stored and attached to the node. */
	credentials?: Record<string, IDataObject>;
	/** The node setting "On Error: Continue" (n8n's `onError: continueRegularOutput`). */
	continueOnFail?: boolean;
	onError?: OnError;
	/** Workflow static data to start from (a trigger's memory between polls or activations). */
	staticData?: IDataObject;
	/** Whether the workflow is active (production triggers) or not (manual runs). */
	active?: boolean;
	name?: string;
	typeVersion?: number;
	/** The trigger's webhook ID (n8n assigns one to every webhook node). */
	webhookId?: string;
}

export interface BuiltWorkflow {
	pkg: LoadedPackage;
	workflow: Workflow;
	/** The node as the workflow holds it (parameters with defaults). */
	node: INode;
	workflowData: IWorkflowBase;
	credentialsHelper: HarnessCredentialsHelper;
}

export const WORKFLOW_ID = 'engineHarnessWf1';
export const DEFAULT_WEBHOOK_ID = 'a1b2c3d4-0000-4000-8000-000000000001';

/** The credential id the harness gives a stored credential of this type. */
export const credentialId = (type: string) => `${type}Cred1`;

/** `nodeTypes` lets a caller observe the node (never change it): see execute.ts. */
export async function buildWorkflow(setup: NodeSetup, nodeTypes: (loaded: INodeTypes) => INodeTypes = (loaded) => loaded): Promise<BuiltWorkflow> {
	const pkg = await loadPackage();
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes);
	const type = pkg.typeName(setup.node);
	const description = pkg.nodeTypes.getByNameAndVersion(type, setup.typeVersion).description;
	const credentials: INode['credentials'] = {};
	for (const [credentialType, data] of Object.entries(setup.credentials ?? {})) {
		credentials[credentialType] = credentialsHelper.store({ id: credentialId(credentialType), name: `${credentialType} account`, type: credentialType, data: data as ICredentialDataDecryptedObject });
	}
	const version = setup.typeVersion ?? (Array.isArray(description.version) ? Math.max(...description.version) : description.version);
	const node: INode = {
		id: 'harness-node-1',
		name: setup.name ?? description.defaults.name ?? description.displayName,
		type,
		typeVersion: version,
		position: [0, 0],
		parameters: structuredClone(setup.parameters ?? {}),
		credentials,
		...(description.webhooks?.length ? { webhookId: setup.webhookId ?? DEFAULT_WEBHOOK_ID } : {}),
		...(setup.onError ? { onError: setup.onError } : setup.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflowData: IWorkflowBase = {
		id: WORKFLOW_ID,
		name: 'Engine harness workflow',
		active: setup.active ?? false,
		isArchived: false,
		nodes: [node],
		connections: {},
		settings: {},
		staticData: setup.staticData,
		createdAt: new Date(0),
		updatedAt: new Date(0),
		activeVersionId: null,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: workflowData.name,
		nodes: [node],
		connections: {},
		active: workflowData.active,
		nodeTypes: nodeTypes(pkg.nodeTypes),
		staticData: setup.staticData,
		settings: {},
	});
	return { pkg, workflow, node: workflow.getNode(node.name) as INode, workflowData, credentialsHelper };
}
