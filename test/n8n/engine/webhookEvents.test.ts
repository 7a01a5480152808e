/**
 * What the webhook trigger outputs for the 2026 events, through n8n's real WebhookContext: a
 * template status change and a message from a person without a phone number (BSUID only). Version
 * 2 of the trigger types them; version 1 keeps what its release output (templates as Other Webhook,
 * BSUID changes as Message Received).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';

import { parseWebhook, signBody } from '../../../shared';
import { clearRecords, logLines, receiveWebhook } from '../support/engine';
import { ACCESS_TOKEN, APP_CREDENTIALS, APP_SECRET, GRAPH, GRAPH_CREDENTIALS } from '../support/fixtures';

const credentials = { whatsAppNumbersAppApi: APP_CREDENTIALS };
const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'webhooks', `${name}.json`));

beforeEach(() => clearRecords());

async function deliver(name: string | Buffer, events: string[], typeVersion?: number, parameters: Record<string, unknown> = { subscriptionMode: 'none' }) {
	const body = typeof name === 'string' ? fixture(name) : name;
	return await receiveWebhook({
		node: 'whatsAppNumbersTrigger',
		typeVersion,
		parameters: { ...parameters, events },
		credentials: { ...credentials, whatsAppNumbersApi: GRAPH_CREDENTIALS },
		request: { webhookName: 'default', headers: { 'x-hub-signature-256': signBody(body, APP_SECRET) }, body },
	});
}

const jsonOf = (result: Awaited<ReturnType<typeof deliver>>['result']) => result.workflowData?.[0].map((item) => item.json);

describe('version 2', () => {
	it('outputs a rejected template as Template Status Changed, with the template ID as a string and the raw change', async () => {
		const change = JSON.parse(fixture('message-template-status-update-rejected').toString('utf8')).entry[0].changes[0];

		const { result, response } = await deliver('message-template-status-update-rejected', ['templateStatusChanged']);

		expect(response.ended).toBe(false);
		expect(jsonOf(result)).toEqual([
			{
				type: 'templateStatusChanged',
				dedupeKey: expect.stringMatching(/^templateStatusChanged:message_template_status_update:[\w-]{22}$/),
				wabaId: '102290129340398',
				field: 'message_template_status_update',
				occurredAt: '2026-04-01T00:11:40.000Z',
				templateId: '1689556908129835',
				templateName: 'abandoned_cart',
				templateLanguage: 'en_US',
				event: 'REJECTED',
				reason: 'INVALID_FORMAT',
				category: 'MARKETING',
				// Meta's rejection_info has the normalized keys already (reason, recommendation).
				rejectionInfo: change.value.rejection_info,
				raw: change.value,
				change,
			},
		]);
	});

	it('outputs a message from a person without a phone number with their BSUID, username and name', async () => {
		const { result } = await deliver('messages-inbound-bsuid-only', ['inboundMessage']);

		expect(jsonOf(result)).toEqual([
			expect.objectContaining({
				type: 'inboundMessage',
				phoneNumberId: '106540352242922',
				messageType: 'text',
				text: 'Is the blue one back in stock?',
				userId: 'US.13491208655302741918',
				parentUserId: 'US.ENT.11815799212886844830',
				username: 'sheena.nelson',
				contactName: 'Sheena Nelson',
			}),
		]);
		expect(jsonOf(result)?.[0]).not.toHaveProperty('from');
	});

	it('outputs a BSUID change as User ID Changed, not as a received message', async () => {
		const received = await deliver('messages-system-user-changed-number', ['inboundMessage']);
		const changed = await deliver('messages-system-user-changed-number', ['userIdChanged']);

		expect(received.result).toEqual({});
		expect(jsonOf(changed.result)).toEqual([
			expect.objectContaining({ type: 'userIdChanged', systemType: 'user_changed_number', userId: 'US.20571938462017364500', previousUserId: 'US.13491208655302741918', waId: '16505559999', previousWaId: '16505551234' }),
		]);
	});
});

describe('version 1 (existing workflows)', () => {
	it('still outputs template changes as Other Webhook, exactly as the first release parsed them', async () => {
		const { result } = await deliver('message-template-status-update-rejected', ['other'], 1);
		const [expected] = parseWebhook(fixture('message-template-status-update-rejected'), { eventVersion: 1 });

		expect(expected.type).toBe('other');
		expect(jsonOf(result)).toEqual([expect.objectContaining({ ...expected, event: 'REJECTED' })]);
	});

	it('still outputs BSUID changes as Message Received of type system', async () => {
		const { result } = await deliver('messages-system-user-changed-user-id', ['inboundMessage'], 1);

		expect(jsonOf(result)).toEqual([expect.objectContaining({ type: 'inboundMessage', messageType: 'system', userId: 'US.13491208655302741918' })]);
	});
});

describe('Download Media', () => {
	const LOOKASIDE = 'https://lookaside.fbsbx.com';
	const MEDIA_ID = '1013859600285441';
	const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xff, 0xd9]);
	const withDownload = { subscriptionMode: 'wabaOverride', options: { downloadMedia: true } };

	/** Meta's media lookup (no phone number: a customer's file was uploaded by none) and its media host, both with the token. */
	function metaServesMedia(status = 200) {
		const sha256 = createHash('sha256').update(JPEG).digest('hex');
		const lookup = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/v25.0/${MEDIA_ID}`)
			.query((query) => !('phone_number_id' in query))
			.reply(200, { url: `${LOOKASIDE}/whatsapp_business/attachments/?mid=${MEDIA_ID}&ext=1&hash=h`, mime_type: 'image/jpeg', sha256, file_size: String(JPEG.length), id: MEDIA_ID });
		const host = nock(LOOKASIDE, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get('/whatsapp_business/attachments/')
			.query(true)
			.reply(status, status === 200 ? JPEG : { error: { message: 'Expired', code: 100 } }, { 'content-type': status === 200 ? 'image/jpeg' : 'application/json' });
		return { lookup, host };
	}

	it('answers Meta itself (200) and attaches the image to its item as binary data', async () => {
		const { lookup, host } = metaServesMedia();

		const { result, response } = await deliver('messages-inbound-image', ['inboundMessage'], undefined, withDownload);

		lookup.done();
		host.done();
		expect(response).toMatchObject({ statusCode: 200, ended: true });
		expect(result.noWebhookResponse).toBe(true);
		const [item] = result.workflowData![0];
		expect(item.json).toMatchObject({ type: 'inboundMessage', messageType: 'image', media: { id: MEDIA_ID, mimeType: 'image/jpeg' } });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: `${MEDIA_ID}.jpg`, fileExtension: 'jpg' });
		expect(Buffer.from(item.binary!.data.data, 'base64').equals(JPEG)).toBe(true);
		expect(JSON.stringify(item)).not.toContain(ACCESS_TOKEN);
	});

	it('keeps the event when the file cannot be downloaded, saying why on the item', async () => {
		const { lookup } = metaServesMedia(404);

		const { result } = await deliver('messages-inbound-image', ['inboundMessage'], undefined, withDownload);

		lookup.done();
		const [item] = result.workflowData![0];
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ type: 'inboundMessage', mediaDownloadError: { error: expect.any(String), errorCategory: expect.any(String) } });
		expect(logLines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([expect.stringMatching(/^WhatsApp Business Numbers Trigger could not download media 1013859600285441: /)]);
		expect(JSON.stringify({ item, logLines })).not.toContain(ACCESS_TOKEN);
	});

	it('downloads nothing when the option is off, or for messages without media', async () => {
		const off = await deliver('messages-inbound-image', ['inboundMessage'], undefined, { subscriptionMode: 'wabaOverride' });
		const text = await deliver('messages-inbound-bsuid-only', ['inboundMessage'], undefined, withDownload);

		expect(nock.pendingMocks()).toEqual([]);
		expect([off.result.noWebhookResponse, off.result.workflowData?.[0][0].binary]).toEqual([undefined, undefined]);
		expect([text.result.noWebhookResponse, text.result.workflowData?.[0][0].binary]).toEqual([undefined, undefined]);
	});
});
