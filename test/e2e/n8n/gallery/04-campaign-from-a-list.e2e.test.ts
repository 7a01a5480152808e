/**
 * Template 04, campaign from a list, in a real n8n against the sandbox: the committed workflow.json
 * imported with the sandbox credentials, its settings filled in as a consultant would, run as the
 * editor's "Execute workflow" does. Checked like a consultant checks a campaign: every CSV row has
 * its result in the results table (message ID, or the error and what to do), a row missing a
 * template parameter is reported on its row and costs no request, a blocked person is skipped, a
 * re-run sends nothing new, and a corrected row goes out on the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { nodeOutput, type N8nInstance } from '../../../../scripts/n8n/launcher';
import { graphCall, INSTALL_TIMEOUT_MS, N8N_RECIPES, SUITE_TIMEOUT_MS } from '../support';
import { insertRows, readRows } from './support/dataTables';
import { runFromEditor } from './support/editorRun';
import { expectSucceeded } from './support/executions';
import { startWithTemplate } from './support/templateInstance';
import { sandboxTemplate, withSettings } from './support/templateWorkflow';

const FOLDER = '04-campaign-from-a-list';
const TRIGGER = 'Start campaign';
const SEND_NODE = 'Send the template';
const RESULTS_TABLE = 'whatsapp_campaign_results';
const BLOCKED_TABLE = 'whatsapp_blocked_recipients';
const CAMPAIGN = 'e2e-spring';

/** The campaign list: Cy's order number is missing, Di is on the blocked list, Bo has no row_id (keyed by phone). */
const CSV_HEADER = 'row_id,phone,first_name,order_id,identity_hash';
const csvRows = (anaHash: string, cyOrder: string) => [
	`r1,+1 555 010 2001,Ana,A-1001,${anaHash}`,
	',+1 555 010 2002,Bo,A-1002,',
	`r3,+1 555 010 2003,Cy,${cyOrder},`,
	'r4,+1 555 010 2004,Di,A-1004,',
];

describe.each(N8N_RECIPES)('%s n8n: gallery template 04, campaign from a list', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let cookie: string;
	let filesDir: string;
	const requests: string[] = [];
	let workflowId: string;

	const sends = (): string[] => requests.filter((line) => line.startsWith(`POST /v25.0/${sandbox!.phoneNumberId}/messages `));
	const writeCsv = (rows: string[]): void => fs.writeFileSync(path.join(filesDir, 'campaign.csv'), [CSV_HEADER, ...rows].join('\n') + '\n');
	const resultsByRow = async (): Promise<Map<string, Record<string, unknown>>> => {
		const rows = await readRows(n8n!, cookie, RESULTS_TABLE);
		return new Map(rows.map((row) => [String(row.rowId), row]));
	};
	const sentMessage = async (messageId: string): Promise<{ waId: string; sentWithHash: string | null; content: { name: string; components: unknown[] } }> => {
		const response = await fetch(`${sandbox!.baseUrl}/_sandbox/messages/${encodeURIComponent(messageId)}`);
		expect(response.status).toBe(200);
		return (await response.json()) as { waId: string; sentWithHash: string | null; content: { name: string; components: unknown[] } };
	};

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, logRequests: true, log: (line) => requests.push(line) });
		// n8n 2.x reads files only under N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files): the CSV folder.
		filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-campaign-'));
		const workflow = withSettings(sandboxTemplate(FOLDER), 'Campaign settings', {
			campaign: CAMPAIGN,
			csvFile: path.join(filesDir, 'campaign.csv'),
			senderNumber: '+1 555-010-0001',
		});
		workflowId = workflow.id;
		({ n8n, cookie } = await startWithTemplate(recipe, sandbox, workflow, { N8N_RESTRICT_FILE_ACCESS_TO: filesDir }));
		await graphCall(sandbox, 'POST', `${sandbox.phoneNumberId}/settings`, { user_identity_change: { enable_identity_key_check: true } });
		// Di was blocked after an identity change (what template 03 records).
		await insertRows(
			n8n,
			cookie,
			{ name: BLOCKED_TABLE, columns: [ { name: 'phone', type: 'string' }, { name: 'userId', type: 'string' }, { name: 'reason', type: 'string' }, { name: 'blockedAt', type: 'string' } ] },
			[{ phone: '15550102004', userId: '', reason: 'identity changed (137000)', blockedAt: '2026-05-04T09:30:00.000Z' }],
		);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
	}, 60_000);

	it(
		'writes every row\'s result: two sent (one with its identity hash), the row missing a parameter reported before sending, the blocked person skipped',
		async () => {
			const anaHash = sandbox!.control.contact('15550102001').identityKeyHash as string;
			writeCsv(csvRows(anaHash, ''));
			requests.length = 0;

			const execution = await runFromEditor(n8n!, cookie, workflowId, TRIGGER);
			expectSucceeded(execution);

			// One node run for the whole list: the template read once, one send per valid row, nothing for Cy or Di.
			expect(execution.data!.resultData.runData[SEND_NODE]).toHaveLength(1);
			expect(requests.filter((line) => line.startsWith('GET /v25.0/') && line.includes('message_templates'))).toHaveLength(1);
			expect(sends()).toHaveLength(2);
			expect(sends().every((line) => line.endsWith('→ 200'))).toBe(true);

			const results = await resultsByRow();
			expect([...results.keys()].sort()).toEqual(['15550102002', 'r1', 'r3', 'r4']);
			expect(results.get('r1')).toMatchObject({ campaign: CAMPAIGN, phone: '+1 555 010 2001', outcome: 'sent', sendAgain: 'no', messageId: expect.stringMatching(/^wamid\./), error: '' });
			expect(results.get('15550102002')).toMatchObject({ outcome: 'sent', sendAgain: 'no', messageId: expect.stringMatching(/^wamid\./) });
			expect(results.get('r3')).toMatchObject({
				outcome: 'failed',
				sendAgain: 'yes',
				messageId: '',
				error: 'Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent. Map a value to order_id, e.g. from a column of your data.',
				nextStep: expect.stringContaining('order_id'),
			});
			expect(results.get('r4')).toMatchObject({ outcome: 'blocked', sendAgain: 'yes', messageId: '', error: expect.stringContaining(BLOCKED_TABLE) });

			// What Meta (the sandbox) received: the template with Ana's named parameters and her hash.
			const ana = await sentMessage(String(results.get('r1')!.messageId));
			expect(ana).toMatchObject({ waId: '15550102001', sentWithHash: anaHash, content: expect.objectContaining({ name: 'order_update' }) });
			expect(JSON.stringify(ana.content.components)).toContain('"parameter_name":"first_name","text":"Ana"');
			const bo = await sentMessage(String(results.get('15550102002')!.messageId));
			expect(bo).toMatchObject({ waId: '15550102002', sentWithHash: null });
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'sends nothing new when run again: sent rows are skipped, the wrong row is reported again, the blocked person stays skipped',
		async () => {
			const before = await resultsByRow();
			requests.length = 0;

			const execution = await runFromEditor(n8n!, cookie, workflowId, TRIGGER);
			expectSucceeded(execution);

			expect(sends()).toHaveLength(0);
			// Only Cy's row reached the send node (and failed its check again); Ana and Bo were skipped.
			expect(nodeOutput(execution.data, SEND_NODE)).toEqual([expect.objectContaining({ errorCategory: 'invalid_input', field: 'Template Values' })]);
			const after = await resultsByRow();
			expect(after.size).toBe(4);
			for (const rowId of ['r1', '15550102002']) expect(after.get(rowId)).toEqual(before.get(rowId));
			expect(after.get('r3')).toMatchObject({ outcome: 'failed' });
			expect(after.get('r4')).toMatchObject({ outcome: 'blocked' });
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'sends the corrected row, and only it, on the next run',
		async () => {
			writeCsv(csvRows(sandbox!.control.contact('15550102001').identityKeyHash as string, 'A-1003'));
			requests.length = 0;

			expectSucceeded(await runFromEditor(n8n!, cookie, workflowId, TRIGGER));

			expect(sends()).toHaveLength(1);
			const results = await resultsByRow();
			expect(results.get('r3')).toMatchObject({ outcome: 'sent', sendAgain: 'no', messageId: expect.stringMatching(/^wamid\./), error: '', nextStep: '' });
			expect((await sentMessage(String(results.get('r3')!.messageId))).waId).toBe('15550102003');
			expect(results.get('r4')).toMatchObject({ outcome: 'blocked' });
		},
		SUITE_TIMEOUT_MS,
	);
});
