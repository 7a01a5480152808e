/** The template operations: the exact request Meta receives and the exact output a user sees. */
import nock from 'nock';

import { runOperation } from '../../../../shared/run';
import { GRAPH, metaError, coreFailure, testClient, VERSION, WABA_ID } from '../../../support/core';
import { byNameQuery, inState, ORDER_UPDATE, REMINDER_EN, REMINDER_ES, SUMMER_SALE, TEMPLATE_QUERY } from '../../templates/fixtures';

const TEMPLATES = `/${VERSION}/${WABA_ID}/message_templates`;
const FIELDS = TEMPLATE_QUERY.fields;


describe('listTemplates', () => {
	it('asks Meta with the filters, follows the pages and outputs one entry per template', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.get(TEMPLATES)
			.query({ fields: FIELDS, limit: '100', status: 'APPROVED', category: 'UTILITY', language: 'en_US', name: 'order' })
			.reply(200, { data: [ORDER_UPDATE], paging: { cursors: { after: 'QVFI' }, next: `${GRAPH}${TEMPLATES}?after=QVFI` } })
			.get(TEMPLATES)
			.query({ fields: FIELDS, limit: '100', status: 'APPROVED', category: 'UTILITY', language: 'en_US', name: 'order', after: 'QVFI' })
			.reply(200, { data: [{ ...ORDER_UPDATE, id: '9', name: 'reorder_reminder' }, { ...REMINDER_EN, name: 'not_matching' }] });
		const output = await runOperation('listTemplates', client, { status: 'APPROVED', category: 'utility', templateLanguage: 'en-US', nameContains: 'Order' });
		expect(scope.isDone()).toBe(true);
		expect(output.count).toBe(2);
		expect(output.templates.map((template) => template.name)).toEqual(['order_update', 'reorder_reminder']);
		expect(output.templates[0]).toEqual({
			id: '700000000000002',
			name: 'order_update',
			language: 'en_US',
			status: 'APPROVED',
			category: 'UTILITY',
			previousCategory: null,
			qualityScore: 'GREEN',
			sendable: true,
			statusNote: 'Approved: it can be sent.',
			rejectedReason: null,
			parameterFormat: 'NAMED',
			headerFormat: null,
			headerText: null,
			body: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
			footer: 'Thank you for shopping with us',
			buttons: [],
			placeholders: [
				{ key: 'first_name', component: 'body', kind: 'text', name: 'first_name', buttonIndex: null, example: 'Pablo', label: 'Body {{first_name}}', maxLength: null, secret: false },
				{ key: 'order_id', component: 'body', kind: 'text', name: 'order_id', buttonIndex: null, example: '860198-230332', label: 'Body {{order_id}}', maxLength: null, secret: false },
			],
			placeholderKeys: 'first_name, order_id',
		});
	});

	it('shows why a template cannot be sent: paused, rejected with its reason, quality', async () => {
		const { client } = testClient();
		nock(GRAPH)
			.get(TEMPLATES)
			.query({ fields: FIELDS, limit: '100' })
			.reply(200, {
				data: [inState(SUMMER_SALE, 'PAUSED', { quality_score: { score: 'RED', date: 1 } }), inState(REMINDER_EN, 'REJECTED', { rejected_reason: 'INVALID_FORMAT' }), inState(REMINDER_ES, 'DISABLED')],
			});
		const output = await runOperation('listTemplates', client, {});
		expect(output.templates.map(({ status, sendable, qualityScore, rejectedReason, statusNote }) => ({ status, sendable, qualityScore, rejectedReason, statusNote }))).toEqual([
			{
				status: 'PAUSED',
				sendable: false,
				qualityScore: 'RED',
				rejectedReason: null,
				statusNote: 'Paused because recipients rated it low quality (3 hours the first time, 6 hours the second); a third pause disables it. It cannot be sent while paused.',
			},
			{ status: 'REJECTED', sendable: false, qualityScore: null, rejectedReason: 'INVALID_FORMAT', statusNote: 'Rejected (INVALID_FORMAT): edit it in WhatsApp Manager and submit it again.' },
			{ status: 'DISABLED', sendable: false, qualityScore: null, rejectedReason: null, statusNote: 'Disabled after being paused too many times for low quality: it can no longer be sent.' },
		]);
	});

	it('needs the WABA ID, before any request', async () => {
		const { client } = testClient({ wabaId: null });
		expect((await coreFailure(runOperation('listTemplates', client, {}))).summary).toBe('WhatsApp Business Account ID is missing.');
	});
});

describe('getTemplate', () => {
	it('by ID: GET /<TEMPLATE_ID> with the template fields', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH).get(`/${VERSION}/700000000000007`).query(TEMPLATE_QUERY).reply(200, SUMMER_SALE);
		const output = await runOperation('getTemplate', client, { templateId: '700000000000007' });
		expect(scope.isDone()).toBe(true);
		expect(output).toMatchObject({ found: true, languages: 'en_US', id: '700000000000007', category: 'MARKETING', headerFormat: 'TEXT', placeholderKeys: 'body_1, button_1, button_2' });
		expect(output.buttons).toEqual([
			{ index: 0, type: 'URL', text: 'Shop the sale', url: 'https://shop.example.com/sale/{{1}}', phoneNumber: null },
			{ index: 1, type: 'COPY_CODE', text: null, url: null, phoneNumber: null },
		]);
	});

	it('by name and language: the exact name among the page, with the other languages; not found is an answer', async () => {
		const { client } = testClient();
		nock(GRAPH)
			.get(TEMPLATES)
			.query(byNameQuery('appointment_reminder'))
			.twice()
			.reply(200, { data: [REMINDER_EN, REMINDER_ES, { ...REMINDER_EN, id: '5', name: 'appointment_reminder_old' }] });
		expect(await runOperation('getTemplate', client, { templateName: 'appointment_reminder', templateLanguage: 'es' })).toMatchObject({ found: true, id: '700000000000004', languages: 'en_US, es' });
		expect(await runOperation('getTemplate', client, { templateName: 'appointment_reminder', templateLanguage: 'pt_BR' })).toMatchObject({
			found: false,
			id: '',
			sendable: false,
			statusNote: 'No pt_BR version; the template exists in en_US, es.',
			languages: 'en_US, es',
		});
	});

	it('an ID Meta does not know is not found, and a missing template is an input error', async () => {
		const { client } = testClient();
		nock(GRAPH).get(`/${VERSION}/123`).query(TEMPLATE_QUERY).reply(400, metaError(100, 'Unsupported get request.', undefined, { error_subcode: 33 }));
		expect(await runOperation('getTemplate', client, { templateId: '123' })).toMatchObject({ found: false, status: 'NOT_FOUND' });
		expect((await coreFailure(runOperation('getTemplate', client, {}))).summary).toBe('Template: is required.');
	});
});

describe('createTemplate', () => {
	it('sends a named template with examples, header, footer and buttons, and outputs it as submitted (PENDING)', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.post(TEMPLATES, {
				name: 'order_shipped',
				language: 'en_US',
				category: 'UTILITY',
				parameter_format: 'NAMED',
				components: [
					{ type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}', example: { header_text_named_params: [{ param_name: 'order_id', example: '860198' }] } },
					{
						type: 'BODY',
						text: 'Hi {{first_name}}, your order {{order_id}} has shipped.',
						example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '860198' }] },
					},
					{ type: 'FOOTER', text: 'Reply STOP to opt out' },
					{
						type: 'BUTTONS',
						buttons: [
							{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{order_id}}', example: ['https://example.com/track/860198'] },
							{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100001' },
							{ type: 'QUICK_REPLY', text: 'Stop updates' },
						],
					},
				],
			})
			.reply(200, { id: '594425479261596', status: 'PENDING', category: 'UTILITY' });
		const output = await runOperation('createTemplate', client, {
			templateName: 'order_shipped',
			category: 'utility',
			templateLanguage: 'en_US',
			headerType: 'text',
			headerText: 'Order {{order_id}}',
			headerExample: 'order_id=860198',
			body: 'Hi {{first_name}}, your order {{order_id}} has shipped.',
			bodyExamples: 'first_name=Pablo\norder_id=860198',
			footer: 'Reply STOP to opt out',
			templateButtons: ['url|Track|https://example.com/track/{{order_id}}|https://example.com/track/860198', 'phone|Call us|+1 555 010 0001', 'quick_reply|Stop updates'],
		});
		expect(scope.isDone()).toBe(true);
		expect(output).toMatchObject({
			id: '594425479261596',
			name: 'order_shipped',
			status: 'PENDING',
			sendable: false,
			statusNote: 'In review (up to 24 hours): it cannot be sent yet.',
			category: 'UTILITY',
			parameterFormat: 'NAMED',
			placeholderKeys: 'order_id, first_name, button_1',
		});
	});

	it('sends a positional template with a media header handle, and an authentication template', async () => {
		const { client } = testClient();
		const scope = nock(GRAPH)
			.post(TEMPLATES, {
				name: 'invoice_due',
				language: 'es',
				category: 'UTILITY',
				parameter_format: 'POSITIONAL',
				components: [
					{ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::aW52b2ljZQ=='] } },
					{ type: 'BODY', text: 'Hola {{1}}, su factura {{2}} vence pronto.', example: { body_text: [['Ana', 'F-12']] } },
					{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'PAGO10' }] },
				],
			})
			.reply(200, { id: '1', status: 'PENDING', category: 'UTILITY' })
			.post(TEMPLATES, {
				name: 'login_code',
				language: 'en',
				category: 'AUTHENTICATION',
				components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 10 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }],
			})
			.reply(200, { id: '2', status: 'PENDING', category: 'AUTHENTICATION' });
		await runOperation('createTemplate', client, {
			templateName: 'invoice_due',
			category: 'UTILITY',
			templateLanguage: 'es',
			headerType: 'document',
			headerHandle: '4::aW52b2ljZQ==',
			body: 'Hola {{1}}, su factura {{2}} vence pronto.',
			bodyExamples: ['Ana', 'F-12'],
			templateButtons: ['copy_code|PAGO10'],
		});
		await runOperation('createTemplate', client, { templateName: 'login_code', category: 'AUTHENTICATION', templateLanguage: 'en', codeExpirationMinutes: 10 });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['a name with capitals', { templateName: 'Order Shipped' }, 'Template Name: "Order Shipped" is not a template name.'],
		['a body starting with a placeholder', { body: '{{1}} is waiting for you.', bodyExamples: ['Ana'] }, 'Body: starts or ends with a placeholder.'],
		['a body ending with a placeholder', { body: 'Your code is {{1}}', bodyExamples: ['1'] }, 'Body: starts or ends with a placeholder.'],
		['numbered placeholders with a gap', { body: 'Hi {{1}}, see {{3}} now.', bodyExamples: ['a', 'b'] }, 'Body: numbers its placeholders {{1}}, {{3}}.'],
		['mixed placeholders', { body: 'Hi {{1}}, see {{order_id}} now.' }, 'Body: mixes numbered placeholders ({{1}}) and named ones ({{first_name}}).'],
		['fewer examples than placeholders', { body: 'Hi {{1}}, see {{2}} now.', bodyExamples: ['Ana'] }, 'Body Examples: has 1 example(s) for 2 placeholder(s).'],
		['a named placeholder without example', { body: 'Hi {{first_name}}, see {{order_id}} now.', bodyExamples: ['first_name=Pablo'] }, 'Body Examples: has no example for {{order_id}}.'],
		['a body over 1,024 characters', { body: `Hi ${'x'.repeat(1030)}` }, 'Body: is 1033 characters long.'],
		['a media header without handle', { headerType: 'image' }, 'Header Example Handle: is required for a image header.'],
		['eleven buttons', { templateButtons: Array.from({ length: 11 }, (_, i) => `quick_reply|Reply ${i}`) }, 'Buttons: has 11 buttons.'],
		['three URL buttons', { templateButtons: ['url|A|https://a.example', 'url|B|https://b.example', 'url|C|https://c.example'] }, 'Buttons: has 3 url buttons.'],
		['quick replies split by another button', { templateButtons: ['quick_reply|Yes', 'url|Site|https://a.example', 'quick_reply|No'] }, 'Buttons: mixes quick replies between the other buttons.'],
		['a URL variable in the middle', { templateButtons: ['url|Track|https://a.example/{{1}}/x|https://a.example/1/x'] }, 'Buttons: button 1: a link may have one variable, at the very end.'],
		['a URL variable without example', { templateButtons: ['url|Track|https://a.example/{{1}}'] }, 'Buttons: button 1 has a variable, so it needs an example link.'],
		['a button text over 25 characters', { templateButtons: ['quick_reply|This reply text is far too long'] }, 'Buttons: is 31 characters long.'],
		['an unknown button kind', { templateButtons: ['call|Call'] }, 'Buttons: "call" is not a button kind.'],
		['a numbered link variable in a named template', { body: 'Hi {{first_name}}, all set.', bodyExamples: ['first_name=Ana'], templateButtons: ['url|Track|https://a.example/{{1}}|https://a.example/1'] }, 'Buttons: button 1: the text uses named placeholders, so the link variable needs a name too.'],
	])('refuses %s before any request', async (_case, change, summary) => {
		const { client } = testClient();
		const create = nock(GRAPH).post(TEMPLATES).reply(200, { id: '1', status: 'PENDING', category: 'UTILITY' });
		const error = await coreFailure(runOperation('createTemplate', client, { templateName: 'promo', category: 'MARKETING', templateLanguage: 'en_US', body: 'Hello there.', ...change }));
		expect(error.summary).toBe(summary);
		expect(error.category).toBe('invalid_input');
		expect(create.isDone()).toBe(false);
	});

	it('explains Meta\'s creation refusals (2388024 duplicate) and never retries an unknown outcome', async () => {
		const { client, sleeps } = testClient();
		nock(GRAPH)
			.post(TEMPLATES)
			.reply(400, { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 2388024, error_user_title: 'Content in This Language Already Exists', error_user_msg: 'There is already English (US) content for this template.', fbtrace_id: 'T' } })
			.post(TEMPLATES)
			.reply(500, metaError(1, 'An unknown error occurred'));
		const duplicate = await coreFailure(runOperation('createTemplate', client, { templateName: 'promo', category: 'MARKETING', templateLanguage: 'en_US', body: 'Hello there.' }));
		expect(duplicate.message).toBe('A template with this name already exists in this language. Use another name, or create the same name in another language. To change the existing one, edit it in WhatsApp Manager.');
		const unknown = await coreFailure(runOperation('createTemplate', client, { templateName: 'promo', category: 'MARKETING', templateLanguage: 'en_US', body: 'Hello there.' }));
		expect(unknown.nextStep).toBe('The template may have been created: look it up (Get Template or List Templates) before creating it again.');
		expect(sleeps).toEqual([]);
	});
});

describe('deleteTemplate (destructive)', () => {
	const readNamed = (data: unknown[]) => nock(GRAPH).get(TEMPLATES).query({ name: 'appointment_reminder', fields: 'id,name,language,status', limit: '100' }).reply(200, { data });

	it('by name deletes every language and lists what went', async () => {
		const { client } = testClient();
		readNamed([REMINDER_EN, REMINDER_ES]);
		const remove = nock(GRAPH).delete(TEMPLATES).query({ name: 'appointment_reminder' }).reply(200, { success: true });
		expect(await runOperation('deleteTemplate', client, { templateName: 'appointment_reminder' })).toEqual({
			deleted: true,
			name: 'appointment_reminder',
			count: 2,
			templates: [
				{ id: '700000000000003', language: 'en_US', status: 'APPROVED' },
				{ id: '700000000000004', language: 'es', status: 'APPROVED' },
			],
			note: 'Deleted. Messages already sent are not affected; the name cannot be used for a new template for 30 days.',
		});
		expect(remove.isDone()).toBe(true);
	});

	it('with a language deletes only that one, by hsm_id', async () => {
		const { client } = testClient();
		readNamed([REMINDER_EN, inState(REMINDER_ES, 'REJECTED')]);
		const remove = nock(GRAPH).delete(TEMPLATES).query({ name: 'appointment_reminder', hsm_id: '700000000000004' }).reply(200, { success: true });
		expect(await runOperation('deleteTemplate', client, { templateName: 'appointment_reminder', templateLanguage: 'es' })).toMatchObject({
			count: 1,
			templates: [{ id: '700000000000004', language: 'es', status: 'REJECTED' }],
			note: 'Deleted. Messages already sent are not affected.',
		});
		expect(remove.isDone()).toBe(true);
	});

	it('deletes nothing when the language is not there or a template is DISABLED', async () => {
		const { client } = testClient();
		const remove = nock(GRAPH).delete(TEMPLATES).query(true).reply(200, { success: true });
		readNamed([REMINDER_EN]);
		expect((await coreFailure(runOperation('deleteTemplate', client, { templateName: 'appointment_reminder', templateLanguage: 'pt_BR' }))).message).toBe(
			'There is no template "appointment_reminder" in pt_BR (it exists in en_US, ID 700000000000003) in this WhatsApp Business Account, so nothing was deleted. Check the name and language in WhatsApp Manager → Message templates.',
		);
		readNamed([REMINDER_EN, inState(REMINDER_ES, 'DISABLED')]);
		expect((await coreFailure(runOperation('deleteTemplate', client, { templateName: 'appointment_reminder' }))).summary).toBe(
			'The template "appointment_reminder" (es) is DISABLED, and Meta does not delete disabled templates, so nothing was deleted.',
		);
		expect(remove.isDone()).toBe(false);
	});
});

describe('checkReadiness: Include Templates', () => {
	it('lists which templates the number can send', async () => {
		const { client } = testClient();
		const number = { id: '106540352242922', status: 'CONNECTED', code_verification_status: 'VERIFIED', name_status: 'APPROVED', is_pin_enabled: true, quality_rating: 'GREEN', throughput: { level: 'STANDARD' } };
		nock(GRAPH)
			.get('/v25.0/106540352242922')
			.query((query) => query.fields !== 'health_status')
			.reply(200, number)
			.get('/v25.0/106540352242922')
			.query({ fields: 'health_status' })
			.reply(200, {})
			.get(TEMPLATES)
			.query({ fields: 'id,name,language,status', limit: '100' })
			.reply(200, { data: [ORDER_UPDATE, REMINDER_EN, inState(REMINDER_ES, 'PAUSED'), inState(SUMMER_SALE, 'REJECTED')] });
		const report = await runOperation('checkReadiness', client, { phoneNumberId: '106540352242922', includeTemplates: true });
		expect(report.templates).toEqual({
			total: 4,
			approved: 2,
			paused: 1,
			pending: 0,
			rejected: 1,
			disabled: 0,
			approvedNames: 'order_update (en_US), appointment_reminder (en_US)',
			pausedNames: 'appointment_reminder (es)',
			pendingNames: '',
			rejectedNames: 'summer_sale (en_US)',
			disabledNames: '',
		});
		expect(report.items.at(-1)).toEqual({
			check: 'templates',
			result: 'warn',
			reason: '2 approved template(s) can be sent; 1 paused (appointment_reminder (es)) cannot.',
			nextStep: 'Send the approved ones; improve a paused template in WhatsApp Manager before it is paused again (the third pause disables it).',
		});
	});
});
