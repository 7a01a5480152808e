/**
 * Templates through the Marketing Messages API (docs/meta-messaging.md §5): `POST /<PHONE_NUMBER_ID>/
 * marketing_messages` with the template body and its own fields; a template of another category is
 * refused before sending when it was read; Meta's answers before onboarding and for a wrong category
 * in a marketer's words.
 */
import nock from 'nock';

import { runOperation } from '../../../../shared/run';
import { coreFailure, GRAPH, metaError, PHONE_ID, testClient, VERSION, WABA_ID } from '../../../support/core';
import { byNameQuery, HELLO_WORLD, SUMMER_SALE } from '../../templates/fixtures';

const MARKETING = `/${VERSION}/${PHONE_ID}/marketing_messages`;
const MESSAGES = `/${VERSION}/${PHONE_ID}/messages`;
const TEMPLATES = `/${VERSION}/${WABA_ID}/message_templates`;
const TO = '+16505551234';

const summerSale = (extra: Record<string, unknown> = {}) => ({
	phoneNumberId: PHONE_ID,
	to: TO,
	messageType: 'template',
	templateName: 'summer_sale',
	templateLanguage: 'en_US',
	templateValues: { body_1: '25%', button_1: 'summer', button_2: 'SUMMER25' },
	marketingMessages: true,
	...extra,
});

const SUMMER_TEMPLATE = {
	name: 'summer_sale',
	language: { code: 'en_US' },
	components: [
		{ type: 'body', parameters: [{ type: 'text', text: '25%' }] },
		{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'summer' }] },
		{ type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER25' }] },
	],
};

describe('sendMessage through the Marketing Messages API', () => {
	it('reads the template, then posts it to /marketing_messages with the activity sharing and product policy chosen', async () => {
		const { client } = testClient();
		const read = nock(GRAPH).get(TEMPLATES).query(byNameQuery('summer_sale')).reply(200, { data: [SUMMER_SALE] });
		const send = nock(GRAPH)
			.post(MARKETING, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: TO,
				type: 'template',
				template: SUMMER_TEMPLATE,
				message_activity_sharing: false,
				product_policy: 'STRICT',
			})
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: '16505551234' }], messages: [{ id: 'wamid.MM', message_status: 'accepted' }] });
		const output = await runOperation('sendMessage', client, summerSale({ messageActivitySharing: 'off', productPolicy: 'STRICT' }));
		expect(read.isDone() && send.isDone()).toBe(true);
		expect(output).toMatchObject({ messageId: 'wamid.MM', messageStatus: 'accepted', sentVia: 'marketing_messages', sentTo: 'phone_number' });
	});

	it("leaves Meta's defaults alone (no extra fields) and takes a BSUID recipient like /messages", async () => {
		const { client } = testClient();
		nock(GRAPH).get(TEMPLATES).query(byNameQuery('summer_sale')).reply(200, { data: [SUMMER_SALE] });
		const send = nock(GRAPH)
			.post(MARKETING, { messaging_product: 'whatsapp', recipient_type: 'individual', recipient: 'US.13491208655302741918', type: 'template', template: SUMMER_TEMPLATE })
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' }], messages: [{ id: 'wamid.MM2', message_status: 'accepted' }] });
		const output = await runOperation('sendMessage', client, summerSale({ to: undefined, recipient: 'US.13491208655302741918', messageActivitySharing: 'default', productPolicy: 'default' }));
		expect(send.isDone()).toBe(true);
		expect(output).toMatchObject({ sentVia: 'marketing_messages', sentTo: 'user_id', userId: 'US.13491208655302741918' });
	});

	it('refuses a template that is not MARKETING before sending, when the template was read', async () => {
		const { client } = testClient();
		nock(GRAPH).get(TEMPLATES).query(byNameQuery('hello_world')).reply(200, { data: [HELLO_WORLD] });
		const never = nock(GRAPH).post(MARKETING).reply(200, {});
		const error = await coreFailure(runOperation('sendMessage', client, summerSale({ templateName: 'hello_world', templateValues: undefined })));
		expect(never.isDone()).toBe(false);
		expect(error).toMatchObject({ category: 'template', field: 'Send Through Marketing Messages API', retry: { action: 'fix_and_retry' } });
		expect(error.message).toBe(
			'The template "hello_world" (en_US) is a UTILITY template, and the Marketing Messages API only takes MARKETING templates (Meta would refuse it with error 131055). Nothing was sent. Turn off marketingMessages to send it through the Cloud API as usual, or pick a marketing template.',
		);
	});

	it('explains that the business must accept the terms first when Meta answers 131055 (not onboarded)', async () => {
		const { client } = testClient();
		nock(GRAPH).post(MARKETING).reply(400, { error: { message: '(#200) You must accept the Marketing Messages Lite API terms to use the API.', type: 'OAuthException', code: 131055, fbtrace_id: 'AX' } });
		const error = await coreFailure(runOperation('sendMessage', client, { ...summerSale({ templateValues: undefined, templateParameters: ['25%'] }), templateCheck: false }));
		expect(error).toMatchObject({ code: 131055, category: 'permission', httpStatus: 400, retry: { action: 'fix_and_retry' } });
		expect(error.message).toBe(
			'The business has not accepted the Marketing Messages API for WhatsApp terms, so Meta refused the message. Nothing was sent. An admin of the business portfolio accepts the terms in WhatsApp Manager (Marketing Messages API for WhatsApp); until then send with marketingMessages off.',
		);
	});

	it("tells Meta's refusal of another category (131055, Method not allowed) apart from the terms", async () => {
		const { client } = testClient();
		nock(GRAPH).post(MARKETING).reply(400, metaError(131055, 'Method not allowed'));
		const error = await coreFailure(runOperation('sendMessage', client, { ...summerSale({ templateName: 'hello_world', templateValues: undefined }), templateCheck: false }));
		expect(error).toMatchObject({ code: 131055, category: 'template' });
		expect(error.summary).toBe('Meta refused the message on the Marketing Messages API, which only takes MARKETING templates.');
	});

	it('sends through /messages as before when the option is off, and ignores it for other message types', async () => {
		const { client } = testClient();
		const text = nock(GRAPH).post(MESSAGES, (body) => body.type === 'text' && body.message_activity_sharing === undefined).reply(200, { messages: [{ id: 'wamid.T' }] });
		const output = await runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, to: TO, text: 'Hi', marketingMessages: true, messageActivitySharing: 'on' });
		expect(text.isDone()).toBe(true);
		expect(output).toMatchObject({ sentVia: 'messages' });
	});
});
