/**
 * A gallery template as a test imports it: the committed workflow.json with the sandbox credentials
 * attached (as `npm start` does) and the values a consultant would type into its settings node.
 */
import { galleryTemplates, galleryWorkflow, SANDBOX_CREDENTIALS_BY_TYPE, type N8nWorkflow } from '../../../../../scripts/n8n/launcher';

/** The template of the gallery in `templates/n8n/<folder>/`, with the sandbox credentials attached. */
export function sandboxTemplate(folder: string): N8nWorkflow {
	const template = galleryTemplates().find((candidate) => candidate.folder === folder);
	if (!template) throw new Error(`No templates/n8n/${folder}/workflow.json in this checkout.`);
	return galleryWorkflow(template, SANDBOX_CREDENTIALS_BY_TYPE);
}

interface Assignment {
	name: string;
	value: unknown;
	[key: string]: unknown;
}

/**
 * The workflow with fields of an Edit Fields (Set) node filled in, as a consultant fills in the
 * template's settings node. Throws when the node or one of the fields does not exist, so a renamed
 * setting fails the test instead of silently running with the template's placeholder.
 */
export function withSettings(workflow: N8nWorkflow, nodeName: string, values: Record<string, string>): N8nWorkflow {
	let found = false;
	const nodes = workflow.nodes.map((node) => {
		if (node.name !== nodeName) return node;
		found = true;
		const parameters = node.parameters as { assignments?: { assignments?: Assignment[] } };
		const assignments = parameters.assignments?.assignments ?? [];
		for (const name of Object.keys(values)) {
			if (!assignments.some((assignment) => assignment.name === name)) throw new Error(`Node "${nodeName}" has no field "${name}" (it has ${assignments.map((a) => a.name).join(', ')}).`);
		}
		const filled = assignments.map((assignment) => (assignment.name in values ? { ...assignment, value: values[assignment.name] } : assignment));
		return { ...node, parameters: { ...parameters, assignments: { ...parameters.assignments, assignments: filled } } };
	});
	if (!found) throw new Error(`Workflow "${workflow.name}" has no node "${nodeName}".`);
	return { ...workflow, nodes };
}

/** The workflow with some nodes switched on or off (`disabled`), as the template's sticky note tells a consultant to. */
export function withNodesEnabled(workflow: N8nWorkflow, enabled: Record<string, boolean>): N8nWorkflow {
	for (const name of Object.keys(enabled)) if (!workflow.nodes.some((node) => node.name === name)) throw new Error(`Workflow "${workflow.name}" has no node "${name}".`);
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (!(String(node.name) in enabled)) return node;
			const { disabled: _disabled, ...rest } = node;
			return enabled[String(node.name)] ? rest : { ...rest, disabled: true };
		}),
	};
}
