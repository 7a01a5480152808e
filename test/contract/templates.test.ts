/**
 * Templates through the CORE against the sandbox (which shares no code with it): list, create, a
 * reviewer approves, send with named parameters to several recipients (the template read once),
 * and a mismatch refused before anything reaches `/messages`. A disagreement between the core's
 * reading of Meta and the sandbox's shows here.
 */
import { createClient, GraphClient, runOperation, WhatsAppError } from '../../shared';
import { nodeRuntime } from '../../shared/node/runtime';
import type { HttpRequest } from '../../shared/runtime';
import { startSandbox, Sandbox } from '../../sandbox';

/** A client whose requests are recorded (method and path), to count reads and sends. */
function recordingClient(sb: Sandbox): { client: GraphClient; requests: string[] } {
	const requests: string[] = [];
	const runtime = nodeRuntime();
	const transport = runtime.transport;
	const recorded = {
		...runtime,
		transport: {
			send: (request: HttpRequest) => {
				const url = new URL(request.url);
				requests.push(`${request.method} ${url.pathname}`);
				return transport.send(request);
			},
		},
	};
	return { client: createClient({ accessToken: sb.accessToken, wabaId: sb.wabaId, baseUrl: sb.baseUrl, retry: { maxAttempts: 1 } }, recorded), requests };
}

describe('message templates through the core, against the sandbox', () => {
	let sb: Sandbox;
	let client: GraphClient;
	let requests: string[];
	let createdId: string;

	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
		({ client, requests } = recordingClient(sb));
	});
	afterAll(async () => {
		await sb.stop();
	});

	it('lists the seeded templates with status, category, quality and placeholders', async () => {
		const all = await runOperation('listTemplates', client, {});
		expect(all.count).toBe(12);
		expect(all.templates.find((template) => template.name === 'order_update')).toMatchObject({
			status: 'APPROVED',
			category: 'UTILITY',
			qualityScore: 'GREEN',
			parameterFormat: 'NAMED',
			placeholderKeys: 'first_name, order_id',
		});
		expect(all.templates.find((template) => template.name === 'winter_promo')).toMatchObject({ status: 'PAUSED', qualityScore: 'RED', sendable: false });
		const approved = await runOperation('listTemplates', client, { status: 'APPROVED', nameContains: 'appointment' });
		expect(approved.templates.map((template) => template.language)).toEqual(['en_US', 'es', 'pt_BR']);
	});

	it('creates a named template (PENDING), which a reviewer approves', async () => {
		const created = await runOperation('createTemplate', client, {
			templateName: 'delivery_window',
			category: 'UTILITY',
			templateLanguage: 'en_US',
			headerType: 'text',
			headerText: 'Delivery for {{first_name}}',
			headerExample: 'first_name=Pablo',
			body: 'Hi {{first_name}}, your parcel {{parcel_id}} arrives between {{window}} today.',
			bodyExamples: ['first_name=Pablo', 'parcel_id=PX-1', 'window=9 and 11'],
			footer: 'Reply STOP to opt out',
			templateButtons: ['url|Track parcel|https://example.com/track/{{tracking}}|https://example.com/track/PX-1', 'quick_reply|Not home'],
		});
		expect(created).toMatchObject({ status: 'PENDING', category: 'UTILITY', sendable: false, placeholderKeys: 'first_name, parcel_id, window, button_1' });
		createdId = created.id;
		expect(await runOperation('getTemplate', client, { templateId: createdId })).toMatchObject({ found: true, status: 'PENDING', qualityScore: 'UNKNOWN' });
		sb.control.templates.review(createdId, 'APPROVED');
		expect(await runOperation('getTemplate', client, { templateName: 'delivery_window', templateLanguage: 'en_US' })).toMatchObject({ found: true, status: 'APPROVED', sendable: true });
	});

	it('sends it with named parameters to several recipients, reading the template once', async () => {
		requests.length = 0;
		const recipients = ['+16505550101', '+16505550102', '+16505550103'];
		const output = await runOperation('sendMessages', client, {
			phoneNumberId: sb.phoneNumberId,
			recipientSpacingMs: 0,
			messages: recipients.map((to, index) => ({
				to,
				messageType: 'template',
				templateId: createdId,
				templateValues: { first_name: `Guest ${index}`, parcel_id: `PX-${index}`, window: '9 and 11', button_1: `PX-${index}` },
			})),
		});
		expect(output).toMatchObject({ total: 3, sent: 3, failed: 0, invalid: 0 });
		expect(requests.filter((request) => request === `GET /v25.0/${createdId}`)).toHaveLength(1);
		expect(requests.filter((request) => request.endsWith('/messages'))).toHaveLength(3);
	});

	it('sends the seeded positional and media templates the way the sandbox (Meta) accepts them', async () => {
		await runOperation('sendMessage', client, {
			phoneNumberId: sb.phoneNumberId,
			to: '+16505550104',
			messageType: 'template',
			templateName: 'invoice_ready',
			templateLanguage: 'en_US',
			templateValues: { header_document: 'https://example.com/invoice.pdf', body_1: 'Ana', body_2: 'INV-2041' },
		});
		await runOperation('sendMessage', client, {
			phoneNumberId: sb.phoneNumberId,
			to: '+16505550105',
			messageType: 'template',
			templateName: 'summer_sale',
			templateLanguage: 'en_US',
			templateValues: { body_1: '25%', button_1: 'summer', button_2: 'SUMMER25' },
		});
		await runOperation('sendMessage', client, { phoneNumberId: sb.phoneNumberId, to: '+16505550106', messageType: 'template', templateName: 'login_code', templateLanguage: 'en_US', templateValues: { code: '482913' } });
	});

	it('refuses a mismatch, a paused template and a wrong language before any request to /messages', async () => {
		requests.length = 0;
		const attempt = (input: Record<string, unknown>) =>
			runOperation('sendMessage', client, { phoneNumberId: sb.phoneNumberId, to: '+16505550107', messageType: 'template', ...input }).then(
				() => {
					throw new Error('expected a refusal');
				},
				(error: unknown) => error as WhatsAppError,
			);
		const missing = await attempt({ templateId: createdId, templateValues: { first_name: 'Ana', parcel_id: 'PX-9', button_1: 'PX-9' } });
		expect(missing.summary).toBe('Template Values: the template "delivery_window" (en_US) needs a value for Body {{window}} (key window). Nothing was sent.');
		const paused = await attempt({ templateName: 'winter_promo', templateLanguage: 'en_US', templateParameters: ['20%'] });
		expect(paused).toMatchObject({ category: 'template', retry: { action: 'wait' } });
		const language = await attempt({ templateName: 'appointment_reminder', templateLanguage: 'fr', templateParameters: ['Ana', 'lundi'] });
		expect(language.summary).toBe('The template "appointment_reminder" has no fr version (it exists in en_US, es, pt_BR), so WhatsApp would refuse it (error 132001). Nothing was sent.');
		expect(requests.filter((request) => request.endsWith('/messages'))).toEqual([]);
	});

	it('deletes a template by name and language; its name is then not found', async () => {
		const deleted = await runOperation('deleteTemplate', client, { templateName: 'appointment_reminder', templateLanguage: 'pt_BR' });
		expect(deleted).toMatchObject({ deleted: true, count: 1, templates: [{ id: '700000000000005', language: 'pt_BR', status: 'APPROVED' }] });
		expect(await runOperation('getTemplate', client, { templateName: 'appointment_reminder', templateLanguage: 'pt_BR' })).toMatchObject({ found: false, languages: 'en_US, es' });
	});
});
