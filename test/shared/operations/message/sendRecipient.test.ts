/**
 * Sending to a business-scoped user ID (docs/meta-bsuid.md §4): `recipient` instead of `to`, the
 * phone number used when both are known, a malformed BSUID refused before sending, and the
 * authentication templates a BSUID cannot receive refused once the template is read.
 */
import nock from 'nock';

import { runOperation } from '../../../../shared/run';
import { coreFailure, GRAPH, metaError, PHONE_ID, testClient, VERSION, WABA_ID } from '../../../support/core';
import { byNameQuery, LOGIN_CODE } from '../../templates/fixtures';

const MESSAGES = `/${VERSION}/${PHONE_ID}/messages`;
const BSUID = 'US.13491208655302741918';

describe('sendMessage to a business-scoped user ID', () => {
	it('sends `recipient` without `to` and says the message went to the user ID', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.post(MESSAGES, { messaging_product: 'whatsapp', recipient_type: 'individual', recipient: BSUID, type: 'text', text: { preview_url: false, body: 'Your table is ready' } })
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: BSUID, user_id: BSUID }], messages: [{ id: 'wamid.BSUID' }] });
		const output = await runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, recipient: ` ${BSUID} `, text: 'Your table is ready' });
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual({
			messageId: 'wamid.BSUID',
			waId: null,
			input: BSUID,
			messageStatus: null,
			identityHashChecked: false,
			recipientIdentityKeyHash: null,
			sentTo: 'user_id',
			userId: BSUID,
			phoneNumberId: PHONE_ID,
			to: null,
			uploadedMediaId: null,
			sentVia: 'messages',
		});
	});

	it('uses the phone number when both are given (as Meta does), sending only `to`', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.post(MESSAGES, { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type: 'text', text: { preview_url: false, body: 'Hi' } })
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: 'wamid.PHONE' }] });
		const output = await runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, to: '+1 650 555 1234', recipient: BSUID, text: 'Hi' });
		expect(scope.isDone()).toBe(true);
		expect(output).toMatchObject({ sentTo: 'phone_number', to: '+16505551234', waId: '16505551234', userId: null });
	});

	it('sends a parent BSUID as given', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.post(MESSAGES, (body) => body.recipient === 'US.ENT.11815799212886844830' && body.to === undefined)
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: 'US.ENT.11815799212886844830', user_id: 'US.13491208655302741918' }], messages: [{ id: 'wamid.P' }] });
		await runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, recipient: 'US.ENT.11815799212886844830', text: 'Hi' });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['a BSUID without its country code', { recipient: '13491208655302741918' }, 'Business-Scoped User ID', 'Business-Scoped User ID: "13491208655302741918" is not a business-scoped user ID.'],
		['a phone number in the BSUID field', { recipient: '+16505551234' }, 'Business-Scoped User ID', 'Business-Scoped User ID: "+16505551234" is not a business-scoped user ID.'],
		['neither a phone number nor a BSUID', {}, 'To', 'To: is required.'],
	])('refuses %s before any request', async (_case, change, field, summary) => {
		const { client } = testClient();
		const error = await coreFailure(runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, text: 'Hi', ...change }));
		expect(error).toMatchObject({ category: 'invalid_input', field });
		expect(error.summary).toBe(summary);
	});

	it('refuses a copy-code authentication template to a BSUID once the template is read, before sending (Meta: 131062)', async () => {
		const { client } = testClient();
		const read = nock(GRAPH).get(`/${VERSION}/${WABA_ID}/message_templates`).query(byNameQuery('login_code')).reply(200, { data: [LOGIN_CODE] });
		const error = await coreFailure(runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, recipient: BSUID, messageType: 'template', templateName: 'login_code', templateLanguage: 'en_US', templateValues: { code: '482913' } }));
		expect(read.isDone()).toBe(true);
		expect(error).toMatchObject({ category: 'recipient', field: 'Business-Scoped User ID', retry: { action: 'fix_and_retry' } });
		expect(error.summary).toBe(
			'The template "login_code" (en_US) is an authentication template (copy-code button), which WhatsApp only delivers to a phone number, not to a business-scoped user ID (error 131062). Nothing was sent.',
		);
		expect(error.message).not.toContain('482913');
	});

	it("explains Meta's 131062 when the template was not read (Check Template off)", async () => {
		const { client } = testClient();
		nock(GRAPH).post(MESSAGES).reply(400, metaError(131062, 'Business-scoped User ID recipients are not supported for this message.'));
		const error = await coreFailure(
			runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, recipient: BSUID, messageType: 'template', templateName: 'login_code', templateLanguage: 'en_US', templateParameters: ['482913'], templateCheck: false }),
		);
		expect(error).toMatchObject({ code: 131062, category: 'recipient', retry: { action: 'fix_and_retry' } });
		expect(error.message).toBe(
			'WhatsApp does not deliver this message to a business-scoped user ID: authentication templates with a one-tap, zero-tap or copy-code button need a phone number. Send it to the person\'s phone number in to.',
		);
	});
});
