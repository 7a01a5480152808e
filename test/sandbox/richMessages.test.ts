/**
 * Message types beyond text (docs/meta-messaging.md §2): lists, reply buttons, CTA URL buttons,
 * location requests, locations, contact cards, reactions, stickers and replies in context, each
 * accepted in Meta's shape and refused past Meta's limits with 131008 (missing) or 131009 (invalid).
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectWhatsAppError, graphClient } from '../fixtures/sandbox/http';

const PN = '200000000000001';
let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;

beforeEach(async () => {
	sb = await startSandbox({ port: 0, pairRate: null, statusTiming: { sentMs: 0, stepMs: 1, read: false } });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

const send = (type: string, part: unknown, extra: Record<string, unknown> = {}) =>
	graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type, [type]: part, ...extra } });

const rows = (count: number, prefix = 'r') => Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, title: `Option ${i}`, description: 'Next day' }));
const list = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	type: 'list',
	header: { type: 'text', text: 'Choose Shipping Option' },
	body: { text: 'Which shipping option do you prefer?' },
	footer: { text: 'Lucky Shrub' },
	action: { button: 'Shipping Options', sections: [{ title: 'I want it ASAP!', rows: rows(2) }], ...action },
	...extra,
});
const cta = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	type: 'cta_url',
	body: { text: 'Tap the button below to see available dates.' },
	action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4', ...parameters } },
	...extra,
});
const buttons = (titles: string[], extra: Record<string, unknown> = {}) => ({
	type: 'button',
	body: { text: 'Pick one' },
	action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } })) },
	...extra,
});
const card = (name: Record<string, unknown>) => ({ name, phones: [{ phone: '+1 (940) 555-1234', type: 'HOME', wa_id: '19405551234' }] });

describe('accepted payloads', () => {
	it.each([
		['a list of two sections with ten rows in all', 'interactive', list({ sections: [{ title: 'Fast', rows: rows(5, 'a') }, { title: 'Cheap', rows: rows(5, 'b') }] })],
		['a one-section list without a section title', 'interactive', list({ sections: [{ rows: rows(1) }] })],
		['a list with a 4096-character body', 'interactive', list({}, { body: { text: 'x'.repeat(4096) } })],
		['a CTA URL button with an image header and a footer', 'interactive', cta({}, { header: { type: 'image', image: { link: 'https://www.luckyshrub.com/banner.png' } }, footer: { text: 'Dates subject to change.' } })],
		['a location request', 'interactive', { type: 'location_request_message', body: { text: 'Let us start with your pickup. Share your location.' }, action: { name: 'send_location' } }],
		['three reply buttons with a video header', 'interactive', buttons(['Yes', 'No', 'Maybe'], { header: { type: 'video', video: { id: '1234' } } })],
		['a location', 'location', { latitude: 37.44216251868683, longitude: -122.16153582049394, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' }],
		['a location with string coordinates', 'location', { latitude: '-33.8688', longitude: '151.2093' }],
		['a sticker by link', 'sticker', { link: 'https://example.com/sticker.webp' }],
		['a reaction', 'reaction', { message_id: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=', emoji: '\uD83D\uDE00' }],
		['a reaction with a skin-toned emoji', 'reaction', { message_id: 'wamid.X', emoji: '👍🏽' }],
		['a reaction with a ZWJ family emoji', 'reaction', { message_id: 'wamid.X', emoji: '👨‍👩‍👧' }],
		['a flag reaction', 'reaction', { message_id: 'wamid.X', emoji: '🇧🇷' }],
		['a reaction removal (empty emoji)', 'reaction', { message_id: 'wamid.X', emoji: '' }],
	])('accepts %s', async (_name, type, part) => {
		const answer = await send(type, part);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
	});

	it('accepts contact cards (contacts is a list at the top level)', async () => {
		const answer = await graph('POST', `/v25.0/${PN}/messages`, {
			json: { messaging_product: 'whatsapp', to: '+16505551234', type: 'contacts', contacts: [card({ formatted_name: 'Barbara J. Johnson', first_name: 'Barbara' })] },
		});
		expect(answer.status).toBe(200);
	});

	it('accepts a reply in context', async () => {
		const answer = await send('text', { body: 'Replying to you' }, { context: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=' } });
		expect(answer.status).toBe(200);
	});
});

describe('lists', () => {
	it.each([
		['11 rows across sections', list({ sections: [{ title: 'A', rows: rows(6, 'a') }, { title: 'B', rows: rows(5, 'b') }] }), 131009, 'at most 10 rows across all sections; this one has 11'],
		['11 sections', list({ sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}`) })) }), 131009, 'at most 10 sections'],
		['no sections', list({ sections: [] }), 131008, "interactive['action']['sections']"],
		['a button over 20 characters', list({ button: 'x'.repeat(21) }), 131009, "interactive['action']['button'] must be at most 20 characters"],
		['no button', list({ button: undefined }), 131008, "interactive['action']['button'] is required"],
		['a row title over 24 characters', list({ sections: [{ title: 'A', rows: [{ id: 'a', title: 'x'.repeat(25) }] }] }), 131009, "['title'] must be at most 24 characters"],
		['a row description over 72 characters', list({ sections: [{ title: 'A', rows: [{ id: 'a', title: 'A', description: 'x'.repeat(73) }] }] }), 131009, "['description'] must be at most 72 characters"],
		['a row id over 200 characters', list({ sections: [{ title: 'A', rows: [{ id: 'x'.repeat(201), title: 'A' }] }] }), 131009, "['id'] must be at most 200 characters"],
		['a section title over 24 characters', list({ sections: [{ title: 'x'.repeat(25), rows: rows(1) }] }), 131009, "['sections'][0]['title'] must be at most 24 characters"],
		['two sections, one without a title', list({ sections: [{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }] }), 131008, "['sections'][1]['title'] is required"],
		['duplicate row ids', list({ sections: [{ title: 'A', rows: [{ id: 'same', title: 'A' }] }, { title: 'B', rows: [{ id: 'same', title: 'B' }] }] }), 131009, 'same appears twice'],
		['a row without title', list({ sections: [{ title: 'A', rows: [{ id: 'a' }] }] }), 131008, "['title'] is required"],
		['an image header', list({}, { header: { type: 'image', image: { link: 'https://e.com/a.png' } } }), 131009, "must be text for a list message"],
		['a header text over 60 characters', list({}, { header: { type: 'text', text: 'x'.repeat(61) } }), 131009, "interactive['header']['text'] must be at most 60"],
		['a footer over 60 characters', list({}, { footer: { text: 'x'.repeat(61) } }), 131009, "interactive['footer']['text'] must be at most 60"],
		['a body over 4096 characters', list({}, { body: { text: 'x'.repeat(4097) } }), 131009, 'at most 4096'],
		['no body', list({}, { body: undefined }), 131008, "interactive['body']['text'] is required"],
	])('refuses %s', async (_name, part, code, detail) => {
		expect(expectWhatsAppError(await send('interactive', part), 400, code).error_data.details).toContain(detail);
	});
});

describe('reply buttons', () => {
	it.each([
		['duplicate titles', buttons(['Yes', 'Yes']), 131009, 'unique'],
		['an id over 256 characters', { ...buttons(['Yes']), action: { buttons: [{ type: 'reply', reply: { id: 'x'.repeat(257), title: 'Yes' } }] } }, 131009, '256'],
		['an id with a leading space', { ...buttons(['Yes']), action: { buttons: [{ type: 'reply', reply: { id: ' b1', title: 'Yes' } }] } }, 131009, 'leading or trailing spaces'],
		['a body over 1024 characters', buttons(['Yes'], { body: { text: 'x'.repeat(1025) } }), 131009, 'at most 1024'],
		['a header of an unknown type', buttons(['Yes'], { header: { type: 'audio', audio: { link: 'https://e.com/a.ogg' } } }), 131009, "must be text, image, video, document"],
		['a media header without id or link', buttons(['Yes'], { header: { type: 'image', image: {} } }), 131008, 'needs an id or a link'],
		['no buttons at all', { type: 'button', body: { text: 'Pick' }, action: { buttons: [] } }, 131009, '1 to 3 buttons'],
	])('refuses %s', async (_name, part, code, detail) => {
		expect(expectWhatsAppError(await send('interactive', part), 400, code).error_data.details).toContain(detail);
	});
});

describe('CTA URL buttons and location requests', () => {
	it.each([
		['display text over 20 characters', cta({ display_text: 'x'.repeat(21) }), 131009, "['display_text'] must be at most 20 characters"],
		['a URL that is not http(s)', cta({ url: 'ftp://luckyshrub.com' }), 131009, "['url'] must be an http(s) URL"],
		['no url', cta({ url: undefined }), 131008, "needs action['parameters']['display_text'] and ['url']"],
		['another action name', { ...cta({}), action: { name: 'open_url', parameters: { display_text: 'Go', url: 'https://e.com' } } }, 131009, 'must be cta_url'],
		['no body', cta({}, { body: undefined }), 131008, "interactive['body']['text'] is required"],
		['a location request with another action', { type: 'location_request_message', body: { text: 'Share' }, action: { name: 'location' } }, 131009, 'must be send_location'],
		['a location request without body', { type: 'location_request_message', action: { name: 'send_location' } }, 131008, "interactive['body']['text'] is required"],
		['an unknown interactive type', { type: 'carousel', action: {} }, 131009, "interactive['type'] must be one of"],
		['no action', { type: 'cta_url', body: { text: 'x' } }, 131008, "interactive['action'] is required"],
	])('refuses %s', async (_name, part, code, detail) => {
		expect(expectWhatsAppError(await send('interactive', part), 400, code).error_data.details).toContain(detail);
	});
});

describe('locations, contacts, reactions, stickers, context', () => {
	it.each([
		['a location without latitude', 'location', { longitude: 10 }, 131008, "location['latitude'] is required"],
		['a latitude out of range', 'location', { latitude: 91, longitude: 10 }, 131009, 'from -90 to 90'],
		['a longitude out of range', 'location', { latitude: 0, longitude: -180.5 }, 131009, 'from -180 to 180'],
		['a non-numeric latitude', 'location', { latitude: 'north', longitude: 10 }, 131009, "location['latitude'] must be a number"],
		['a location name that is not text', 'location', { latitude: 1, longitude: 1, name: 42 }, 131009, "location['name'] must be text"],
		['a reaction without emoji', 'reaction', { message_id: 'wamid.X' }, 131008, "reaction['emoji'] is required"],
		['a reaction without message_id', 'reaction', { emoji: '👍' }, 131008, "reaction['message_id'] is required"],
		['a reaction of two emoji', 'reaction', { message_id: 'wamid.X', emoji: '👍👍' }, 131009, 'exactly one emoji'],
		['a reaction of text', 'reaction', { message_id: 'wamid.X', emoji: 'ok' }, 131009, 'exactly one emoji'],
		['a sticker with a filename', 'sticker', { link: 'https://e.com/s.webp', filename: 's.webp' }, 131009, 'Only document messages have a filename'],
	])('refuses %s', async (_name, type, part, code, detail) => {
		expect(expectWhatsAppError(await send(type, part), 400, code).error_data.details).toContain(detail);
	});

	it.each([
		['no contacts', undefined, 131008, 'The parameter contacts is required.'],
		['an empty list', [], 131009, 'must be a list of contact cards'],
		['a card without formatted_name', [card({ first_name: 'Barbara' })], 131008, "contacts[0]['name']['formatted_name'] is required"],
		['a card with only formatted_name', [card({ formatted_name: 'Barbara' })], 131008, 'needs at least one of first_name'],
		['phones that are not a list', [{ name: { formatted_name: 'B', first_name: 'B' }, phones: { phone: '1' } }], 131009, "contacts[0]['phones'] must be a list"],
	])('refuses contacts: %s', async (_name, contacts, code, detail) => {
		const answer = await graph('POST', `/v25.0/${PN}/messages`, { json: { messaging_product: 'whatsapp', to: '+16505551234', type: 'contacts', contacts } });
		expect(expectWhatsAppError(answer, 400, code).error_data.details).toContain(detail);
	});

	it('refuses a context without message_id', async () => {
		expect(expectWhatsAppError(await send('text', { body: 'hi' }, { context: {} }), 400, 131008).error_data.details).toContain("context['message_id']");
	});

	it('sends no webhook and consumes no throughput for a refused payload', async () => {
		sb.control.setThroughput(PN, 1);
		await send('interactive', list({ button: 'x'.repeat(21) }));
		expect((await send('text', { body: 'still allowed' })).status).toBe(200);
	});
});
