import { WhatsAppError } from '../../../shared/errors';
import { buildMessagePayload, mediaReference, recipientNumber, replyButtons, SendMessageInput, limitedText } from '../../../shared/messaging/payload';

const base: SendMessageInput = { phoneNumberId: '106540352242922', to: '+16505551234', messageType: 'text', text: 'Hi' };

function inputFailure(run: () => unknown): WhatsAppError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(WhatsAppError);
		expect((error as WhatsAppError).category).toBe('invalid_input');
		return error as WhatsAppError;
	}
	throw new Error('expected an input error');
}

describe('recipientNumber', () => {
	it.each([
		['+1 (631) 555-5555', '+16315555555'],
		['16315555555', '+16315555555'],
		['00 44 7700 900123', '+447700900123'],
		['+44 (0)20 7946 0958', '+442079460958'],
		['+49-30-901820', '+4930901820'],
	])('reads %s as %s', (typed, expected) => {
		expect(recipientNumber(typed)).toBe(expected);
	});

	it.each([
		['07700 900123', /starts with 0/],
		['+0 650 555 1234', /starts with 0/],
		['12345', /has 5 digits/],
		['+1 650 555 1234 ext 5', /is not a phone number/],
	])('rejects %s', (typed, message) => {
		const error = inputFailure(() => recipientNumber(typed));
		expect(error.field).toBe('To');
		expect(error.message).toMatch(message);
	});
});

describe('replyButtons', () => {
	it('reads "id|Title" lines, bare titles, arrays and objects', () => {
		expect(replyButtons('yes|Yes\r\n  No  \n\n')).toEqual([
			{ id: 'yes', title: 'Yes' },
			{ id: 'No', title: 'No' },
		]);
		expect(replyButtons(['a|A', { id: 'b', title: 'B' }, { title: 'C' }])).toEqual([
			{ id: 'a', title: 'A' },
			{ id: 'b', title: 'B' },
			{ id: 'C', title: 'C' },
		]);
	});

	it('counts characters, not UTF-16 units: a 20-emoji title fits', () => {
		const title = '👍'.repeat(20);
		expect(replyButtons(title)).toEqual([{ id: title, title }]);
		expect(inputFailure(() => replyButtons('👍'.repeat(21))).message).toMatch(/is 21 characters long/);
	});

	it.each([
		['', /has no button/],
		['a\nb\nc\nd', /has 4 buttons/],
		['x|', /button 1 has no title/],
		['|Yes', /empty id/],
		['Yes\nYes', /two buttons have the id "Yes"/],
		['a|Same\nb|Same', /two buttons have the title "Same"/],
		[`${'i'.repeat(257)}|Ok`, /id longer than 256/],
	])('rejects %j', (value, message) => {
		expect(inputFailure(() => replyButtons(value)).message).toMatch(message);
	});
});

describe('mediaReference and limitedText', () => {
	it('treats digits as a media ID and anything else as a link', () => {
		expect(mediaReference(' 1234 ')).toEqual({ id: '1234' });
		expect(mediaReference('https://example.com/a.png?v=2')).toEqual({ link: 'https://example.com/a.png?v=2' });
		expect(inputFailure(() => mediaReference('ftp://example.com/a.png')).message).toMatch(/is not a web link/);
	});

	it('keeps the text as typed and measures it in characters', () => {
		expect(limitedText('  *Hello*\n', 'Text', 10)).toBe('  *Hello*\n');
		expect(inputFailure(() => limitedText('   ', 'Text', 10)).message).toBe('Text: is empty. Enter the text to send.');
	});
});

describe('buildMessagePayload', () => {
	it('puts the common fields first and the type object under its own key', () => {
		const payload = buildMessagePayload({ ...base, recipientIdentityKeyHash: 'DF2lS5v2W6x=', replyToMessageId: 'wamid.A', bizOpaqueCallbackData: 'c1', previewUrl: true });
		expect(Object.keys(payload)).toEqual(['messaging_product', 'recipient_type', 'to', 'type', 'recipient_identity_key_hash', 'context', 'biz_opaque_callback_data', 'text']);
		expect(payload).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+16505551234',
			type: 'text',
			recipient_identity_key_hash: 'DF2lS5v2W6x=',
			context: { message_id: 'wamid.A' },
			biz_opaque_callback_data: 'c1',
			text: { preview_url: true, body: 'Hi' },
		});
	});

	it('builds a document and ignores the template fields', () => {
		expect(buildMessagePayload({ ...base, messageType: 'document', mediaUrl: 'https://example.com/i.pdf', filename: ' i.pdf ', templateName: 'x' })).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+16505551234',
			type: 'document',
			document: { link: 'https://example.com/i.pdf', filename: 'i.pdf' },
		});
	});

	it('builds video and document template headers by link', () => {
		const payload = buildMessagePayload({ ...base, messageType: 'template', templateName: 'promo', templateLanguage: 'pt_BR', templateHeaderType: 'video', templateHeaderValue: 'https://example.com/v.mp4' });
		expect(payload.template).toEqual({ name: 'promo', language: { code: 'pt_BR' }, components: [{ type: 'header', parameters: [{ type: 'video', video: { link: 'https://example.com/v.mp4' } }] }] });
	});

	it('limits the text above reply buttons to 1024 characters and caption-less types ignore captions', () => {
		expect(inputFailure(() => buildMessagePayload({ ...base, messageType: 'buttons', text: 'x'.repeat(1025), buttons: [{ id: 'a', title: 'A' }] })).message).toMatch(/at most 1024/);
		expect(buildMessagePayload({ ...base, messageType: 'audio', mediaUrl: '42', caption: 'no' }).audio).toEqual({ id: '42' });
	});

	it('rejects template components that are not an array of objects', () => {
		const error = inputFailure(() => buildMessagePayload({ ...base, messageType: 'template', templateName: 'a', templateLanguage: 'en', templateComponents: { type: 'body' } as unknown as unknown[] }));
		expect(error.field).toBe('Template Components (JSON)');
	});

	it('rejects tracking data over 512 characters', () => {
		expect(inputFailure(() => buildMessagePayload({ ...base, bizOpaqueCallbackData: 'd'.repeat(513) })).field).toBe('Tracking Data');
	});
});
