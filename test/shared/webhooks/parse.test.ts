import { parseWebhook, WEBHOOK_EVENT_TYPES, WhatsAppError, type WebhookEvent } from '../../../shared';
import {
	contentKey,
	DISPLAY_PHONE_NUMBER,
	fixtureBytes,
	fixtureJson,
	IDENTITY_NEXT_STEP,
	PHONE_NUMBER_ID,
	WABA_ID,
} from './helpers';

const perNumber = { wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_PHONE_NUMBER, field: 'messages' };
const STATUS_WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA';
const FAILED_WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUY5RjNGNjA1RDM2OTQ5QjlFQQA=';
const SHEENA = '16505551234';
const SHEENA_BSUID = 'US.13491208655302741918';

/** Parses the fixture from its raw bytes (as the trigger and the relay do). */
const parseFixture = (name: string): WebhookEvent[] => parseWebhook(fixtureBytes(name));

/** Expected event for a one-change account-level fixture. */
function accountEvent(name: string, type: string, occurredAt: string, specific: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	const body = fixtureJson(name);
	const entry = body.entry[0];
	const change = entry.changes[0];
	return {
		type,
		dedupeKey: contentKey(type, change.field, entry.id, entry.time, change.value),
		wabaId: entry.id,
		...extra,
		field: change.field,
		occurredAt,
		...specific,
		raw: change.value,
	};
}

describe('parseWebhook: messages', () => {
	test('inbound text with identity hash, BSUID and username: the message and the observed hash', () => {
		const body = fixtureJson('messages-inbound-text');
		const value = body.entry[0].changes[0].value;
		expect(parseFixture('messages-inbound-text')).toStrictEqual([
			{
				type: 'inboundMessage',
				dedupeKey: 'inboundMessage:wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUNCNjRGQjQ3NUQ5QkI2NTYyNgA=',
				...perNumber,
				occurredAt: '2025-06-15T23:27:53.000Z',
				messageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUNCNjRGQjQ3NUQ5QkI2NTYyNgA=',
				from: SHEENA,
				messageType: 'text',
				text: 'Hi, is my order 4417 on its way? Ça va?',
				contactName: 'Sheena Nelson',
				userId: SHEENA_BSUID,
				username: 'sheena.n',
				identityKeyHash: 'DF2lS5v2W6x=',
				raw: value.messages[0],
			},
			{
				type: 'identityHashObserved',
				dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA}:DF2lS5v2W6x=`,
				...perNumber,
				occurredAt: '2025-06-15T23:27:53.000Z',
				waId: SHEENA,
				userId: SHEENA_BSUID,
				username: 'sheena.n',
				identityKeyHash: 'DF2lS5v2W6x=',
				source: 'contact',
				raw: value.contacts[0],
			},
		]);
	});

	test.each([
		['sent', '2025-06-28T20:34:40.000Z'],
		['delivered', '2025-06-28T20:34:43.000Z'],
		['read', '2025-06-28T20:34:48.000Z'],
	])('status %s with pricing and recipient hash: the status and the observed hash', (word, occurredAt) => {
		const name = `messages-status-${word}`;
		const status = fixtureJson(name).entry[0].changes[0].value.statuses[0];
		expect(parseFixture(name)).toStrictEqual([
			{
				type: 'messageStatus',
				dedupeKey: `messageStatus:${STATUS_WAMID}:${word}`,
				...perNumber,
				occurredAt,
				messageId: STATUS_WAMID,
				status: word,
				recipientId: SHEENA,
				recipientUserId: SHEENA_BSUID,
				recipientIdentityKeyHash: 'DF2lS5v2W6x=',
				raw: status,
			},
			{
				type: 'identityHashObserved',
				dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA}:DF2lS5v2W6x=`,
				...perNumber,
				occurredAt,
				waId: SHEENA,
				userId: SHEENA_BSUID,
				identityKeyHash: 'DF2lS5v2W6x=',
				source: 'status',
				raw: status,
			},
		]);
		// Pricing is Meta's to describe: it stays in raw, untouched.
		expect(status.pricing === undefined).toBe(word === 'read');
	});

	test('failed with 137000: the status, an identity mismatch with the next step, and the new hash', () => {
		const status = fixtureJson('messages-status-failed-137000').entry[0].changes[0].value.statuses[0];
		const error = {
			code: 137000,
			title: 'Identity key mismatch',
			message: 'Identity key mismatch',
			details: 'The recipient identity key hash does not match.',
			href: '/documentation/business-messaging/whatsapp/support/error-codes',
		};
		expect(parseFixture('messages-status-failed-137000')).toStrictEqual([
			{
				type: 'messageStatus',
				dedupeKey: `messageStatus:${FAILED_WAMID}:failed`,
				...perNumber,
				occurredAt: '2025-06-28T20:36:30.000Z',
				messageId: FAILED_WAMID,
				status: 'failed',
				recipientId: SHEENA,
				recipientIdentityKeyHash: 'Qm9Fh3kLz1A=',
				errors: [error],
				raw: status,
			},
			{
				type: 'identityMismatch',
				dedupeKey: `identityMismatch:${FAILED_WAMID}`,
				...perNumber,
				occurredAt: '2025-06-28T20:36:30.000Z',
				messageId: FAILED_WAMID,
				recipientId: SHEENA,
				nextStep: IDENTITY_NEXT_STEP,
				error,
				raw: status,
			},
			{
				type: 'identityHashObserved',
				dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA}:Qm9Fh3kLz1A=`,
				...perNumber,
				occurredAt: '2025-06-28T20:36:30.000Z',
				waId: SHEENA,
				identityKeyHash: 'Qm9Fh3kLz1A=',
				source: 'status',
				raw: status,
			},
		]);
	});

	test('the mismatch next step says what to do in the user’s words', () => {
		const mismatch = parseFixture('messages-status-failed-137000').find((event) => event.type === 'identityMismatch');
		expect(mismatch && 'nextStep' in mismatch ? mismatch.nextStep : '').toMatch(
			/^Re-verify the person outside WhatsApp.*send once without an identity hash and store the new hash/,
		);
	});

	test('137000 is matched on the code alone, even as a string and with another status word', () => {
		const body = fixtureJson('messages-status-failed-137000');
		const status = body.entry[0].changes[0].value.statuses[0];
		status.status = 'warning';
		status.errors = [{ code: '137000' }];
		delete status.recipient_identity_key_hash;
		expect(parseWebhook(body).map((event) => [event.type, event.dedupeKey])).toStrictEqual([
			['messageStatus', `messageStatus:${FAILED_WAMID}:warning`],
			['identityMismatch', `identityMismatch:${FAILED_WAMID}`],
		]);
	});

	test('a failed status with another error code is no identity mismatch', () => {
		const body = fixtureJson('messages-status-failed-137000');
		body.entry[0].changes[0].value.statuses[0].errors[0].code = 131026;
		expect(parseWebhook(body).map((event) => event.type)).toStrictEqual(['messageStatus', 'identityHashObserved']);
	});

	test('unsupported inbound type keeps its 131051 error; no hash, so no hash event', () => {
		const value = fixtureJson('messages-inbound-unsupported').entry[0].changes[0].value;
		expect(parseFixture('messages-inbound-unsupported')).toStrictEqual([
			{
				type: 'inboundMessage',
				dedupeKey: 'inboundMessage:wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				...perNumber,
				occurredAt: '2025-06-16T16:18:22.000Z',
				messageId: 'wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				from: '16315551181',
				messageType: 'unsupported',
				contactName: 'Kerry Fisher',
				userId: 'US.88120356124470915633',
				errors: [
					{
						code: 131051,
						title: 'Message type unknown',
						message: 'Message type unknown',
						details: 'Message type is currently not supported.',
					},
				],
				raw: value.messages[0],
			},
		]);
	});

	test('a system error in value.errors becomes an `other` event carrying the error', () => {
		const value = fixtureJson('messages-system-error').entry[0].changes[0].value;
		expect(parseFixture('messages-system-error')).toStrictEqual([
			{
				type: 'other',
				dedupeKey: contentKey('other', 'messages', WABA_ID, undefined, { error: value.errors[0], phoneNumberId: PHONE_NUMBER_ID }),
				...perNumber,
				errors: [
					{
						code: 131000,
						title: 'Something went wrong',
						message: 'Something went wrong',
						details: 'Unable to process the webhook due to an internal error.',
						href: '/documentation/business-messaging/whatsapp/support/error-codes',
					},
				],
				raw: value.errors[0],
			},
		]);
	});

	test('a user with a username and no phone number: the hash is kept under the BSUID', () => {
		const body = fixtureJson('messages-inbound-text');
		const value = body.entry[0].changes[0].value;
		delete value.contacts[0].wa_id;
		delete value.messages[0].from;
		const events = parseWebhook(body);
		expect(events.map((event) => [event.type, event.dedupeKey])).toStrictEqual([
			['inboundMessage', 'inboundMessage:wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUNCNjRGQjQ3NUQ5QkI2NTYyNgA='],
			['identityHashObserved', `identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA_BSUID}:DF2lS5v2W6x=`],
		]);
		expect(events[0]).toMatchObject({ contactName: 'Sheena Nelson', userId: SHEENA_BSUID, identityKeyHash: 'DF2lS5v2W6x=' });
		expect(events[0]).not.toHaveProperty('from');
		expect(events[1]).toMatchObject({ waId: SHEENA_BSUID, userId: SHEENA_BSUID, source: 'contact' });
	});

	test('group sends: one status per participant under the same message ID, each with its own key', () => {
		const body = fixtureJson('messages-status-delivered');
		const status = body.entry[0].changes[0].value.statuses[0];
		delete status.recipient_identity_key_hash;
		status.recipient_type = 'group';
		status.recipient_participant_id = '16505550001';
		body.entry[0].changes[0].value.statuses.push({ ...status, recipient_participant_id: '16505550002' });
		expect(parseWebhook(body).map((event) => event.dedupeKey)).toStrictEqual([
			`messageStatus:${STATUS_WAMID}:delivered:16505550001`,
			`messageStatus:${STATUS_WAMID}:delivered:16505550002`,
		]);
	});
});

describe('parseWebhook: account_update → statusChanged', () => {
	test('ACCOUNT_RESTRICTION lists each restriction with its end', () => {
		expect(parseFixture('account-update-restriction')).toStrictEqual([
			accountEvent('account-update-restriction', 'statusChanged', '2025-07-02T00:00:00.000Z', {
				status: 'ACCOUNT_RESTRICTION',
				restrictions: [
					{ type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiresAt: '2025-07-09T00:00:00.000Z' },
					{
						type: 'RESTRICTED_ADD_PHONE_NUMBER_ACTION',
						expiresAt: '2025-07-09T00:00:00.000Z',
						remediation: 'Appeal in Business Support Home.',
					},
				],
			}),
		]);
	});

	test('DISABLED_UPDATE carries the ban state and date', () => {
		expect(parseFixture('account-update-disabled')).toStrictEqual([
			accountEvent('account-update-disabled', 'statusChanged', '2025-07-03T00:00:00.000Z', {
				status: 'DISABLED_UPDATE',
				banState: 'SCHEDULE_FOR_DISABLE',
				banDate: '2025-07-15',
			}),
		]);
	});

	test('ACCOUNT_VIOLATION carries the violation type', () => {
		expect(parseFixture('account-update-violation')).toStrictEqual([
			accountEvent('account-update-violation', 'statusChanged', '2025-07-04T00:00:00.000Z', {
				status: 'ACCOUNT_VIOLATION',
				violationType: 'SCAM',
			}),
		]);
	});

	test('ACCOUNT_RECONNECTED names the number and the disconnection reason', () => {
		expect(parseFixture('account-update-reconnected')).toStrictEqual([
			accountEvent(
				'account-update-reconnected',
				'statusChanged',
				'2025-07-05T00:00:00.000Z',
				{ status: 'ACCOUNT_RECONNECTED', disconnectionReason: 'USER_RE_REGISTERED', disconnectionInitiatedBy: 'USER' },
				{ displayPhoneNumber: DISPLAY_PHONE_NUMBER },
			),
		]);
	});

	test('PARTNER_ADDED: waba_info (not lifted out) stays in raw', () => {
		const [event] = parseFixture('account-update-partner-added');
		expect(event).toStrictEqual(
			accountEvent('account-update-partner-added', 'statusChanged', '2025-07-06T00:00:00.000Z', { status: 'PARTNER_ADDED' }),
		);
		expect(event.raw).toMatchObject({ waba_info: { owner_business_id: '1830129343928174' } });
	});
});

describe('parseWebhook: phone number and business fields', () => {
	test('name APPROVED keeps Meta’s null rejection reason', () => {
		expect(parseFixture('phone-number-name-update-approved')).toStrictEqual([
			accountEvent(
				'phone-number-name-update-approved',
				'nameReviewed',
				'2025-02-12T00:43:44.000Z',
				{ decision: 'APPROVED', requestedVerifiedName: 'Lucky Shrub', rejectionReason: null },
				{ displayPhoneNumber: DISPLAY_PHONE_NUMBER },
			),
		]);
	});

	test('name REJECTED carries the reason', () => {
		expect(parseFixture('phone-number-name-update-rejected')).toStrictEqual([
			accountEvent(
				'phone-number-name-update-rejected',
				'nameReviewed',
				'2025-02-13T00:43:44.000Z',
				{ decision: 'REJECTED', requestedVerifiedName: 'Best Shrubs Ever', rejectionReason: 'NAME_FORMAT_UNACCEPTABLE' },
				{ displayPhoneNumber: DISPLAY_PHONE_NUMBER },
			),
		]);
	});

	test('quality ONBOARDING (2026 form): the current limit comes from max_daily_conversations_per_business', () => {
		expect(parseFixture('phone-number-quality-update-onboarding')).toStrictEqual([
			accountEvent(
				'phone-number-quality-update-onboarding',
				'qualityChanged',
				'2025-05-27T17:46:40.000Z',
				{ event: 'ONBOARDING', currentLimit: 'TIER_250', maxDailyConversationsPerBusiness: 'TIER_250' },
				{ displayPhoneNumber: DISPLAY_PHONE_NUMBER },
			),
		]);
	});

	test('quality THROUGHPUT_UPGRADE', () => {
		expect(parseFixture('phone-number-quality-update-throughput-upgrade')).toStrictEqual([
			accountEvent(
				'phone-number-quality-update-throughput-upgrade',
				'qualityChanged',
				'2025-05-28T17:46:34.000Z',
				{ event: 'THROUGHPUT_UPGRADE', currentLimit: 'TIER_UNLIMITED', maxDailyConversationsPerBusiness: 'TIER_UNLIMITED' },
				{ displayPhoneNumber: DISPLAY_PHONE_NUMBER },
			),
		]);
	});

	test('legacy quality FLAGGED with current and old limit', () => {
		expect(parseFixture('phone-number-quality-update-flagged')).toStrictEqual([
			accountEvent(
				'phone-number-quality-update-flagged',
				'qualityChanged',
				'2023-11-14T22:13:20.000Z',
				{ event: 'FLAGGED', currentLimit: 'TIER_10K', oldLimit: 'TIER_10K' },
				{ displayPhoneNumber: DISPLAY_PHONE_NUMBER },
			),
		]);
	});

	test('capability with the integer form (per WABA): kept as a number, tier derived', () => {
		expect(parseFixture('business-capability-update-integer')).toStrictEqual([
			accountEvent('business-capability-update-integer', 'capabilityChanged', '2025-02-12T00:43:44.000Z', {
				maxDailyConversationsPerBusiness: 2000,
				maxPhoneNumbersPerWaba: 25,
				messagingLimitTier: 'TIER_2K',
			}),
		]);
	});

	test('capability with the TIER string form (per business)', () => {
		expect(parseFixture('business-capability-update-tier')).toStrictEqual([
			accountEvent('business-capability-update-tier', 'capabilityChanged', '2025-02-12T00:45:00.000Z', {
				maxDailyConversationsPerBusiness: 'TIER_250',
				maxPhoneNumbersPerBusiness: 2,
				messagingLimitTier: 'TIER_250',
			}),
		]);
	});

	test('capability with the deprecated per-phone key (-1 = unlimited)', () => {
		expect(parseFixture('business-capability-update-per-phone')).toStrictEqual([
			accountEvent('business-capability-update-per-phone', 'capabilityChanged', '2024-01-01T00:00:00.000Z', {
				maxPhoneNumbersPerWaba: 25,
				maxDailyConversationPerPhone: -1,
				messagingLimitTier: 'TIER_UNLIMITED',
			}),
		]);
	});

	test('account review', () => {
		expect(parseFixture('account-review-update')).toStrictEqual([
			accountEvent('account-review-update', 'accountReview', '2025-02-12T00:43:44.000Z', { decision: 'APPROVED' }),
		]);
	});

	test.each([
		['business-username-updates-reserved', '2026-06-30T00:00:00.000Z', { username: 'luckyshrub', status: 'reserved' }],
		['business-username-updates-approved', '2026-07-01T00:00:00.000Z', { username: 'luckyshrub', status: 'approved' }],
		['business-username-updates-deleted', '2026-07-02T00:00:00.000Z', { status: 'deleted' }],
		['business-username-update-singular', '2026-07-01T00:00:00.000Z', { username: 'luckyshrub', status: 'approved' }],
	])('username: %s', (name, occurredAt, specific) => {
		expect(parseFixture(name)).toStrictEqual([
			accountEvent(name, 'usernameChanged', occurredAt, specific, { displayPhoneNumber: DISPLAY_PHONE_NUMBER }),
		]);
	});

	test('template status is a templateStatusChanged with the template ID as a string', () => {
		expect(parseFixture('message-template-status-update')).toStrictEqual([
			accountEvent('message-template-status-update', 'templateStatusChanged', '2025-06-30T01:39:08.000Z', {
				templateId: '1689556908129832',
				templateName: 'order_confirmation',
				templateLanguage: 'en-US',
				event: 'APPROVED',
				reason: 'NONE',
				category: 'UTILITY',
			}),
		]);
	});

	test('event version 1 (the first release): template status passes through as `other` with its event word', () => {
		expect(parseWebhook(fixtureBytes('message-template-status-update'), { eventVersion: 1 })).toStrictEqual([
			accountEvent('message-template-status-update', 'other', '2025-06-30T01:39:08.000Z', { event: 'APPROVED' }),
		]);
	});

	test('user_id_update passes through as `other`, value untouched', () => {
		const [event] = parseFixture('user-id-update');
		expect(event).toStrictEqual(accountEvent('user-id-update', 'other', '2026-06-21T00:00:00.000Z', {}));
		expect(event.raw).toStrictEqual({
			user_id: { previous: 'US.13491208655302741918', current: 'US.20571938462017364500' },
		});
	});
});

describe('parseWebhook: batches', () => {
	test('every entry and every change of a multi-entry batch, in order', () => {
		const body = fixtureJson('batch-multi-entry');
		const [first, second, third] = body.entry;
		const kerryHash = 'bW9yZWhhc2g=';
		const kerryWamid = 'wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQkQ4QUM0RjA2MUEzQjRFMzU1NwA=';
		expect(parseFixture('batch-multi-entry')).toStrictEqual([
			{
				type: 'messageStatus',
				dedupeKey: `messageStatus:${STATUS_WAMID}:delivered`,
				...perNumber,
				occurredAt: '2025-06-28T20:34:43.000Z',
				messageId: STATUS_WAMID,
				status: 'delivered',
				recipientId: SHEENA,
				raw: first.changes[0].value.statuses[0],
			},
			{
				type: 'inboundMessage',
				dedupeKey: `inboundMessage:${kerryWamid}`,
				...perNumber,
				occurredAt: '2025-06-28T20:35:00.000Z',
				messageId: kerryWamid,
				from: '16315551181',
				messageType: 'text',
				text: 'Thanks!',
				contactName: 'Kerry Fisher',
				identityKeyHash: kerryHash,
				raw: first.changes[1].value.messages[0],
			},
			{
				type: 'identityHashObserved',
				dedupeKey: `identityHashObserved:${PHONE_NUMBER_ID}:16315551181:${kerryHash}`,
				...perNumber,
				occurredAt: '2025-06-28T20:35:00.000Z',
				waId: '16315551181',
				identityKeyHash: kerryHash,
				source: 'contact',
				raw: first.changes[1].value.contacts[0],
			},
			{
				type: 'statusChanged',
				dedupeKey: contentKey('statusChanged', 'account_update', WABA_ID, 1751414400, second.changes[0].value),
				wabaId: WABA_ID,
				field: 'account_update',
				occurredAt: '2025-07-02T00:00:00.000Z',
				status: 'ACCOUNT_RESTRICTION',
				restrictions: [{ type: 'RESTRICTED_CUSTOMER_INITIATED_MESSAGING', expiresAt: '2025-07-09T00:00:00.000Z' }],
				raw: second.changes[0].value,
			},
			{
				type: 'qualityChanged',
				dedupeKey: contentKey('qualityChanged', 'phone_number_quality_update', WABA_ID, 1751414400, second.changes[1].value),
				wabaId: WABA_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				field: 'phone_number_quality_update',
				occurredAt: '2025-07-02T00:00:00.000Z',
				event: 'THROUGHPUT_UPGRADE',
				currentLimit: 'TIER_UNLIMITED',
				maxDailyConversationsPerBusiness: 'TIER_UNLIMITED',
				raw: second.changes[1].value,
			},
			{
				type: 'capabilityChanged',
				dedupeKey: contentKey('capabilityChanged', 'business_capability_update', '524126980791429', 1739321024, third.changes[0].value),
				wabaId: '524126980791429',
				field: 'business_capability_update',
				occurredAt: '2025-02-12T00:43:44.000Z',
				maxDailyConversationsPerBusiness: 10000,
				maxPhoneNumbersPerBusiness: 20,
				messagingLimitTier: 'TIER_10K',
				raw: third.changes[0].value,
			},
			{
				type: 'other',
				dedupeKey: contentKey('other', 'calls', '524126980791429', 1739321024, third.changes[1].value),
				wabaId: '524126980791429',
				phoneNumberId: '200000000000001',
				displayPhoneNumber: '15550001111',
				field: 'calls',
				occurredAt: '2025-02-12T00:43:44.000Z',
				raw: third.changes[1].value,
			},
		]);
	});

	test('a hash seen on several statuses of one body is reported once', () => {
		const sent = fixtureJson('messages-status-sent');
		const delivered = fixtureJson('messages-status-delivered');
		const read = fixtureJson('messages-status-read');
		const body = { object: 'whatsapp_business_account', entry: [sent.entry[0], delivered.entry[0], read.entry[0]] };
		expect(parseWebhook(body).map((event) => event.dedupeKey)).toStrictEqual([
			`messageStatus:${STATUS_WAMID}:sent`,
			`identityHashObserved:${PHONE_NUMBER_ID}:${SHEENA}:DF2lS5v2W6x=`,
			`messageStatus:${STATUS_WAMID}:delivered`,
			`messageStatus:${STATUS_WAMID}:read`,
		]);
	});

	test('the same change twice in one body gives one event', () => {
		const body = fixtureJson('account-review-update');
		body.entry.push(JSON.parse(JSON.stringify(body.entry[0])));
		expect(parseWebhook(body)).toHaveLength(1);
	});

	test('a valid envelope with no changes gives no events', () => {
		expect(parseWebhook({ object: 'whatsapp_business_account', entry: [] })).toStrictEqual([]);
		expect(parseWebhook('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}')).toStrictEqual([]);
		expect(parseWebhook({ object: 'whatsapp_business_account', entry: [{ id: '1', time: 5 }] })).toStrictEqual([]);
	});

	test('every fixture only produces known event types', () => {
		const names = [
			'messages-inbound-text',
			'messages-status-failed-137000',
			'account-update-restriction',
			'business-username-updates-deleted',
			'batch-multi-entry',
		];
		for (const name of names) {
			for (const event of parseFixture(name)) expect(WEBHOOK_EVENT_TYPES).toContain(event.type);
		}
	});
});

describe('parseWebhook: unknown and odd shapes pass through', () => {
	test('an unknown field is `other` with its value untouched', () => {
		const value = { display_phone_number: DISPLAY_PHONE_NUMBER, event: 'PIN_CHANGED', brand_new_key: { nested: [1, 2] } };
		const body = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, time: 1751414400, changes: [{ field: 'security', value }] }] };
		expect(parseWebhook(body)).toStrictEqual([
			{
				type: 'other',
				dedupeKey: contentKey('other', 'security', WABA_ID, 1751414400, value),
				wabaId: WABA_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				field: 'security',
				occurredAt: '2025-07-02T00:00:00.000Z',
				event: 'PIN_CHANGED',
				raw: value,
			},
		]);
	});

	test('unknown keys inside a known value stay in raw', () => {
		const body = fixtureJson('account-review-update');
		body.entry[0].changes[0].value.reviewer_note = 'new in v26';
		const [event] = parseWebhook(body);
		expect(event.type).toBe('accountReview');
		expect(event.raw).toStrictEqual({ decision: 'APPROVED', reviewer_note: 'new in v26' });
	});

	test('a known field without its key word is passed on as `other`, not guessed at', () => {
		const body = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'account_update', value: { something: 'new' } }] }] };
		expect(parseWebhook(body).map((event) => event.type)).toStrictEqual(['other']);
	});

	test('business_status_update with a status word is a statusChanged [inferred shape]', () => {
		const value = { event: 'BUSINESS_VERIFIED' };
		const body = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, time: 1751414400, changes: [{ field: 'business_status_update', value }] }] };
		expect(parseWebhook(body)).toStrictEqual([
			{
				type: 'statusChanged',
				dedupeKey: contentKey('statusChanged', 'business_status_update', WABA_ID, 1751414400, value),
				wabaId: WABA_ID,
				field: 'business_status_update',
				occurredAt: '2025-07-02T00:00:00.000Z',
				status: 'BUSINESS_VERIFIED',
				raw: value,
			},
		]);
	});

	test('field names that are Object.prototype keys are just unknown fields', () => {
		const changes = ['constructor', '__proto__', 'toString'].map((field) => ({ field, value: { event: 'X' } }));
		const body = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes }] };
		expect(parseWebhook(body).map((event) => [event.type, event.field])).toStrictEqual([
			['other', 'constructor'],
			['other', '__proto__'],
			['other', 'toString'],
		]);
	});

	test('a change whose value is not an object, or has no field, is `other`', () => {
		const body = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'flows', value: null }, { value: { a: 1 } }] }] };
		expect(parseWebhook(body).map((event) => ({ type: event.type, field: event.field, raw: event.raw }))).toStrictEqual([
			{ type: 'other', field: 'flows', raw: null },
			{ type: 'other', field: 'unknown', raw: { a: 1 } },
		]);
	});

	test('a status or message without an ID still gets a stable key', () => {
		const body = fixtureJson('messages-status-read');
		delete body.entry[0].changes[0].value.statuses[0].id;
		const first = parseWebhook(body);
		expect(first[0]).toMatchObject({ type: 'messageStatus', messageId: '', dedupeKey: expect.stringMatching(/^messageStatus:messages:[\w-]{22}$/) });
		expect(parseWebhook(JSON.parse(JSON.stringify(body)))[0].dedupeKey).toBe(first[0].dedupeKey);
	});
});

describe('parseWebhook: dedupe keys are stable', () => {
	test('same bytes, same keys (a redelivery)', () => {
		const keys = (events: WebhookEvent[]) => events.map((event) => event.dedupeKey);
		expect(keys(parseFixture('batch-multi-entry'))).toStrictEqual(keys(parseFixture('batch-multi-entry')));
	});

	test('the same JSON with keys in another order gives the same content key', () => {
		const body = fixtureJson('account-update-restriction');
		const value = body.entry[0].changes[0].value;
		const reordered = {
			restriction_info: value.restriction_info.map((item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).reverse())),
			event: value.event,
		};
		const other = { object: 'whatsapp_business_account', entry: [{ changes: [{ value: reordered, field: 'account_update' }], time: body.entry[0].time, id: body.entry[0].id }] };
		expect(parseWebhook(other)[0].dedupeKey).toBe(parseWebhook(body)[0].dedupeKey);
	});

	test('a different time or a different value gives a different key', () => {
		const key = (mutate: (body: ReturnType<typeof fixtureJson>) => void) => {
			const body = fixtureJson('account-review-update');
			mutate(body);
			return parseWebhook(body)[0].dedupeKey;
		};
		const original = key(() => undefined);
		expect(key((body) => (body.entry[0].time += 1))).not.toBe(original);
		expect(key((body) => (body.entry[0].changes[0].value.decision = 'REJECTED'))).not.toBe(original);
		expect(key((body) => (body.entry[0].id = '999'))).not.toBe(original);
	});

	test('content keys never change between releases (pinned)', () => {
		// Receivers store these keys; a change here would make every redelivery after an upgrade look new.
		expect(parseFixture('account-review-update')[0].dedupeKey).toBe('accountReview:account_review_update:vhmDkr67__BAgTWpp2nsV5');
		expect(parseFixture('account-update-restriction')[0].dedupeKey).toBe('statusChanged:account_update:9mLy4Js7YbcqzBp3riqMSp');
	});
});

describe('parseWebhook: input forms and malformed input', () => {
	test('a Buffer, a Uint8Array, a string and a parsed object give the same events', () => {
		const bytes = fixtureBytes('batch-multi-entry');
		const expected = parseWebhook(JSON.parse(bytes.toString('utf8')));
		expect(parseWebhook(bytes)).toStrictEqual(expected);
		expect(parseWebhook(new Uint8Array(bytes))).toStrictEqual(expected);
		expect(parseWebhook(bytes.toString('utf8'))).toStrictEqual(expected);
	});

	test('a UTF-8 byte-order mark is tolerated', () => {
		expect(parseWebhook(`\uFEFF${fixtureBytes('account-review-update').toString('utf8')}`)).toHaveLength(1);
	});

	const invalid: Array<[string, unknown, string, string]> = [
		['not JSON', '{"object":', 'body', 'body: is not valid JSON, so it is not a webhook from Meta'],
		['empty', Buffer.alloc(0), 'body', 'body: is empty, so there is no webhook to read'],
		['a JSON array', '[]', 'body', 'body: is not a JSON object, so it is not a webhook from Meta'],
		['nothing', undefined, 'body', 'body: is not a JSON object, so it is not a webhook from Meta'],
		['another object', { object: 'page', entry: [] }, 'object', 'object: is "page", so this is not a WhatsApp Business Account webhook'],
		['no object', { entry: [] }, 'object', 'object: is missing, so this is not a WhatsApp Business Account webhook'],
		['no entry', { object: 'whatsapp_business_account' }, 'entry', 'entry: is missing, so the webhook carries nothing to read'],
		['an entry without id', { object: 'whatsapp_business_account', entry: [{ changes: [] }] }, 'entry[0]', 'entry[0]: has no "id" (the WhatsApp Business Account ID)'],
		['changes not a list', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: {} }] }, 'entry[0].changes', 'entry[0].changes: is not a list'],
		['a change not an object', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: ['x'] }] }, 'entry[0].changes[0]', 'entry[0].changes[0]: is not an object'],
	];
	test.each(invalid)('%s → WhatsAppError invalid_input naming the field', (_label, body, field, summary) => {
		let caught: unknown;
		try {
			parseWebhook(body);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(WhatsAppError);
		const error = caught as WhatsAppError;
		expect({ category: error.category, field: error.field, summary: error.summary }).toStrictEqual({ category: 'invalid_input', field, summary });
		expect(error.nextStep.length).toBeGreaterThan(20);
	});
});

test('an odd `object` value is not echoed into the error (it comes from an unverified sender)', () => {
	expect(() => parseWebhook({ object: 'x\nFAKE LOG LINE', entry: [] })).toThrow(
		expect.objectContaining({ summary: 'object: is not a known object name, so this is not a WhatsApp Business Account webhook' }),
	);
});
