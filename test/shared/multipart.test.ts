/** The core's multipart/form-data bodies: exact bytes, a boundary clear of the data, safe names. */
import { multipartBody } from '../../shared';

const text = (data: Uint8Array) => Buffer.from(data).toString('latin1');

describe('multipartBody', () => {
	it('writes each part in order with CRLF framing, the file part with its name and Content-Type', () => {
		const file = new Uint8Array([0xff, 0xd8, 0x0d, 0x0a, 0xff, 0xd9]);
		const body = multipartBody(
			[
				{ name: 'messaging_product', value: 'whatsapp' },
				{ name: 'type', value: 'image/jpeg' },
				{ name: 'file', file: { data: file, fileName: 'photo.jpg', contentType: 'image/jpeg' } },
			],
			() => 0.5,
		);
		const boundary = 'WhatsAppNumbers800080008000800080008000';
		expect(body.contentType).toBe(`multipart/form-data; boundary=${boundary}`);
		expect(text(body.data)).toBe(
			`--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/jpeg\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n\xff\xd9\r\n` +
				`--${boundary}--\r\n`,
		);
	});

	it('picks another boundary when the data contains the first one', () => {
		const first = '--WhatsAppNumbers800080008000800080008000';
		const body = multipartBody([{ name: 'file', file: { data: new TextEncoder().encode(`x${first}y`), fileName: 'a.txt', contentType: 'text/plain' } }], () => 0.5);
		expect(body.contentType).toBe('multipart/form-data; boundary=WhatsAppNumbers800080008000800080008000x1');
		expect(text(body.data).endsWith('--WhatsAppNumbers800080008000800080008000x1--\r\n')).toBe(true);
	});

	it('escapes quotes and line breaks in names, as browsers do, and keeps UTF-8 names', () => {
		const body = multipartBody([{ name: 'file', file: { data: new Uint8Array([1]), fileName: 'a"b\r\nc-é.pdf', contentType: 'application/pdf' } }], () => 0);
		expect(Buffer.from(body.data).toString('utf8')).toContain('filename="a%22b%0D%0Ac-é.pdf"');
	});
});
