import nock from 'nock';
import { GraphClient } from '../../../../shared/client';
import { WhatsAppError } from '../../../../shared/errors';
import { nodeTransport } from '../../../../shared/node/runtime';
import { zapierKey } from '../../../../shared/operation';
import { runOperation } from '../../../../shared/run';
import { HttpRequest, HttpResponse, Runtime, TransportFailure } from '../../../../shared/runtime';
import { sendMessage } from '../../../../shared/operations/message/sendMessage';

const BASE = 'https://graph.facebook.com';
const TOKEN = 'EAAGtestAccessToken1234567890abcdef';
const SENDER = '106540352242922';
const PATH = `/v25.0/${SENDER}/messages`;
const HASH = 'DF2lS5v2W6x=';

/** Sleeps are recorded and advance a fake clock; nothing really waits. */
function recordingRuntime(): Runtime & { sleeps: number[] } {
	let clock = 1_700_000_000_000;
	const sleeps: number[] = [];
	return {
		transport: nodeTransport,
		sleeps,
		now: () => clock,
		random: () => 0,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			clock += ms;
		},
	};
}

function setup() {
	const runtime = recordingRuntime();
	const client = new GraphClient({ accessToken: TOKEN, wabaId: '102290129340398' }, runtime);
	return { runtime, client, send: (input: Record<string, unknown>) => runOperation(sendMessage, client, input) };
}

const accepted = (to: string, waId: string, extra: Record<string, unknown> = {}) => ({
	messaging_product: 'whatsapp',
	contacts: [{ input: to, wa_id: waId }],
	messages: [{ id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3', ...extra }],
});

const metaError = (code: number, message: string, details?: string) => ({
	error: {
		message: `(#${code}) ${message}`,
		type: 'OAuthException',
		code,
		...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
		fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
	},
});

/** Asserts that `promise` rejects with a WhatsAppError and returns it. */
async function failure(promise: Promise<unknown>): Promise<WhatsAppError> {
	const error = await promise.then(
		() => {
			throw new Error('expected the send to fail');
		},
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(WhatsAppError);
	return error as WhatsAppError;
}

describe('sendMessage: the request Meta receives and the output', () => {
	it('sends a text with the identity hash at the top level and reports the hash as checked', async () => {
		const { send } = setup();
		const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16315555555',
				recipient_identity_key_hash: HASH,
				type: 'text',
				text: { preview_url: false, body: 'Your statement is ready' },
			})
			.reply(200, accepted('+16315555555', '16315555555'));
		const output = await send({
			phoneNumberId: SENDER,
			to: '+1 (631) 555-5555',
			messageType: 'text',
			text: 'Your statement is ready',
			recipientIdentityKeyHash: HASH,
		});
		expect(scope.isDone()).toBe(true);
		expect(output).toEqual({
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3',
			waId: '16315555555',
			input: '+16315555555',
			messageStatus: null,
			identityHashChecked: true,
			recipientIdentityKeyHash: HASH,
			sentTo: 'phone_number',
			userId: null,
			phoneNumberId: SENDER,
			to: '+16315555555',
			uploadedMediaId: null,
			sentVia: 'messages',
		});
	});

	it('sends a text without a hash: no hash key in the body, identityHashChecked false', async () => {
		const { send } = setup();
		const scope = nock(BASE)
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+447700900123',
				type: 'text',
				text: { preview_url: false, body: 'Hi' },
			})
			.reply(200, accepted('+447700900123', '447700900123'));
		const output = await send({ phoneNumberId: SENDER, to: '0044 7700 900123', text: 'Hi' });
		expect(scope.isDone()).toBe(true);
		expect(output).toMatchObject({ identityHashChecked: false, recipientIdentityKeyHash: null, to: '+447700900123', waId: '447700900123' });
	});

	it('accepts the Zapier snake_case keys through zapierKey', () => {
		const keys = sendMessage.fields.map((field) => zapierKey(field.key));
		expect(keys).toEqual(
			expect.arrayContaining([
				'phone_number_id',
				'to',
				'message_type',
				'text',
				'template_name',
				'template_language',
				'template_parameters',
				'media_url',
				'recipient_identity_key_hash',
			]),
		);
		expect(sendMessage.fields.find((field) => field.key === 'phoneNumberId')?.source).toBe('phoneNumbers');
	});

	it('sends a template unchecked (Check Template off) with a text header and body parameters and returns the pacing status', async () => {
		const { send } = setup();
		const scope = nock(BASE)
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				type: 'template',
				template: {
					name: 'order_confirmation',
					language: { code: 'en_US' },
					components: [
						{ type: 'header', parameters: [{ type: 'text', text: 'Jasper' }] },
						{ type: 'body', parameters: [{ type: 'text', text: '12345' }, { type: 'text', text: 'Tuesday' }] },
					],
				},
			})
			.reply(200, accepted('+16505551234', '16505551234', { message_status: 'held_for_quality_assessment' }));
		const output = await send({
			phoneNumberId: SENDER,
			to: '+16505551234',
			messageType: 'template',
			templateName: 'order_confirmation',
			templateLanguage: 'en-us',
			templateHeaderType: 'text',
			templateHeaderValue: 'Jasper',
			templateParameters: '12345\nTuesday',
			templateCheck: false,
		});
		expect(scope.isDone()).toBe(true);
		expect(output).toMatchObject({ messageStatus: 'held_for_quality_assessment', identityHashChecked: false });
	});

	it('sends a template unchecked with an image header given by media ID, and one without parameters', async () => {
		const { send } = setup();
		const scope = nock(BASE)
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				type: 'template',
				template: {
					name: 'spring_sale',
					language: { code: 'es' },
					components: [{ type: 'header', parameters: [{ type: 'image', image: { id: '1234567890' } }] }],
				},
			})
			.reply(200, accepted('+16505551234', '16505551234'))
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				recipient_identity_key_hash: HASH,
				type: 'template',
				template: { name: 'hello_world', language: { code: 'en_US' } },
			})
			.reply(200, accepted('+16505551234', '16505551234'));
		await send({ phoneNumberId: SENDER, to: '+16505551234', messageType: 'template', templateName: 'spring_sale', templateLanguage: 'es', templateHeaderType: 'image', templateHeaderValue: '1234567890', templateCheck: false });
		const second = await send({ phoneNumberId: SENDER, to: '+16505551234', messageType: 'template', templateName: 'hello_world', templateLanguage: 'en_US', recipientIdentityKeyHash: HASH, templateCheck: 'no' });
		expect(scope.isDone()).toBe(true);
		expect(second).toMatchObject({ identityHashChecked: true, recipientIdentityKeyHash: HASH });
	});

	it('passes raw template components through unchanged (Check Template off)', async () => {
		const { send } = setup();
		const components = [
			{ type: 'body', parameters: [{ type: 'text', text: 'A1' }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'track/A1' }] },
		];
		const scope = nock(BASE)
			.post(PATH, { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type: 'template', template: { name: 'shipping', language: { code: 'en' }, components } })
			.reply(200, accepted('+16505551234', '16505551234'));
		await send({ phoneNumberId: SENDER, to: '+16505551234', messageType: 'template', templateName: 'shipping', templateLanguage: 'en', templateParameters: 'ignored', templateComponents: JSON.stringify(components), templateCheck: false });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['image', { mediaUrl: 'https://example.com/a.jpg', caption: 'New arrivals' }, { link: 'https://example.com/a.jpg', caption: 'New arrivals' }],
		['document', { mediaUrl: '987654321', caption: 'Your invoice', filename: 'invoice-1234.pdf' }, { id: '987654321', caption: 'Your invoice', filename: 'invoice-1234.pdf' }],
		['video', { mediaUrl: 'https://example.com/v.mp4?v=2' }, { link: 'https://example.com/v.mp4?v=2' }],
		// Audio has no caption: a caption given anyway is not sent.
		['audio', { mediaUrl: '555', caption: 'dropped', filename: 'dropped.mp3' }, { id: '555' }],
	])('sends %s media by link or media ID', async (type, fields, media) => {
		const { send } = setup();
		const scope = nock(BASE)
			.post(PATH, { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type, [type]: media })
			.reply(200, accepted('+16505551234', '16505551234'));
		await send({ phoneNumberId: SENDER, to: '+16505551234', messageType: type, ...fields });
		expect(scope.isDone()).toBe(true);
	});

	it('sends reply buttons as an interactive message, ids from "id|Title" or the title itself', async () => {
		const { send } = setup();
		const scope = nock(BASE)
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				recipient_identity_key_hash: HASH,
				type: 'interactive',
				interactive: {
					type: 'button',
					body: { text: 'Confirm your appointment?' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'yes', title: 'Yes, please' } },
							{ type: 'reply', reply: { id: 'Reschedule', title: 'Reschedule' } },
						],
					},
				},
			})
			.reply(200, accepted('+16505551234', '16505551234'));
		await send({ phoneNumberId: SENDER, to: '+16505551234', messageType: 'buttons', text: 'Confirm your appointment?', buttons: 'yes|Yes, please\nReschedule', recipientIdentityKeyHash: HASH });
		expect(scope.isDone()).toBe(true);
	});

	it('sends the advanced options: link preview, reply context and tracking data', async () => {
		const { send } = setup();
		const scope = nock(BASE)
			.post(PATH, {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				context: { message_id: 'wamid.ORIGINAL' },
				biz_opaque_callback_data: 'campaign-7',
				type: 'text',
				text: { preview_url: true, body: 'See https://example.com' },
			})
			.reply(200, accepted('+16505551234', '16505551234'));
		await send({ phoneNumberId: SENDER, to: '+16505551234', text: 'See https://example.com', previewUrl: 'yes', replyToMessageId: 'wamid.ORIGINAL', bizOpaqueCallbackData: 'campaign-7' });
		expect(scope.isDone()).toBe(true);
	});
});

describe('sendMessage: input checked before any request', () => {
	const sent: HttpRequest[] = [];
	const transport = {
		send: async (request: HttpRequest): Promise<HttpResponse> => {
			sent.push(request);
			return { status: 200, headers: {}, body: '{}' };
		},
	};
	const client = new GraphClient({ accessToken: TOKEN }, { transport, sleep: async () => undefined, now: () => 0, random: () => 0 });
	const base = { phoneNumberId: SENDER, to: '+16505551234', messageType: 'text', text: 'Hi' };

	afterAll(() => expect(sent).toEqual([]));

	it.each<[string, Record<string, unknown>, string, RegExp]>([
		['a national number', { to: '07700 900123' }, 'To', /starts with 0.*Use the international format with "\+" and the country code/],
		['a number too short', { to: '+1 555' }, 'To', /has 4 digits/],
		['letters in the number', { to: 'call me' }, 'To', /is not a phone number/],
		['a text over 4096 characters', { text: 'x'.repeat(4097) }, 'Text', /is 4097 characters long.*at most 4096/],
		['a missing text', { text: '' }, 'Text', /is required/],
		['a caption over 1024 characters', { messageType: 'image', mediaUrl: 'https://example.com/a.jpg', caption: 'c'.repeat(1025) }, 'Caption', /at most 1024/],
		['a missing media link', { messageType: 'image' }, 'Media URL or ID', /is required/],
		['a media link that is not a URL', { messageType: 'video', mediaUrl: 'not a link' }, 'Media URL or ID', /is not a web link/],
		['four buttons', { messageType: 'buttons', buttons: 'a\nb\nc\nd' }, 'Buttons', /has 4 buttons.*at most 3/],
		['a button title over 20 characters', { messageType: 'buttons', buttons: 'ok|This title is far too long' }, 'Buttons', /is 26 characters long.*at most 20/],
		['two buttons with the same id', { messageType: 'buttons', buttons: 'x|Yes\nx|No' }, 'Buttons', /two buttons have the id "x"/],
		['a template name with capitals and spaces', { messageType: 'template', templateName: 'Order Confirmation', templateLanguage: 'en' }, 'Template Name', /lowercase letters, digits and underscores/],
		['a language that is not a code', { messageType: 'template', templateName: 'hello_world', templateLanguage: 'english' }, 'Template Language', /is not a language code/],
		['a template parameter with a new line', { messageType: 'template', templateName: 'hello_world', templateLanguage: 'en', templateParameters: ['line one\nline two'] }, 'Template Parameters', /new line/],
		['a media header without value (Check Template off)', { messageType: 'template', templateName: 'promo', templateLanguage: 'en', templateHeaderType: 'image', templateCheck: false }, 'Template Header Value', /is required/],
		['a hash that is not a hash', { recipientIdentityKeyHash: 'not a hash!' }, 'Recipient Identity Key Hash', /is not an identity key hash/],
		['a phone number ID that is not an ID', { phoneNumberId: '+1 555 0100' }, 'Phone Number', /is not a Meta ID/],
		['an unknown message type', { messageType: 'carousel' }, 'Message Type', /Choose one of: text, template, image, document, video, audio, buttons/],
	])('rejects %s, naming the field', async (_case, change, field, message) => {
		const error = await failure(runOperation(sendMessage, client, { ...base, ...change }));
		expect(error.category).toBe('invalid_input');
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
		expect(error.operation).toBe('sendMessage');
	});
});

describe('sendMessage: Meta errors and retries', () => {
	const input = { phoneNumberId: SENDER, to: '+16505551234', messageType: 'text', text: 'Hi' };
	const body = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234', type: 'text', text: { preview_url: false, body: 'Hi' } };

	it('131056 (pair rate): not retried, throttling with a 6 s hint for this recipient', async () => {
		const { send, runtime } = setup();
		const scope = nock(BASE).post(PATH, body).reply(400, metaError(131056, '(Business Account, Consumer Account) pair rate limit hit'));
		const spare = nock(BASE).post(PATH).reply(200, accepted('+16505551234', '16505551234'));
		const error = await failure(send(input));
		expect(scope.isDone()).toBe(true);
		expect(spare.isDone()).toBe(false);
		expect(runtime.sleeps).toEqual([]);
		expect(error.toJSON()).toEqual({
			message: 'Too many messages were sent to the same person in a short time. Wait before messaging this person again (about 6 seconds between messages); other recipients are not affected.',
			category: 'throttling',
			nextStep: 'Wait before messaging this person again (about 6 seconds between messages); other recipients are not affected.',
			retry: { action: 'retry_after', afterMs: 6000 },
			code: 131056,
			fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
			httpStatus: 400,
			details: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
			operation: 'sendMessage',
		});
	});

	it('130429 (throughput, HTTP 400): retried after the Retry-After Meta sent, then succeeds', async () => {
		const { send, runtime } = setup();
		const scope = nock(BASE)
			.post(PATH, body)
			.reply(400, metaError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'), { 'Retry-After': '3' })
			.post(PATH, body)
			.reply(200, accepted('+16505551234', '16505551234'));
		const output = await send(input);
		expect(scope.isDone()).toBe(true);
		expect(runtime.sleeps).toEqual([3000]);
		expect(output).toMatchObject({ messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3', waId: '16505551234' });
	});

	it('130429 every time: 4 attempts with growing delays, then the throttling error', async () => {
		const { send, runtime } = setup();
		const scope = nock(BASE).post(PATH, body).times(4).reply(400, metaError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'));
		const error = await failure(send(input));
		expect(scope.isDone()).toBe(true);
		// No Retry-After: the catalog's 1 s floor, random() = 0 adds no jitter.
		expect(runtime.sleeps).toEqual([1000, 1000, 1000]);
		expect(error).toMatchObject({ category: 'throttling', code: 130429, retry: { action: 'retry_after', afterMs: 1000 } });
	});

	it('131047 (outside the 24 h window): not retried, tells to send a template', async () => {
		const { send, runtime } = setup();
		const scope = nock(BASE).post(PATH, body).reply(400, metaError(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'));
		const error = await failure(send(input));
		expect(scope.isDone()).toBe(true);
		expect(runtime.sleeps).toEqual([]);
		expect(error).toMatchObject({ category: 'recipient', code: 131047, retry: { action: 'fix_and_retry' } });
		expect(error.message).toBe('More than 24 hours passed since this person last wrote, so only a template message can be sent. Send an approved template instead of free text.');
	});

	it('137000 answered synchronously: category identity, never retried', async () => {
		const { send, runtime } = setup();
		const withHash = { ...body, recipient_identity_key_hash: HASH };
		const scope = nock(BASE).post(PATH, withHash).reply(400, metaError(137000, 'Identity key hash mismatch'));
		const spare = nock(BASE).post(PATH).reply(200, accepted('+16505551234', '16505551234'));
		const error = await failure(send({ ...input, recipientIdentityKeyHash: HASH }));
		expect(scope.isDone()).toBe(true);
		expect(spare.isDone()).toBe(false);
		expect(runtime.sleeps).toEqual([]);
		expect(error.category).toBe('identity');
		expect(error.isIdentityMismatch).toBe(true);
		expect(error.retry).toEqual({ action: 'do_not_retry' });
		expect(error.nextStep).toMatch(/Re-verify the person outside WhatsApp.*send once without an identity hash/);
	});

	it('a 500 after the request went out is not retried and says to check before resending', async () => {
		const { send, runtime } = setup();
		const scope = nock(BASE).post(PATH, body).reply(500, metaError(131000, 'Something went wrong'));
		const spare = nock(BASE).post(PATH).reply(200, accepted('+16505551234', '16505551234'));
		const error = await failure(send(input));
		expect(scope.isDone()).toBe(true);
		expect(spare.isDone()).toBe(false);
		expect(runtime.sleeps).toEqual([]);
		expect(error.toJSON()).toEqual({
			message: 'Something went wrong at WhatsApp. The message may still have reached WhatsApp: check the status webhooks or the conversation before sending it again.',
			category: 'transient',
			nextStep: 'The message may still have reached WhatsApp: check the status webhooks or the conversation before sending it again.',
			retry: { action: 'do_not_retry' },
			code: 131000,
			fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
			httpStatus: 500,
			details: '(#131000) Something went wrong',
			operation: 'sendMessage',
		});
	});

	it('a refused connection (nothing reached Meta) is retried', async () => {
		const { send, runtime } = setup();
		const scope = nock(BASE)
			.post(PATH, body)
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED 157.240.0.1:443'), { code: 'ECONNREFUSED' }))
			.post(PATH, body)
			.reply(200, accepted('+16505551234', '16505551234'));
		const output = await send(input);
		expect(scope.isDone()).toBe(true);
		expect(runtime.sleeps).toEqual([1000]);
		expect(output).toMatchObject({ waId: '16505551234' });
	});

	it('a dropped connection after the body went out is not retried (the message may have arrived)', async () => {
		// Scripted transport: under nock the error fires before the body is flushed, so the "sent" flag cannot be staged there.
		const attempts: HttpRequest[] = [];
		const sleeps: number[] = [];
		const transport = {
			send: async (request: HttpRequest): Promise<HttpResponse> => {
				attempts.push(request);
				throw new TransportFailure('connection dropped', 'reset', true);
			},
		};
		const client = new GraphClient({ accessToken: TOKEN }, { transport, sleep: async (ms) => void sleeps.push(ms), now: () => 0, random: () => 0 });
		const error = await failure(runOperation(sendMessage, client, input));
		expect(attempts).toHaveLength(1);
		expect(JSON.parse(attempts[0].body ?? '')).toEqual(body);
		expect(sleeps).toEqual([]);
		expect(error.retry).toEqual({ action: 'do_not_retry' });
		expect(error.nextStep).toBe('The message may still have reached WhatsApp: check the status webhooks or the conversation before sending it again.');
	});
});

describe('sendMessage: secrets', () => {
	it('never shows the access token in an error, even when Meta echoes it', async () => {
		const { send } = setup();
		nock(BASE)
			.post(PATH)
			.reply(401, { error: { message: `Invalid OAuth access token - Cannot parse access token ${TOKEN}`, type: 'OAuthException', code: 190, fbtrace_id: 'X1' } });
		const error = await failure(send({ phoneNumberId: SENDER, to: '+16505551234', text: `token ${TOKEN}` }));
		expect(error.category).toBe('auth');
		for (const text of [error.message, error.stack ?? '', JSON.stringify(error.toJSON()), String(error.details)]) expect(text).not.toContain(TOKEN);
		expect(error.details).toContain('[redacted]');
	});

	it('never shows the access token in an output', async () => {
		const { send } = setup();
		nock(BASE)
			.post(PATH)
			.reply(200, { messaging_product: 'whatsapp', contacts: [{ input: TOKEN, wa_id: '16505551234' }], messages: [{ id: 'wamid.X' }] });
		const output = await send({ phoneNumberId: SENDER, to: '+16505551234', text: 'Hi' });
		expect(JSON.stringify(output)).not.toContain(TOKEN);
	});
});
