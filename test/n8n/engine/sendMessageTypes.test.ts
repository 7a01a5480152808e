/**
 * Send Message's newer parameters run by n8n-core's engine: a file from the item's binary data
 * (uploaded once for the run, then sent by media ID), a list from the Rows collection, contact cards,
 * a business-scoped user ID instead of To, the Marketing Messages API option, and a version 1 media
 * send that is unchanged.
 */
import nock from 'nock';

import { parseMultipart, UploadedFile } from '../../../sandbox/multipart';
import { executeNode } from '../support/engine';
import { byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID } from '../support/fixtures';

const MESSAGES = `/v25.0/${PHONE_ID}/messages`;
const MEDIA = `/v25.0/${PHONE_ID}/media`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const accepted = (input: string, id: string, contact: Record<string, string> = { wa_id: input.replace(/^\+/, '') }) => ({ messaging_product: 'whatsapp', contacts: [{ input, ...contact }], messages: [{ id }] });
const base = { resource: 'message', operation: 'sendMessage', phoneNumberId: byId(PHONE_ID) };
const credentials = { whatsAppNumbersApi: GRAPH_CREDENTIALS };

/** Every JSON body posted to /messages, in order. */
function recordSends(count: number, answer: (body: Record<string, unknown>, index: number) => unknown) {
	const bodies: Array<Record<string, unknown>> = [];
	const scope = nock(GRAPH)
		.post(MESSAGES)
		.times(count)
		.reply((_uri, body) => {
			bodies.push(body as Record<string, unknown>);
			return [200, answer(body as Record<string, unknown>, bodies.length - 1)];
		});
	return { bodies, scope };
}

describe('Send Message from binary data', () => {
	it('uploads the binary file once for items carrying the same bytes, then sends each by media ID', async () => {
		const uploads: UploadedFile[] = [];
		const media = nock(GRAPH)
			.post(MEDIA)
			.reply(function (_uri, body) {
				const raw = typeof body === 'string' && /^[0-9a-f]+$/.test(body) ? Buffer.from(body, 'hex') : Buffer.from(String(body));
				uploads.push(parseMultipart(raw, String(this.req.headers['content-type'])).file as UploadedFile);
				return [200, { id: '1013859600285441' }];
			});
		const { bodies } = recordSends(2, (body, index) => accepted(String(body.to), `wamid.F${index}`));
		const binary = { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'banner.png' } };

		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { ...base, to: '={{ $json.phone }}', messageType: 'image', mediaSource: 'file', caption: 'Spring sale' },
			items: [
				{ json: { phone: '+16505550001' }, binary },
				{ json: { phone: '+16505550002' }, binary },
			],
			credentials,
		});

		expect(run.status).toBe('success');
		expect(media.isDone()).toBe(true);
		expect(uploads).toEqual([new UploadedFile('banner.png', 'image/png', PNG)]);
		expect(bodies.map((body) => [body.to, body.image]).sort()).toEqual([
			['+16505550001', { id: '1013859600285441', caption: 'Spring sale' }],
			['+16505550002', { id: '1013859600285441', caption: 'Spring sale' }],
		]);
		expect(run.items.map((item) => [item.json.to, item.json.uploadedMediaId, item.pairedItem])).toEqual([
			['+16505550001', '1013859600285441', { item: 0 }],
			['+16505550002', '1013859600285441', { item: 1 }],
		]);
	});

	it('refuses a binary file of another kind before any request, naming the item', async () => {
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { ...base, to: '+16505550001', messageType: 'image', mediaSource: 'file', binaryPropertyName: 'invoice' },
			items: [{ json: {}, binary: { invoice: { data: Buffer.from('%PDF-1.4').toString('base64'), mimeType: 'application/pdf', fileName: 'invoice.pdf' } } }],
			credentials,
		});
		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(run.error?.message).toBe('File: is a document (application/pdf, 8 bytes), but Message Type is image. Choose the message type that matches the file, or pass an image (image/jpeg, image/png).');
	});
});

describe('Send Message: lists, contacts, BSUID and the Marketing Messages API', () => {
	it('sends a list from the Rows collection, with per-item expressions in the rows', async () => {
		const { bodies } = recordSends(1, () => accepted('+16505550001', 'wamid.LIST'));
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: {
				...base,
				to: '+16505550001',
				messageType: 'list',
				text: 'When should we deliver?',
				buttonText: 'Pick a slot',
				listRows: { row: [{ rowTitle: '={{ $json.first }}', rowId: 'am' }, { rowTitle: 'Afternoon', rowId: 'pm', rowDescription: '2 to 6 pm' }] },
			},
			items: [{ json: { first: 'Morning' } }],
			credentials,
		});
		expect(run.status).toBe('success');
		expect(bodies).toEqual([
			{
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505550001',
				type: 'interactive',
				interactive: {
					type: 'list',
					body: { text: 'When should we deliver?' },
					action: { button: 'Pick a slot', sections: [{ rows: [{ id: 'am', title: 'Morning' }, { id: 'pm', title: 'Afternoon', description: '2 to 6 pm' }] }] },
				},
			},
		]);
	});

	it('says which parameter is missing when the list has no rows, before any request', async () => {
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { ...base, to: '+16505550001', messageType: 'list', text: 'Pick', buttonText: 'Options' },
			credentials,
		});
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/^List Rows: is required\. The choices of the list, 1 to 10 in all\./);
	});

	it('sends contact cards from the Contacts collection', async () => {
		const { bodies } = recordSends(1, () => accepted('+16505550001', 'wamid.CARD'));
		await executeNode({
			node: 'whatsAppNumbers',
			parameters: { ...base, to: '+16505550001', messageType: 'contacts', contacts: { contact: [{ contactFirstName: 'Ana', contactLastName: 'Silva', contactPhone: '+1 631 555 5555' }] } },
			credentials,
		});
		expect(bodies[0].contacts).toEqual([{ name: { formatted_name: 'Ana Silva', first_name: 'Ana', last_name: 'Silva' }, phones: [{ phone: '+1 631 555 5555' }] }]);
	});

	it('sends to a business-scoped user ID when To is empty, and reports it', async () => {
		const bsuid = 'US.13491208655302741918';
		const { bodies } = recordSends(1, () => accepted(bsuid, 'wamid.U', { user_id: bsuid }));
		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { ...base, recipient: '={{ $json.userId }}', messageType: 'text', text: 'Hi' },
			items: [{ json: { userId: bsuid } }],
			credentials,
		});
		expect(run.status).toBe('success');
		expect(bodies).toEqual([{ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: bsuid, type: 'text', text: { preview_url: false, body: 'Hi' } }]);
		expect(run.items[0].json).toMatchObject({ sentTo: 'user_id', userId: bsuid, to: null, waId: null });
	});

	it('sends a template unchecked (version 1) through /marketing_messages when the option is on', async () => {
		const bodies: unknown[] = [];
		const scope = nock(GRAPH)
			.post(`/v25.0/${PHONE_ID}/marketing_messages`)
			.reply((_uri, body) => {
				bodies.push(body);
				return [200, { messaging_product: 'whatsapp', contacts: [{ input: '+16505550001', wa_id: '16505550001' }], messages: [{ id: 'wamid.MM', message_status: 'accepted' }] }];
			});
		const run = await executeNode({
			node: 'whatsAppNumbers',
			typeVersion: 1,
			parameters: {
				...base,
				to: '+16505550001',
				messageType: 'template',
				templateName: 'spring_sale',
				templateLanguage: 'en_US',
				options: { marketingMessages: true, messageActivitySharing: 'on' },
			},
			credentials,
		});
		expect(run.status).toBe('success');
		expect(scope.isDone()).toBe(true);
		expect(bodies).toEqual([
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505550001', type: 'template', template: { name: 'spring_sale', language: { code: 'en_US' } }, message_activity_sharing: true },
		]);
		expect(run.items[0].json).toMatchObject({ sentVia: 'marketing_messages', messageStatus: 'accepted' });
	});

	it('keeps a version 1 media send as it was (link, no new parameter stored)', async () => {
		const { bodies } = recordSends(1, () => accepted('+16505550001', 'wamid.V1'));
		const run = await executeNode({
			node: 'whatsAppNumbers',
			typeVersion: 1,
			parameters: { ...base, to: '+16505550001', messageType: 'document', mediaUrl: 'https://example.com/i.pdf', filename: 'i.pdf' },
			credentials,
		});
		expect(run.status).toBe('success');
		expect(bodies).toEqual([{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505550001', type: 'document', document: { link: 'https://example.com/i.pdf', filename: 'i.pdf' } }]);
	});
});
