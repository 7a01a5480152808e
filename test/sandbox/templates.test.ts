/**
 * Message templates management (docs/meta-templates.md §1, §2, §5): list with fields, filters and
 * cursor paging, read one, create (checked like Meta, starts PENDING), delete by name, by name + ID
 * and by IDs; the seeded set, save/load, and what the CLI prints about it.
 */
import { defaultSeed, startSandbox, Sandbox } from '../../sandbox';
import { worldSummary } from '../../sandbox/worldSummary';
import { expectMetaError, graphClient, rawRequest } from '../fixtures/sandbox/http';

const WABA = '100000000000001';
const PATH = `/v25.0/${WABA}/message_templates`;
const DAY = 24 * 60 * 60 * 1000;

let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
beforeEach(async () => {
	sb = await startSandbox({ port: 0 });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

const names = (answer: { body: { data: Array<{ name: string; language?: string }> } }) => answer.body.data.map((t) => (t.language ? `${t.name}/${t.language}` : t.name));

const positional = (name: string, extra: Record<string, unknown> = {}) => ({
	name,
	language: 'en_US',
	category: 'UTILITY',
	components: [{ type: 'BODY', text: 'Hello {{1}}, your table for {{2}} is ready.', example: { body_text: [['Ana', 'four']] } }],
	...extra,
});

describe('the seeded templates', () => {
	it('lists them in creation order with the default fields (name, parameter_format, components, language, status, category, id)', async () => {
		const answer = await graph('GET', PATH);
		expect(answer.status).toBe(200);
		expect(names(answer)).toEqual([
			'hello_world/en_US', 'order_update/en_US', 'appointment_reminder/en_US', 'appointment_reminder/es', 'appointment_reminder/pt_BR',
			'invoice_ready/en_US', 'summer_sale/en_US', 'winter_promo/en_US', 'spring_newsletter/en_US', 'back_in_stock/en_US', 'flash_deal/en_US', 'login_code/en_US',
		]);
		for (const template of answer.body.data) expect(Object.keys(template).sort()).toEqual(['category', 'components', 'id', 'language', 'name', 'parameter_format', 'status']);
		expect(answer.body.data[1]).toEqual({
			name: 'order_update',
			parameter_format: 'NAMED',
			components: [
				{
					type: 'BODY',
					text: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
					example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '860198-230332' }] },
				},
				{ type: 'FOOTER', text: 'Thank you for shopping with us' },
			],
			language: 'en_US',
			status: 'APPROVED',
			category: 'UTILITY',
			id: '700000000000002',
		});
		expect(answer.body.paging).toEqual({ cursors: { before: expect.any(String), after: expect.any(String) } });
	});

	it('are a positional, a named, a media header, URL + COPY_CODE buttons, three languages, PAUSED, DISABLED, PENDING, REJECTED and an AUTHENTICATION one', async () => {
		const answer = await graph('GET', PATH, { query: { fields: 'name,status,parameter_format,category,quality_score', limit: '100' } });
		const byName = (name: string) => answer.body.data.filter((t: { name: string }) => t.name === name);
		expect(byName('appointment_reminder')).toHaveLength(3);
		expect(byName('winter_promo')[0]).toMatchObject({ status: 'PAUSED', quality_score: { score: 'RED', date: 1_767_225_600 } });
		expect(byName('spring_newsletter')[0]).toMatchObject({ status: 'DISABLED' });
		expect(byName('back_in_stock')[0]).toMatchObject({ status: 'PENDING', quality_score: { score: 'UNKNOWN' } });
		expect(byName('flash_deal')[0]).toMatchObject({ status: 'REJECTED' });
		expect(byName('login_code')[0]).toMatchObject({ category: 'AUTHENTICATION', status: 'APPROVED' });
		expect(byName('order_update')[0].parameter_format).toBe('NAMED');
		const sale = (await graph('GET', '/v25.0/700000000000007', { query: { fields: 'components' } })).body.components;
		expect(sale[2].buttons.map((b: { type: string }) => b.type)).toEqual(['URL', 'COPY_CODE']);
		expect((await graph('GET', '/v25.0/700000000000006', { query: { fields: 'components' } })).body.components[0]).toMatchObject({ type: 'HEADER', format: 'DOCUMENT' });
	});

	it('are printed at startup with what a send must supply (from the live state, as the CLI does, or a seed)', () => {
		expect(worldSummary(defaultSeed())).toEqual(worldSummary(sb.control.snapshot()));
		const lines = worldSummary(sb.control.snapshot());
		expect(lines).toContain('  700000000000002  order_update          en_US  APPROVED  UTILITY        body {{first_name}} {{order_id}}');
		expect(lines).toContain('  700000000000006  invoice_ready         en_US  APPROVED  UTILITY        header DOCUMENT, body {{1}} {{2}}');
		expect(lines).toContain('  700000000000007  summer_sale           en_US  APPROVED  MARKETING      body {{1}}, button 0 url {{1}}, button 1 copy_code');
		expect(lines).toContain('  700000000000008  winter_promo          en_US  PAUSED    MARKETING      body {{1}}');
		expect(lines).toContain('  700000000000012  login_code            en_US  APPROVED  AUTHENTICATION body {{1}}, button 0 url (the code)');
		expect(lines).toContain('  190000000000001  +1 555-010-0099  WABA 100000000000002');
	});
});

describe('GET /<WABA_ID>/message_templates: fields, filters, paging', () => {
	it.each([
		[{ status: 'approved' }, ['hello_world', 'order_update', 'appointment_reminder', 'appointment_reminder', 'appointment_reminder', 'invoice_ready', 'summer_sale', 'login_code']],
		[{ status: 'PAUSED,DISABLED' }, ['winter_promo', 'spring_newsletter']],
		[{ category: 'marketing', status: 'APPROVED' }, ['summer_sale']],
		[{ language: 'es' }, ['appointment_reminder']],
		[{ name: 'appointment' }, ['appointment_reminder', 'appointment_reminder', 'appointment_reminder']],
		[{ content: 'invoice' }, ['invoice_ready']],
		[{ name_or_content: 'boots' }, ['winter_promo']],
		[{ quality_score: 'RED' }, ['winter_promo', 'spring_newsletter']],
	])('filters with %j', async (filter, expected) => {
		const answer = await graph('GET', PATH, { query: { fields: 'name', ...filter } });
		expect(names(answer)).toEqual(expected);
	});

	it('answers exactly the requested fields', async () => {
		const answer = await graph('GET', PATH, { query: { fields: 'name,category,status', limit: '2' } });
		expect(answer.body.data).toEqual([
			{ name: 'hello_world', category: 'UTILITY', status: 'APPROVED', id: '700000000000001' },
			{ name: 'order_update', category: 'UTILITY', status: 'APPROVED', id: '700000000000002' },
		]);
	});

	it('pages with limit and cursors; next and previous links carry the token, fields and filters', async () => {
		const first = await graph('GET', PATH, { query: { fields: 'name', status: 'APPROVED', limit: '3' } });
		expect(names(first)).toEqual(['hello_world', 'order_update', 'appointment_reminder']);
		const next = new URL(first.body.paging.next);
		expect(`${next.origin}${next.pathname}`).toBe(`${sb.baseUrl}${PATH}`);
		expect(Object.fromEntries(next.searchParams)).toEqual({ access_token: sb.accessToken, fields: 'name', status: 'APPROVED', limit: '3', after: first.body.paging.cursors.after });
		expect(first.body.paging).not.toHaveProperty('previous');
		const second = await graph('GET', next.pathname + next.search, { token: null });
		expect(second.body.data.map((t: { id: string }) => t.id)).toEqual(['700000000000004', '700000000000005', '700000000000006']);
		const third = await graph('GET', PATH, { query: { fields: 'name', status: 'APPROVED', limit: '3', after: second.body.paging.cursors.after } });
		expect(names(third)).toEqual(['summer_sale', 'login_code']);
		expect(third.body.paging).not.toHaveProperty('next');
		const back = new URL(third.body.paging.previous);
		expect((await graph('GET', back.pathname + back.search, { token: null })).body.data).toEqual(second.body.data);
	});

	it('answers an empty list without paging, and Graph errors for an unknown field, a bad limit or a foreign cursor', async () => {
		expect((await graph('GET', PATH, { query: { name: 'nothing_like_this' } })).body).toEqual({ data: [] });
		expect(expectMetaError(await graph('GET', PATH, { query: { fields: 'name,body' } }), 400, 100).message).toBe('(#100) Tried accessing nonexisting field (body) on node type (WhatsAppMessageTemplate)');
		expectMetaError(await graph('GET', PATH, { query: { limit: '0' } }), 400, 100);
		expectMetaError(await graph('GET', PATH, { query: { after: 'bm9wZQ' } }), 400, 100);
	});

	it('lists only the WABA\'s own templates', async () => {
		expect((await graph('GET', '/v25.0/100000000000002/message_templates')).body).toEqual({ data: [] });
	});
});

describe('GET /<TEMPLATE_ID>', () => {
	it('answers the defaults, or the requested fields (quality_score, rejected_reason)', async () => {
		const answer = await graph('GET', '/v25.0/700000000000003');
		expect(answer.body).toEqual({
			name: 'appointment_reminder',
			parameter_format: 'POSITIONAL',
			components: [{ type: 'BODY', text: 'Hello {{1}}, this is a reminder of your appointment on {{2}}. Reply to change it.', example: { body_text: [['Ana', '12 May, 10:00']] } }],
			language: 'en_US',
			status: 'APPROVED',
			category: 'UTILITY',
			id: '700000000000003',
		});
		expect((await graph('GET', '/v25.0/700000000000011', { query: { fields: 'status,rejected_reason,quality_score' } })).body).toEqual({
			status: 'REJECTED',
			rejected_reason: 'PROMOTIONAL',
			quality_score: { score: 'UNKNOWN', date: 1_767_225_600 },
			id: '700000000000011',
		});
	});

	it('answers an unknown template ID like any unknown object, and a method the node does not have', async () => {
		expect(expectMetaError(await graph('GET', '/v25.0/799999999999999'), 400, 100).error_subcode).toBe(33);
		expect(expectMetaError(await graph('DELETE', '/v25.0/700000000000001'), 400, 100).message).toContain('Unsupported delete request');
	});
});

describe('POST /<WABA_ID>/message_templates', () => {
	it('creates a positional template: {id, status: PENDING, category}, then it is listed PENDING with quality UNKNOWN', async () => {
		const answer = await graph('POST', PATH, { json: positional('table_ready') });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ id: '700000000000013', status: 'PENDING', category: 'UTILITY' });
		const read = await graph('GET', `/v25.0/${answer.body.id}`, { query: { fields: 'name,status,parameter_format,quality_score,components' } });
		expect(read.body).toEqual({
			name: 'table_ready',
			status: 'PENDING',
			parameter_format: 'POSITIONAL',
			quality_score: { score: 'UNKNOWN', date: expect.any(Number) },
			components: positional('table_ready').components,
			id: '700000000000013',
		});
		expect(names(await graph('GET', PATH, { query: { fields: 'name', status: 'PENDING' } }))).toEqual(['back_in_stock', 'table_ready']);
	});

	it('creates a named template with a media header, a footer and every simulated button type, in lowercase, from a form body', async () => {
		const components = [
			{ type: 'header', format: 'image', example: { header_handle: ['4::aW1hZ2U='] } },
			{ type: 'body', text: 'Thanks {{first_name}}! Your code {{code}} is inside.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }, { param_name: 'code', example: 'X1' }] } },
			{ type: 'footer', text: 'Lucky Shrub' },
			{
				type: 'buttons',
				buttons: [
					{ type: 'quick_reply', text: 'Stop promotions' },
					{ type: 'quick_reply', text: 'Talk to us' },
					{ type: 'url', text: 'Open', url: 'https://example.com/o/{{order}}', example: ['https://example.com/o/42'] },
					{ type: 'phone_number', text: 'Call', phone_number: '+15550051310' },
					{ type: 'copy_code', example: 'SAVE10' },
				],
			},
		];
		const answer = await graph('POST', PATH, { form: { name: 'thanks_code', language: 'es', category: 'marketing', parameter_format: 'named', components: JSON.stringify(components) } });
		expect(answer.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'MARKETING' });
		const stored = (await graph('GET', `/v25.0/${answer.body.id}`, { query: { fields: 'components,parameter_format' } })).body;
		expect(stored.parameter_format).toBe('NAMED');
		expect(stored.components.map((c: { type: string; format?: string }) => c.format ?? c.type)).toEqual(['IMAGE', 'BODY', 'FOOTER', 'BUTTONS']);
		expect(stored.components[3].buttons.map((b: { type: string }) => b.type)).toEqual(['QUICK_REPLY', 'QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE']);
	});

	it('allows the same name in another language, and refuses the same name and language with 100 / 2388024', async () => {
		expect((await graph('POST', PATH, { json: positional('hello_world', { language: 'fr' }) })).body.status).toBe('PENDING');
		const answer = await graph('POST', PATH, { json: positional('appointment_reminder') });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			error: {
				message: 'Invalid parameter',
				type: 'OAuthException',
				code: 100,
				error_subcode: 2388024,
				is_transient: false,
				error_user_title: 'Content in This Language Already Exists',
				error_user_msg: 'There is already English (US) content for this template. You can create a new template and try again.',
				fbtrace_id: expect.any(String),
			},
		});
	});

	const body = (text: string, example?: unknown) => ({ type: 'BODY', text, ...(example ? { example } : {}) });
	const withComponents = (components: unknown[], extra: Record<string, unknown> = {}) => ({ ...positional('checked'), components, ...extra });
	const buttons = (list: unknown[]) => withComponents([body('Hello there, welcome.'), { type: 'BUTTONS', buttons: list }]);
	const quick = (text: string) => ({ type: 'QUICK_REPLY', text });

	it.each([
		['no name', { ...positional('x'), name: undefined }, 'The parameter name is required.'],
		['no components', { ...positional('x'), components: undefined }, 'The parameter components is required.'],
		['an upper-case name', positional('Order_Update'), 'lowercase letters, numbers and underscores'],
		['a name with a space', positional('order update'), 'lowercase letters, numbers and underscores'],
		['an unsupported language', positional('x', { language: 'xx_XX' }), 'Language xx_XX is not supported'],
		['an unknown category', positional('x', { category: 'PROMOTION' }), 'category must be one of MARKETING, UTILITY, AUTHENTICATION'],
		['an unknown parameter_format', positional('x', { parameter_format: 'LOOSE' }), 'parameter_format must be one of POSITIONAL, NAMED'],
		['an empty component list', withComponents([]), 'at least a BODY'],
		['no BODY', withComponents([{ type: 'FOOTER', text: 'Footer' }]), 'Every template needs a BODY'],
		['two BODY components', withComponents([body('One'), body('Two')]), 'at most one BODY'],
		['an unknown component type', withComponents([body('One'), { type: 'CAROUSEL' }]), 'A component type must be one of HEADER, BODY, FOOTER, BUTTONS'],
		['a named placeholder in a positional template', withComponents([body('Hi {{name}}, welcome.', { body_text: [['Ana']] })]), '{{name}} is not a positional parameter'],
		['a gap in positional placeholders', withComponents([body('Hi {{1}} and {{3}}, welcome.', { body_text: [['a', 'b']] })]), 'without gaps'],
		['a named placeholder that is not lowercase', withComponents([body('Hi {{First}}, welcome.', { body_text_named_params: [{ param_name: 'First', example: 'A' }] })], { parameter_format: 'NAMED' }), '{{First}} is not a named parameter'],
		['placeholders without examples', withComponents([body('Hi {{1}}, welcome.')]), 'needs example values'],
		['a flat body_text example', withComponents([body('Hi {{1}}, welcome.', { body_text: ['Ana'] })]), 'example.body_text must be [["value 1", "value 2", …]] with 1 value(s)'],
		['too few positional examples', withComponents([body('Hi {{1}} {{2}}, welcome.', { body_text: [['Ana']] })]), 'with 2 value(s)'],
		['a named example missing', withComponents([body('Hi {{a}} {{b}}, welcome.', { body_text_named_params: [{ param_name: 'a', example: 'x' }] })], { parameter_format: 'NAMED' }), 'one {param_name, example} for each of a, b'],
		['a header with two parameters', withComponents([{ type: 'HEADER', format: 'TEXT', text: '{{1}} and {{2}} here', example: { header_text: ['a', 'b'] } }, body('Hello')]), 'supports 1 parameter'],
		['a media header without a handle', withComponents([{ type: 'HEADER', format: 'VIDEO' }, body('Hello')]), 'needs example.header_handle'],
		['a GIF header', withComponents([{ type: 'HEADER', format: 'GIF', example: { header_handle: ['h'] } }, body('Hello')]), 'HEADER format must be one of TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION'],
		['a footer with a parameter', withComponents([body('Hello'), { type: 'FOOTER', text: 'Bye {{1}}' }]), 'FOOTER text cannot have parameters'],
		['three URL buttons', buttons([1, 2, 3].map((i) => ({ type: 'URL', text: `Site ${i}`, url: `https://e.com/${i}` }))), 'at most 2 URL button(s)'],
		['two phone buttons', buttons([{ type: 'PHONE_NUMBER', text: 'A', phone_number: '15550001' }, { type: 'PHONE_NUMBER', text: 'B', phone_number: '15550002' }]), 'at most 1 PHONE_NUMBER button(s)'],
		['eleven buttons', buttons(Array.from({ length: 11 }, (_, i) => quick(`Q${i}`))), 'a list of 1 to 10'],
		['a URL variable that is not at the end', buttons([{ type: 'URL', text: 'Open', url: 'https://e.com/{{1}}/x', example: ['https://e.com/1/x'] }]), 'one variable, at the very end'],
		['a URL variable without example', buttons([{ type: 'URL', text: 'Open', url: 'https://e.com/{{1}}' }]), 'needs example'],
		['a URL that is not http(s)', buttons([{ type: 'URL', text: 'Open', url: 'ftp://e.com' }]), 'an http(s) address'],
		['interleaved quick replies', buttons([quick('A'), { type: 'URL', text: 'Open', url: 'https://e.com' }, quick('B')]), 'grouped together'],
		['an OTP button in a MARKETING template', buttons([{ type: 'OTP', otp_type: 'COPY_CODE' }]), 'OTP buttons belong to AUTHENTICATION templates only'],
		['a flow button (not simulated)', buttons([{ type: 'FLOW', text: 'Go' }]), 'not FLOW'],
		['a phone number that is not digits', buttons([{ type: 'PHONE_NUMBER', text: 'Call', phone_number: 'call us' }]), 'digits with the country code'],
	])('refuses %s with 100 and what to fix', async (_name, request, detail) => {
		const answer = await graph('POST', PATH, { json: request });
		const error = expectMetaError(answer, 400, 100);
		expect(`${error.message} ${error.error_data?.details ?? ''}`).toContain(detail);
		expect(error).not.toHaveProperty('error_subcode');
	});

	it.each([
		['a 513-character name', positional('a'.repeat(513)), 'template name is longer than 512'],
		['a body over 1024 characters', withComponents([body(`Hello ${'x'.repeat(1020)}`)]), 'body text is longer than 1024'],
		['a header over 60 characters', withComponents([{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, body('Hello')]), 'header text is longer than 60'],
		['a footer over 60 characters', withComponents([body('Hello'), { type: 'FOOTER', text: 'f'.repeat(61) }]), 'footer text is longer than 60'],
		['a button text over 25 characters', buttons([quick('q'.repeat(26))]), 'button text is longer than 25'],
		['a copy code example over 20 characters', buttons([{ type: 'COPY_CODE', example: 'C'.repeat(21) }]), 'copy code example is longer than 20'],
	])('refuses %s with 100 / 2388040', async (_name, request, message) => {
		const error = expectMetaError(await graph('POST', PATH, { json: request }), 400, 100);
		expect(error).toMatchObject({ message: 'Invalid parameter', error_subcode: 2388040, error_user_title: 'Character Limit Exceeded' });
		expect(error.error_user_msg).toContain(message);
	});

	it('refuses a body that starts or ends with a variable with 100 / 2388299', async () => {
		for (const text of ['{{1}} is your table.', 'Your table is {{1}}']) {
			const error = expectMetaError(await graph('POST', PATH, { json: withComponents([body(text, { body_text: [['x']] })]) }), 400, 100);
			expect(error).toMatchObject({ error_subcode: 2388299, error_user_msg: expect.stringContaining('start or end') });
		}
	});

	it('creates an AUTHENTICATION template only with an OTP button', async () => {
		const auth = (buttonsList: unknown[]) => ({ name: 'verify_login', language: 'en_US', category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'BUTTONS', buttons: buttonsList }] });
		expect(expectMetaError(await graph('POST', PATH, { json: auth([quick('No')]) }), 400, 100).error_data.details).toContain('AUTHENTICATION templates have one OTP button');
		expect(expectMetaError(await graph('POST', PATH, { json: auth([{ type: 'OTP', otp_type: 'MAGIC' }]) }), 400, 100).error_data.details).toContain('otp_type');
		expect((await graph('POST', PATH, { json: auth([{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy' }]) })).body).toEqual({ id: expect.any(String), status: 'PENDING', category: 'AUTHENTICATION' });
	});

	it('creates nothing when it refuses', async () => {
		const before = (await graph('GET', PATH, { query: { fields: 'id', limit: '100' } })).body.data.length;
		await graph('POST', PATH, { json: positional('Bad Name') });
		expect((await graph('GET', PATH, { query: { fields: 'id', limit: '100' } })).body.data).toHaveLength(before);
	});
});

describe('DELETE /<WABA_ID>/message_templates', () => {
	it('deletes every language of a name', async () => {
		expect((await graph('DELETE', PATH, { query: { name: 'appointment_reminder' } })).body).toEqual({ success: true });
		expect((await graph('GET', PATH, { query: { name: 'appointment' } })).body).toEqual({ data: [] });
		expect(expectMetaError(await graph('GET', '/v25.0/700000000000004'), 400, 100).error_subcode).toBe(33);
	});

	it('deletes one language with name + hsm_id', async () => {
		expect((await graph('DELETE', PATH, { query: { name: 'appointment_reminder', hsm_id: '700000000000004' } })).body).toEqual({ success: true });
		expect(names(await graph('GET', PATH, { query: { name: 'appointment', fields: 'name,language' } }))).toEqual(['appointment_reminder/en_US', 'appointment_reminder/pt_BR']);
	});

	it('answers an unknown name (or an hsm_id of another name) with 100 / 2593002 "Message template not found"', async () => {
		const expected = {
			error: {
				message: 'Invalid parameter',
				type: 'OAuthException',
				code: 100,
				error_subcode: 2593002,
				is_transient: false,
				error_user_title: 'Message template not found',
				error_user_msg: "The message template no_such_template wasn't found for this account.",
				fbtrace_id: expect.any(String),
			},
		};
		expect((await graph('DELETE', PATH, { query: { name: 'no_such_template' } })).body).toEqual(expected);
		expect((await graph('DELETE', PATH, { query: { name: 'hello_world', hsm_id: '700000000000002' } })).body.error.error_subcode).toBe(2593002);
		expect(expectMetaError(await graph('DELETE', PATH), 400, 100).message).toBe('(#100) The parameter name is required.');
	});

	it('refuses to delete a DISABLED template', async () => {
		expect(expectMetaError(await graph('DELETE', PATH, { query: { name: 'spring_newsletter' } }), 400, 100).error_data.details).toContain('disabled templates cannot be deleted');
		expect((await graph('GET', '/v25.0/700000000000009', { query: { fields: 'status' } })).body.status).toBe('DISABLED');
	});

	it('deletes by hsm_ids all or nothing, and never with name', async () => {
		expectMetaError(await graph('DELETE', PATH, { query: { hsm_ids: '["700000000000001","799999999999999"]' } }), 400, 100);
		expect((await graph('GET', '/v25.0/700000000000001')).status).toBe(200);
		expectMetaError(await graph('DELETE', PATH, { query: { hsm_ids: '["700000000000001"]', name: 'hello_world' } }), 400, 100);
		expect((await graph('DELETE', PATH, { query: { hsm_ids: '["700000000000001","700000000000002"]' } })).body).toEqual({ success: true });
		expect(names(await graph('GET', PATH, { query: { fields: 'name', limit: '2' } }))).toEqual(['appointment_reminder', 'appointment_reminder']);
	});

	it('blocks the name of a deleted APPROVED template for 30 days', async () => {
		await graph('DELETE', PATH, { query: { name: 'invoice_ready' } });
		expect(expectMetaError(await graph('POST', PATH, { json: positional('invoice_ready') }), 400, 100).error_data.details).toContain('cannot be used again');
		sb.control.advanceClock(30 * DAY);
		expect((await graph('POST', PATH, { json: positional('invoice_ready') })).body.status).toBe('PENDING');
		// A PENDING (never approved) template's name is free at once.
		await graph('DELETE', PATH, { query: { name: 'back_in_stock' } });
		expect((await graph('POST', PATH, { json: positional('back_in_stock') })).body.status).toBe('PENDING');
	});
});

describe('state', () => {
	it('saves templates and the next template ID, and loads them into another sandbox', async () => {
		const created = (await graph('POST', PATH, { json: positional('saved_one') })).body.id;
		const saved = await rawRequest(sb.baseUrl, 'GET', '/_sandbox/state');
		expect(saved.body.nextTemplateId).toBe('700000000000014');
		const other = await startSandbox({ port: 0, seed: saved.body });
		try {
			expect((await graphClient(other)('GET', `/v25.0/${created}`, { query: { fields: 'name,status' } })).body).toEqual({ name: 'saved_one', status: 'PENDING', id: created });
			expect((await graphClient(other)('POST', PATH, { json: positional('saved_two') })).body.id).toBe('700000000000014');
		} finally {
			await other.stop();
		}
	});

	it('refuses a seed template Meta would refuse, saying which and why', async () => {
		await expect(startSandbox({ port: 0, seed: { wabas: [{ id: WABA, templates: [{ name: 'Bad Name', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi' }] }] }] } })).rejects.toThrow(
			'Seed: template Bad Name (en_US) is not valid: Template names may only contain lowercase letters',
		);
	});
});
