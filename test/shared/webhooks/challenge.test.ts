import { answerChallenge, WhatsAppError } from '../../../shared';

const VERIFY_TOKEN = 'my-verify-token-7f3a9c';

describe('answerChallenge (Meta’s GET verification)', () => {
	test('right mode and token: echoes the raw challenge', () => {
		expect(
			answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }, VERIFY_TOKEN),
		).toStrictEqual({ ok: true, challenge: '1158201444' });
	});

	test('the challenge is echoed exactly as given, not parsed', () => {
		expect(
			answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '000123 abc' }, VERIFY_TOKEN),
		).toStrictEqual({ ok: true, challenge: '000123 abc' });
	});

	test('a numeric challenge from an already parsed query is echoed as text', () => {
		expect(answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': 42 }, VERIFY_TOKEN)).toStrictEqual({
			ok: true,
			challenge: '42',
		});
	});

	test('the nested form some query parsers give ({ hub: { mode } }) works too', () => {
		expect(answerChallenge({ hub: { mode: 'subscribe', verify_token: VERIFY_TOKEN, challenge: '77' } }, VERIFY_TOKEN)).toStrictEqual({
			ok: true,
			challenge: '77',
		});
	});

	test('wrong token: 403 with a reason that repeats neither token', () => {
		const result = answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess-123', 'hub.challenge': '1' }, VERIFY_TOKEN);
		expect(result).toStrictEqual({
			ok: false,
			status: 403,
			reason: 'The verify token Meta sent does not match the one configured here. Type the same verify token in the Meta App Dashboard (WhatsApp → Configuration → Webhook) and here, then verify again.',
		});
		expect(JSON.stringify(result)).not.toContain(VERIFY_TOKEN);
		expect(JSON.stringify(result)).not.toContain('guess-123');
	});

	test('a token that is a prefix or extension of the right one is refused', () => {
		for (const token of [VERIFY_TOKEN.slice(0, -1), `${VERIFY_TOKEN}x`, VERIFY_TOKEN.toUpperCase(), ` ${VERIFY_TOKEN}`]) {
			const result = answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1' }, VERIFY_TOKEN);
			expect(result).toMatchObject({ ok: false, status: 403 });
		}
	});

	test('wrong mode: 403', () => {
		expect(answerChallenge({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }, VERIFY_TOKEN)).toStrictEqual({
			ok: false,
			status: 403,
			reason: 'The verification request asks for something other than a subscription (hub.mode must be "subscribe"), so it was refused.',
		});
	});

	test('missing parameters: 400 naming each missing one', () => {
		expect(answerChallenge({ 'hub.mode': 'subscribe' }, VERIFY_TOKEN)).toStrictEqual({
			ok: false,
			status: 400,
			reason: 'This is not Meta’s webhook verification request: hub.verify_token, hub.challenge are missing (each must be given once). Meta sends hub.mode, hub.verify_token and hub.challenge when you save the callback URL in the App Dashboard.',
		});
		expect(answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }, VERIFY_TOKEN)).toMatchObject({
			ok: false,
			status: 400,
			reason: expect.stringContaining('hub.challenge is missing'),
		});
		expect(answerChallenge({}, VERIFY_TOKEN)).toMatchObject({ ok: false, status: 400 });
	});

	test('a parameter given twice (an array) counts as missing', () => {
		expect(
			answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': [VERIFY_TOKEN, VERIFY_TOKEN], 'hub.challenge': '1' }, VERIFY_TOKEN),
		).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining('hub.verify_token is missing') });
	});

	test('no verify token configured: a loud set-up error, not a silent 403', () => {
		expect(() => answerChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, '')).toThrow(WhatsAppError);
		try {
			answerChallenge({}, '');
		} catch (error) {
			expect(error).toMatchObject({ category: 'invalid_input', field: 'verifyToken' });
		}
	});
});
