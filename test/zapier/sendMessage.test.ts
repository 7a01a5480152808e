/**
 * Send Message's newer inputs in Zapier: a file field (fetched without our token, uploaded, sent by
 * media ID), a list from line items, a business-scoped user ID instead of To, and the Marketing
 * Messages API option; the line-item groups Zapier receives are valid for its schema.
 */
import nock from 'nock';
import { parseMultipart, UploadedFile } from '../../sandbox/multipart';
import { App, appErrorBody, appTester, authData, failureOf, meta, perform, PHONE_NUMBER_ID, WABA_ID } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('zapier-platform-schema');

const FILES = 'https://files.example.com';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xff, 0xd9]);
const MESSAGES = `/v25.0/${PHONE_NUMBER_ID}/messages`;
const TO = '+16505551234';

type Field = Record<string, any>;
const run = (inputData: Record<string, unknown>) => appTester(perform('creates', 'send_message'), { authData: authData(), inputData });
const accepted = (id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: TO.slice(1) }], messages: [{ id }] });

/** The fields the editor shows for this input (the dynamic functions evaluated). */
async function fieldsFor(inputData: Record<string, unknown>): Promise<Field[]> {
	const out: Field[] = [];
	for (const entry of (App as any).creates.send_message.operation.inputFields) {
		if (typeof entry === 'function') out.push(...(await appTester(entry, { inputData })));
		else out.push(entry);
	}
	return out;
}

describe('send_message: a file field', () => {
	it('fetches the mapped file without our token, uploads it, then sends the image by its media ID', async () => {
		const host = nock(FILES, { badheaders: ['authorization'] }).get('/f/banner').reply(200, JPEG, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="banner.jpg"' });
		let upload: UploadedFile | undefined;
		const media = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/media`)
			.reply(function (_uri, body) {
				upload = parseMultipart(Buffer.from(body as string, 'hex'), String(this.req.headers['content-type'])).file as UploadedFile;
				return [200, { id: '1013859600285441' }];
			});
		const send = meta()
			.post(MESSAGES, { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'image', image: { id: '1013859600285441', caption: 'Spring sale' } })
			.reply(200, accepted('wamid.FILE'));
		const output = await run({ phone_number_id: PHONE_NUMBER_ID, to: TO, message_type: 'image', media_source: 'file', media_file: `${FILES}/f/banner`, caption: 'Spring sale' });
		host.done();
		media.done();
		send.done();
		expect(upload).toEqual(new UploadedFile('banner.jpg', 'image/jpeg', JPEG));
		expect(output).toMatchObject({ message_id: 'wamid.FILE', uploaded_media_id: '1013859600285441', sent_to: 'phone_number', sent_via: 'messages' });
	});

	it('does not fetch a file left in the step while sending by link', async () => {
		const send = meta().post(MESSAGES, (body) => body.image?.link === 'https://example.com/a.jpg').reply(200, accepted('wamid.LINK'));
		await run({ phone_number_id: PHONE_NUMBER_ID, to: TO, message_type: 'image', media_source: 'url', media_url: 'https://example.com/a.jpg', media_file: `${FILES}/never` });
		send.done();
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('shows the file field only when the media comes from a file', async () => {
		const byLink = (await fieldsFor({ message_type: 'video' })).map((field) => field.key);
		expect(byLink).toEqual(expect.arrayContaining(['media_source', 'media_url']));
		expect(byLink).not.toContain('media_file');
		const fromFile = await fieldsFor({ message_type: 'video', media_source: 'file' });
		expect(fromFile.find((field) => field.key === 'media_file')).toMatchObject({ type: 'file', required: true, label: 'File' });
		expect(fromFile.map((field) => field.key)).not.toContain('media_url');
	});
});

describe('send_message: a list from line items', () => {
	it('offers the rows as a line-item group Zapier accepts, with the help on its first field', async () => {
		const fields = await fieldsFor({ message_type: 'list' });
		const rows = fields.find((field) => field.key === 'list_rows');
		expect(rows).toEqual({
			key: 'list_rows',
			label: 'List Rows',
			required: true,
			children: [
				expect.objectContaining({ key: 'row_title', label: 'Title', type: 'string', required: true, helpText: expect.stringMatching(/^The choices of the list, 1 to 10 in all\..*\n\nWhat the row says/s) }),
				expect.objectContaining({ key: 'row_id', label: 'Row ID', required: false }),
				expect.objectContaining({ key: 'row_description', label: 'Description', required: false }),
				expect.objectContaining({ key: 'row_section', label: 'Section', required: false }),
			],
		});
		const contacts = (await fieldsFor({ message_type: 'contacts' })).find((field) => field.key === 'contacts');
		expect(contacts?.children.map((child: Field) => child.key)).toEqual(['contact_first_name', 'contact_last_name', 'contact_full_name', 'contact_phone', 'contact_email', 'contact_company', 'contact_url']);
		// Every field a zap author can meet passes Zapier's own field schema.
		for (const messageType of ['list', 'contacts', 'ctaUrl', 'location', 'reaction', 'sticker']) {
			for (const field of await fieldsFor({ message_type: messageType })) {
				expect({ key: field.key, errors: validateField(field) }).toEqual({ key: field.key, errors: [] });
			}
		}
	});

	it('sends the line items as the list sections, grouped by their Section', async () => {
		const send = meta()
			.post(MESSAGES, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: TO,
				type: 'interactive',
				interactive: {
					type: 'list',
					body: { text: 'Which slot suits you?' },
					action: {
						button: 'See slots',
						sections: [
							{ title: 'Monday', rows: [{ id: 'mon_am', title: 'Morning' }, { id: 'mon_pm', title: 'Afternoon' }] },
							{ title: 'Tuesday', rows: [{ id: 'tue_am', title: 'Morning', description: 'Only 2 left' }] },
						],
					},
				},
			})
			.reply(200, accepted('wamid.LIST'));
		const output = await run({
			phone_number_id: PHONE_NUMBER_ID,
			to: TO,
			message_type: 'list',
			text: 'Which slot suits you?',
			button_text: 'See slots',
			list_rows: [
				{ row_section: 'Monday', row_id: 'mon_am', row_title: 'Morning' },
				{ row_section: 'Tuesday', row_id: 'tue_am', row_title: 'Morning', row_description: 'Only 2 left' },
				{ row_section: 'Monday', row_id: 'mon_pm', row_title: 'Afternoon' },
			],
		});
		send.done();
		expect(output).toMatchObject({ message_id: 'wamid.LIST' });
	});

	it('refuses an 11th row with the core\'s words before anything reaches Meta', async () => {
		const error = await failureOf(perform('creates', 'send_message'), {
			authData: authData(),
			inputData: { phone_number_id: PHONE_NUMBER_ID, to: TO, message_type: 'list', text: 'Pick', button_text: 'Options', list_rows: Array.from({ length: 11 }, (_, index) => ({ row_title: `Option ${index + 1}` })) },
		});
		expect(appErrorBody(error)).toMatchObject({
			message: 'List Rows: has 11 rows; a WhatsApp list shows at most 10 (across all sections). Keep at most 10 rows, or split them over two messages.',
			code: 'invalid_input',
		});
	});
});

describe('send_message: business-scoped user ID and the Marketing Messages API', () => {
	it('sends to the user ID when To is empty and outputs which recipient was used', async () => {
		const bsuid = 'US.13491208655302741918';
		const send = meta()
			.post(MESSAGES, { messaging_product: 'whatsapp', recipient_type: 'individual', recipient: bsuid, type: 'text', text: { preview_url: false, body: 'Hi' } })
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: bsuid, user_id: bsuid }], messages: [{ id: 'wamid.U' }] });
		const output = await run({ phone_number_id: PHONE_NUMBER_ID, to: '', recipient: bsuid, message_type: 'text', text: 'Hi' });
		send.done();
		expect(output).toMatchObject({ sent_to: 'user_id', user_id: bsuid, to: null, wa_id: null });
	});

	it('says what is missing when neither To nor the user ID is given', async () => {
		const error = await failureOf(perform('creates', 'send_message'), { authData: authData(), inputData: { phone_number_id: PHONE_NUMBER_ID, message_type: 'text', text: 'Hi' } });
		expect(appErrorBody(error).message).toMatch(/^To: is required\. The recipient's phone number in international format/);
	});

	it('sends a marketing template through /marketing_messages with the activity sharing chosen', async () => {
		const template = { id: '9', name: 'spring_sale', language: 'en_US', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Spring sale: {{1}} off.' }] };
		const read = meta().get(`/v25.0/${WABA_ID}/message_templates`).query(true).reply(200, { data: [template] });
		const send = meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/marketing_messages`, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: TO,
				type: 'template',
				template: { name: 'spring_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '20%' }] }] },
				message_activity_sharing: true,
			})
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: TO.slice(1) }], messages: [{ id: 'wamid.MM', message_status: 'accepted' }] });
		const output = await run({
			phone_number_id: PHONE_NUMBER_ID,
			to: TO,
			message_type: 'template',
			template_name: 'spring_sale',
			template_language: 'en_US',
			template_parameters: ['20%'],
			marketing_messages: 'true',
			message_activity_sharing: 'on',
		});
		read.done();
		send.done();
		expect(output).toMatchObject({ sent_via: 'marketing_messages', message_status: 'accepted' });
	});

	it("tells a business that has not accepted the terms what to do (Meta's 131055)", async () => {
		meta().get(`/v25.0/${WABA_ID}/message_templates`).query(true).reply(200, { data: [{ id: '9', name: 'spring_sale', language: 'en_US', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale!' }] }] });
		meta()
			.post(`/v25.0/${PHONE_NUMBER_ID}/marketing_messages`)
			.reply(400, { error: { message: '(#200) You must accept the Marketing Messages Lite API terms to use the API.', type: 'OAuthException', code: 131055, fbtrace_id: 'TR1' } });
		const error = await failureOf(perform('creates', 'send_message'), {
			authData: authData(),
			inputData: { phone_number_id: PHONE_NUMBER_ID, to: TO, message_type: 'template', template_name: 'spring_sale', template_language: 'en_US', marketing_messages: true },
		});
		expect(appErrorBody(error).message).toMatch(
			/^The business has not accepted the Marketing Messages API for WhatsApp terms, so Meta refused the message\. Nothing was sent\..*until then send with "Send Through Marketing Messages API" off\./s,
		);
	});
});

describe('send_message: help Zapier shows', () => {
	it('keeps the list of message types in the Message Type help', () => {
		const messageType = (App as any).creates.send_message.operation.inputFields.find((field: Field) => field.key === 'message_type');
		expect(messageType.helpText).toContain('- **Reaction**: An emoji on a message (empty removes your reaction)');
	});
});

/** Zapier's schema of one input field, its line items included. */
function validateField(field: Field): unknown[] {
	const definition = {
		version: '1.0.0',
		platformVersion: '19.1.0',
		creates: { probe: { key: 'probe', noun: 'Probe', display: { label: 'Probe', description: 'Checks one input field.' }, operation: { perform: { url: 'https://example.com' }, inputFields: [field], inputFieldGroups: [{ key: 'advanced', label: 'Advanced Options', emphasize: false }], sample: { id: 1 } } } },
	};
	return schema.validateAppDefinition(definition).errors.map((error: { stack: string }) => error.stack);
}
