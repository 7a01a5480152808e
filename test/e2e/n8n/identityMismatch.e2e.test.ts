/**
 * In a real, started n8n, the WhatsApp Business Numbers Trigger ("already configured" mode) receives
 * the sandbox's signed webhook of a 137000 failure and outputs the identity mismatch event; a POST
 * with a forged signature is refused and starts no execution. Executions are read back through
 * n8n's public API.
 */
import { createHmac } from 'node:crypto';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { N8nInstance, SANDBOX_VERIFY_TOKEN, nodeOutput, sandboxCredentialSeeds, type N8nExecution } from '../../../scripts/n8n/launcher';
import { INSTALL_TIMEOUT_MS, SUITE_TIMEOUT_MS, graphCall, installOurPackage, loadWorkflow, nodeNamed, prepareN8n, N8N_RECIPES } from './support';

const WORKFLOW_ID = 'waE2eMismatchTrg1';
const TRIGGER = 'On identity mismatch';
const SENDER = '200000000000001';
const RECIPIENT = '15550001111';

describe.each(N8N_RECIPES)('%s n8n: the WhatsApp Business Numbers Trigger and identity mismatches', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let webhookPath: string;

	/** Sends a text with a hash that is not the recipient's: the sandbox answers 200, then webhooks a 137000 failure. */
	const sendWithStaleHash = async (): Promise<string> => {
		const sent = await graphCall<{ messages: Array<{ id: string }> }>(sandbox!, 'POST', `${SENDER}/messages`, {
			messaging_product: 'whatsapp',
			to: `+${RECIPIENT}`,
			type: 'text',
			text: { body: 'Your statement is ready' },
			recipient_identity_key_hash: 'c3RhbGUtaGFzaA==',
		});
		return sent.messages[0].id;
	};

	const mismatchItems = (execution: N8nExecution): Array<Record<string, unknown>> => nodeOutput(execution.data, TRIGGER);

	beforeAll(async () => {
		const install = await prepareN8n(recipe);
		sandbox = await startSandbox({ port: 0 });
		n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		const workflow = loadWorkflow('identityMismatchTrigger');
		webhookPath = `${String(nodeNamed(workflow, TRIGGER).webhookId)}/webhook`;
		await n8n.importWorkflows([workflow]);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		await n8n.activate(WORKFLOW_ID, [webhookPath]);
		// "Already configured": the app's callback URL is set on Meta's side (here the sandbox), not by the trigger.
		sandbox.control.setApp({ callbackUrl: `${n8n.baseUrl}/webhook/${webhookPath}`, verifyToken: SANDBOX_VERIFY_TOKEN });
		await graphCall(sandbox, 'POST', `${SENDER}/settings`, { user_identity_change: { enable_identity_key_check: true } });
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	it(
		'outputs the identityMismatch event of a signed 137000 failure, with the raw status',
		async () => {
			const messageId = await sendWithStaleHash();

			const delivery = await sandbox!.waitForDelivery((record) => record.field === 'messages' && record.status !== 'pending', 30_000);
			expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200, url: `${n8n!.baseUrl}/webhook/${webhookPath}` });
			const [execution] = await n8n!.waitForExecutions(WORKFLOW_ID, 1);
			expect(execution).toMatchObject({ status: 'success', mode: 'webhook', finished: true });
			const items = mismatchItems(execution);
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				type: 'identityMismatch',
				messageId,
				recipientId: RECIPIENT,
				phoneNumberId: SENDER,
				wabaId: sandbox!.wabaId,
				field: 'messages',
				error: expect.objectContaining({ code: 137000 }),
				nextStep: expect.any(String),
				raw: expect.objectContaining({ id: messageId, status: 'failed', errors: [expect.objectContaining({ code: 137000 })] }),
			});
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'refuses a forged signature (401/403) and starts no execution',
		async () => {
			const before = (await n8n!.waitForExecutions(WORKFLOW_ID, 1)).length;
			const forgedBody = JSON.stringify({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: sandbox!.wabaId,
						changes: [
							{
								field: 'messages',
								value: {
									messaging_product: 'whatsapp',
									metadata: { display_phone_number: '15550100001', phone_number_id: SENDER },
									statuses: [{ id: 'wamid.FORGED', status: 'failed', timestamp: '1750000000', recipient_id: RECIPIENT, errors: [{ code: 137000, title: 'forged' }] }],
								},
							},
						],
					},
				],
			});
			const forgedSignature = `sha256=${createHmac('sha256', 'not-the-app-secret').update(forgedBody).digest('hex')}`;

			const forged = await n8n!.http('POST', `/webhook/${webhookPath}`, {
				rawBody: forgedBody,
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': forgedSignature },
			});
			const unsigned = await n8n!.http('POST', `/webhook/${webhookPath}`, { rawBody: forgedBody, headers: { 'content-type': 'application/json' } });

			expect([401, 403]).toContain(forged.status);
			expect([401, 403]).toContain(unsigned.status);
			// A genuine webhook after the forged ones: once its execution is recorded, the forged requests
			// (answered before it was sent) would have been recorded too, had they started anything.
			const genuineMessageId = await sendWithStaleHash();
			const after = await n8n!.waitForExecutions(WORKFLOW_ID, before + 1);
			expect(after).toHaveLength(before + 1);
			expect(mismatchItems(after[0])).toEqual([expect.objectContaining({ type: 'identityMismatch', messageId: genuineMessageId })]);
			const allMessageIds = after.flatMap((execution) => mismatchItems(execution).map((item) => item.messageId));
			expect(allMessageIds).not.toContain('wamid.FORGED');
		},
		SUITE_TIMEOUT_MS,
	);
});
