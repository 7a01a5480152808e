/**
 * Deeply nested signed bodies: the genuine changes of the POST are read, the poison change is
 * reported as a `rejectedChange` event with its reason, and nothing recurses without bound (a
 * stack overflow would make the relay answer 503 and Meta retry the body for 7 days).
 */
import { canonicalJson, MAX_CHANGE_DEPTH, parseWebhook, signBody, verifyAndParse, WebhookEvent } from '../../../shared';
import { PHONE_NUMBER_ID, WABA_ID } from './helpers';

const SECRET = 'depth-test-app-secret';

const genuine = {
	field: 'messages',
	value: {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
		statuses: [{ id: 'wamid.GENUINE', status: 'delivered', timestamp: '1751414400', recipient_id: '16505551234' }],
	},
};

/** `{"a":{"a":…}}` or `[[…]]` nested `depth` levels, written as text (building it as an object would need recursion to serialize). */
function nestedText(kind: 'object' | 'array', depth: number): string {
	return kind === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A body with a genuine status change, then a change whose value (or status) holds the nested text. */
function poisonBody(kind: 'object' | 'array', depth: number, where: 'value' | 'status' | 'unknownField'): string {
	const nested = nestedText(kind, depth);
	const poison =
		where === 'value'
			? `{"field":"account_update","value":{"event":"ACCOUNT_UPDATE","deep":${nested}}}`
			: where === 'status'
				? `{"field":"messages","value":{"metadata":{"phone_number_id":"${PHONE_NUMBER_ID}"},"statuses":[{"id":"wamid.POISON","status":"read","x":${nested}}]}}`
				: `{"field":"flows","value":${nested}}`;
	return `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","time":1751414400,"changes":[${JSON.stringify(genuine)},${poison}]}]}`;
}

describe.each([5_000, 100_000])('a signed body with a change nested %i levels deep', (depth) => {
	test.each([
		['object', 'value'],
		['array', 'value'],
		['object', 'status'],
		['array', 'status'],
		['object', 'unknownField'],
		['array', 'unknownField'],
	] as const)('%s nesting in the %s: genuine events kept, the poison change rejected with a reason', (kind, where) => {
		const body = Buffer.from(poisonBody(kind, depth, where), 'utf8');
		const result = verifyAndParse(body, signBody(body, SECRET), SECRET);
		if (!result.ok) throw new Error(`expected the body to be read, got ${result.status}: ${result.reason}`);
		expect(result.events.map((event) => event.type)).toEqual(['messageStatus', 'rejectedChange']);
		expect(result.events[0]).toMatchObject({ dedupeKey: 'messageStatus:wamid.GENUINE:delivered', status: 'delivered' });
		const rejected = result.events[1] as Extract<WebhookEvent, { type: 'rejectedChange' }>;
		expect(rejected).toEqual({
			type: 'rejectedChange',
			dedupeKey: expect.stringMatching(/^rejectedChange:(account_update|messages|flows):[A-Za-z0-9_-]{22}$/),
			wabaId: WABA_ID,
			field: where === 'value' ? 'account_update' : where === 'status' ? 'messages' : 'flows',
			occurredAt: '2025-07-02T00:00:00.000Z',
			entryIndex: 0,
			changeIndex: 1,
			reason: `The change is nested more than ${MAX_CHANGE_DEPTH} levels deep (Meta's webhooks nest about 10), so it was not read. The other changes of the same delivery were.`,
			raw: null,
		});
		// Every event can be stored and shown: serializing it does not overflow the stack.
		expect(() => JSON.stringify(result.events)).not.toThrow();
		// A redelivery of the same bytes gives the same key (so the relay stores the rejection once).
		expect(parseWebhook(body).map((event) => event.dedupeKey)).toEqual(result.events.map((event) => event.dedupeKey));
	});
});

test('the depth bound is far above what Meta sends and far below what overflows the stack', () => {
	expect(MAX_CHANGE_DEPTH).toBeGreaterThanOrEqual(32);
	expect(MAX_CHANGE_DEPTH).toBeLessThanOrEqual(256);
	// Exactly at the bound the change is read; one level more and it is rejected.
	const at = (depth: number) => `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","changes":[{"field":"flows","value":${nestedText('array', depth)}}]}]}`;
	// The change object itself and its value take two levels.
	expect(parseWebhook(at(MAX_CHANGE_DEPTH - 1)).map((event) => event.type)).toEqual(['other']);
	expect(parseWebhook(at(MAX_CHANGE_DEPTH)).map((event) => event.type)).toEqual(['rejectedChange']);
});

test('canonicalJson refuses a value nested deeper than the bound instead of overflowing the stack', () => {
	const deep = JSON.parse(nestedText('array', 100_000));
	expect(() => canonicalJson(deep)).toThrow(`is nested more than ${MAX_CHANGE_DEPTH} levels deep`);
});
