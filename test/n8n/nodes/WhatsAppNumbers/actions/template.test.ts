/**
 * Version 2 of the node, as n8n runs it: Send Message picks a template (list / name / ID) and maps
 * its parameters by name in a resource mapper (values from each item resolved by n8n); every item is
 * checked against the template, read once for the run, before anything is sent. The Template
 * resource lists, gets, creates and deletes templates; the pickers are asked for as the editor does.
 */
import nock from 'nock';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WhatsAppNumbers } from '../../../../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { failureOf, listSearch, outputOf, recordRequests, resourceMapping, type ExecuteSetup } from '../../../support/engine';
import { byId, fromList, GRAPH, GRAPH_CREDENTIALS, PHONE_ID, WABA_ID } from '../../../support/fixtures';
import { byNameQuery, inState, ORDER_UPDATE, REMINDER_EN, REMINDER_ES, TEMPLATE_QUERY } from '../../../../shared/templates/fixtures';

const MESSAGES = `/v25.0/${PHONE_ID}/messages`;
const TEMPLATES = `/v25.0/${WABA_ID}/message_templates`;
const ORDER_UPDATE_ID = String(ORDER_UPDATE.id);
const credentials = { whatsAppNumbersApi: GRAPH_CREDENTIALS };

const accepted = (to: string, id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.slice(1) }], messages: [{ id }] });

const rows = [
	{ phone: '+1 631 555 0001', first_name: 'Ana', order_id: 'A-1' },
	{ phone: '+1 631 555 0002', first_name: 'Bo', order_id: 'A-2' },
	{ phone: '+1 631 555 0003', first_name: 'Cy', order_id: '' },
];
const items: INodeExecutionData[] = rows.map((row) => ({ json: row }));

/** A version 2 Send Message whose recipient and template values come from each item's columns. */
const sendTemplate = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendMessage',
	phoneNumberId: byId(PHONE_ID),
	to: '={{ $json.phone }}',
	messageType: 'template',
	templateId: fromList(ORDER_UPDATE_ID),
	templateValues: { mappingMode: 'defineBelow', value: { first_name: '={{ $json.first_name }}', order_id: '={{ $json.order_id }}' }, schema: [] },
	recipientIdentityKeyHash: '',
	options: {},
	...extra,
});

const namedBody = (to: string, firstName: string, orderId: string) => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to,
	type: 'template',
	template: {
		name: 'order_update',
		language: { code: 'en_US' },
		components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: firstName }, { type: 'text', parameter_name: 'order_id', text: orderId }] }],
	},
});

/** The node at version 2 (its default) unless said otherwise, the rows as input. */
const setup = (parameters: INodeParameters, extra: Partial<ExecuteSetup> = {}): ExecuteSetup => ({ node: 'whatsAppNumbers', typeVersion: 2, parameters, items, credentials, ...extra });
const run = async (parameters: INodeParameters, extra?: Partial<ExecuteSetup>) => await outputOf(setup(parameters, extra));

describe('Send Message (version 2): a template from the list, parameters mapped by name', () => {
	it('reads the template once for the run and sends each item with parameter_name; a wrong mapping fails on its item only, with nothing sent for it', async () => {
		const read = nock(GRAPH).get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).once().reply(200, ORDER_UPDATE);
		const sends = nock(GRAPH)
			.post(MESSAGES, namedBody('+16315550001', 'Ana', 'A-1'))
			.reply(200, accepted('+16315550001', 'wamid.A'))
			.post(MESSAGES, namedBody('+16315550002', 'Bo', 'A-2'))
			.reply(200, accepted('+16315550002', 'wamid.B'));
		const third = nock(GRAPH).post(MESSAGES, (body) => body.to === '+16315550003').reply(200, accepted('+16315550003', 'wamid.C'));

		const output = await run(sendTemplate(), { continueOnFail: true });

		expect(read.isDone() && sends.isDone()).toBe(true);
		expect(third.isDone()).toBe(false);
		expect(output.map((item) => [item.pairedItem, item.json.messageId ?? item.json.error])).toEqual([
			[{ item: 0 }, 'wamid.A'],
			[{ item: 1 }, 'wamid.B'],
			[{ item: 2 }, 'Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent. Map a value to order_id, e.g. from a column of your data.'],
		]);
		expect(output[2].json).toMatchObject({ errorCategory: 'invalid_input', field: 'Template Values', operation: 'sendMessage', retryAction: 'fix_and_retry' });
	});

	it('without continue-on-fail, sends nothing when one item does not fit the template, and names that item', async () => {
		nock(GRAPH).get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).reply(200, ORDER_UPDATE);
		const log = recordRequests(nock(GRAPH).post(MESSAGES).times(3).reply(200, accepted('+16315550001', 'wamid.X')));
		const error = await failureOf(setup(sendTemplate()));
		log.stop();
		// The template was read; no message was sent.
		expect([log.sent, log.unmatched]).toEqual([[], []]);
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent. Map a value to order_id, e.g. from a column of your data.',
			context: { itemIndex: 2 },
		});
	});

	it('maps the parameters from the input fields of the same name (automatic mapping)', async () => {
		nock(GRAPH).get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).reply(200, ORDER_UPDATE);
		const sends = nock(GRAPH).post(MESSAGES, namedBody('+16315550001', 'Ana', 'A-1')).reply(200, accepted('+16315550001', 'wamid.AUTO'));
		const schema = [
			{ id: 'first_name', displayName: 'Body {{first_name}}', required: true, defaultMatch: false, display: true },
			{ id: 'order_id', displayName: 'Body {{order_id}}', required: true, defaultMatch: false, display: true },
		];
		const output = await run(sendTemplate({ templateValues: { mappingMode: 'autoMapInputData', value: null, schema } }), { items: [items[0]] });
		expect(sends.isDone()).toBe(true);
		expect(output[0].json.messageId).toBe('wamid.AUTO');
	});

	it('by name, with the language beside it; a paused template is refused before sending', async () => {
		nock(GRAPH).get(TEMPLATES).query(byNameQuery('appointment_reminder')).reply(200, { data: [REMINDER_EN, inState(REMINDER_ES, 'PAUSED')] });
		const sends = nock(GRAPH)
			.post(MESSAGES, (body) => JSON.stringify(body.template) === JSON.stringify({ name: 'appointment_reminder', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Tuesday' }] }] }))
			.reply(200, accepted('+16315550001', 'wamid.NAME'));
		const byName = {
			templateId: { __rl: true, mode: 'name', value: 'appointment_reminder' },
			templateLanguage: '={{ $json.language }}',
			templateValues: { mappingMode: 'defineBelow', value: { body_1: 'Ana', body_2: 'Tuesday' }, schema: [] },
		};
		const output = await run(sendTemplate(byName), { items: [{ json: { ...rows[0], language: 'en_US' } }, { json: { ...rows[0], language: 'es' } }], continueOnFail: true });
		expect(sends.isDone()).toBe(true);
		expect(output[0].json.messageId).toBe('wamid.NAME');
		expect(output[1].json).toMatchObject({ errorCategory: 'template', retryAction: 'wait', error: expect.stringContaining('is paused because recipients rated it low quality') });
	});
});

describe('Send Message (version 1) is unchanged', () => {
	it('sends the positional parameters as given, without reading the template', async () => {
		const send = nock(GRAPH)
			.post(MESSAGES, (body) => JSON.stringify(body.template) === JSON.stringify({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] }))
			.reply(200, accepted('+16315550001', 'wamid.V1'));
		const v1 = { resource: 'message', operation: 'sendMessage', phoneNumberId: byId(PHONE_ID), to: '={{ $json.phone }}', messageType: 'template', templateName: 'order_update', templateLanguage: 'en_US', templateParameters: '={{ $json.first_name }}', templateHeaderType: 'none', recipientIdentityKeyHash: '', options: {} };
		const output = await run(v1, { typeVersion: 1, items: [items[0]] });
		expect(send.isDone()).toBe(true);
		expect(output[0].json.messageId).toBe('wamid.V1');
	});
});

describe('Send Many Messages (version 1) is unchanged', () => {
	it('sends template items as given, without reading the template; version 2 offers the check', async () => {
		const send = nock(GRAPH).post(MESSAGES, (body) => body.template?.name === 'order_update').reply(200, accepted('+16315550001', 'wamid.MANY'));
		const parameters = {
			resource: 'message',
			operation: 'sendMessages',
			messages: JSON.stringify([{ to: '+16315550001', messageType: 'template', templateName: 'order_update', templateLanguage: 'en_US', templateParameters: ['Ana'] }]),
			phoneNumberId: byId(PHONE_ID),
			options: {},
		};
		const output = await run(parameters, { typeVersion: 1, items: [{ json: {} }] });
		expect(send.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ total: 1, sent: 1 });
		const options = (version: number) =>
			(new WhatsAppNumbers().description.properties.find(
				(property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes('sendMessages') && property.displayOptions?.show?.['@version']?.includes(version),
			)?.options ?? []) as Array<{ name: string }>;
		expect(options(1).map((option) => option.name)).not.toContain('templateCheck');
		expect(options(2).map((option) => option.name)).toContain('templateCheck');
	});
});

describe('template pickers', () => {
	/** What the editor shows while a version 2 Send Message of a template is being set up. */
	const editing = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'message', operation: 'sendMessage', phoneNumberId: byId(PHONE_ID), messageType: 'template', ...extra });

	it('lists the approved templates, one entry per language, labelled name · language · category', async () => {
		nock(GRAPH)
			.get(TEMPLATES)
			.query({ fields: TEMPLATE_QUERY.fields, limit: '100', status: 'APPROVED', name: 'remind' })
			.reply(200, { data: [REMINDER_EN, { ...REMINDER_ES, status: 'APPROVED' }] });
		const result = await listSearch({ node: 'whatsAppNumbers', typeVersion: 2, method: 'searchApprovedTemplates', path: 'parameters.templateId', filter: 'Remind', parameters: editing(), credentials });
		expect(result).toEqual({
			results: [
				{ name: 'appointment_reminder · en_US · UTILITY', value: '700000000000003' },
				{ name: 'appointment_reminder · es · UTILITY', value: '700000000000004' },
			],
		});
	});

	it('offers one resource mapper field per placeholder of the chosen template, with its example', async () => {
		nock(GRAPH).get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).reply(200, ORDER_UPDATE);
		const mapping = async (parameters: INodeParameters) =>
			await resourceMapping({ node: 'whatsAppNumbers', typeVersion: 2, method: 'getTemplateParameters', path: 'parameters.templateValues', parameters: editing(parameters), credentials });
		expect(await mapping({ templateId: fromList(ORDER_UPDATE_ID) })).toEqual({
			fields: [
				{ id: 'first_name', displayName: 'Body {{first_name}} (e.g. Pablo)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
				{ id: 'order_id', displayName: 'Body {{order_id}} (e.g. 860198-230332)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
			],
			emptyFieldsNotice: 'This template takes no parameters: nothing to map.',
		});
		// By name, nothing is read until the language beside it is filled in.
		expect(await mapping({ templateId: { __rl: true, mode: 'name', value: 'order_update' } })).toEqual({ fields: [] });
	});
});

describe('Template resource', () => {
	it('List Templates outputs one item per template', async () => {
		nock(GRAPH).get(TEMPLATES).query({ fields: TEMPLATE_QUERY.fields, limit: '100' }).reply(200, { data: [ORDER_UPDATE, REMINDER_EN] });
		const output = await run({ resource: 'template', operation: 'listTemplates', status: 'any', category: 'any', templateLanguage: '', nameContains: '' }, { items: [{ json: {} }] });
		expect(output.map((item) => [item.json.name, item.json.category, item.json.qualityScore, item.json.placeholderKeys])).toEqual([
			['order_update', 'UTILITY', 'GREEN', 'first_name, order_id'],
			['appointment_reminder', 'UTILITY', null, 'body_1, body_2'],
		]);
	});

	it('Get Template reads the template picked from the list', async () => {
		nock(GRAPH).get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).reply(200, ORDER_UPDATE);
		const output = await run({ resource: 'template', operation: 'getTemplate', templateId: fromList(ORDER_UPDATE_ID), templateLanguage: '' }, { items: [{ json: {} }] });
		expect(output[0].json).toMatchObject({ found: true, name: 'order_update', status: 'APPROVED', category: 'UTILITY', sendable: true });
	});

	it('Delete Template says in the operation list that it is permanent', () => {
		const operation = new WhatsAppNumbers().description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('template'));
		const remove = (operation?.options as Array<{ value: string; description: string }>).find((option) => option.value === 'deleteTemplate');
		expect(remove?.description).toMatch(/^Permanently deletes a message template.*cannot be undone/);
	});
});
