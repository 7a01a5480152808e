/** The error catalog, fromMetaError, redaction and input parsing. */
import { ERROR_CATALOG, fromMetaError, OPERATIONS, parseInput, redact, redactDeep, rememberSecret, THROTTLING_CODES, WhatsAppError } from '../../shared';

describe('error catalog', () => {
	it('gives every code a category, a message and a next step in plain sentences', () => {
		for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
			expect([code, entry.message]).toEqual([code, expect.stringMatching(/^[A-Z"].*[.)]$/)]);
			expect([code, entry.nextStep]).toEqual([code, expect.stringMatching(/^[A-Z].*[.)]$/)]);
		}
	});

	it.each([
		[137000, 'identity', 'do_not_retry'],
		[133005, 'pin', 'fix_and_retry'],
		[133016, 'registration', 'wait'],
		[136024, 'registration', 'do_not_retry'],
		[131056, 'throttling', 'retry_after'],
		[130429, 'throttling', 'retry_after'],
		[190, 'auth', 'refresh_token'],
		[104, 'auth', 'refresh_token'],
		[131047, 'recipient', 'fix_and_retry'],
		[132000, 'template', 'fix_and_retry'],
		[33, 'not_found', 'do_not_retry'],
		[131000, 'transient', 'retry'],
		[10, 'permission', 'fix_and_retry'],
	])('%i is %s / %s', (code, category, action) => {
		const error = fromMetaError({ code, message: 'x' }, { httpStatus: 400 });
		expect(error.category).toBe(category);
		expect(error.retry.action).toBe(action);
	});

	it('tells a marketer what to do after an identity mismatch', () => {
		const error = fromMetaError({ code: 137000, title: 'Identity key mismatch' });
		expect(error.message).toBe(
			"The recipient's WhatsApp identity changed since you stored their identity hash (for example the phone number now belongs to someone else), so WhatsApp did not deliver the message. Re-verify the person outside WhatsApp (email, call, login), then send once without an identity hash and store the new hash that comes back in the status or inbound webhook.",
		);
		expect(error.isIdentityMismatch).toBe(true);
	});

	it('lists the throttling codes that arrive with HTTP 400', () => {
		expect([...THROTTLING_CODES].sort((a, b) => a - b)).toEqual([4, 80007, 130429, 131056, 131057, 2494100]);
	});

	it('keeps Retry-After on retryable errors only', () => {
		expect(fromMetaError({ code: 130429 }, { retryAfterMs: 9000 }).retry).toEqual({ action: 'retry_after', afterMs: 9000 });
		expect(fromMetaError({ code: 133016 }, { retryAfterMs: 9000 }).retry).toEqual({ action: 'wait' });
	});
});

describe('redaction', () => {
	it('masks Meta tokens, app tokens, bearer headers and secret parameters by pattern', () => {
		expect(redact('token EAAGm0PX4ZCpsBAKZCaBcdEfGh12345 expired')).toBe('token [redacted] expired');
		expect(redact('app token 900000000000001|abcdefABCDEF0123456789xyz')).toBe('app token [redacted]');
		expect(redact('Authorization: Bearer sk-live-123')).toBe('Authorization: Bearer [redacted]');
		expect(redact('GET /x?access_token=abc123&fields=id')).toBe('GET /x?access_token=[redacted]&fields=id');
		expect(redact('{"pin":"123456","code":"654-321"}')).toBe('{"pin":"[redacted]","code":"[redacted]"}');
		expect(redact('app_secret: s3cr3t-value')).toBe('app_secret: [redacted]');
	});

	it('masks remembered secrets wherever they appear, and digits only at digit boundaries', () => {
		rememberSecret('my-app-secret-value');
		rememberSecret('482913');
		expect(redact('secret my-app-secret-value and 482913 but not 14829130')).toBe('secret [redacted] and [redacted] but not 14829130');
	});

	it('redacts nested outputs', () => {
		rememberSecret('nested-secret-1');
		expect(redactDeep({ a: ['x nested-secret-1'], b: { c: 'nested-secret-1' }, n: 5 })).toEqual({ a: ['x [redacted]'], b: { c: '[redacted]' }, n: 5 });
	});

	it('redacts every text of a WhatsAppError', () => {
		rememberSecret('EAAlongtokenvalue1234567890');
		const error = new WhatsAppError({
			category: 'auth',
			message: 'bad EAAlongtokenvalue1234567890',
			nextStep: 'do not paste EAAlongtokenvalue1234567890',
			details: 'EAAlongtokenvalue1234567890',
			retry: { action: 'refresh_token' },
		});
		expect(JSON.stringify(error.toJSON())).not.toContain('EAAlongtokenvalue1234567890');
	});
});

describe('declarations', () => {
	it('every operation has a unique id, a verb-first title, help on every field and a sample', () => {
		const ids = OPERATIONS.map((operation) => operation.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const operation of OPERATIONS) {
			expect(operation.title).toMatch(/^(List|Get|Add|Request|Verify|Register|Deregister|Set|Check|Delete|Clear|Send)\b/);
			expect(operation.sample).toBeDefined();
			for (const field of operation.fields) expect([operation.id, field.key, field.help.length > 10]).toEqual([operation.id, field.key, true]);
		}
	});

	it('marks every PIN and code field secret, so it is masked and redacted', () => {
		const secretKeys = OPERATIONS.flatMap((operation) => operation.fields.filter((field) => field.secret).map((field) => `${operation.id}.${field.key}`));
		expect(secretKeys).toEqual(expect.arrayContaining(['verifyCode.code', 'registerPhoneNumber.pin', 'setTwoStepPin.pin', 'setWebhookOverride.verifyToken']));
	});

	it('parseInput applies defaults, coerces types and skips fields hidden by showWhen', () => {
		const getPhoneNumber = OPERATIONS.find((operation) => operation.id === 'getPhoneNumber')!;
		expect(parseInput(getPhoneNumber, { phoneNumberId: ' 123 ' })).toEqual({ lookupBy: 'id', phoneNumberId: '123' });
		expect(parseInput(getPhoneNumber, { lookupBy: 'displaynumber', displayPhoneNumber: '+1 631 555 5555', phoneNumberId: 'ignored' })).toEqual({
			lookupBy: 'displayNumber',
			displayPhoneNumber: '16315555555',
		});
		expect(() => parseInput(getPhoneNumber, { lookupBy: 'email' })).toThrow('Find By: "email" is not one of the choices. Choose one of: id, displayNumber.');
	});
});
