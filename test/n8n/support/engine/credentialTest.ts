/**
 * A credential's "Test" button, as n8n 2.8.4 runs it (the CLI's CredentialsTester): the credential's
 * `test.request` becomes the routing of a temporary node (n8n uses the No Operation node), which
 * n8n-core's RoutingNode sends through a real ExecuteContext with the typed-in credential data;
 * then the test's rules are checked against the answer, in order. The request, the credential's
 * `authenticate` block and the expressions are n8n's own code; the rules are the CLI's, copied.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IDataObject, INode, INodeCredentialTestResult, INodeType, INodeTypes } from 'n8n-workflow';
import { createEmptyRunExecutionData, Workflow } from 'n8n-workflow';

import { additionalData } from './additionalData';
import { HarnessCredentialsHelper } from './credentialsHelper';
import { loadPackage } from './package';

/** n8n runs credential tests on its No Operation node; NodeApiError words some messages by that type. */
const NO_OP_NODE_TYPE = 'n8n-nodes-base.noOp';

/** The CLI's message when the request failed without a response. */
const statusMessage = (status: number, text?: string) => text || `Received HTTP status code: ${status}`;

export async function testCredential(type: string, typedIn: IDataObject): Promise<INodeCredentialTestResult> {
	const data = typedIn as ICredentialDataDecryptedObject;
	const pkg = await loadPackage();
	const credentialType = pkg.credentialTypes.getByName(type);
	const testRequest = credentialType.test;
	if (!testRequest) return { status: 'Error', message: 'No testing function found for this credential.' };

	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes);
	const reference = credentialsHelper.store({ id: 'credentialUnderTest', name: 'Credential under test', type, data });
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: reference },
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP_NODE_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const workflowData = { id: 'credential-test', name: 'Credential test', nodes: [node], connections: {}, active: false } as never;
	const additional = additionalData({ credentialsHelper, mode: 'internal', workflow: workflowData });
	additional.currentNodeParameters = node.parameters;
	const credentials: ICredentialsDecrypted = { id: reference.id as string, name: reference.name, type, data: credentialsHelper.applyDefaults(type, data, additional, 'internal') };
	const context = new ExecuteContext(workflow, node, additional, 'internal', createEmptyRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);

	let response;
	try {
		response = await new RoutingNode(context, nodeType, credentials).runNode();
	} catch (caught) {
		const error = caught as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && status === rule.properties.value) return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299) return { status: 'Error', message: statusMessage(status, statusText) };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json;
		if (valueAt(body, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash `get` for a dotted key, as the CLI reads a rule's key. */
function valueAt(source: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), source);
}
