/**
 * Sending `type: template` (docs/meta-templates.md §4): the template must exist in that language and
 * be APPROVED (132001, 132015, 132016); each component's parameters are counted (132000), typed
 * (132012) and checked (132018); named templates need `parameter_name` (100). Refused sends send no
 * webhook; accepted ones are ordinary messages.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectMetaError, expectWhatsAppError, graphClient } from '../fixtures/sandbox/http';
import { hasStatus, Receiver, startReceiver } from '../fixtures/sandbox/receiver';

const PN = '200000000000001';
const TO = '+16505551234';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;

beforeAll(async () => {
	receiver = await startReceiver('tpl-token');
	sb = await startSandbox({ port: 0, pairRate: null, statusTiming: { sentMs: 0, stepMs: 5 } });
	sb.control.setApp({ callbackUrl: receiver.url, verifyToken: 'tpl-token' });
	graph = graphClient(sb);
});
afterAll(async () => {
	await sb.stop();
	await receiver.stop();
});

type Component = Record<string, unknown>;
const sendTemplate = (name: string, language: string, components?: Component[]) =>
	graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', to: TO, type: 'template', template: { name, language: { code: language }, ...(components ? { components } : {}) } } });
const text = (value: string, name?: string) => ({ type: 'text', text: value, ...(name ? { parameter_name: name } : {}) });
const body = (...parameters: Component[]): Component => ({ type: 'body', parameters });
const reminder = (...parameters: Component[]) => sendTemplate('appointment_reminder', 'en_US', [body(...parameters)]);
const saleButtons = (url: Component[] = [text('summer')], code: Component[] = [{ type: 'coupon_code', coupon_code: 'SUMMER25' }]): Component[] => [
	{ type: 'button', sub_type: 'url', index: '0', parameters: url },
	{ type: 'button', sub_type: 'copy_code', index: 1, parameters: code },
];
const sale = (components: Component[]) => sendTemplate('summer_sale', 'en_US', components);

describe('accepted sends', () => {
	it.each([
		['positional, en_US', () => reminder(text('Ana'), text('12 May'))],
		['positional, es', () => sendTemplate('appointment_reminder', 'es', [body(text('Ana'), text('12 de mayo'))])],
		['positional, pt_BR', () => sendTemplate('appointment_reminder', 'pt_BR', [body(text('Ana'), text('12 de maio'))])],
		['named, names in any order', () => sendTemplate('order_update', 'en_US', [body(text('A-1', 'order_id'), text('Ana', 'first_name'))])],
		['no parameters, no components', () => sendTemplate('hello_world', 'en_US')],
		['a document header by link', () => sendTemplate('invoice_ready', 'en_US', [{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/inv.pdf', filename: 'inv.pdf' } }] }, body(text('Ana'), text('INV-1'))])],
		['URL and copy-code buttons', () => sale([body(text('25%')), ...saleButtons()])],
		['currency and date_time body parameters', () => reminder({ type: 'currency', currency: { fallback_value: '$10', code: 'USD', amount_1000: 10000 } }, { type: 'date_time', date_time: { fallback_value: 'May 12' } })],
		['an authentication code', () => sendTemplate('login_code', 'en_US', [body(text('482913')), { type: 'button', sub_type: 'url', index: '0', parameters: [text('482913')] }])],
	])('accepts %s', async (_name, send) => {
		const answer = await send();
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: '16505551234' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
	});

	it('accepts the template JSON-encoded in a form body, and the send gets its status webhooks', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/messages`, {
			form: { messaging_product: 'whatsapp', to: TO, type: 'template', template: JSON.stringify({ name: 'hello_world', language: { code: 'en_US' } }) },
		});
		expect(answer.status).toBe(200);
		const id = answer.body.messages[0].id;
		await receiver.waitForPost((p) => hasStatus(p, (s) => s.id === id && s.status === 'delivered'));
	});
});

describe('template and status (132001, 132015, 132016)', () => {
	it('answers a template that does not exist with HTTP 404 and Meta\'s 132001 envelope', async () => {
		const answer = await sendTemplate('order_confirmation', 'en_US');
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({
			error: {
				message: '(#132001) Template name does not exist in the translation',
				type: 'OAuthException',
				code: 132001,
				error_data: { messaging_product: 'whatsapp', details: 'template name (order_confirmation) does not exist in en_US' },
				fbtrace_id: expect.any(String),
			},
		});
	});

	it.each([
		['a language it does not have', 'appointment_reminder', 'fr', 'template name (appointment_reminder) does not exist in fr'],
		['a language code of another locale', 'hello_world', 'en', 'template name (hello_world) does not exist in en'],
		['a PENDING template', 'back_in_stock', 'en_US', 'is PENDING, not APPROVED'],
		['a REJECTED template', 'flash_deal', 'en_US', 'is REJECTED, not APPROVED'],
	])('answers 132001 for %s', async (_name, name, language, details) => {
		const error = expectWhatsAppError(await sendTemplate(name, language, [body(text('10%'))]), 404, 132001);
		expect(error.error_data.details).toContain(details);
	});

	it('answers a PAUSED template with 132015 and a DISABLED one with 132016', async () => {
		const paused = expectWhatsAppError(await sendTemplate('winter_promo', 'en_US', [body(text('10%'))]), 400, 132015);
		expect(paused).toMatchObject({ message: '(#132015) Template is Paused', error_data: { details: 'Template is paused due to low quality so it cannot be sent in a template message.' } });
		const disabled = expectWhatsAppError(await sendTemplate('spring_newsletter', 'en_US', [body(text('10%'))]), 400, 132016);
		expect(disabled).toMatchObject({ message: '(#132016) Template is Disabled', error_data: { details: 'Template has been paused too many times due to low quality and is now permanently disabled.' } });
	});

	it('only knows the templates of the number\'s own WABA', async () => {
		const other = await graphClient(sb)('POST', '/v25.0/190000000000001/messages', {
			json: { messaging_product: 'whatsapp', to: TO, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
		});
		expectWhatsAppError(other, 404, 132001);
	});
});

describe('parameters (132000, 132012, 132018, 100)', () => {
	it.each([
		['too few body parameters', () => reminder(text('Ana')), 132000, 'body: number of localizable_params (1) does not match the expected number of params (2)'],
		['no components for a template with parameters', () => sendTemplate('appointment_reminder', 'en_US'), 132000, 'body: number of localizable_params (0) does not match the expected number of params (2)'],
		['too many body parameters', () => reminder(text('a'), text('b'), text('c')), 132000, 'body: number of localizable_params (3) does not match the expected number of params (2)'],
		['a parameter for a text header without one', () => sale([{ type: 'header', parameters: [text('x')] }, body(text('25%')), ...saleButtons()]), 132000, 'header: number of localizable_params (1) does not match the expected number of params (0)'],
		['a document header left out', () => sendTemplate('invoice_ready', 'en_US', [body(text('Ana'), text('INV-1'))]), 132012, 'header: Format mismatch, expected DOCUMENT, received UNKNOWN'],
		['a document header given as text', () => sendTemplate('invoice_ready', 'en_US', [{ type: 'header', parameters: [text('inv.pdf')] }, body(text('Ana'), text('INV-1'))]), 132012, 'header: Format mismatch, expected DOCUMENT, received TEXT'],
		['an image where the header is a document', () => sendTemplate('invoice_ready', 'en_US', [{ type: 'header', parameters: [{ type: 'image', image: { id: '123' } }] }, body(text('Ana'), text('INV-1'))]), 132012, 'expected DOCUMENT, received IMAGE'],
		['an image as a body parameter', () => reminder({ type: 'image', image: { id: '1' } }, text('b')), 132012, 'body: Format mismatch, expected TEXT, received IMAGE'],
		['a header for a template without one', () => sendTemplate('appointment_reminder', 'en_US', [{ type: 'header', parameters: [{ type: 'document', document: { id: '9' } }] }, body(text('a'), text('b'))]), 132018, 'header: the template has no header'],
		['a new line in a parameter', () => reminder(text('Ana\nMaria'), text('b')), 132018, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces'],
		['a tab in a parameter', () => reminder(text('Ana\tMaria'), text('b')), 132018, 'new-line/tab'],
		['five spaces in a row', () => reminder(text('Ana     Maria'), text('b')), 132018, 'more than 4 consecutive spaces'],
		['a URL button left out', () => sale([body(text('25%')), saleButtons()[1]]), 132018, 'button: the URL button at index 0 needs a parameter'],
		['a copy-code button left out', () => sale([body(text('25%')), saleButtons()[0]]), 132018, 'button: the COPY_CODE button at index 1 needs a parameter'],
		['the wrong sub_type at an index', () => sale([body(text('25%')), { ...saleButtons()[0], sub_type: 'copy_code' }, saleButtons()[1]]), 132018, 'Button at index 0 must be of type Url'],
		['a button index the template does not have', () => sale([body(text('25%')), ...saleButtons(), { type: 'button', sub_type: 'quick_reply', index: 5, parameters: [{ type: 'payload', payload: 'x' }] }]), 132018, 'no button at index 5'],
		['a coupon code given as text', () => sale([body(text('25%')), ...saleButtons(undefined, [text('SUMMER25')])]), 132012, 'button at index 1: Format mismatch, expected COUPON_CODE, received TEXT'],
		['a coupon code over 20 characters', () => sale([body(text('25%')), ...saleButtons(undefined, [{ type: 'coupon_code', coupon_code: 'C'.repeat(21) }])]), 132018, 'exceeds the parameter length limit 20'],
		['two URL parameters', () => sale([body(text('25%')), ...saleButtons([text('a'), text('b')])]), 132000, 'button at index 0: number of localizable_params (2) does not match the expected number of params (1)'],
		['an authentication code over 15 characters', () => sendTemplate('login_code', 'en_US', [body(text('1234567890123456')), { type: 'button', sub_type: 'url', index: '0', parameters: [text('1')] }]), 132018, 'body: Parameter at index 0 exceeds the parameter length limit 15'],
		['an authentication code without its button', () => sendTemplate('login_code', 'en_US', [body(text('482913'))]), 132018, 'button: the OTP button at index 0 needs a parameter'],
		['a body that grows past 1024 characters', () => reminder(text('A'.repeat(1000)), text('12 May')), 132005, 'more than 1024'],
	])('refuses %s', async (_name, send, code, details) => {
		const answer = await send();
		const error = expectWhatsAppError(answer, 400, code as number);
		expect(error.error_data.details).toContain(details as string);
	});

	it('answers 132000 with Meta\'s title and 132012 / 132018 / 132005 with theirs', async () => {
		expect(expectWhatsAppError(await reminder(text('Ana')), 400, 132000).message).toBe('(#132000) Number of parameters does not match the expected number of params');
		expect(expectWhatsAppError(await sendTemplate('invoice_ready', 'en_US', [body(text('a'), text('b'))]), 400, 132012).message).toBe('(#132012) Parameter format does not match format in the created template');
		expect(expectWhatsAppError(await reminder(text('a\nb'), text('c')), 400, 132018).message).toBe("(#132018) There's an issue with the parameters in your template");
		expect(expectWhatsAppError(await reminder(text('A'.repeat(1000)), text('b')), 400, 132005).message).toBe('(#132005) Template Hydrated Text Too Long');
	});

	it('answers a named parameter without parameter_name with 100 "Parameter name is missing or empty"', async () => {
		const answer = await sendTemplate('order_update', 'en_US', [body(text('Ana'), text('A-1'))]);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, error_data: { messaging_product: 'whatsapp', details: 'Parameter name is missing or empty' }, fbtrace_id: expect.any(String) },
		});
	});

	it('answers a parameter_name the template does not have with 100, naming it', async () => {
		const error = expectMetaError(await sendTemplate('order_update', 'en_US', [body(text('Ana', 'name'), text('A-1', 'order_id'))]), 400, 100);
		expect(error.error_data.details).toBe('body: the template has no parameter named name (it has first_name, order_id)');
		const twice = expectMetaError(await sendTemplate('order_update', 'en_US', [body(text('Ana', 'first_name'), text('Bo', 'first_name'))]), 400, 100);
		expect(twice.error_data.details).toBe('body: no value for parameter order_id');
	});

	it('counts named parameters before it checks their names (132000 first)', async () => {
		expectWhatsAppError(await sendTemplate('order_update', 'en_US', [body(text('Ana', 'first_name'))]), 400, 132000);
	});

	it('checks a named text header and a location header of created templates, once approved', async () => {
		const create = async (name: string, header: Component, bodyComponent: Component, format?: string) => {
			const answer = await graph('POST', '/v25.0/100000000000001/message_templates', { json: { name, language: 'en_US', category: 'UTILITY', parameter_format: format, components: [header, bodyComponent] } });
			expect(answer.body.status).toBe('PENDING');
			sb.control.templates.review(answer.body.id, 'APPROVED');
		};
		await create(
			'sale_starts',
			{ type: 'HEADER', format: 'TEXT', text: 'Our sale starts {{sale_start_date}}!', example: { header_text_named_params: [{ param_name: 'sale_start_date', example: 'May 1' }] } },
			{ type: 'BODY', text: 'See you there, {{first_name}}.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } },
			'NAMED',
		);
		const header = (...parameters: Component[]) => ({ type: 'header', parameters });
		expect((await sendTemplate('sale_starts', 'en_US', [header(text('June 1', 'sale_start_date')), body(text('Ana', 'first_name'))])).status).toBe(200);
		expect(expectMetaError(await sendTemplate('sale_starts', 'en_US', [header(text('June 1')), body(text('Ana', 'first_name'))]), 400, 100).error_data.details).toBe('Parameter name is missing or empty');
		expectWhatsAppError(await sendTemplate('sale_starts', 'en_US', [body(text('Ana', 'first_name'))]), 400, 132000);
		expect(expectWhatsAppError(await sendTemplate('sale_starts', 'en_US', [header({ type: 'image', image: { id: '1' } }), body(text('Ana', 'first_name'))]), 400, 132012).error_data.details).toBe(
			'header: Format mismatch, expected TEXT, received IMAGE',
		);

		await create('parcel_here', { type: 'HEADER', format: 'LOCATION' }, { type: 'BODY', text: 'Your parcel {{1}} waits at the place above.', example: { body_text: [['P-1']] } });
		const place = { type: 'location', location: { latitude: '37.44', longitude: '-122.16', name: 'Philz Coffee', address: '101 Forest Ave' } };
		expect((await sendTemplate('parcel_here', 'en_US', [header(place), body(text('P-9'))])).status).toBe(200);
		expect(expectWhatsAppError(await sendTemplate('parcel_here', 'en_US', [body(text('P-9'))]), 400, 132012).error_data.details).toBe('header: Format mismatch, expected LOCATION, received UNKNOWN');
		expectWhatsAppError(await sendTemplate('parcel_here', 'en_US', [header({ type: 'location', location: { name: 'x' } }), body(text('P-9'))]), 400, 131008);
	});

	it.each([
		['an unknown component type', [{ type: 'carousel', cards: [] }], 131009],
		['two body components', [body(text('a'), text('b')), body(text('a'), text('b'))], 131009],
		['a button without index', [body(text('25%')), { type: 'button', sub_type: 'url', parameters: [text('x')] }], 131008],
		['a media header without id or link', [{ type: 'header', parameters: [{ type: 'document', document: {} }] }, body(text('a'), text('b'))], 131008],
	])('answers %s with the payload error', async (_name, components, code) => {
		const template = (components as Component[])[0].type === 'header' ? 'invoice_ready' : (components as Component[]).some((c) => c.type === 'button') ? 'summer_sale' : 'appointment_reminder';
		expectWhatsAppError(await sendTemplate(template, 'en_US', components as Component[]), 400, code as number);
	});

	it('sends no webhook for a refused template send', async () => {
		const before = receiver.posts.length;
		await reminder(text('Ana'));
		await sendTemplate('winter_promo', 'en_US', [body(text('1'))]);
		await new Promise((resolve) => setTimeout(resolve, 40));
		expect(receiver.posts).toHaveLength(before);
	});
});
