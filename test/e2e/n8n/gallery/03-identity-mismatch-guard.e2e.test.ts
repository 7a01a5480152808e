/**
 * Template 03, identity-mismatch guard, in a real n8n against the sandbox: the committed
 * workflow.json imported with the sandbox credentials, activated ("Already Configured": the app's
 * callback points at the trigger, as the sticky note asks), the human's chat webhook a local
 * receiver. Checked as a consultant checks it: after the sandbox's 137000 the person is on the blocked
 * list (the one template 04 reads) and a human got a link; nothing else unblocks them, not even a
 * message from the person, and template 04's campaign skips them meanwhile; once the human confirms
 * on that form page, one message goes out without an identity hash, and the new hash WhatsApp
 * reports is stored and the person unblocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSandbox, type Sandbox } from '../../../../sandbox';
import { nodeOutput, SANDBOX_VERIFY_TOKEN, type N8nExecution, type N8nInstance } from '../../../../scripts/n8n/launcher';
import { startTarget } from '../../../relay/support/relay';
import { graphCall, INSTALL_TIMEOUT_MS, N8N_RECIPES, nodeNamed, SUITE_TIMEOUT_MS } from '../support';
import { readRows } from './support/dataTables';
import { runFromEditor } from './support/editorRun';
import { expectSucceeded, waitForExecution } from './support/executions';
import { submitFormAt } from './support/forms';
import { startWithTemplate } from './support/templateInstance';
import { sandboxTemplate, withSettings } from './support/templateWorkflow';

const FOLDER = '03-identity-mismatch-guard';
const TRIGGER = 'Identity events from Meta';
const SEND_NODE = 'Send once without the old hash';
const BLOCKED_TABLE = 'whatsapp_blocked_recipients';
const HASHES_TABLE = 'whatsapp_identity_hashes';
const PERSON = '15550102031';
const CAMPAIGN_FOLDER = '04-campaign-from-a-list';

type Receiver = Awaited<ReturnType<typeof startTarget>>;

describe.each(N8N_RECIPES)('%s n8n: gallery template 03, identity-mismatch guard', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let human: Receiver | undefined;
	let cookie: string;
	let workflowId: string;
	let formUrl: string;
	let waitingId: string;
	let filesDir: string;
	let campaignId: string;

	const texts = (): string[] => human!.received.map((request) => String(request.body?.text));
	const blockedRows = async (): Promise<Array<Record<string, unknown>>> => (await readRows(n8n!, cookie, BLOCKED_TABLE)).filter((row) => row.phone === PERSON);
	/** Sends as a campaign would, with the hash stored before the person's identity changed: accepted, then a 137000 webhook. */
	const sendWithOldHash = async (oldHash: string): Promise<string> => {
		const sent = await graphCall<{ messages: Array<{ id: string }> }>(sandbox!, 'POST', `${sandbox!.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: `+${PERSON}`,
			type: 'text',
			text: { body: 'Your order has shipped' },
			recipient_identity_key_hash: oldHash,
		});
		return sent.messages[0].id;
	};
	/** Waits until the workflow has `count` finished executions (a waiting one does not count). */
	const finished = (count: number): Promise<N8nExecution[]> => n8n!.waitForExecutions(workflowId, count, 60_000);

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		human = await startTarget();
		const workflow = withSettings(sandboxTemplate(FOLDER), 'Guard settings', { notifyWebhookUrl: human.url });
		workflowId = workflow.id;
		const webhookPath = `${String(nodeNamed(workflow, TRIGGER).webhookId)}/webhook`;
		// Template 04 beside it, as a consultant runs both: its campaigns must skip whom 03 blocked.
		filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-guard-'));
		const campaign = withSettings(sandboxTemplate(CAMPAIGN_FOLDER), 'Campaign settings', { campaign: 'e2e-after-mismatch', csvFile: path.join(filesDir, 'campaign.csv'), senderNumber: '+1 555-010-0001' });
		campaignId = campaign.id;
		({ n8n, cookie } = await startWithTemplate(recipe, sandbox, [workflow, campaign], { N8N_RESTRICT_FILE_ACCESS_TO: filesDir }));
		await n8n.activate(workflowId, [webhookPath]);
		sandbox.control.setApp({ callbackUrl: `${n8n.baseUrl}/webhook/${webhookPath}`, verifyToken: SANDBOX_VERIFY_TOKEN });
		await graphCall(sandbox, 'POST', `${sandbox.phoneNumberId}/settings`, { user_identity_change: { enable_identity_key_check: true } });
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await human?.stop();
		await sandbox?.stop();
		if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
	}, 60_000);

	it(
		'blocks the person after a 137000 and sends a human the link to the re-verification form, once',
		async () => {
			const oldHash = sandbox!.control.contact(PERSON).identityKeyHash as string;
			sandbox!.control.rotateIdentity(PERSON);
			const messageId = await sendWithOldHash(oldHash);

			await human!.waitFor(1, 60_000);
			expect(texts()[0]).toMatch(new RegExp(`^WhatsApp identity changed for \\+${PERSON} \\(error 137000 on message ${messageId.replace(/[.=+/]/g, '\\$&')}\\)\\. They are blocked: campaigns skip them\\. .* confirm here to send once without the old identity hash: http://\\S+$`));
			formUrl = texts()[0].split(' ').pop()!;
			const rows = await blockedRows();
			expect(rows).toEqual([expect.objectContaining({ phone: PERSON, userId: '', reason: `identity changed (137000) on message ${messageId}` })]);
			// A string column in ISO 8601 (the shared table's contract, templates/n8n/README.md).
			expect(rows[0].blockedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
			// The form page belongs to the execution that blocked them, paused until the human answers.
			waitingId = new URL(formUrl).pathname.split('/').pop()!;
			expect(new URL(formUrl).pathname).toBe(`/form-waiting/${waitingId}`);
			expect(await n8n!.publicApi('GET', `/executions/${waitingId}`)).toMatchObject({ workflowId, status: 'waiting' });
			// What the human sees on opening the link: who it is about, and the two questions.
			const page = await n8n!.http('GET', `${new URL(formUrl).pathname}${new URL(formUrl).search}`);
			expect(page.status).toBe(200);
			for (const text of [`Re-verify +${PERSON}`, 'Re-verified by', 'How they were re-verified']) expect(page.text).toContain(text);

			// The campaign tries again before anyone re-verified: blocked already, nobody is asked twice.
			await sendWithOldHash(oldHash);
			const [again] = await finished(1);
			expect(again.status).toBe('success');
			expect(nodeOutput(again.data, 'Skip people already blocked')).toEqual([]);
			expect(human!.received).toHaveLength(1);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'keeps the person blocked when they write in before the human confirmed (their hash is stored all the same), and campaigns skip them',
		async () => {
			sandbox!.control.inbound({ phoneNumberId: sandbox!.phoneNumberId, from: PERSON, text: 'Hi, new phone' });

			const [fromContact] = await finished(2);
			expect(fromContact.status).toBe('success');
			expect(nodeOutput(fromContact.data, TRIGGER)).toEqual([expect.objectContaining({ type: 'identityHashObserved', source: 'contact', waId: PERSON })]);
			expect(await blockedRows()).toHaveLength(1);
			const hashes = (await readRows(n8n!, cookie, HASHES_TABLE)).filter((row) => row.person === PERSON);
			expect(hashes).toEqual([expect.objectContaining({ phone: PERSON, identityKeyHash: sandbox!.control.contact(PERSON).identityKeyHash })]);
			expect(human!.received).toHaveLength(1);

			// Meanwhile a campaign (template 04) with this person in its list skips them and says why.
			fs.writeFileSync(path.join(filesDir, 'campaign.csv'), `row_id,phone,first_name,order_id,identity_hash\nr1,+1 555 010 2031,Eve,A-2001,\n`);
			expectSucceeded(await runFromEditor(n8n!, cookie, campaignId, 'Start campaign'));
			expect(await readRows(n8n!, cookie, 'whatsapp_campaign_results')).toEqual([expect.objectContaining({ rowId: 'r1', outcome: 'blocked', messageId: '' })]);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'after the human confirms: one message without an identity hash, the new hash stored, the person unblocked',
		async () => {
			await submitFormAt(n8n!, formUrl, ['Dana Reyes', 'Called them on the number in our CRM']);

			const resumed = await waitForExecution(n8n!, waitingId);
			expect(resumed.status).toBe('success');
			const [sent] = nodeOutput(resumed.data, SEND_NODE);
			expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), to: `+${PERSON}` });
			const response = await fetch(`${sandbox!.baseUrl}/_sandbox/messages/${encodeURIComponent(String(sent.messageId))}`);
			expect(await response.json()).toMatchObject({ phoneNumberId: sandbox!.phoneNumberId, waId: PERSON, type: 'template', sentWithHash: null, content: expect.objectContaining({ name: 'hello_world' }) });

			// The sent/delivered/read statuses carry the new hash: one of them unblocks the person.
			await human!.waitFor(3, 60_000);
			await finished(6);
			expect(texts()[1]).toBe(`Sent once to +${PERSON} without the old identity hash (message ${String(sent.messageId)}). They are unblocked as soon as WhatsApp reports their new identity hash.`);
			const unblocked = texts().slice(2);
			expect(unblocked.length).toBeGreaterThanOrEqual(1);
			for (const text of unblocked) expect(text).toBe(`Unblocked +${PERSON}: WhatsApp reported their new identity hash, which is stored in ${HASHES_TABLE}. Send it with your next messages to them.`);
			expect(await blockedRows()).toEqual([]);
			const hashes = (await readRows(n8n!, cookie, HASHES_TABLE)).filter((row) => row.person === PERSON);
			expect(hashes).toEqual([expect.objectContaining({ phone: PERSON, identityKeyHash: sandbox!.control.contact(PERSON).identityKeyHash })]);
		},
		SUITE_TIMEOUT_MS,
	);
});
