/**
 * Send Message's wider range through the CORE against the sandbox (which shares no code with it): a
 * file given as bytes is uploaded and sent by media ID (the sandbox keeps that media with the
 * message), a list and a reply in context, a reaction, a send to a business-scoped user ID, and the
 * Marketing Messages API before and after the business accepts its terms. A disagreement between the
 * core's reading of Meta and the sandbox's shows here.
 */
import { createHash } from 'node:crypto';
import { createClient, GraphClient, runOperation } from '../../shared';
import { nodeRuntime } from '../../shared/node/runtime';
import { startSandbox, Sandbox } from '../../sandbox';
import { coreFailure } from '../support/core';

// A small but real PNG (1×1, red), followed by every byte value so nothing on the way may treat it as text.
const PNG = Buffer.concat([
	Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
	Buffer.from(Array.from({ length: 256 }, (_, index) => index)),
]);
const CUSTOMER = '16505551234';

interface SandboxMessage {
	type: string;
	waId: string;
	content: Record<string, unknown> | unknown[];
	contextMessageId?: string;
	recipientUserId?: string;
	edge: string;
}

describe('Send Message through the core, against the sandbox', () => {
	let sb: Sandbox;
	let client: GraphClient;

	const control = async <T>(path: string, init?: RequestInit): Promise<T> => {
		const response = await fetch(`${sb.baseUrl}/_sandbox/${path}`, init);
		if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
		return (await response.json()) as T;
	};
	const sandboxMessage = (id: string) => control<SandboxMessage>(`messages/${encodeURIComponent(id)}`);
	const send = (input: Record<string, unknown>) => runOperation('sendMessage', client, { phoneNumberId: sb.phoneNumberId, to: `+${CUSTOMER}`, ...input });

	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
		client = createClient({ accessToken: sb.accessToken, wabaId: sb.wabaId, baseUrl: sb.baseUrl, retry: { maxAttempts: 1 } }, nodeRuntime());
		// The customer writes first: the 24-hour window is open and the sandbox knows them (and their user ID).
		sb.control.inbound({ phoneNumberId: sb.phoneNumberId, from: CUSTOMER, text: 'Hi! Do you deliver on Saturdays?' });
	});
	afterAll(async () => {
		await sb.stop();
	});

	it('uploads a file given as bytes and sends it by media ID: the sandbox holds that message with those bytes', async () => {
		const sent = await send({ messageType: 'image', mediaSource: 'file', mediaFile: { data: PNG, fileName: 'delivery-map.png', mimeType: 'image/png' }, caption: 'Our delivery area' });
		expect(sent.uploadedMediaId).toMatch(/^\d{16}$/);
		const message = await sandboxMessage(sent.messageId);
		expect(message).toMatchObject({ type: 'image', waId: CUSTOMER, content: { id: sent.uploadedMediaId, caption: 'Our delivery area' }, edge: 'messages' });
		const media = await control<{ mimeType: string; sha256: string; fileSize: number; numberId: string }>(`media/${sent.uploadedMediaId}`);
		expect(media).toMatchObject({ mimeType: 'image/png', sha256: createHash('sha256').update(PNG).digest('hex'), fileSize: PNG.length, numberId: sb.phoneNumberId });
	});

	it('uploads a file once for a batch of recipients, and the sandbox accepts every send by that media ID', async () => {
		const file = { data: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), fileName: 'price-list.pdf', mimeType: 'application/pdf' };
		const batch = await runOperation('sendMessages', client, {
			phoneNumberId: sb.phoneNumberId,
			messages: ['16505550001', '16505550002', '16505550003'].map((waId) => ({ to: `+${waId}`, messageType: 'document', mediaSource: 'file', mediaFile: file })),
		});
		expect(batch).toMatchObject({ total: 3, sent: 3, failed: 0 });
		const mediaIds = new Set(batch.results.map((result) => (result.ok ? result.output.uploadedMediaId : null)));
		expect(mediaIds.size).toBe(1);
		for (const result of batch.results) {
			if (!result.ok) continue;
			expect(await sandboxMessage(result.output.messageId)).toMatchObject({ type: 'document', content: { id: [...mediaIds][0], filename: 'price-list.pdf' } });
		}
	});

	it('sends a list, and a reply in context to the customer\'s message', async () => {
		const { messageId: question } = sb.control.inbound({ phoneNumberId: sb.phoneNumberId, from: CUSTOMER, text: 'Which slots are free?' });
		const sent = await send({
			messageType: 'list',
			text: 'These slots are free on Saturday:',
			buttonText: 'See slots',
			footerText: 'Jasper Market',
			listRows: [
				{ rowSection: 'Morning', rowId: 'sat_9', rowTitle: '9 to 11' },
				{ rowSection: 'Afternoon', rowId: 'sat_14', rowTitle: '2 to 4 pm', rowDescription: 'Only 2 left' },
			],
			replyToMessageId: question,
		});
		expect(await sandboxMessage(sent.messageId)).toMatchObject({
			type: 'interactive',
			contextMessageId: question,
			content: {
				type: 'list',
				footer: { text: 'Jasper Market' },
				action: { button: 'See slots', sections: [{ title: 'Morning', rows: [{ id: 'sat_9', title: '9 to 11' }] }, { title: 'Afternoon', rows: [{ id: 'sat_14', title: '2 to 4 pm', description: 'Only 2 left' }] }] },
			},
		});
	});

	it('reacts to the customer\'s message, then removes the reaction', async () => {
		const { messageId } = sb.control.inbound({ phoneNumberId: sb.phoneNumberId, from: CUSTOMER, text: 'Thanks, see you Saturday!' });
		const reacted = await send({ messageType: 'reaction', reactionMessageId: messageId, emoji: '❤️' });
		expect(await sandboxMessage(reacted.messageId)).toMatchObject({ type: 'reaction', content: { message_id: messageId, emoji: '❤️' } });
		const removed = await send({ messageType: 'reaction', reactionMessageId: messageId });
		expect(await sandboxMessage(removed.messageId)).toMatchObject({ type: 'reaction', content: { message_id: messageId, emoji: '' } });
	});

	it('agrees with the sandbox on every other new type (link button, location request, contacts, sticker from a file, framed reply buttons)', async () => {
		const sticker = new Uint8Array(2048);
		sticker.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '));
		const inputs: Array<Record<string, unknown>> = [
			{ messageType: 'ctaUrl', text: 'Our Saturday offers', buttonText: 'See offers', buttonUrl: 'https://jasper.example/saturday', headerText: 'Saturday', footerText: 'While stocks last' },
			{ messageType: 'locationRequest', text: 'Where should we deliver?' },
			{ messageType: 'contacts', contacts: [{ contactFirstName: 'Ana', contactLastName: 'Silva', contactPhone: '+1 631 555 5555', contactEmail: 'ana@jasper.example' }] },
			{ messageType: 'sticker', mediaSource: 'file', mediaFile: { data: sticker, fileName: 'thanks.webp', mimeType: 'image/webp' } },
			{ messageType: 'buttons', text: 'Confirm Saturday?', buttons: 'yes|Yes\nno|No', headerText: 'Your delivery', footerText: 'Jasper Market' },
		];
		for (const input of inputs) {
			const sent = await send(input);
			const message = await sandboxMessage(sent.messageId);
			expect({ type: input.messageType, stored: message.type }).toEqual({ type: input.messageType, stored: { ctaUrl: 'interactive', locationRequest: 'interactive', buttons: 'interactive' }[String(input.messageType)] ?? input.messageType });
		}
	});

	it('sends to the customer\'s business-scoped user ID, and refuses a copy-code template to it before sending', async () => {
		const { userId } = sb.control.contact(CUSTOMER);
		const sent = await send({ to: undefined, recipient: userId, messageType: 'location', latitude: '37.4847', longitude: '-122.1477', locationName: 'Jasper Market' });
		expect(sent).toMatchObject({ sentTo: 'user_id', userId, to: null });
		expect(await sandboxMessage(sent.messageId)).toMatchObject({ type: 'location', waId: CUSTOMER, recipientUserId: userId, content: { latitude: 37.4847, longitude: -122.1477, name: 'Jasper Market' } });

		const refused = await coreFailure(send({ to: undefined, recipient: userId, messageType: 'template', templateName: 'login_code', templateLanguage: 'en_US', templateValues: { code: '482913' } }));
		expect(refused).toMatchObject({ category: 'recipient', field: 'Business-Scoped User ID' });
		// What the sandbox answers when the core is told not to read the template: Meta's 131062.
		const unchecked = await coreFailure(send({ to: undefined, recipient: userId, messageType: 'template', templateName: 'login_code', templateLanguage: 'en_US', templateParameters: ['482913'], templateCheck: false }));
		expect(unchecked).toMatchObject({ code: 131062, category: 'recipient' });
	});

	it('sends a marketing template through the Marketing Messages API only once the business accepted its terms', async () => {
		const summerSale = { messageType: 'template', templateName: 'summer_sale', templateLanguage: 'en_US', templateValues: { body_1: '25%', button_1: 'summer', button_2: 'SUMMER25' }, marketingMessages: true, messageActivitySharing: 'on' };
		await control('marketing-messages', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onboarded: false }) });
		const before = await coreFailure(send(summerSale));
		expect(before).toMatchObject({ code: 131055, category: 'permission', httpStatus: 400 });
		expect(before.summary).toBe('The business has not accepted the Marketing Messages API for WhatsApp terms, so Meta refused the message. Nothing was sent.');

		await control('marketing-messages', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onboarded: true }) });
		const after = await send(summerSale);
		expect(after).toMatchObject({ sentVia: 'marketing_messages', messageStatus: 'accepted' });
		expect(await sandboxMessage(after.messageId)).toMatchObject({ type: 'template', edge: 'marketing_messages', content: { name: 'summer_sale' } });

		// A utility template is refused by the core (it read the template), and by the sandbox when unread.
		const utility = await coreFailure(send({ messageType: 'template', templateName: 'hello_world', templateLanguage: 'en_US', marketingMessages: true }));
		expect(utility).toMatchObject({ category: 'template', field: 'Send Through Marketing Messages API' });
		const unread = await coreFailure(send({ messageType: 'template', templateName: 'hello_world', templateLanguage: 'en_US', marketingMessages: true, templateCheck: false }));
		expect(unread).toMatchObject({ code: 131055, category: 'template' });
	});
});
