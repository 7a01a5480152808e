/**
 * The template payload builder on its own (pure): the exact `template` object Meta receives for each
 * kind of template, and the exact error a marketer reads for each kind of mismatch.
 */
import { WhatsAppError } from '../../../shared/errors';
import { templatePlaceholders } from '../../../shared/templates/placeholders';
import { buildTemplateSend, GivenValue } from '../../../shared/templates/sendPayload';
import { toTemplate } from '../../../shared/templates/model';
import { HELLO_WORLD, INVOICE, LOGIN_CODE, ORDER_UPDATE, REMINDER_EN, STORE_LOCATION, SUMMER_SALE, WELCOME_NAMED_HEADER } from './fixtures';

const values = (entries: Record<string, unknown>, field = 'Template Values'): Record<string, GivenValue> =>
	Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, { value, field }]));

function refusal(work: () => unknown): WhatsAppError {
	try {
		work();
	} catch (error) {
		expect(error).toBeInstanceOf(WhatsAppError);
		return error as WhatsAppError;
	}
	throw new Error('expected a refusal');
}

describe('placeholders: what a send must supply, by key', () => {
	it('lists named, positional, media, location, button and code placeholders with labels and examples', () => {
		expect(templatePlaceholders(ORDER_UPDATE).map(({ key, component, kind, name, example }) => ({ key, component, kind, name, example }))).toEqual([
			{ key: 'first_name', component: 'body', kind: 'text', name: 'first_name', example: 'Pablo' },
			{ key: 'order_id', component: 'body', kind: 'text', name: 'order_id', example: '860198-230332' },
		]);
		expect(templatePlaceholders(INVOICE).map((placeholder) => [placeholder.key, placeholder.kind, placeholder.label])).toEqual([
			['header_document', 'document', 'Header document: a public https link or a media ID'],
			['body_1', 'text', 'Body {{1}}'],
			['body_2', 'text', 'Body {{2}}'],
		]);
		expect(templatePlaceholders(SUMMER_SALE).map((placeholder) => [placeholder.key, placeholder.kind, placeholder.buttonIndex, placeholder.example])).toEqual([
			['body_1', 'text', null, '25%'],
			['button_1', 'url', 0, 'https://shop.example.com/sale/summer'],
			['button_2', 'copyCode', 1, 'SUMMER25'],
		]);
		expect(templatePlaceholders(WELCOME_NAMED_HEADER).map((placeholder) => placeholder.key)).toEqual(['first_name', 'discount']);
		expect(templatePlaceholders(STORE_LOCATION).map((placeholder) => placeholder.key)).toEqual(['header_location']);
		expect(templatePlaceholders(LOGIN_CODE).map((placeholder) => [placeholder.key, placeholder.maxLength])).toEqual([['code', 15]]);
		expect(templatePlaceholders(HELLO_WORLD)).toEqual([]);
	});

	it('shows them on the template output with the category and quality', () => {
		expect(toTemplate(ORDER_UPDATE)).toMatchObject({
			id: '700000000000002',
			category: 'UTILITY',
			qualityScore: 'GREEN',
			sendable: true,
			parameterFormat: 'NAMED',
			rejectedReason: null,
			placeholderKeys: 'first_name, order_id',
			body: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
			footer: 'Thank you for shopping with us',
		});
	});
});

describe('buildTemplateSend: the template object Meta receives', () => {
	it('sends named placeholders with parameter_name, in the template order whatever the input order', () => {
		expect(buildTemplateSend(ORDER_UPDATE, values({ order_id: 'A-1042', first_name: 'Ana' }))).toEqual({
			name: 'order_update',
			language: { code: 'en_US' },
			components: [
				{
					type: 'body',
					parameters: [
						{ type: 'text', parameter_name: 'first_name', text: 'Ana' },
						{ type: 'text', parameter_name: 'order_id', text: 'A-1042' },
					],
				},
			],
		});
	});

	it('fills a name used in header and body with one value', () => {
		expect(buildTemplateSend(WELCOME_NAMED_HEADER, values({ first_name: 'Ana', discount: 15 })).components).toEqual([
			{ type: 'header', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] },
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }, { type: 'text', parameter_name: 'discount', text: '15' }] },
		]);
	});

	it('sends positional values in order, a document header by link or media ID, and URL / copy-code buttons by index', () => {
		expect(buildTemplateSend(INVOICE, values({ header_document: 'https://example.com/inv.pdf', body_1: 'Ana', body_2: 'INV-7' })).components).toEqual([
			{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/inv.pdf' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'INV-7' }] },
		]);
		expect(buildTemplateSend(INVOICE, values({ header_document: '1234567890', body_1: 'Ana', body_2: 'INV-7' })).components?.[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'document', document: { id: '1234567890' } }],
		});
		expect(buildTemplateSend(SUMMER_SALE, values({ body_1: '25%', button_1: 'summer', button_2: 'SUMMER25' })).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '25%' }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'summer' }] },
			{ type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER25' }] },
		]);
	});

	it('sends a location header from "latitude, longitude, name" and the code of an authentication template twice', () => {
		expect(buildTemplateSend(STORE_LOCATION, values({ header_location: '37.4839, -122.1484, Meta HQ, 1 Hacker Way' })).components).toEqual([
			{ type: 'header', parameters: [{ type: 'location', location: { latitude: 37.4839, longitude: -122.1484, name: 'Meta HQ', address: '1 Hacker Way' } }] },
		]);
		expect(buildTemplateSend(LOGIN_CODE, values({ code: '482913' })).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '482913' }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
		]);
	});

	it('sends a template without parameters with no components', () => {
		expect(buildTemplateSend(HELLO_WORLD, {})).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
	});
});

describe('buildTemplateSend: every mismatch is refused with words that name it', () => {
	it('a missing named parameter (all missing ones at once)', () => {
		const error = refusal(() => buildTemplateSend(ORDER_UPDATE, values({ first_name: 'Ana', order_id: '  ' })));
		expect(error.message).toBe(
			'Template Values: the template "order_update" (en_US) needs a value for Body {{order_id}} (key order_id). Nothing was sent. Map a value to order_id, e.g. from a column of your data.',
		);
		expect(error).toMatchObject({ category: 'invalid_input', field: 'Template Values', retry: { action: 'fix_and_retry' } });
	});

	it('an extra parameter the template does not have', () => {
		expect(refusal(() => buildTemplateSend(ORDER_UPDATE, values({ first_name: 'Ana', order_id: 'A-1', coupon: 'X' }))).message).toBe(
			'Template Values: "coupon" is not a parameter of the template "order_update" (en_US) (it has first_name, order_id). Remove that value, or check that you picked the right template.',
		);
		expect(refusal(() => buildTemplateSend(HELLO_WORLD, values({ body_1: 'x' }))).summary).toBe('Template Values: "body_1" is not a parameter of the template "hello_world" (en_US) (it takes no parameters).');
	});

	it('a missing positional value, named by the field it came from', () => {
		expect(refusal(() => buildTemplateSend(REMINDER_EN, values({ body_1: 'Ana' }, 'Template Parameters'))).summary).toBe(
			'Template Parameters: the template "appointment_reminder" (en_US) needs a value for Body {{2}} (key body_2). Nothing was sent.',
		);
	});

	it('a missing header media and a missing button variable', () => {
		expect(refusal(() => buildTemplateSend(INVOICE, values({ body_1: 'Ana', body_2: 'INV-7' }))).summary).toBe(
			'Template Values: the template "invoice_ready" (en_US) needs a value for Header document: a public https link or a media ID (key header_document). Nothing was sent.',
		);
		expect(refusal(() => buildTemplateSend(SUMMER_SALE, values({ body_1: '25%', button_2: 'SUMMER25' }))).summary).toBe(
			'Template Values: the template "summer_sale" (en_US) needs a value for Button 1 "Shop the sale": the end of the link https://shop.example.com/sale/{{1}} (key button_1). Nothing was sent.',
		);
	});

	it('a header media that is neither a link nor a media ID', () => {
		expect(refusal(() => buildTemplateSend(INVOICE, values({ header_document: 'invoice.pdf', body_1: 'Ana', body_2: 'INV-7' }))).summary).toBe(
			'Template Values (header_document): "invoice.pdf" is not a web link.',
		);
	});

	it('bad characters (132018 rule): a new line, a tab, 5 spaces', () => {
		for (const bad of ['Ana\nMaria', 'Ana\tMaria', 'Ana     Maria']) {
			expect(refusal(() => buildTemplateSend(ORDER_UPDATE, values({ first_name: bad, order_id: 'A-1' }))).message).toBe(
				'Template Values: the value for {{first_name}} of the template "order_update" (en_US) contains a new line, a tab or more than 4 spaces in a row, which WhatsApp refuses in a template parameter (error 132018). Put the value on one line with single spaces; the line breaks belong in the template text itself.',
			);
		}
		expect(buildTemplateSend(ORDER_UPDATE, values({ first_name: 'Ana    Maria', order_id: 'A-1' })).components?.[0]).toBeDefined();
	});

	it('too long once filled in (132005 rule) and codes over their limit', () => {
		const error = refusal(() => buildTemplateSend(ORDER_UPDATE, values({ first_name: 'A'.repeat(1000), order_id: 'A-1' })));
		expect(error.summary).toBe('Template Values: the text of the template "order_update" (en_US) would be 1034 characters long once filled in, and WhatsApp refuses more than 1024 (error 132005).');
		expect(refusal(() => buildTemplateSend(LOGIN_CODE, values({ code: '1234567890123456' }))).summary).toBe('Template Values: the value for code of the template "login_code" (en_US) is 16 characters long.');
	});

	it('a location that is not one', () => {
		expect(refusal(() => buildTemplateSend(STORE_LOCATION, values({ header_location: 'Main Street' }))).summary).toBe('Template Values: header_location is not a location.');
	});
});
