/**
 * The message types beyond text, templates and media links (docs/meta-messaging.md §2): the exact body
 * Meta receives for each, the output, and every limit refused before any request.
 */
import nock from 'nock';

import { runOperation } from '../../../../shared/run';
import { coreFailure, GRAPH, PHONE_ID, testClient, VERSION } from '../../../support/core';

const MESSAGES = `/${VERSION}/${PHONE_ID}/messages`;
const TO = '+16505551234';
const REPLIED = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA';

const accepted = (id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: TO.slice(1) }], messages: [{ id }] });
const envelope = (type: string, part: unknown, extra: Record<string, unknown> = {}) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type, ...extra, [type]: part });

async function sends(input: Record<string, unknown>, body: nock.DataMatcherMap) {
	const { client } = testClient();
	const scope = nock(GRAPH).post(MESSAGES, body).reply(200, accepted('wamid.RICH'));
	const output = await runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, to: TO, ...input });
	expect(scope.isDone()).toBe(true);
	return output;
}

describe('sendMessage: lists, link buttons and location requests', () => {
	it('sends a list with a header, footer and two titled sections, rows grouped in the order they first appear', async () => {
		const output = await sends(
			{
				messageType: 'list',
				text: 'Which delivery do you prefer?',
				headerText: 'Delivery options',
				footerText: 'Prices include VAT',
				buttonText: 'See options',
				listRows: [
					{ rowSection: 'Fast', rowId: 'express', rowTitle: 'Express', rowDescription: 'Next day' },
					{ rowSection: 'Cheap', rowTitle: 'Standard', rowDescription: '3 to 5 days' },
					{ rowSection: 'Fast', rowId: 'same_day', rowTitle: 'Same day' },
				],
			},
			envelope('interactive', {
				type: 'list',
				header: { type: 'text', text: 'Delivery options' },
				body: { text: 'Which delivery do you prefer?' },
				footer: { text: 'Prices include VAT' },
				action: {
					button: 'See options',
					sections: [
						{ title: 'Fast', rows: [{ id: 'express', title: 'Express', description: 'Next day' }, { id: 'same_day', title: 'Same day' }] },
						{ title: 'Cheap', rows: [{ id: 'Standard', title: 'Standard', description: '3 to 5 days' }] },
					],
				},
			}),
		);
		expect(output).toEqual({
			messageId: 'wamid.RICH',
			waId: '16505551234',
			input: TO,
			messageStatus: null,
			identityHashChecked: false,
			recipientIdentityKeyHash: null,
			sentTo: 'phone_number',
			userId: null,
			phoneNumberId: PHONE_ID,
			to: TO,
			uploadedMediaId: null,
			sentVia: 'messages',
		});
	});

	it('takes the rows as line items with snake_case keys (a batch item) or a JSON array; an empty row is left out; one untitled section', async () => {
		const body = envelope('interactive', {
			type: 'list',
			body: { text: 'Pick a slot' },
			action: { button: 'Slots', sections: [{ rows: [{ id: 'am', title: 'Morning' }, { id: 'pm', title: 'Afternoon' }] }] },
		});
		const { client } = testClient();
		const scope = nock(GRAPH).post(MESSAGES, body).reply(200, accepted('wamid.BATCH'));
		const batch = await runOperation('sendMessages', client, {
			phoneNumberId: PHONE_ID,
			messages: [{ to: TO, message_type: 'list', text: 'Pick a slot', button_text: 'Slots', list_rows: [{ row_id: 'am', row_title: 'Morning' }, { row_id: 'pm', row_title: 'Afternoon' }, { row_id: '', row_title: '' }] }],
		});
		expect(scope.isDone()).toBe(true);
		expect(batch.results[0]).toMatchObject({ ok: true, output: { messageId: 'wamid.BATCH' } });
		await sends({ messageType: 'list', text: 'Pick a slot', buttonText: 'Slots', listRows: JSON.stringify([{ rowId: 'am', rowTitle: 'Morning' }, { rowId: 'pm', rowTitle: 'Afternoon' }]) }, body);
	});

	it('sends a link (CTA URL) button', async () => {
		await sends(
			{ messageType: 'ctaUrl', text: 'Our spring sale starts today.', buttonText: 'Shop now', buttonUrl: 'https://shop.example.com/sale?utm_source=whatsapp', footerText: 'Until Sunday' },
			envelope('interactive', {
				type: 'cta_url',
				body: { text: 'Our spring sale starts today.' },
				footer: { text: 'Until Sunday' },
				action: { name: 'cta_url', parameters: { display_text: 'Shop now', url: 'https://shop.example.com/sale?utm_source=whatsapp' } },
			}),
		);
	});

	it('sends a location request', async () => {
		await sends(
			{ messageType: 'locationRequest', text: 'Where should we pick you up?' },
			envelope('interactive', { type: 'location_request_message', body: { text: 'Where should we pick you up?' }, action: { name: 'send_location' } }),
		);
	});

	it('adds a header and footer to reply buttons only when given (earlier workflows send the same body as before)', async () => {
		await sends(
			{ messageType: 'buttons', text: 'Confirm?', buttons: 'yes|Yes\nno|No' },
			envelope('interactive', { type: 'button', body: { text: 'Confirm?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] } }),
		);
		await sends(
			{ messageType: 'buttons', text: 'Confirm?', buttons: 'Yes', headerText: 'Your booking', footerText: 'Jasper Market' },
			envelope('interactive', { type: 'button', header: { type: 'text', text: 'Your booking' }, body: { text: 'Confirm?' }, footer: { text: 'Jasper Market' }, action: { buttons: [{ type: 'reply', reply: { id: 'Yes', title: 'Yes' } }] } }),
		);
	});
});

describe('sendMessage: location, contacts, reaction, sticker and replies', () => {
	it('sends a location with name and address', async () => {
		await sends(
			{ messageType: 'location', latitude: '37.4847', longitude: -122.1477, locationName: 'Jasper Market', locationAddress: '101 Forest Ave, Palo Alto' },
			envelope('location', { latitude: 37.4847, longitude: -122.1477, name: 'Jasper Market', address: '101 Forest Ave, Palo Alto' }),
		);
	});

	it('sends contact cards: the full name defaults to first and last name, only filled parts are sent', async () => {
		await sends(
			{
				messageType: 'contacts',
				contacts: [
					{ contactFirstName: 'Ana', contactLastName: 'Silva', contactPhone: '+1 631 555 5555', contactEmail: 'ana@jasper.example', contactCompany: 'Jasper Market', contactUrl: 'https://jasper.example' },
					{ contactFullName: 'Support desk', contactLastName: 'Support' },
				],
			},
			{
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: TO,
				type: 'contacts',
				contacts: [
					{
						name: { formatted_name: 'Ana Silva', first_name: 'Ana', last_name: 'Silva' },
						phones: [{ phone: '+1 631 555 5555' }],
						emails: [{ email: 'ana@jasper.example' }],
						org: { company: 'Jasper Market' },
						urls: [{ url: 'https://jasper.example' }],
					},
					{ name: { formatted_name: 'Support desk', last_name: 'Support' } },
				],
			},
		);
	});

	it('reacts with an emoji, and removes the reaction when the emoji is empty', async () => {
		await sends({ messageType: 'reaction', reactionMessageId: REPLIED, emoji: '👍🏽' }, envelope('reaction', { message_id: REPLIED, emoji: '👍🏽' }));
		await sends({ messageType: 'reaction', reactionMessageId: REPLIED, emoji: '' }, envelope('reaction', { message_id: REPLIED, emoji: '' }));
	});

	it('sends a sticker by link (no caption, even when one was left over)', async () => {
		await sends({ messageType: 'sticker', mediaUrl: 'https://example.com/s.webp', caption: 'ignored' }, envelope('sticker', { link: 'https://example.com/s.webp' }));
	});

	it('replies in context with any type', async () => {
		await sends(
			{ messageType: 'location', latitude: 1.5, longitude: 2.5, replyToMessageId: REPLIED },
			envelope('location', { latitude: 1.5, longitude: 2.5 }, { context: { message_id: REPLIED } }),
		);
		await sends(
			{ messageType: 'ctaUrl', text: 'Here is the link', buttonText: 'Open', buttonUrl: 'https://example.com', replyToMessageId: REPLIED },
			envelope('interactive', { type: 'cta_url', body: { text: 'Here is the link' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com' } } }, { context: { message_id: REPLIED } }),
		);
	});
});

describe('sendMessage: the limits of the new types, refused before any request', () => {
	const rows = (count: number) => Array.from({ length: count }, (_, index) => ({ rowTitle: `Option ${index + 1}` }));
	const list = (change: Record<string, unknown>) => ({ messageType: 'list', text: 'Pick one', buttonText: 'Options', listRows: rows(2), ...change });

	afterEach(() => expect(nock.pendingMocks()).toEqual([]));

	it.each<[string, Record<string, unknown>, string, string]>([
		['11 list rows', list({ listRows: rows(11) }), 'List Rows', 'List Rows: has 11 rows; a WhatsApp list shows at most 10 (across all sections).'],
		['a list without rows', list({ listRows: [] }), 'List Rows', 'List Rows: is required.'],
		['a row title over 24 characters', list({ listRows: [{ rowTitle: 'A very long title for a row' }] }), 'List Rows', 'List Rows: the title of row 1, "A very long title for a row" is 27 characters long.'],
		['a row description over 72 characters', list({ listRows: [{ rowTitle: 'A', rowDescription: 'd'.repeat(73) }] }), 'List Rows', `List Rows: the description of row 1, "${'d'.repeat(73)}" is 73 characters long.`],
		['two rows with the same id', list({ listRows: [{ rowTitle: 'Same' }, { rowTitle: 'Same' }] }), 'List Rows', 'List Rows: two rows have the id "Same".'],
		['a row without section among sections', list({ listRows: [{ rowTitle: 'A', rowSection: 'One' }, { rowTitle: 'B' }] }), 'List Rows', 'List Rows: row 2 has no section, but the list has several sections.'],
		['a row without title', list({ listRows: [{ rowId: 'x' }] }), 'List Rows, row 1, Title', 'List Rows, row 1, Title: is required.'],
		['a list button over 20 characters', list({ buttonText: 'Choose your option now' }), 'Button Text', 'Button Text: "Choose your option now" is 22 characters long.'],
		['a list body over 4096 characters', list({ text: 't'.repeat(4097) }), 'Text', 'Text: is 4097 characters long.'],
		['a header over 60 characters', list({ headerText: 'h'.repeat(61) }), 'Header Text', 'Header Text: is 61 characters long.'],
		['a footer over 60 characters', list({ footerText: 'f'.repeat(61) }), 'Footer Text', 'Footer Text: is 61 characters long.'],
		['a link button without URL', { messageType: 'ctaUrl', text: 'Hi', buttonText: 'Open' }, 'Button URL', 'Button URL: is required.'],
		['a link button URL that is not a web address', { messageType: 'ctaUrl', text: 'Hi', buttonText: 'Open', buttonUrl: 'ftp://example.com/x' }, 'Button URL', 'Button URL: "ftp://example.com/x" is not a web address.'],
		['a link button body over 1024 characters', { messageType: 'ctaUrl', text: 't'.repeat(1025), buttonText: 'Open', buttonUrl: 'https://example.com' }, 'Text', 'Text: is 1025 characters long.'],
		['a location request without text', { messageType: 'locationRequest' }, 'Text', 'Text: is required.'],
		['a latitude over 90', { messageType: 'location', latitude: 91, longitude: 0 }, 'Latitude', 'Latitude: "91" is not a coordinate from -90 to 90.'],
		['a longitude under -180', { messageType: 'location', latitude: 0, longitude: '-180.5' }, 'Longitude', 'Longitude: "-180.5" is not a coordinate from -180 to 180.'],
		['a latitude that is not a number', { messageType: 'location', latitude: 'north', longitude: 0 }, 'Latitude', 'Latitude: "north" is not a coordinate from -90 to 90.'],
		['a contact without first or last name', { messageType: 'contacts', contacts: [{ contactFullName: 'Support', contactPhone: '+1 555 0100' }] }, 'Contacts', 'Contacts: contact 1 has no first or last name.'],
		['a contact email that is not one', { messageType: 'contacts', contacts: [{ contactFirstName: 'Ana', contactEmail: 'ana at example' }] }, 'Contacts', 'Contacts: contact 1: "ana at example" is not an email address.'],
		['a reaction to something that is not a message ID', { messageType: 'reaction', reactionMessageId: '12345', emoji: '👍' }, 'React to Message ID', 'React to Message ID: "12345" is not a WhatsApp message ID.'],
		['a reaction with two emoji', { messageType: 'reaction', reactionMessageId: REPLIED, emoji: '👍👍' }, 'Emoji', 'Emoji: "👍👍" is not one emoji.'],
		['a reaction with a word', { messageType: 'reaction', reactionMessageId: REPLIED, emoji: 'yes' }, 'Emoji', 'Emoji: "yes" is not one emoji.'],
	])('refuses %s, naming the field', async (_case, input, field, message) => {
		const { client } = testClient();
		nock(GRAPH).post(MESSAGES).reply(200, accepted('wamid.SHOULD_NOT'));
		const error = await coreFailure(runOperation('sendMessage', client, { phoneNumberId: PHONE_ID, to: TO, ...input }));
		expect(error).toMatchObject({ category: 'invalid_input', field, operation: 'sendMessage' });
		expect(error.summary).toBe(message);
		expect(nock.pendingMocks()).toHaveLength(1);
		nock.cleanAll();
	});
});
