/**
 * Business-scoped user IDs in webhooks (docs/meta-bsuid.md §2, §3, §5): people without a phone
 * number, statuses of sends to a BSUID, and the system messages that report a new BSUID.
 */
import { parseWebhook, type WebhookEvent } from '../../../shared';
import { DISPLAY_PHONE_NUMBER, fixtureBytes, fixtureJson, PHONE_NUMBER_ID, WABA_ID } from './helpers';

const perNumber = { wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_PHONE_NUMBER, field: 'messages' };
const SHEENA = '16505551234';
const SHEENA_BSUID = 'US.13491208655302741918';
const SHEENA_NEW_BSUID = 'US.20571938462017364500';
const SHEENA_PARENT = 'US.ENT.11815799212886844830';

const parseFixture = (name: string): WebhookEvent[] => parseWebhook(fixtureBytes(name));
const valueOf = (name: string) => fixtureJson(name).entry[0].changes[0].value;

describe('a person without a phone number (BSUID only)', () => {
	test('the inbound message names them by BSUID, parent BSUID, username and profile name; no `from`', () => {
		const value = valueOf('messages-inbound-bsuid-only');
		const messageId = value.messages[0].id;
		expect(parseFixture('messages-inbound-bsuid-only')).toStrictEqual([
			{
				type: 'inboundMessage',
				dedupeKey: `inboundMessage:${messageId}`,
				...perNumber,
				occurredAt: '2026-04-01T00:00:00.000Z',
				messageId,
				messageType: 'text',
				text: 'Is the blue one back in stock?',
				contactName: 'Sheena Nelson',
				userId: SHEENA_BSUID,
				parentUserId: SHEENA_PARENT,
				username: 'sheena.nelson',
				raw: value.messages[0],
			},
		]);
	});

	test('with several contacts, the message is matched to its contact by BSUID', () => {
		const body = fixtureJson('messages-inbound-bsuid-only');
		const value = body.entry[0].changes[0].value;
		value.contacts.unshift({ profile: { name: 'Kerry Fisher' }, wa_id: '16315551181', user_id: 'US.88120356124470915633' });
		const [event] = parseWebhook(body);
		expect(event).toMatchObject({ type: 'inboundMessage', contactName: 'Sheena Nelson', userId: SHEENA_BSUID, username: 'sheena.nelson' });
	});

	test('its identity hash is keyed by BSUID, with the username, when the phone number is left out', () => {
		const body = fixtureJson('messages-inbound-bsuid-only');
		const contact = body.entry[0].changes[0].value.contacts[0];
		contact.identity_key_hash = 'DF2lS5v2W6x=';
		const events = parseWebhook(body);
		expect(events.map((event) => event.dedupeKey)).toStrictEqual([
			`inboundMessage:${body.entry[0].changes[0].value.messages[0].id}`,
			`identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA_BSUID}:DF2lS5v2W6x=`,
		]);
		expect(events[1]).toStrictEqual({
			type: 'identityHashObserved',
			dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA_BSUID}:DF2lS5v2W6x=`,
			...perNumber,
			occurredAt: '2026-04-01T00:00:00.000Z',
			waId: SHEENA_BSUID,
			userId: SHEENA_BSUID,
			parentUserId: SHEENA_PARENT,
			username: 'sheena.nelson',
			identityKeyHash: 'DF2lS5v2W6x=',
			source: 'contact',
			raw: contact,
		});
	});

	test('a message without ID and without phone number still gets a stable content key, different per message', () => {
		const body = fixtureJson('messages-inbound-bsuid-only');
		const messages = body.entry[0].changes[0].value.messages;
		delete messages[0].id;
		messages.push({ ...messages[0], text: { body: 'And the red one?' } });
		const keys = parseWebhook(body).map((event) => event.dedupeKey);
		expect(keys).toHaveLength(2);
		expect(keys[0]).toMatch(/^inboundMessage:messages:[\w-]{22}$/);
		expect(keys[1]).not.toBe(keys[0]);
		expect(parseWebhook(JSON.parse(JSON.stringify(body))).map((event) => event.dedupeKey)).toStrictEqual(keys);
	});
});

describe('statuses of sends to a BSUID', () => {
	test('delivered: no recipient_id; BSUID, parent BSUID and the username from contacts[]', () => {
		const value = valueOf('messages-status-delivered-bsuid');
		const status = value.statuses[0];
		expect(parseFixture('messages-status-delivered-bsuid')).toStrictEqual([
			{
				type: 'messageStatus',
				dedupeKey: `messageStatus:${status.id}:delivered`,
				...perNumber,
				occurredAt: '2026-04-01T00:05:00.000Z',
				messageId: status.id,
				status: 'delivered',
				recipientUserId: SHEENA_BSUID,
				recipientParentUserId: SHEENA_PARENT,
				recipientUsername: 'sheena.nelson',
				raw: status,
			},
		]);
	});

	test('failed: recipient_user_id kept, the error passed on', () => {
		const status = valueOf('messages-status-failed-bsuid').statuses[0];
		expect(parseFixture('messages-status-failed-bsuid')).toStrictEqual([
			{
				type: 'messageStatus',
				dedupeKey: `messageStatus:${status.id}:failed`,
				...perNumber,
				occurredAt: '2026-04-01T00:06:40.000Z',
				messageId: status.id,
				status: 'failed',
				recipientUserId: SHEENA_BSUID,
				errors: [
					{
						code: 131062,
						title: 'Business-scoped User ID recipients are not supported for this message.',
						message: 'Business-scoped User ID recipients are not supported for this message.',
						details: 'One-tap, zero-tap and copy-code authentication templates need a phone number.',
						href: '/documentation/business-messaging/whatsapp/support/error-codes',
					},
				],
				raw: status,
			},
		]);
	});

	test('a status sent to a phone number takes the username of its contact, matched by phone number', () => {
		const body = fixtureJson('messages-status-delivered');
		const value = body.entry[0].changes[0].value;
		value.contacts = [
			{ profile: { username: 'kerry.f' }, wa_id: '16315551181', user_id: 'US.88120356124470915633' },
			{ profile: { username: 'sheena.n' }, wa_id: SHEENA, user_id: SHEENA_BSUID },
		];
		const [status] = parseWebhook(body);
		expect(status).toMatchObject({ type: 'messageStatus', recipientId: SHEENA, recipientUserId: SHEENA_BSUID, recipientUsername: 'sheena.n' });
	});

	test('an identity mismatch and an observed hash of a BSUID recipient carry the BSUIDs', () => {
		const body = fixtureJson('messages-status-failed-137000');
		const status = body.entry[0].changes[0].value.statuses[0];
		delete status.recipient_id;
		status.recipient_user_id = SHEENA_BSUID;
		status.recipient_parent_user_id = SHEENA_PARENT;
		const events = parseWebhook(body);
		expect(events.map((event) => [event.type, event.dedupeKey])).toStrictEqual([
			['messageStatus', `messageStatus:${status.id}:failed`],
			['identityMismatch', `identityMismatch:${status.id}`],
			['identityHashObserved', `identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA_BSUID}:Qm9Fh3kLz1A=`],
		]);
		expect(events[1]).toMatchObject({ recipientUserId: SHEENA_BSUID, recipientParentUserId: SHEENA_PARENT });
		expect(events[1]).not.toHaveProperty('recipientId');
		expect(events[2]).toMatchObject({ waId: SHEENA_BSUID, userId: SHEENA_BSUID, parentUserId: SHEENA_PARENT, source: 'status' });
	});
});

describe('BSUID changes (system messages)', () => {
	test('user_changed_number: new BSUID and new phone number, the previous ones too', () => {
		const message = valueOf('messages-system-user-changed-number').messages[0];
		expect(parseFixture('messages-system-user-changed-number')).toStrictEqual([
			{
				type: 'userIdChanged',
				dedupeKey: `userIdChanged:${message.id}`,
				...perNumber,
				occurredAt: '2026-04-01T00:08:20.000Z',
				messageId: message.id,
				systemType: 'user_changed_number',
				userId: SHEENA_NEW_BSUID,
				previousUserId: SHEENA_BSUID,
				waId: '16505559999',
				previousWaId: SHEENA,
				body: 'User Sheena Nelson changed from 16505551234 to 16505559999',
				raw: message,
			},
		]);
	});

	test('user_changed_user_id: only the BSUIDs, no phone number', () => {
		const message = valueOf('messages-system-user-changed-user-id').messages[0];
		expect(parseFixture('messages-system-user-changed-user-id')).toStrictEqual([
			{
				type: 'userIdChanged',
				dedupeKey: `userIdChanged:${message.id}`,
				...perNumber,
				occurredAt: '2026-04-01T00:10:00.000Z',
				messageId: message.id,
				systemType: 'user_changed_user_id',
				userId: SHEENA_NEW_BSUID,
				previousUserId: SHEENA_BSUID,
				body: "User Sheena Nelson's business-scoped user ID changed",
				raw: message,
			},
		]);
	});

	test('parent BSUIDs and the older customer_changed_number (new_wa_id) are read too', () => {
		const body = fixtureJson('messages-system-user-changed-number');
		const system = body.entry[0].changes[0].value.messages[0].system;
		system.type = 'customer_changed_number';
		system.new_wa_id = system.wa_id;
		delete system.wa_id;
		system.parent_user_id = 'US.ENT.2';
		system.previous_parent_user_id = 'US.ENT.1';
		expect(parseWebhook(body)[0]).toMatchObject({
			type: 'userIdChanged',
			systemType: 'customer_changed_number',
			waId: '16505559999',
			previousWaId: SHEENA,
			parentUserId: 'US.ENT.2',
			previousParentUserId: 'US.ENT.1',
		});
	});

	test('other system messages stay inbound messages of type system', () => {
		const body = fixtureJson('messages-system-user-changed-user-id');
		body.entry[0].changes[0].value.messages[0].system.type = 'customer_identity_changed';
		expect(parseWebhook(body).map((event) => [event.type, 'messageType' in event ? event.messageType : undefined])).toStrictEqual([['inboundMessage', 'system']]);
	});

	test('event version 1 (the first release) keeps them as inbound messages of type system', () => {
		const message = valueOf('messages-system-user-changed-number').messages[0];
		expect(parseWebhook(fixtureBytes('messages-system-user-changed-number'), { eventVersion: 1 })).toStrictEqual([
			{
				type: 'inboundMessage',
				dedupeKey: `inboundMessage:${message.id}`,
				...perNumber,
				occurredAt: '2026-04-01T00:08:20.000Z',
				messageId: message.id,
				from: SHEENA,
				messageType: 'system',
				userId: SHEENA_BSUID,
				raw: message,
			},
		]);
	});

	test('the same system message twice in one body gives one event', () => {
		const body = fixtureJson('messages-system-user-changed-user-id');
		body.entry.push(JSON.parse(JSON.stringify(body.entry[0])));
		expect(parseWebhook(body)).toHaveLength(1);
	});
});
