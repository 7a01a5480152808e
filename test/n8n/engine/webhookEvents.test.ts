/**
 * What the webhook trigger outputs for the 2026 events, through n8n's real WebhookContext: a
 * template status change and a message from a person without a phone number (BSUID only). Version
 * 2 of the trigger types them; version 1 keeps what its release output (templates as Other Webhook,
 * BSUID changes as Message Received).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseWebhook, signBody } from '../../../shared';
import { receiveWebhook } from '../support/engine';
import { APP_CREDENTIALS, APP_SECRET } from '../support/n8nContext';

const credentials = { whatsAppNumbersAppApi: APP_CREDENTIALS };
const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'webhooks', `${name}.json`));

async function deliver(name: string, events: string[], typeVersion?: number) {
	const body = fixture(name);
	return await receiveWebhook({
		node: 'whatsAppNumbersTrigger',
		typeVersion,
		parameters: { subscriptionMode: 'none', events },
		credentials,
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
				rejectionInfo: {
					reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
					recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
				},
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
