/**
 * Template 05, number status alerts, in a real n8n against the sandbox: the committed workflow.json
 * imported twice with the sandbox credentials, as the sticky note offers:
 * - the webhook variant (as committed: Meta's webhook trigger on, "Already Configured", the app's
 *   callback pointed at it), alerting on the sandbox's signed display-name review webhook and on a
 *   quality webhook signed with the app secret here (the sandbox has no control that emits one);
 * - the polling variant (the polling trigger on, every minute, the webhook trigger off), alerting
 *   on a quality change made in the sandbox.
 * Each alert must say what happened and what to do, reach the consultant's WhatsApp number (the
 * message read back from the sandbox) and the chat webhook (a local receiver standing in for Slack).
 */
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { N8nInstance, nodeOutput, SANDBOX_VERIFY_TOKEN, sandboxCredentialSeeds, type N8nExecution, type N8nWorkflow } from '../../../../scripts/n8n/launcher';
import { waitFor } from '../../../../scripts/n8n/waits';
import { signature } from '../../../relay/support/events';
import { startTarget } from '../../../relay/support/relay';
import { INSTALL_TIMEOUT_MS, N8N_RECIPES, nodeNamed, prepareN8n, installOurPackage, SUITE_TIMEOUT_MS } from '../support';
import { sandboxTemplate, withNodesEnabled, withSettings } from './support/templateWorkflow';

const FOLDER = '05-number-status-alerts';
const WEBHOOK_TRIGGER = 'Number events from Meta';
const POLLING_TRIGGER = 'Number changes by polling';
const POLLING_ID = 'waGallery05poll';
const CONSULTANT = '+1 555 010 9999';
/** A poll every minute, the shortest n8n allows; each wait below is for one poll. */
const POLL_WAIT_MS = 150_000;
/**
 * A poll this long after activation is a scheduled one. The poll n8n makes while activating is a
 * test poll: 2.8.4 keeps what it records, 2.41.1 does not (its scheduled polls read the stored poll
 * state afresh), so the number's state before the change is surely recorded only by a scheduled poll.
 */
const AFTER_ACTIVATION_MS = 5_000;

type Receiver = Awaited<ReturnType<typeof startTarget>>;

describe.each(N8N_RECIPES)('%s n8n: gallery template 05, number status alerts', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let chat: Receiver | undefined;
	let webhookVariant: N8nWorkflow;
	let webhookPath: string;
	/** When the sandbox answered each request, `GET /v25.0/<id>/phone_numbers → 200`. */
	const requests: Array<{ at: number; line: string }> = [];

	const alertOf = (execution: N8nExecution): Record<string, unknown> => {
		expect(execution.status).toBe('success');
		const alerts = nodeOutput(execution.data, 'Write the alert');
		expect(alerts).toHaveLength(1);
		return alerts[0];
	};

	/** The alert reached the consultant on WhatsApp (what the sandbox holds) and the chat, word for word. */
	const expectDelivered = async (execution: N8nExecution, alert: Record<string, unknown>, chatPosts: number): Promise<void> => {
		const [sent] = nodeOutput(execution.data, 'Send the alert on WhatsApp');
		expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), to: '+15550109999' });
		const response = await fetch(`${sandbox!.baseUrl}/_sandbox/messages/${encodeURIComponent(String(sent.messageId))}`);
		expect(await response.json()).toMatchObject({ phoneNumberId: sandbox!.phoneNumberId, waId: '15550109999', type: 'text', content: { body: alert.text } });
		const received = await chat!.waitFor(chatPosts);
		expect(received[chatPosts - 1].body).toEqual({ text: alert.text });
	};

	beforeAll(async () => {
		const install = await prepareN8n(recipe);
		sandbox = await startSandbox({ port: 0, logRequests: true, log: (line) => requests.push({ at: Date.now(), line }) });
		chat = await startTarget();
		n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials(sandboxCredentialSeeds(sandbox));
		webhookVariant = withSettings(sandboxTemplate(FOLDER), 'Alert settings', { alertWhatsAppTo: CONSULTANT, senderNumber: '+1 555-010-0001', chatWebhookUrl: chat.url });
		const pollingVariant = withNodesEnabled({ ...webhookVariant, id: POLLING_ID, name: `${webhookVariant.name} (polling)` }, { [WEBHOOK_TRIGGER]: false, [POLLING_TRIGGER]: true });
		nodeNamed(pollingVariant, POLLING_TRIGGER).parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
		webhookPath = `${String(nodeNamed(webhookVariant, WEBHOOK_TRIGGER).webhookId)}/webhook`;
		await n8n.importWorkflows([webhookVariant, pollingVariant]);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		await n8n.activate(webhookVariant.id, [webhookPath]);
		// "Already Configured": the app's callback URL is set on Meta's side, as the sticky note asks.
		sandbox.control.setApp({ callbackUrl: `${n8n.baseUrl}/webhook/${webhookPath}`, verifyToken: SANDBOX_VERIFY_TOKEN });
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await chat?.stop();
		await sandbox?.stop();
	}, 60_000);

	it(
		"alerts on Meta's signed display name review webhook: rejected, with the reason and what to do",
		async () => {
			sandbox!.control.reviewName(sandbox!.phoneNumberId, 'REJECTED', 'NAME_FORMAT_UNACCEPTABLE');
			const delivery = await sandbox!.waitForDelivery((record) => record.field === 'phone_number_name_update' && record.status !== 'pending', 30_000);
			expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200 });

			const [execution] = await n8n!.waitForExecutions(webhookVariant.id, 1);
			const alert = alertOf(execution);
			expect(alert).toMatchObject({
				source: 'webhook',
				severity: 'action needed',
				title: '+15550100001: display name "Sandbox Business" rejected (NAME_FORMAT_UNACCEPTABLE)',
				whatToDo: "Change the display name to follow Meta's display name rules and submit it again in WhatsApp Manager (Phone numbers).",
			});
			expect(alert.text).toBe(`⚠️ WhatsApp number alert: ${String(alert.title)}. What to do: ${String(alert.whatToDo)}`);
			await expectDelivered(execution, alert, 1);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'alerts on a signed quality webhook: the messaging limit went down',
		async () => {
			const body = JSON.stringify({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: sandbox!.wabaId,
						time: 1_780_000_000,
						changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '15550100001', event: 'DOWNGRADE', current_limit: 'TIER_250', old_limit: 'TIER_2K' } }],
					},
				],
			});
			const posted = await n8n!.http('POST', `/webhook/${webhookPath}`, { rawBody: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(body, sandbox!.appSecret) } });
			expect(posted.status).toBe(200);

			const [execution] = await n8n!.waitForExecutions(webhookVariant.id, 2);
			const alert = alertOf(execution);
			expect(alert).toMatchObject({
				source: 'webhook',
				severity: 'action needed',
				title: '+15550100001: messaging limit lowered to 250 people a day',
				whatToDo: expect.stringMatching(/^Pause marketing sends from this number/),
			});
			await expectDelivered(execution, alert, 2);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'alerts from the polling trigger when the quality rating changes in the sandbox',
		async () => {
			// The first scheduled poll only records the numbers; the change comes after it.
			await n8n!.activate(POLLING_ID);
			const activated = Date.now();
			const listing = `GET /v25.0/${sandbox!.wabaId}/phone_numbers → 200`;
			await waitFor(async () => requests.some(({ at, line }) => line === listing && at >= activated + AFTER_ACTIVATION_MS) || undefined, {
				timeoutMs: POLL_WAIT_MS,
				intervalMs: 250,
				timeoutError: () => new Error(`No scheduled poll of the numbers within ${POLL_WAIT_MS / 1000} s of activation. Sandbox requests: ${requests.map(({ line }) => line).join('; ')}\n${n8n!.logTail(20)}`),
			});
			sandbox!.control.setNumberStatus(sandbox!.phoneNumberId, { qualityRating: 'YELLOW' });

			const [execution] = await n8n!.waitForExecutions(POLLING_ID, 1, POLL_WAIT_MS);
			const alert = alertOf(execution);
			expect(alert).toMatchObject({
				source: 'polling',
				severity: 'action needed',
				title: '+1 555-010-0001: Quality rating: high (green) → medium (yellow)',
				whatToDo: expect.stringMatching(/^Pause marketing sends from this number/),
			});
			await expectDelivered(execution, alert, 3);
			// The webhook variant saw nothing new: a polled change sends no webhook.
			expect(await n8n!.executions(webhookVariant.id)).toHaveLength(2);
		},
		SUITE_TIMEOUT_MS,
	);
});
