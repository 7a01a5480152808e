/**
 * Template 02, daily health report, in a real n8n against the sandbox: the committed workflow.json
 * imported with the sandbox credentials and run from its "Run the report now" trigger as the editor
 * does. Checked as a consultant reads the report: one row per number of the account, each saying
 * what the sandbox (Meta) says about it, the unregistered number not ready with what to do next, and
 * the email-ready HTML table with every row, its values escaped; the mail node stays off.
 */
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { nodeOutput, type N8nExecution, type N8nInstance } from '../../../../scripts/n8n/launcher';
import { graphCall, INSTALL_TIMEOUT_MS, N8N_RECIPES, nodeNamed, SUITE_TIMEOUT_MS } from '../support';
import { runFromEditor } from './support/editorRun';
import { expectSucceeded } from './support/executions';
import { startWithTemplate } from './support/templateInstance';
import { sandboxTemplate } from './support/templateWorkflow';

const FOLDER = '02-daily-health-report';
const MANUAL_TRIGGER = 'Run the report now';
const ROWS_NODE = 'One row per number';
const EMAIL_NODE = 'Write the email';
const MAIL_NODE = 'Send the report by email';
/** A display name HTML would misread if it were not escaped. */
const NEW_NAME = 'Ana & Bo <Market>';

interface MetaNumber {
	id: string;
	display_phone_number: string;
	verified_name: string;
	status: string;
	name_status: string;
	quality_rating?: string;
	throughput?: { level?: string };
	whatsapp_business_manager_messaging_limit?: string;
	messaging_limit_tier?: string;
	is_on_biz_app?: boolean;
}

describe.each(N8N_RECIPES)('%s n8n: gallery template 02, daily health report', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let cookie: string;
	let workflowId: string;
	let execution: N8nExecution;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		const workflow = sandboxTemplate(FOLDER);
		expect(nodeNamed(workflow, MAIL_NODE).disabled).toBe(true);
		workflowId = workflow.id;
		({ n8n, cookie } = await startWithTemplate(recipe, sandbox, workflow));
		// A second client number, added but not registered yet (PENDING, name in review).
		await graphCall(sandbox, 'POST', `${sandbox.wabaId}/phone_numbers`, { cc: '1', phone_number: '5550100077', verified_name: NEW_NAME });
		execution = await runFromEditor(n8n, cookie, workflowId, MANUAL_TRIGGER);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	it(
		"reports every number of the account as Meta describes it, with the readiness verdict and what to do next",
		async () => {
			expectSucceeded(execution);
			const fields = 'id,display_phone_number,verified_name,status,name_status,quality_rating,throughput,messaging_limit_tier,whatsapp_business_manager_messaging_limit,is_on_biz_app';
			const meta = (await graphCall<{ data: MetaNumber[] }>(sandbox!, 'GET', `${sandbox!.wabaId}/phone_numbers?fields=${fields}`)).data;
			expect(meta).toHaveLength(2);

			const rows = nodeOutput(execution.data, ROWS_NODE);
			expect(rows.map((row) => row.phoneNumberId)).toEqual(meta.map((number) => number.id));
			rows.forEach((row, index) => {
				const number = meta[index];
				expect(row).toMatchObject({
					number: number.display_phone_number,
					displayName: number.verified_name,
					status: number.status,
					nameReview: number.name_status,
					quality: !number.quality_rating || number.quality_rating === 'NA' ? 'not rated' : number.quality_rating,
					throughput: number.throughput?.level ?? 'unknown',
					messagingLimit: number.whatsapp_business_manager_messaging_limit ?? number.messaging_limit_tier ?? 'unknown',
					coexistence: number.is_on_biz_app === true ? 'yes' : 'no',
				});
			});
			const connected = rows.find((row) => row.phoneNumberId === sandbox!.phoneNumberId)!;
			expect(connected.verdict).toMatch(/^ready/);
			const added = rows.find((row) => row.displayName === NEW_NAME)!;
			expect(added).toMatchObject({ status: 'PENDING', nameReview: 'PENDING_REVIEW', quality: 'not rated', verdict: 'not_ready', summary: expect.stringMatching(/^Not ready: /) });
			// The next steps are n8n's words (operation titles), not the core's tokens.
			expect(added.whatToDoNext).toContain('verification code');
			expect(added.whatToDoNext).not.toMatch(/\{op:/);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'writes the email: a subject with the counts and an HTML table with one escaped row per number; the mail node stays off (passes it on, sends nothing)',
		async () => {
			const rows = nodeOutput(execution.data, ROWS_NODE);
			const [email] = nodeOutput(execution.data, EMAIL_NODE);
			const ready = rows.filter((row) => row.verdict === 'ready').length;
			expect(email).toMatchObject({ numbers: 2, ready, needAttention: 2 - ready });
			expect(email.subject).toMatch(new RegExp(`^WhatsApp numbers on \\d{4}-\\d{2}-\\d{2}: ${ready} of 2 ready, ${2 - ready} need attention$`));
			const html = String(email.html);
			expect(html.match(/<table/g)).toHaveLength(1);
			expect(html.match(/<tr/g)).toHaveLength(3);
			expect(html).toContain('<th style="border:1px solid #ccc;padding:6px;text-align:left;vertical-align:top;background:#f1f3f4">What to do next</th>');
			for (const row of rows) expect(html).toContain(`>${String(row.number)}</td>`);
			expect(html).toContain('>Ana &amp; Bo &lt;Market&gt;</td>');
			expect(html).not.toContain(NEW_NAME);
			// A disabled node only passes its input on: nothing was mailed.
			expect(nodeOutput(execution.data, MAIL_NODE)).toEqual([email]);
		},
		SUITE_TIMEOUT_MS,
	);
});
