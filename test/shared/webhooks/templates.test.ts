/** Template webhooks (docs/meta-templates.md §6): typed events with the template ID as a string. */
import { parseWebhook, type WebhookEvent } from '../../../shared';
import { contentKey, fixtureBytes, fixtureJson, WABA_ID } from './helpers';

const parseFixture = (name: string): WebhookEvent[] => parseWebhook(fixtureBytes(name));

/** The event of a one-change template fixture: the common fields, then `specific`, then the value as raw. */
function templateEvent(name: string, type: string, occurredAt: string, specific: Record<string, unknown>) {
	const entry = fixtureJson(name).entry[0];
	const change = entry.changes[0];
	return { type, dedupeKey: contentKey(type, change.field, entry.id, entry.time, change.value), wabaId: WABA_ID, field: change.field, occurredAt, ...specific, raw: change.value };
}

const ABANDONED_CART = { templateId: '1689556908129835', templateName: 'abandoned_cart', templateLanguage: 'en_US' };
const SUMMER_SALE = { templateId: '1689556908129836', templateName: 'summer_sale', templateLanguage: 'en_US' };

describe('message_template_status_update → templateStatusChanged', () => {
	test('REJECTED with the reason and the rejection info', () => {
		expect(parseFixture('message-template-status-update-rejected')).toStrictEqual([
			templateEvent('message-template-status-update-rejected', 'templateStatusChanged', '2026-04-01T00:11:40.000Z', {
				...ABANDONED_CART,
				event: 'REJECTED',
				reason: 'INVALID_FORMAT',
				category: 'MARKETING',
				rejectionInfo: {
					reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
					recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
				},
			}),
		]);
	});

	test('PAUSED with the pause in other_info', () => {
		expect(parseFixture('message-template-status-update-paused')).toStrictEqual([
			templateEvent('message-template-status-update-paused', 'templateStatusChanged', '2026-04-01T00:13:20.000Z', {
				...SUMMER_SALE,
				event: 'PAUSED',
				reason: 'NONE',
				category: 'MARKETING',
				otherInfo: { title: 'FIRST_PAUSE', description: 'Your WhatsApp message template has been paused for 3 hours because of low quality.' },
			}),
		]);
	});

	test('DISABLED with the disable date as ISO 8601', () => {
		expect(parseFixture('message-template-status-update-disabled')).toStrictEqual([
			templateEvent('message-template-status-update-disabled', 'templateStatusChanged', '2026-04-01T00:15:00.000Z', {
				...SUMMER_SALE,
				event: 'DISABLED',
				reason: 'NONE',
				category: 'MARKETING',
				disableDate: '2026-04-01T00:15:00.000Z',
				otherInfo: { title: 'DISABLED', description: 'Your WhatsApp message template has been disabled after repeated low quality.' },
			}),
		]);
	});

	test("Meta's null reason (scheduled for deletion) is kept; a date given as text stays as written", () => {
		const body = fixtureJson('message-template-status-update-disabled');
		const value = body.entry[0].changes[0].value;
		value.event = 'PENDING_DELETION';
		value.reason = null;
		value.disable_info.disable_date = 'July 15, 2026';
		expect(parseWebhook(body)[0]).toMatchObject({ event: 'PENDING_DELETION', reason: null, disableDate: 'July 15, 2026' });
	});

	test('without a template ID or an event word it is passed on as `other`, not guessed at', () => {
		for (const key of ['message_template_id', 'event']) {
			const body = fixtureJson('message-template-status-update-rejected');
			delete body.entry[0].changes[0].value[key];
			expect(parseWebhook(body).map((event) => event.type)).toStrictEqual(['other']);
		}
	});
});

test('message_template_quality_update → templateQualityChanged', () => {
	expect(parseFixture('message-template-quality-update')).toStrictEqual([
		templateEvent('message-template-quality-update', 'templateQualityChanged', '2026-04-01T00:16:40.000Z', {
			templateId: '806312974732579',
			templateName: 'welcome_template',
			templateLanguage: 'en-US',
			qualityScore: 'YELLOW',
			previousQualityScore: 'GREEN',
		}),
	]);
});

describe('template_category_update → templateCategoryChanged', () => {
	const welcome = { templateId: '806312974732579', templateName: 'welcome_template', templateLanguage: 'en_US' };

	test('done: previous and new category', () => {
		expect(parseFixture('template-category-update')).toStrictEqual([
			templateEvent('template-category-update', 'templateCategoryChanged', '2026-04-01T00:18:20.000Z', { ...welcome, category: 'MARKETING', previousCategory: 'UTILITY' }),
		]);
	});

	test('announced 24 hours ahead: the category it will get and when', () => {
		expect(parseFixture('template-category-update-announced')).toStrictEqual([
			templateEvent('template-category-update-announced', 'templateCategoryChanged', '2026-04-01T00:18:20.000Z', {
				...welcome,
				category: 'UTILITY',
				correctCategory: 'MARKETING',
				categoryUpdateAt: '2026-04-02T00:18:20.000Z',
			}),
		]);
	});
});

test('event version 1 (the first release) passes every template field on as `other`', () => {
	const names = ['message-template-status-update-rejected', 'message-template-quality-update', 'template-category-update'];
	for (const name of names) {
		const [event] = parseWebhook(fixtureBytes(name), { eventVersion: 1 });
		const entry = fixtureJson(name).entry[0];
		expect(event).toMatchObject({ type: 'other', dedupeKey: contentKey('other', entry.changes[0].field, entry.id, entry.time, entry.changes[0].value) });
	}
});
