/**
 * Our package as n8n loads it: n8n-core's PackageDirectoryLoader reads the `n8n` section of our
 * package.json (the same list a real n8n loads) and applies what n8n adds while loading (the
 * Poll Times parameter of polling nodes, load-options method lists, icon paths, codex). Only the
 * file lookup differs: the listed `dist/…js` files are taken from their TypeScript sources, so no
 * build is needed and jest compiles them.
 */
import fs from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, ICredentialTypes, IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

import { installServices } from './services';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** `dist/nodes/X/X.node.js` → `nodes/X/X.node.ts`; the codex `dist/…/X.node.json` → `nodes/…/X.node.json`. */
export function sourceOf(file: string): string {
	const built = /^dist\/(.+)\.(js|json)$/.exec(file.replace(/\\/g, '/'));
	if (!built) return file;
	return built[2] === 'js' ? `${built[1]}.ts` : `${built[1]}.json`;
}

class SourcePackageLoader extends PackageDirectoryLoader {
	protected resolvePath(file: string): string {
		const resolved = path.resolve(this.directory, sourceOf(file));
		if (!fs.existsSync(resolved) && file.startsWith('dist/')) {
			throw new Error(`package.json lists ${file}, but its source ${path.relative(this.directory, resolved)} does not exist.`);
		}
		return resolved;
	}
}

/** The loaded package: node types by their full n8n name (`<package>.<node>`) and credential types. */
export interface LoadedPackage {
	packageName: string;
	nodeTypes: INodeTypes;
	credentialTypes: ICredentialTypes;
	/** `<package>.<name>` for a node name of ours (`whatsAppNumbers`). */
	typeName(nodeName: string): string;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads our package once per test file (as n8n does once per process). */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= load();
	return loaded;
}

async function load(): Promise<LoadedPackage> {
	installServices();
	const loader = new SourcePackageLoader(REPO_ROOT);
	await loader.loadAll();
	const packageName = loader.packageName;
	const shortName = (type: string) => (type.startsWith(`${packageName}.`) ? type.slice(packageName.length + 1) : undefined);

	// As n8n's NodeTypes service: a node type is known by its package-prefixed name only.
	const nodeTypes: INodeTypes = {
		getByName(type: string): INodeType | IVersionedNodeType {
			const name = shortName(type);
			if (!name) throw new UnexpectedError(`Unrecognized node type: ${type}`);
			return loader.getNode(name).type;
		},
		getByNameAndVersion(type: string, version?: number): INodeType {
			return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		},
		getKnownTypes(): IDataObject {
			return Object.fromEntries(Object.entries(loader.known.nodes).map(([name, details]) => [`${packageName}.${name}`, details])) as IDataObject;
		},
	};

	const credentialTypes: ICredentialTypes = {
		recognizes: (type: string) => type in loader.known.credentials,
		getByName: (type: string): ICredentialType => loader.getCredential(type).type,
		getSupportedNodes: (type: string) => (loader.known.credentials[type]?.supportedNodes ?? []).map((name) => `${packageName}.${name}`),
		getParentTypes: (type: string) => loader.known.credentials[type]?.extends ?? [],
	};

	return { packageName, nodeTypes, credentialTypes, typeName: (nodeName: string) => `${packageName}.${nodeName}` };
}
