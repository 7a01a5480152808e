/**
 * A node's `methods.listSearch`, `methods.loadOptions` and `methods.resourceMapping`, called as the editor's requests reach them
 * in n8n (the CLI's DynamicNodeParametersService): a workflow with the node alone, named
 * `Temp-Node`, holding the parameters the editor currently shows, and a real LoadOptionsContext.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions, ResourceMapperFields } from 'n8n-workflow';

import { additionalData } from './additionalData';
import { buildWorkflow, type NodeSetup } from './workflow';

export interface MethodCall extends NodeSetup {
	method: string;
	/** The parameter the editor asks for (n8n sends its path, e.g. `parameters.phoneNumberId`). */
	path?: string;
}

interface NodeMethods {
	listSearch?: Record<string, (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>>;
	loadOptions?: Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
	resourceMapping?: Record<string, (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>>;
}

async function context(call: MethodCall): Promise<{ context: LoadOptionsContext; methods?: NodeMethods }> {
	const { workflow, node, workflowData, credentialsHelper, pkg } = await buildWorkflow({ ...call, name: 'Temp-Node' });
	const data = additionalData({ credentialsHelper, mode: 'internal', workflow: workflowData });
	data.currentNodeParameters = node.parameters;
	const methods = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).methods as NodeMethods | undefined;
	return { context: new LoadOptionsContext(workflow, node, data, call.path ?? 'parameters'), methods };
}

function method<T>(methods: Record<string, T> | undefined, kind: string, name: string): T {
	const found = methods?.[name];
	// n8n's own answer when the editor asks for a method the node lacks.
	if (typeof found !== 'function') throw new Error(`Node type does not have method defined: ${kind}.${name}`);
	return found;
}

/** A resource locator's list: `methods.listSearch[method](filter, paginationToken)`. */
export async function listSearch(call: MethodCall & { filter?: string; paginationToken?: string }): Promise<INodeListSearchResult> {
	const { context: thisArg, methods } = await context(call);
	return await method(methods?.listSearch, 'listSearch', call.method).call(thisArg, call.filter, call.paginationToken);
}

/** An options list: `methods.loadOptions[method]()`. */
export async function loadOptions(call: MethodCall): Promise<INodePropertyOptions[]> {
	const { context: thisArg, methods } = await context(call);
	return await method(methods?.loadOptions, 'loadOptions', call.method).call(thisArg);
}

/** A resource mapper's fields: `methods.resourceMapping[method]()` (the editor's `getMappingFields`). */
export async function resourceMapping(call: MethodCall): Promise<ResourceMapperFields> {
	const { context: thisArg, methods } = await context(call);
	return await method(methods?.resourceMapping, 'resourceMapping', call.method).call(thisArg);
}
