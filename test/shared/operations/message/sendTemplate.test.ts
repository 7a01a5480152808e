/**
 * Sending a template with the pre-send check: the template is read once per run (per batch), every
 * message is checked against it, and a wrong one is refused before any request to `/messages`.
 */
import nock from 'nock';

import { runOperation } from '../../../../shared/run';
import { GRAPH, metaError, PHONE_ID, coreFailure, testClient, TOKEN, VERSION, WABA_ID } from '../../../support/core';
import { byNameQuery, INVOICE, inState, ORDER_UPDATE, REMINDER_EN, REMINDER_ES, SUMMER_SALE, TEMPLATE_QUERY } from '../../templates/fixtures';

const MESSAGES = `/${VERSION}/${PHONE_ID}/messages`;
const TEMPLATES = `/${VERSION}/${WABA_ID}/message_templates`;

const accepted = (to: string, id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.slice(1) }], messages: [{ id }] });

/** A `/messages` interceptor that must stay unused: the proof that nothing was sent. */
const messagesNeverCalled = () => nock(GRAPH).post(MESSAGES).reply(200, accepted('+16505551234', 'wamid.SHOULD_NOT'));

const templateMessage = (extra: Record<string, unknown>) => ({ phoneNumberId: PHONE_ID, to: '+1 650 555 1234', messageType: 'template', ...extra });


describe('sendMessage: a template is read and checked before sending', () => {
	it('reads the template by name (every language), then sends named parameters with parameter_name', async () => {
		const { client } = testClient();
		const read = nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).get(TEMPLATES).query(byNameQuery('order_update')).reply(200, { data: [ORDER_UPDATE] });
		const send = nock(GRAPH)
			.post(MESSAGES, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				type: 'template',
				template: {
					name: 'order_update',
					language: { code: 'en_US' },
					components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_id', text: 'A-1042' }] }],
				},
			})
			.reply(200, accepted('+16505551234', 'wamid.NAMED'));
		const output = await runOperation('sendMessage', client, templateMessage({ templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Ana', order_id: 'A-1042' } }));
		expect(read.isDone() && send.isDone()).toBe(true);
		expect(output).toMatchObject({ messageId: 'wamid.NAMED', to: '+16505551234' });
	});

	it('reads a template picked by ID (GET /<TEMPLATE_ID>) and takes its name and language from it', async () => {
		const { client } = testClient();
		nock(GRAPH).get(`/${VERSION}/700000000000006`).query(TEMPLATE_QUERY).reply(200, INVOICE);
		const send = nock(GRAPH)
			.post(MESSAGES, (body) => JSON.stringify(body.template) === JSON.stringify({
				name: 'invoice_ready',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/inv.pdf' } }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'INV-7' }] },
				],
			}))
			.reply(200, accepted('+16505551234', 'wamid.ID'));
		await runOperation('sendMessage', client, templateMessage({ templateId: '700000000000006', templateValues: JSON.stringify({ header_document: 'https://example.com/inv.pdf', body_1: 'Ana', body_2: 'INV-7' }) }));
		expect(send.isDone()).toBe(true);
	});

	it('keeps the positional list and header fields of earlier versions working, checked against the template', async () => {
		const { client } = testClient();
		nock(GRAPH).get(TEMPLATES).query(byNameQuery('invoice_ready')).reply(200, { data: [INVOICE] });
		const send = nock(GRAPH)
			.post(MESSAGES, (body) => JSON.stringify(body.template.components) === JSON.stringify([
				{ type: 'header', parameters: [{ type: 'document', document: { id: '4455' } }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'INV-7' }] },
			]))
			.reply(200, accepted('+16505551234', 'wamid.LEGACY'));
		await runOperation('sendMessage', client, templateMessage({ templateName: 'invoice_ready', templateLanguage: 'en_US', templateParameters: 'Ana\nINV-7', templateHeaderType: 'document', templateHeaderValue: '4455' }));
		expect(send.isDone()).toBe(true);
	});

	it.each([
		['a missing named parameter', { templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Ana' } }, [ORDER_UPDATE], 'Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent.'],
		['an extra parameter', { templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Ana', order_id: '1', coupon: 'X' } }, [ORDER_UPDATE], 'Template Values: "coupon" is not a parameter of the template "order_update" (en_US) (it has first_name, order_id).'],
		['a missing positional value', { templateName: 'appointment_reminder', templateLanguage: 'en_US', templateParameters: ['Ana'] }, [REMINDER_EN, REMINDER_ES], 'Template Parameters: the template "appointment_reminder" (en_US) needs a value for Body {{2}} (key body_2). Nothing was sent.'],
		['one positional value too many', { templateName: 'appointment_reminder', templateLanguage: 'es', templateParameters: ['Ana', 'lunes', 'extra'] }, [REMINDER_EN, REMINDER_ES], 'Template Parameters: "body_3" is not a parameter of the template "appointment_reminder" (es) (it has body_1, body_2).'],
		['positional values for a named template', { templateName: 'order_update', templateLanguage: 'en_US', templateParameters: ['Ana', 'A-1'] }, [ORDER_UPDATE], 'Template Parameters: gives values by position, but the template "order_update" (en_US) names its placeholders ({{first_name}}, {{order_id}}).'],
		['header media missing', { templateName: 'invoice_ready', templateLanguage: 'en_US', templateParameters: ['Ana', 'INV-7'] }, [INVOICE], 'Template Parameters: the template "invoice_ready" (en_US) needs a value for Header document: a public https link or a media ID (key header_document). Nothing was sent.'],
		['a header of the wrong kind', { templateName: 'invoice_ready', templateLanguage: 'en_US', templateHeaderType: 'image', templateHeaderValue: 'https://example.com/a.jpg' }, [INVOICE], 'Template Header Type: is image, but the template "invoice_ready" (en_US) has a document header.'],
		['a button variable missing', { templateName: 'summer_sale', templateLanguage: 'en_US', templateValues: { body_1: '25%', button_2: 'SUMMER25' } }, [SUMMER_SALE], 'Template Values: the template "summer_sale" (en_US) needs a value for Button 1 "Shop the sale": the end of the link https://shop.example.com/sale/{{1}} (key button_1). Nothing was sent.'],
		['bad characters', { templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Ana\nMaria', order_id: '1' } }, [ORDER_UPDATE], 'Template Values: the value for {{first_name}} of the template "order_update" (en_US) contains a new line, a tab or more than 4 spaces in a row, which WhatsApp refuses in a template parameter (error 132018).'],
		['too long once filled in', { templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'A'.repeat(1000), order_id: '1' } }, [ORDER_UPDATE], 'Template Values: the text of the template "order_update" (en_US) would be 1032 characters long once filled in, and WhatsApp refuses more than 1024 (error 132005).'],
		['a language the template is not in', { templateName: 'appointment_reminder', templateLanguage: 'pt_BR', templateParameters: ['Ana', 'segunda'] }, [REMINDER_EN, REMINDER_ES], 'The template "appointment_reminder" has no pt_BR version (it exists in en_US, es), so WhatsApp would refuse it (error 132001). Nothing was sent.'],
		['an unknown template', { templateName: 'order_updat', templateLanguage: 'en_US' }, [], 'There is no template named "order_updat" in this WhatsApp Business Account, so WhatsApp would refuse it (error 132001). Nothing was sent.'],
		['a paused template', { templateName: 'order_update', templateLanguage: 'en_US' }, [inState(ORDER_UPDATE, 'PAUSED')], 'The template "order_update" (en_US) is paused because recipients rated it low quality, so WhatsApp would refuse it (error 132015). Nothing was sent.'],
		['a disabled template', { templateName: 'order_update', templateLanguage: 'en_US' }, [inState(ORDER_UPDATE, 'DISABLED')], 'The template "order_update" (en_US) is disabled after too many pauses for low quality, so WhatsApp would refuse it (error 132016). Nothing was sent.'],
		['a template in review', { templateName: 'order_update', templateLanguage: 'en_US' }, [inState(ORDER_UPDATE, 'PENDING')], 'The template "order_update" (en_US) is still in review (status PENDING), so WhatsApp would refuse it (error 132001). Nothing was sent.'],
		['a rejected template', { templateName: 'order_update', templateLanguage: 'en_US' }, [inState(ORDER_UPDATE, 'REJECTED', { rejected_reason: 'PROMOTIONAL' })], 'The template "order_update" (en_US) was rejected by Meta (reason: PROMOTIONAL), so WhatsApp would refuse it (error 132001). Nothing was sent.'],
	])('refuses %s before any request to /messages', async (_case, input, data, summary) => {
		const { client } = testClient();
		const name = String((input as { templateName: string }).templateName);
		const read = nock(GRAPH).get(TEMPLATES).query(byNameQuery(name)).reply(200, { data });
		const messages = messagesNeverCalled();
		const error = await coreFailure(runOperation('sendMessage', client, templateMessage(input)));
		expect(error.summary).toBe(summary);
		expect(error.operation).toBe('sendMessage');
		expect(read.isDone()).toBe(true);
		expect(messages.isDone()).toBe(false);
	});

	it('gives each status its own next step and retry advice', async () => {
		const advice: Record<string, unknown> = {};
		for (const status of ['PAUSED', 'DISABLED', 'PENDING', 'REJECTED']) {
			const { client } = testClient();
			nock(GRAPH).get(TEMPLATES).query(byNameQuery('order_update')).reply(200, { data: [inState(ORDER_UPDATE, status)] });
			const error = await coreFailure(runOperation('sendMessage', client, templateMessage({ templateName: 'order_update', templateLanguage: 'en_US' })));
			advice[status] = [error.category, error.retry.action, error.nextStep];
		}
		expect(advice).toEqual({
			PAUSED: ['template', 'wait', 'Use another approved template, or wait for the pause to end (3 hours the first time, 6 hours the second) and improve the template in WhatsApp Manager: a third pause disables it.'],
			DISABLED: ['template', 'do_not_retry', 'Create a new template with different content and use that one.'],
			PENDING: ['template', 'wait', "Wait for Meta's review (up to 24 hours), or use another approved template."],
			REJECTED: ['template', 'fix_and_retry', 'Edit the template in WhatsApp Manager and submit it again, or use another approved template.'],
		});
	});

	it('says how to go on when the token cannot read templates, and never shows the token', async () => {
		const { client } = testClient();
		nock(GRAPH).get(TEMPLATES).query(byNameQuery('order_update')).reply(403, metaError(200, `Permissions error for ${TOKEN}`));
		const messages = messagesNeverCalled();
		const error = await coreFailure(runOperation('sendMessage', client, templateMessage({ templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'A', order_id: 'B' } })));
		expect(error.message).toBe(
			'Reading the template "order_update" to check the message before sending failed: The access token is missing a permission (or no token was sent). Nothing was sent. Give the token whatsapp_business_management (and whatsapp_business_messaging for sending). Reading templates needs whatsapp_business_management; without it, turn off templateCheck to send unchecked.',
		);
		expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN);
		expect(messages.isDone()).toBe(false);
	});

	it('with the check off, sends as given without reading, and refuses what needs the definition', async () => {
		const { client } = testClient();
		const send = nock(GRAPH)
			.post(MESSAGES, (body) => JSON.stringify(body.template) === JSON.stringify({ name: 'appointment_reminder', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] }))
			.reply(200, accepted('+16505551234', 'wamid.UNCHECKED'));
		await runOperation('sendMessage', client, templateMessage({ templateName: 'appointment_reminder', templateLanguage: 'pt_BR', templateParameters: ['Ana'], templateCheck: false }));
		expect(send.isDone()).toBe(true);
		const error = await coreFailure(runOperation('sendMessage', client, templateMessage({ templateId: '700000000000006', templateCheck: false })));
		expect(error.message).toBe("Template: needs the template's definition, and Check Template Before Sending is off. Turn on Check Template Before Sending, or give the template by name and language with Template Parameters.");
	});
});

describe('sendMessages: one read per template for the whole batch', () => {
	it('reads each template once for 50 messages and sends every valid one; a wrong one gets its error with nothing sent for it', async () => {
		const { client } = testClient();
		const read = nock(GRAPH).get(TEMPLATES).query(byNameQuery('order_update')).once().reply(200, { data: [ORDER_UPDATE] });
		const sentTo: string[] = [];
		const sends = nock(GRAPH)
			.post(MESSAGES, (body) => {
				sentTo.push(body.to);
				return body.template.components[0].parameters[0].parameter_name === 'first_name';
			})
			.times(49)
			.reply(200, (_uri, body) => accepted((body as { to: string }).to, `wamid.${(body as { to: string }).to}`));
		const items = Array.from({ length: 50 }, (_, index) => ({
			to: `+1650555${String(1000 + index)}`,
			messageType: 'template',
			templateName: 'order_update',
			templateLanguage: 'en_US',
			templateValues: index === 7 ? { first_name: 'Ana' } : { first_name: `Name ${index}`, order_id: `A-${index}` },
		}));
		const output = await runOperation('sendMessages', client, { phoneNumberId: PHONE_ID, messages: items, recipientSpacingMs: 0 });
		expect(read.isDone()).toBe(true);
		expect(sends.isDone()).toBe(true);
		expect(sentTo).not.toContain('+16505551007');
		expect(output).toMatchObject({ total: 50, sent: 49, failed: 1, invalid: 1 });
		expect(output.results[7]).toEqual({
			index: 7,
			ok: false,
			error: expect.objectContaining({ category: 'invalid_input', field: 'Template Values', message: expect.stringContaining('needs a value for Body {{order_id}} (key order_id)') }),
		});
	});

	it('with the batch\'s Check Template off, sends items unread unless an item turns it on', async () => {
		const { client } = testClient();
		const read = nock(GRAPH).get(TEMPLATES).query(byNameQuery('order_update')).reply(200, { data: [ORDER_UPDATE] });
		const sends = nock(GRAPH).post(MESSAGES).times(2).reply(200, (_uri, body) => accepted((body as { to: string }).to, 'wamid.X'));
		const items = [
			{ to: '+16505551000', messageType: 'template', templateName: 'order_update', templateLanguage: 'en_US', templateParameters: ['Ana', 'A-1'] },
			{ to: '+16505551001', messageType: 'template', templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Bo', order_id: 'A-2' }, template_check: true },
		];
		const output = await runOperation('sendMessages', client, { phoneNumberId: PHONE_ID, messages: items, templateCheck: false });
		expect(output).toMatchObject({ total: 2, sent: 2 });
		expect(read.isDone() && sends.isDone()).toBe(true);
	});

	it('with Send Only If All Are Valid, sends nothing when one message is wrong and says which', async () => {
		const { client } = testClient();
		nock(GRAPH).get(TEMPLATES).query(byNameQuery('order_update')).reply(200, { data: [ORDER_UPDATE] });
		const messages = messagesNeverCalled();
		const items = [
			{ to: '+16505551000', messageType: 'template', templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Ana', order_id: 'A-1' } },
			{ to: '+16505551001', messageType: 'template', templateName: 'order_update', templateLanguage: 'en_US', templateValues: { first_name: 'Bo' } },
		];
		const output = await runOperation('sendMessages', client, { phoneNumberId: PHONE_ID, messages: items, sendOnlyIfAllValid: true });
		expect(messages.isDone()).toBe(false);
		expect(output).toMatchObject({ total: 2, sent: 0, failed: 2, invalid: 1 });
		expect(output.results[0]).toEqual({
			index: 0,
			ok: false,
			heldBack: true,
			error: expect.objectContaining({ message: 'Not sent: 1 other message(s) of this batch (position 1) are invalid, so none was sent. Fix the invalid message(s) and send the batch again: nothing of it reached WhatsApp.' }),
		});
		expect(output.results[1]).toMatchObject({ index: 1, ok: false, error: { field: 'Template Values' } });
	});
});
