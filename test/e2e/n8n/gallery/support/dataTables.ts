/**
 * n8n Data tables from a test, through n8n's own Data table node (the same node the templates use,
 * so the test reads and writes exactly what a workflow would): small helper workflows created in
 * the running n8n and run like the editor does.
 */
import { nodeOutput, type N8nInstance } from '../../../../../scripts/n8n/launcher';
import { runFromEditor } from './editorRun';
import { expectSucceeded } from './executions';

export interface DataTableColumn {
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}

const TRIGGER = 'Start';
const OUTPUT = 'Rows';

/** Creates a helper workflow (Manual Trigger → the given chain) through the public API; returns its id. */
async function createHelper(n8n: N8nInstance, name: string, chain: Array<Record<string, unknown> & { name: string }>): Promise<string> {
	const nodes = [{ name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }, ...chain].map((node, index) => ({
		id: `5f0c1d2e-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
		position: [index * 220, 0],
		...node,
	}));
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < nodes.length - 1; index++) connections[String(nodes[index].name)] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	const created = await n8n.publicApi<{ id: string }>('POST', '/workflows', { name, nodes, connections, settings: { executionOrder: 'v1' } });
	return created.id;
}

const tableByName = (name: string) => ({ __rl: true, mode: 'name', value: name });

/** Creates the table when it does not exist yet (same columns the templates declare) and adds the rows. */
export async function insertRows(n8n: N8nInstance, cookie: string, table: { name: string; columns: DataTableColumn[] }, rows: Array<Record<string, string>>): Promise<void> {
	const id = await createHelper(n8n, `Test helper: add rows to ${table.name}`, [
		{
			name: 'Create table',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			parameters: { resource: 'table', operation: 'create', tableName: table.name, columns: { column: table.columns }, options: { createIfNotExists: true } },
		},
		{
			name: 'The rows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} },
		},
		{ name: 'One item per row', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'rows', options: {} } },
		{
			name: OUTPUT,
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			parameters: { operation: 'insert', dataTableId: tableByName(table.name), columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] }, options: {} },
		},
	]);
	expectSucceeded(await runFromEditor(n8n, cookie, id, TRIGGER));
}

/** Every row of a table, as n8n's Data table node returns them (with its `id`, `createdAt`, `updatedAt`). */
export async function readRows(n8n: N8nInstance, cookie: string, tableName: string): Promise<Array<Record<string, unknown>>> {
	const id = await createHelper(n8n, `Test helper: read ${tableName}`, [
		{ name: OUTPUT, type: 'n8n-nodes-base.dataTable', typeVersion: 1.1, alwaysOutputData: false, parameters: { operation: 'get', dataTableId: tableByName(tableName), returnAll: true } },
	]);
	const execution = await runFromEditor(n8n, cookie, id, TRIGGER);
	expectSucceeded(execution);
	return nodeOutput(execution.data, OUTPUT);
}
