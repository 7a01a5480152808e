import { createHmac } from 'node:crypto';
import { signBody, verifySignature, WhatsAppError } from '../../../shared';
import { fixtureBytes } from './helpers';

const APP_SECRET = 'f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8';
const hmacHex = (bytes: Buffer | string) => createHmac('sha256', APP_SECRET).update(bytes).digest('hex');

describe('signBody', () => {
	test('is sha256= and the lowercase hex HMAC-SHA256 of the bytes', () => {
		const body = fixtureBytes('messages-inbound-text');
		expect(signBody(body, APP_SECRET)).toBe(`sha256=${hmacHex(body)}`);
		expect(signBody(body, APP_SECRET)).toMatch(/^sha256=[0-9a-f]{64}$/);
	});

	test('a known vector', () => {
		// HMAC-SHA256(key "key", "The quick brown fox jumps over the lazy dog"), RFC-style test vector.
		expect(signBody('The quick brown fox jumps over the lazy dog', 'key')).toBe(
			'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
		);
	});
});

describe('verifySignature', () => {
	const body = fixtureBytes('batch-multi-entry');
	const header = `sha256=${hmacHex(body)}`;

	test('a correct signature over a Buffer, a Uint8Array and the same text passes', () => {
		expect(verifySignature(body, header, APP_SECRET)).toStrictEqual({ ok: true });
		expect(verifySignature(new Uint8Array(body), header, APP_SECRET)).toStrictEqual({ ok: true });
		expect(verifySignature(body.toString('utf8'), header, APP_SECRET)).toStrictEqual({ ok: true });
	});

	test('upper-case hex and surrounding spaces are accepted', () => {
		expect(verifySignature(body, ` sha256=${hmacHex(body).toUpperCase()} `, APP_SECRET)).toStrictEqual({ ok: true });
	});

	test('missing header: 401', () => {
		for (const missing of [undefined, '']) {
			expect(verifySignature(body, missing, APP_SECRET)).toStrictEqual({
				ok: false,
				status: 401,
				reason: 'The request has no X-Hub-Signature-256 header, so it cannot be from Meta. Point only Meta’s webhook at this URL.',
			});
		}
	});

	test('malformed header: 403', () => {
		const malformed = [
			hmacHex(body),
			`sha1=${createHmac('sha1', APP_SECRET).update(body).digest('hex')}`,
			`sha256=${hmacHex(body).slice(0, 63)}`,
			`sha256=${hmacHex(body)}0`,
			`sha256=${'z'.repeat(64)}`,
			'sha256=',
		];
		for (const value of malformed) {
			expect(verifySignature(body, value, APP_SECRET)).toStrictEqual({
				ok: false,
				status: 403,
				reason: 'The X-Hub-Signature-256 header is malformed: Meta sends "sha256=" followed by 64 hexadecimal characters.',
			});
		}
	});

	test('a repeated header (array) is refused with 403', () => {
		expect(verifySignature(body, [header, header], APP_SECRET)).toMatchObject({ ok: false, status: 403 });
	});

	const MISMATCH =
		'The webhook signature does not match the body. Either the request did not come from Meta, the body was changed on the way (verify the raw bytes, before any JSON parsing), or the App Secret configured here is not the one of the Meta app that sends the webhooks.';

	test('a signature made with another secret: 403', () => {
		const forged = `sha256=${createHmac('sha256', 'another-secret').update(body).digest('hex')}`;
		expect(verifySignature(body, forged, APP_SECRET)).toStrictEqual({ ok: false, status: 403, reason: MISMATCH });
	});

	test('one changed byte in the body: 403', () => {
		const tampered = Buffer.from(body);
		tampered[tampered.length - 3] ^= 1;
		expect(verifySignature(tampered, header, APP_SECRET)).toStrictEqual({ ok: false, status: 403, reason: MISMATCH });
	});

	test('one changed digit in the signature: 403', () => {
		const last = header.slice(-1);
		const altered = header.slice(0, -1) + (last === '0' ? '1' : '0');
		expect(verifySignature(body, altered, APP_SECRET)).toStrictEqual({ ok: false, status: 403, reason: MISMATCH });
	});

	test('no app secret configured: a loud set-up error', () => {
		expect(() => verifySignature(body, header, '')).toThrow(WhatsAppError);
		expect(() => signBody(body, '')).toThrow(expect.objectContaining({ category: 'invalid_input', field: 'appSecret' }));
	});

	test('a parsed object instead of the raw bytes is refused loudly', () => {
		expect(() => verifySignature(JSON.parse(body.toString('utf8')) as unknown as string, header, APP_SECRET)).toThrow(
			expect.objectContaining({ category: 'invalid_input', field: 'rawBody' }),
		);
	});
});

describe('non-ASCII bodies: the raw bytes are what counts', () => {
	// Meta sends an escaped-unicode form ("\u00e9"); other senders (the sandbox, proxies) send raw UTF-8.
	const escaped = Buffer.from('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"wamid.A","type":"text","text":{"body":"caf\\u00e9 \\ud83d\\udc4d"}}]}}]}]}', 'utf8');
	const rawUtf8 = Buffer.from('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"wamid.A","type":"text","text":{"body":"café 👍"}}]}}]}]}', 'utf8');

	test('the two bodies carry the same text but differ in bytes', () => {
		expect(escaped.toString('utf8')).toContain('\\u00e9');
		expect(rawUtf8.includes(Buffer.from([0xc3, 0xa9]))).toBe(true);
		expect(JSON.parse(escaped.toString('utf8'))).toStrictEqual(JSON.parse(rawUtf8.toString('utf8')));
	});

	test('each verifies against its own bytes', () => {
		expect(verifySignature(escaped, signBody(escaped, APP_SECRET), APP_SECRET)).toStrictEqual({ ok: true });
		expect(verifySignature(rawUtf8, signBody(rawUtf8, APP_SECRET), APP_SECRET)).toStrictEqual({ ok: true });
		// A server that decoded the bytes to a string (UTF-8) still verifies.
		expect(verifySignature(rawUtf8.toString('utf8'), signBody(rawUtf8, APP_SECRET), APP_SECRET)).toStrictEqual({ ok: true });
	});

	test('re-serializing the parsed JSON breaks Meta’s signature: why only raw bytes are accepted', () => {
		const metaSignature = signBody(escaped, APP_SECRET);
		const reserialized = JSON.stringify(JSON.parse(escaped.toString('utf8')));
		expect(verifySignature(reserialized, metaSignature, APP_SECRET)).toMatchObject({ ok: false, status: 403 });
	});
});
