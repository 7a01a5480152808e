/**
 * Templates in the Zapier app: the dropdown of approved templates, the inputs generated from the
 * chosen template's placeholders, a send with them, a mismatch refused before any request, and the
 * Find Template search and Create Template action.
 */
import nock from 'nock';

import { byNameQuery, LOGIN_CODE, ORDER_UPDATE, REMINDER_EN, TEMPLATE_QUERY } from '../shared/templates/fixtures';
import { App, appErrorBody, appTester, authData, failureOf, meta, perform, PHONE_NUMBER_ID, runCapturingLogs, WABA_ID } from './support';

type Entry = ((z: unknown, bundle: unknown) => unknown) | { key: string };

const ORDER_UPDATE_ID = String(ORDER_UPDATE.id);
const sendMessage = (App as unknown as { creates: Record<string, { operation: { inputFields: Entry[] } }> }).creates.send_message;

/** Every input field send_message shows for this input (its dynamic functions run through the app tester). */
async function fieldsShown(inputData: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
	const out: Array<Record<string, unknown>> = [];
	for (const entry of sendMessage.operation.inputFields) {
		if (typeof entry === 'function') out.push(...((await appTester(entry, { authData: authData(), inputData })) as Array<Record<string, unknown>>));
		else out.push(entry as Record<string, unknown>);
	}
	return out;
}

const chosen = { phone_number_id: PHONE_NUMBER_ID, to: '+1 631 555 0001', message_type: 'template', template_id: ORDER_UPDATE_ID };

describe('template_list (hidden trigger behind the template dropdowns)', () => {
	it('lists the approved templates, one per language, labelled name · language · category', async () => {
		const scope = meta()
			.get(`/v25.0/${WABA_ID}/message_templates`)
			.query({ fields: TEMPLATE_QUERY.fields, limit: '100', status: 'APPROVED' })
			.reply(200, { data: [ORDER_UPDATE, REMINDER_EN] });
		const entries = await appTester(perform('triggers', 'template_list'), { authData: authData(), inputData: {} });
		expect(entries).toEqual([
			{ id: '700000000000002', label: 'order_update · en_US · UTILITY', name: 'order_update', language: 'en_US', category: 'UTILITY', status: 'APPROVED' },
			{ id: '700000000000003', label: 'appointment_reminder · en_US · UTILITY', name: 'appointment_reminder', language: 'en_US', category: 'UTILITY', status: 'APPROVED' },
		]);
		scope.done();
	});

	it('powers the Template dropdown of send_message, which refreshes the fields when it changes', async () => {
		const template = (await fieldsShown({ message_type: 'template' })).find((field) => field.key === 'template_id');
		expect(template).toMatchObject({ label: 'Template', dynamic: 'template_list.id.label', search: 'find_template.id', altersDynamicFields: true, required: false });
	});
});

describe('send_message with a template chosen in the dropdown', () => {
	it('shows one required input per placeholder, with the template text and example in the help, and hides the positional fields', async () => {
		const scope = meta().get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).reply(200, ORDER_UPDATE);
		const fields = await fieldsShown(chosen);
		scope.done();
		const keys = fields.map((field) => `${String(field.key)}${field.required ? '*' : ''}`);
		expect(keys).toEqual(['phone_number_id*', 'to', 'recipient', 'message_type*', 'template_id', 'template_value_first_name*', 'template_value_order_id*', 'recipient_identity_key_hash', 'reply_to_message_id', 'biz_opaque_callback_data', 'template_components', 'template_check', 'marketing_messages']);
		expect(fields.find((field) => field.key === 'template_value_first_name')).toEqual({
			key: 'template_value_first_name',
			label: 'Body {{first_name}}',
			helpText: 'Body {{first_name}}. Example: Pablo. One line, no tabs. The template "order_update" (en_US, UTILITY) reads: Hi {{first_name}}, your order {{order_id}} is on its way.',
			required: true,
			type: 'string',
			placeholder: 'Pablo',
		});
	});

	it('shows no placeholder input while the template is mapped from an earlier step (nothing is read)', async () => {
		const keys = (await fieldsShown({ ...chosen, template_id: '{{123__template_id}}' })).map((field) => field.key);
		expect(keys.filter((key) => String(key).startsWith('template_value_'))).toEqual([]);
	});

	it('sends with the values of those inputs, named as Meta requires', async () => {
		const scope = meta()
			.get(`/v25.0/${ORDER_UPDATE_ID}`)
			.query(TEMPLATE_QUERY)
			.reply(200, ORDER_UPDATE)
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16315550001',
				type: 'template',
				template: {
					name: 'order_update',
					language: { code: 'en_US' },
					components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_id', text: 'A-1042' }] }],
				},
			})
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: '+16315550001', wa_id: '16315550001' }], messages: [{ id: 'wamid.Z1' }] });
		const output = await appTester(perform('creates', 'send_message'), {
			authData: authData(),
			inputData: { ...chosen, template_value_first_name: 'Ana', template_value_order_id: 'A-1042' },
		});
		scope.done();
		expect(output).toMatchObject({ message_id: 'wamid.Z1', to: '+16315550001' });
	});

	it('refuses a mismatch before any request to /messages, naming the missing parameter', async () => {
		meta().get(`/v25.0/${ORDER_UPDATE_ID}`).query(TEMPLATE_QUERY).reply(200, ORDER_UPDATE);
		const messages = meta().post(`/v25.0/${PHONE_NUMBER_ID}/messages`).reply(200, {});
		const error = await failureOf(perform('creates', 'send_message'), { authData: authData(), inputData: { ...chosen, template_value_first_name: 'Ana', template_value_coupon: 'X' } });
		expect(appErrorBody(error)).toEqual({
			message: 'Template Values: "coupon" is not a parameter of the template "order_update" (en_US) (it has first_name, order_id). Remove that value, or check that you picked the right template.',
			code: 'invalid_input',
		});
		expect(messages.isDone()).toBe(false);
		nock.cleanAll();
	});
});

describe('an authentication template\'s code is an OTP', () => {
	it('is a masked input, and stays out of Zapier\'s logs of the send', async () => {
		const CODE = '482913';
		const read = () => meta().get(`/v25.0/${String(LOGIN_CODE.id)}`).query(TEMPLATE_QUERY).reply(200, LOGIN_CODE);
		read();
		const fields = await fieldsShown({ ...chosen, template_id: String(LOGIN_CODE.id) });
		expect(fields.find((field) => field.key === 'template_value_code')).toMatchObject({ type: 'password', required: true });
		read();
		meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/messages`, (body) => body.template.components[0].parameters[0].text === CODE)
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: '+16315550001', wa_id: '16315550001' }], messages: [{ id: 'wamid.OTP' }] });
		const { result, logs } = await runCapturingLogs('creates.send_message.operation.perform', {
			authData: authData(),
			inputData: { ...chosen, template_id: String(LOGIN_CODE.id), template_value_code: CODE },
		});
		expect(result).toMatchObject({ message_id: 'wamid.OTP' });
		expect(logs.some((line) => line.includes('/messages'))).toBe(true);
		expect(logs.join('\n')).not.toContain(CODE);
	});
});

describe('find_template and create_template', () => {
	it('finds a template by name and language (empty list when there is none)', async () => {
		meta().get(`/v25.0/${WABA_ID}/message_templates`).query(byNameQuery('order_update')).twice().reply(200, { data: [ORDER_UPDATE] });
		const found = await appTester(perform('searches', 'find_template'), { authData: authData(), inputData: { template_name: 'order_update', template_language: 'en_US' } });
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ found: true, id: '700000000000002', category: 'UTILITY', quality_score: 'GREEN', placeholder_keys: 'first_name, order_id' });
		expect(await appTester(perform('searches', 'find_template'), { authData: authData(), inputData: { template_name: 'order_update', template_language: 'es' } })).toEqual([]);
	});

	it('creates a template and returns it as submitted, not just a success flag', async () => {
		const scope = meta()
			.post(`/v25.0/${WABA_ID}/message_templates`, {
				name: 'back_soon',
				language: 'en_US',
				category: 'MARKETING',
				parameter_format: 'POSITIONAL',
				components: [{ type: 'BODY', text: 'Hi {{1}}, we are back soon.', example: { body_text: [['Ana']] } }],
			})
			.reply(200, { id: '594425479261596', status: 'PENDING', category: 'MARKETING' });
		const output = await appTester(perform('creates', 'create_template'), {
			authData: authData(),
			inputData: { template_name: 'back_soon', category: 'MARKETING', template_language: 'en_US', body: 'Hi {{1}}, we are back soon.', body_examples: ['Ana'] },
		});
		scope.done();
		expect(output).toMatchObject({ id: '594425479261596', status: 'PENDING', sendable: false, category: 'MARKETING', placeholder_keys: 'body_1' });
	});
});
