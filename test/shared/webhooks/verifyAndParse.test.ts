import { createHmac } from 'node:crypto';
import * as core from '../../../shared';
import { answerChallenge, IDENTITY_MISMATCH_CODE, parseWebhook, signBody, verifyAndParse, verifySignature, WhatsAppError } from '../../../shared';
import { fixtureBytes } from './helpers';

const APP_SECRET = 'a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4';

describe('verifyAndParse', () => {
	test('a signed body: the events, exactly as parseWebhook gives them', () => {
		const body = fixtureBytes('messages-status-failed-137000');
		const result = verifyAndParse(body, signBody(body, APP_SECRET), APP_SECRET);
		expect(result).toStrictEqual({ ok: true, events: parseWebhook(body) });
		expect(result.ok && result.events.map((event) => event.type)).toStrictEqual(['messageStatus', 'identityMismatch', 'identityHashObserved']);
	});

	test('no signature: 401 and no events', () => {
		expect(verifyAndParse(fixtureBytes('account-review-update'), undefined, APP_SECRET)).toStrictEqual({
			ok: false,
			status: 401,
			reason: 'The request has no X-Hub-Signature-256 header, so it cannot be from Meta. Point only Meta’s webhook at this URL.',
		});
	});

	test('a forged signature: 403 and the body is not even parsed', () => {
		const forged = `sha256=${createHmac('sha256', 'attacker').update('{').digest('hex')}`;
		// The body is not JSON: a 400 would mean it had been parsed before the signature check.
		expect(verifyAndParse(Buffer.from('{'), forged, APP_SECRET)).toMatchObject({ ok: false, status: 403 });
	});

	test('signed but not a WhatsApp webhook: 400 with the parse reason', () => {
		const body = Buffer.from('{"object":"page","entry":[]}');
		expect(verifyAndParse(body, signBody(body, APP_SECRET), APP_SECRET)).toStrictEqual({
			ok: false,
			status: 400,
			reason: `object: is "page", so this is not a WhatsApp Business Account webhook Meta’s WhatsApp webhooks have "object": "whatsapp_business_account"; subscribe this URL to the WhatsApp Business Account object in the App Dashboard.`,
		});
	});

	test('IDENTITY_MISMATCH_CODE is 137000', () => {
		expect(IDENTITY_MISMATCH_CODE).toBe(137000);
	});

	test('the core’s public surface exports the webhook functions', () => {
		expect(typeof core.answerChallenge).toBe('function');
		expect(typeof core.verifySignature).toBe('function');
		expect(typeof core.signBody).toBe('function');
		expect(typeof core.parseWebhook).toBe('function');
		expect(typeof core.verifyAndParse).toBe('function');
		expect(core.EVENT_TYPE_FIELDS.identityMismatch).toStrictEqual(['messages']);
		expect(core.SIGNATURE_HEADER).toBe('x-hub-signature-256');
	});
});

describe('secrets never leak', () => {
	const secret = 'S3cr3t-App-Secret-0123456789abcdef';
	const verifyToken = 'verify-Token-That-Must-Stay-Hidden';
	const body = fixtureBytes('batch-multi-entry');
	const rightSignature = signBody(body, secret);

	const texts: string[] = [];
	const collect = (value: unknown) => texts.push(typeof value === 'string' ? value : JSON.stringify(value));

	beforeAll(() => {
		const headers = [
			undefined,
			'',
			'garbage',
			`sha256=${'0'.repeat(64)}`,
			`sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`,
			rightSignature.slice(0, -1),
			[rightSignature, rightSignature],
		];
		for (const header of headers) {
			collect(verifySignature(body, header, secret));
			collect(verifyAndParse(body, header, secret));
		}
		const tampered = Buffer.concat([body, Buffer.from(' ')]);
		collect(verifySignature(tampered, rightSignature, secret));
		const notWebhook = Buffer.from(`{"object":"${secret}"}`.slice(0, 20));
		collect(verifyAndParse(notWebhook, signBody(notWebhook, secret), secret));
		for (const query of [{}, { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }, { 'hub.mode': 'x', 'hub.verify_token': verifyToken, 'hub.challenge': '1' }]) {
			collect(answerChallenge(query, verifyToken));
		}
		for (const thrower of [() => verifySignature(body, rightSignature, ''), () => answerChallenge({}, ''), () => verifySignature({} as unknown as string, rightSignature, secret)]) {
			try {
				thrower();
			} catch (error) {
				expect(error).toBeInstanceOf(WhatsAppError);
				collect((error as WhatsAppError).message);
				collect((error as WhatsAppError).toJSON());
			}
		}
	});

	test('no reason or error contains the app secret, the verify token or the expected signature', () => {
		expect(texts.length).toBeGreaterThan(15);
		const expectedHex = rightSignature.slice('sha256='.length);
		for (const text of texts) {
			expect(text).not.toContain(secret);
			expect(text).not.toContain(verifyToken);
			expect(text).not.toContain(expectedHex);
			expect(text).not.toContain(expectedHex.slice(0, 16));
		}
	});
});
