/**
 * In a real, started n8n, version 2 of the WhatsApp Business Numbers Trigger with "Download Media"
 * on (Business Account Override, set by the trigger itself at activation) receives the sandbox's
 * signed webhooks of messages a contact sends: the item carries the event and the file as binary
 * data `data`, byte for byte what the contact sent. A contact who hides their phone number arrives
 * with their business-scoped user ID only. Executions are read back through n8n's public API, the
 * bytes through n8n's binary-data endpoint.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { DeliveryRecord, Sandbox } from '../../../sandbox';
import { nodeRun, type N8nExecution, type N8nInstance, type N8nItem } from '../../../scripts/n8n/launcher';
import { waitFor } from '../../../scripts/n8n/waits';
import { INSTALL_TIMEOUT_MS, SUITE_TIMEOUT_MS, graphCall, loadWorkflow, nodeNamed, prepareN8nOnSandbox, N8N_RECIPES } from './support';

const WORKFLOW_ID = 'waE2eInMediaTrg01';
const TRIGGER = 'On message received';
const CUSTOMER = '16315551181';
const HIDDEN_CUSTOMER = '16505551234';

// A 1×1 PNG followed by every byte value, so a text conversion anywhere on the way would show.
const PNG = Buffer.concat([
	Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
	Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from(Array.from({ length: 256 }, (_, index) => 255 - index))]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x00, 0x0d, 0x0a, 0x1a, 0xff, 0xd9]);
/** Longer than the sandbox waits for a webhook answer (5 s, then it retries), as Meta gives up on a slow receiver. */
const SLOW_GRAPH_MS = 6000;

/** The binary field as n8n records it in the execution: a reference to stored bytes, not the bytes. */
interface BinaryReference {
	id?: string;
	data?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
}

describe.each(N8N_RECIPES)('%s n8n: inbound media reaches the WhatsApp Business Numbers Trigger as binary data', (recipe) => {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let cookie: string;
	let webhookPath: string;

	/** The contact sends a message; resolves once n8n answered the webhook and its execution finished. */
	const receive = async (message: Omit<Parameters<Sandbox['control']['inbound']>[0], 'phoneNumberId'>): Promise<{ messageId: string; mediaId: string; executionId: string; item: N8nItem; delivery: DeliveryRecord }> => {
		const before = (await n8n!.executions(WORKFLOW_ID)).length;
		const sent = sandbox!.control.inbound({ phoneNumberId: sandbox!.phoneNumberId, ...message });
		const delivery = await sandbox!.waitForDelivery((record) => record.id === sent.delivery?.id && record.status !== 'pending', 30_000);
		expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200, url: `${n8n!.baseUrl}/webhook/${webhookPath}` });
		const execution = (await n8n!.waitForExecutions(WORKFLOW_ID, before + 1)).find((candidate) => itemsOf(candidate).some((item) => item.json.messageId === sent.messageId));
		if (!execution) throw new Error(`No execution of ${WORKFLOW_ID} has message ${sent.messageId}.`);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook', finished: true });
		const items = itemsOf(execution);
		expect(items).toHaveLength(1);
		return { messageId: sent.messageId, mediaId: String(sent.mediaId), executionId: String(execution.id), item: items[0], delivery };
	};

	const itemsOf = (execution: N8nExecution): N8nItem[] => nodeRun(execution.data, TRIGGER).data?.main?.[0] ?? [];

	/**
	 * The bytes behind a binary field of an execution. Neither n8n build puts the bytes in the
	 * execution: N8N_DEFAULT_BINARY_DATA_MODE defaults to `filesystem` outside queue mode (n8n-core's
	 * BinaryDataConfig, 2.8.4 and 2.41.1 alike), so the public API's `includeData=true` gives a
	 * reference (`id` "filesystem-v2:workflows/<workflow>/executions/<execution>/binary_data/<uuid>",
	 * with mimeType, fileName and fileSize) and no `data` bytes. The editor reads the bytes from the
	 * internal REST endpoint `GET /rest/binary-data?id=…&action=download` with the login cookie
	 * (2.41.1 also checks that the user may read the workflow of that execution); so do we. A
	 * webhook trigger stores its files before the execution exists: n8n moves them to the
	 * execution's folder, so the id names the execution.
	 */
	const bytesOf = async (binary: BinaryReference | undefined, executionId: string): Promise<{ bytes: Buffer; contentType: string | null }> => {
		expect(binary?.id).toMatch(new RegExp(`^filesystem(-v2)?:workflows/${WORKFLOW_ID}/executions/${executionId}/binary_data/`));
		expect(binary).not.toHaveProperty('data', expect.stringMatching(/^[A-Za-z0-9+/]{40,}/));
		const response = await fetch(`${n8n!.baseUrl}/rest/binary-data?${new URLSearchParams({ id: binary!.id!, action: 'download' })}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
		if (response.status !== 200) throw new Error(`n8n answered HTTP ${response.status} for binary data ${binary!.id}: ${await response.text()}`);
		return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
	};

	/** The event without Meta's raw payload (`raw`, `change`), which carries Meta's own download URL as Meta sent it. */
	const eventOf = (item: N8nItem): Record<string, unknown> => {
		const { raw: _raw, change: _change, ...event } = item.json;
		return event;
	};

	const expectNoSecret = (item: N8nItem): void => {
		const text = JSON.stringify(item);
		expect(text).not.toContain(sandbox!.accessToken);
		expect(text).not.toContain(sandbox!.appSecret);
	};

	/**
	 * Waits (bounded) until the trigger has pointed the business account override at its URL (the
	 * sandbox sets it only after Meta's verification GET to that URL succeeded). The webhook taking
	 * requests is not enough: 2.41.1 publishes workflows through a queue (its default
	 * N8N_USE_WORKFLOW_PUBLICATION_SERVICE=true), so the activate call, and the webhook being
	 * registered, come before the trigger's create() has run; a message sent then goes nowhere,
	 * as it would at Meta. 2.8.4 runs create() within the activate call.
	 */
	const overrideSet = (url: string): Promise<true> =>
		waitFor(
			async () => {
				const answer = await graphCall<{ data: Array<{ override_callback_uri?: string }> }>(sandbox!, 'GET', `${sandbox!.wabaId}/subscribed_apps`);
				return answer.data.some((app) => app.override_callback_uri === url) ? true : undefined;
			},
			{ timeoutMs: 60_000, intervalMs: 250, timeoutError: () => new Error(`The trigger did not set the business account override to ${url} within 60 s. Last lines of n8n's log:\n${n8n!.logTail()}`) },
		);

	beforeAll(async () => {
		({ sandbox, n8n } = await prepareN8nOnSandbox(recipe));
		const workflow = loadWorkflow('inboundMediaTrigger');
		webhookPath = `${String(nodeNamed(workflow, TRIGGER).webhookId)}/webhook`;
		await n8n.importWorkflows([workflow]);
		await n8n.start();
		cookie = await n8n.setupOwner();
		await n8n.createApiKey(cookie);
		await n8n.activate(WORKFLOW_ID, [webhookPath]);
		await overrideSet(`${n8n.baseUrl}/webhook/${webhookPath}`);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	}, 60_000);

	it(
		'outputs a received image as the event plus binary data "data" holding exactly the bytes the contact sent',
		async () => {
			const { messageId, mediaId, executionId, item } = await receive({ from: CUSTOMER, name: 'Kerry Fisher', media: { type: 'image', mimeType: 'image/png', dataBase64: PNG.toString('base64'), caption: 'The box arrived like this' } });

			expect(eventOf(item)).toEqual(
				expect.objectContaining({
					type: 'inboundMessage',
					messageId,
					messageType: 'image',
					from: CUSTOMER,
					userId: expect.stringMatching(/^[A-Z]{2}\.\d+$/),
					contactName: 'Kerry Fisher',
					phoneNumberId: sandbox!.phoneNumberId,
					wabaId: sandbox!.wabaId,
					media: { id: mediaId, mimeType: 'image/png', sha256: createHash('sha256').update(PNG).digest('base64'), caption: 'The box arrived like this' },
				}),
			);
			expect(item.json).not.toHaveProperty('mediaDownloadError');
			expect(JSON.stringify(eventOf(item))).not.toMatch(/url|attachments|https?:/i);
			expectNoSecret(item);

			const binary = (item.binary as Record<string, BinaryReference> | undefined)?.data;
			expect(binary).toMatchObject({ mimeType: 'image/png', fileName: `${mediaId}.png`, fileExtension: 'png' });
			const { bytes, contentType } = await bytesOf(binary, executionId);
			expect(bytes.equals(PNG)).toBe(true);
			expect(contentType).toBe('image/png');
			// The file the sandbox (Meta) holds for this media ID is the one n8n stored.
			expect(sandbox!.control.messaging.media(mediaId)).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), fileSize: PNG.length });
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'outputs a received document with its own file name and type',
		async () => {
			const { mediaId, executionId, item } = await receive({ from: CUSTOMER, media: { type: 'document', mimeType: 'application/pdf', dataBase64: PDF.toString('base64'), filename: 'Invoice 1042.pdf', caption: 'Invoice for order 1042' } });

			expect(eventOf(item)).toEqual(
				expect.objectContaining({
					type: 'inboundMessage',
					messageType: 'document',
					from: CUSTOMER,
					media: expect.objectContaining({ id: mediaId, mimeType: 'application/pdf', filename: 'Invoice 1042.pdf', caption: 'Invoice for order 1042' }),
				}),
			);
			expectNoSecret(item);
			const binary = (item.binary as Record<string, BinaryReference> | undefined)?.data;
			expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: 'Invoice 1042.pdf', fileExtension: 'pdf' });
			const { bytes, contentType } = await bytesOf(binary, executionId);
			expect(bytes.equals(PDF)).toBe(true);
			expect(contentType).toBe('application/pdf');
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'outputs a contact who hides their phone number with their business-scoped user ID and no phone, file attached',
		async () => {
			const { userId } = sandbox!.control.messaging.setUser(HIDDEN_CUSTOMER, { username: 'sheena.nelson', hidePhone: true });

			const { mediaId, executionId, item } = await receive({ from: HIDDEN_CUSTOMER, media: { type: 'image', dataBase64: JPEG.toString('base64') } });

			expect(eventOf(item)).toEqual(expect.objectContaining({ type: 'inboundMessage', messageType: 'image', userId, username: 'sheena.nelson', media: expect.objectContaining({ id: mediaId, mimeType: 'image/jpeg' }) }));
			expect(item.json).not.toHaveProperty('from');
			expect(JSON.stringify(item)).not.toContain(HIDDEN_CUSTOMER);
			const binary = (item.binary as Record<string, BinaryReference> | undefined)?.data;
			expect(binary).toMatchObject({ mimeType: 'image/jpeg', fileName: `${mediaId}.jpg` });
			expect((await bytesOf(binary, executionId)).bytes.equals(JPEG)).toBe(true);
		},
		SUITE_TIMEOUT_MS,
	);

	it(
		'answers Meta (200, first attempt) before it looks the file up, and the file still arrives',
		async () => {
			// Every Graph call (the media lookup among them) now takes longer than the sandbox waits for the webhook's answer.
			sandbox!.control.setFaults({ latencyMs: SLOW_GRAPH_MS });
			let received;
			try {
				received = await receive({ from: CUSTOMER, media: { type: 'image', dataBase64: JPEG.toString('base64') } });
			} finally {
				sandbox!.control.setFaults({ latencyMs: 0 });
			}
			const { delivery, executionId, item } = received;

			expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
			expect(delivery.finishedAt! - delivery.createdAt).toBeLessThan(SLOW_GRAPH_MS);
			expect(item.json).not.toHaveProperty('mediaDownloadError');
			expect((await bytesOf((item.binary as Record<string, BinaryReference> | undefined)?.data, executionId)).bytes.equals(JPEG)).toBe(true);
		},
		SUITE_TIMEOUT_MS,
	);

	it('leaves no token or app secret in n8n\'s log', () => {
		const log = readFileSync(n8n!.logFile, 'utf8');
		expect(log).toContain('n8n start');
		expect(log).not.toContain(sandbox!.accessToken);
		expect(log).not.toContain(sandbox!.appSecret);
	});
});
