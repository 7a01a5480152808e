/** The error catalog, fromMetaError, redaction and input parsing. */
import { ERROR_CATALOG, fromMetaError, OPERATIONS, parseInput, redact, redactDeep, Redactor, WhatsAppError } from '../../shared';

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

	it('marks the throttling codes that arrive with HTTP 400, and any HTTP 429, as throttling', () => {
		const throttling = Object.keys(ERROR_CATALOG)
			.map(Number)
			.filter((code) => fromMetaError({ code }, { httpStatus: 400 }).isThrottling);
		expect(throttling.sort((a, b) => a - b)).toEqual([4, 80007, 130429, 131056, 131057, 2494100]);
		expect(fromMetaError({ code: 999999 }, { httpStatus: 429 }).isThrottling).toBe(true);
		expect(fromMetaError({ code: 100 }, { httpStatus: 400 }).isThrottling).toBe(false);
	});

	it('words 133006 for a number never verified as well as for an expired verification', () => {
		const error = fromMetaError({ code: 133006 }, { httpStatus: 400 });
		expect(error.message).toBe(
			'The number has to be verified before it can be registered: it was never verified, or its last verification is more than 14 days old. Request a verification code with requestVerificationCode, enter it with verifyCode, then register within 14 days.',
		);
		expect(error.message).not.toMatch(/verified again/);
	});

	it('explains a request that reached Meta with no token at all (HTTP 400, code 104) as a connection problem', () => {
		const error = fromMetaError({ code: 104, type: 'OAuthException', message: 'An access token is required to request this resource.' }, { httpStatus: 400 });
		expect([error.category, error.retry.action]).toEqual(['auth', 'refresh_token']);
		expect(error.message).toBe('The request reached Meta without an access token. Connect your account: put a system-user access token in the client settings (createClient).');
	});

	it('reads code 100 with subcode 33 as "not found", and 136024 as "already done"', () => {
		const missing = fromMetaError({ code: 100, error_subcode: 33, message: "Unsupported get request. Object with ID '1' does not exist" }, { httpStatus: 400 });
		expect([missing.category, missing.retry.action, missing.alreadyDone]).toEqual(['not_found', 'do_not_retry', false]);
		expect(fromMetaError({ code: 100 }, { httpStatus: 400 }).category).toBe('invalid_input');
		const verified = fromMetaError({ code: 136024 }, { httpStatus: 400 });
		expect([verified.alreadyDone, verified.toJSON().alreadyDone]).toEqual([true, true]);
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

	it('masks the secrets a Redactor was given wherever they appear, and digits only at digit boundaries', () => {
		const secrets = new Redactor(['my-app-secret-value', '482913']);
		expect(secrets.redact('secret my-app-secret-value and 482913 but not 14829130')).toBe('secret [redacted] and [redacted] but not 14829130');
		expect(redact('secret my-app-secret-value and 482913')).toBe('secret my-app-secret-value and 482913');
	});

	it('redacts nested outputs', () => {
		const secrets = new Redactor(['nested-secret-1']);
		expect(secrets.redactDeep({ a: ['x nested-secret-1'], b: { c: 'nested-secret-1' }, n: 5 })).toEqual({ a: ['x [redacted]'], b: { c: '[redacted]' }, n: 5 });
		expect(redactDeep({ a: 'Bearer abc.def' })).toEqual({ a: 'Bearer [redacted]' });
	});

	it('lets a child scope add secrets that leave with it', () => {
		const client = new Redactor(['client-token-value']);
		const run = client.child(['731-604']);
		expect(run.redact('client-token-value 731604 731-604')).toBe('[redacted] [redacted] [redacted]');
		expect(client.redact('client-token-value 731604')).toBe('[redacted] 731604');
	});

	it('redacts every text of a WhatsAppError', () => {
		const secrets = new Redactor(['long-plain-secret-value']);
		const error = new WhatsAppError(
			{
				category: 'auth',
				message: 'bad EAAlongtokenvalue1234567890 long-plain-secret-value',
				nextStep: 'do not paste EAAlongtokenvalue1234567890',
				details: 'EAAlongtokenvalue1234567890',
				fbtraceId: 'long-plain-secret-value',
				field: 'long-plain-secret-value',
				operation: 'long-plain-secret-value',
				retry: { action: 'refresh_token' },
			},
			{ redactor: secrets },
		);
		const json = JSON.stringify(error.toJSON());
		expect(json).not.toContain('EAAlongtokenvalue1234567890');
		expect(json).not.toContain('long-plain-secret-value');
	});
});

describe('declarations', () => {
	it('every operation has a unique id, a verb-first title, help on every field and a sample', () => {
		const ids = OPERATIONS.map((operation) => operation.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const operation of OPERATIONS) {
			expect(operation.title).toMatch(/^(List|Get|Add|Request|Verify|Register|Deregister|Set|Check|Prepare|Delete|Clear|Send|Mark|Upload|Download|Update|Create)\b/);
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
