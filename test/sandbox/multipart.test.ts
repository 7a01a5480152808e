/** The sandbox's multipart/form-data reader (sandbox/multipart.ts), on bodies a client could send. */
import { MultipartError, parseMultipart, UploadedFile } from '../../sandbox/multipart';
import { multipart } from '../fixtures/sandbox/multipart';

describe('parseMultipart', () => {
	it('reads text fields as strings and file parts as UploadedFile with exact bytes', () => {
		const bytes = Buffer.from([0x00, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0x0d, 0x0a]);
		const form = multipart([
			{ name: 'messaging_product', value: 'whatsapp' },
			{ name: 'file', value: bytes, filename: 'we"ird.bin', contentType: 'Image/JPEG; charset=binary' },
		]);
		const fields = parseMultipart(form.body, form.contentType);
		expect(fields.messaging_product).toBe('whatsapp');
		const file = fields.file as UploadedFile;
		expect(file).toBeInstanceOf(UploadedFile);
		expect(file.contentType).toBe('image/jpeg');
		expect(file.data.equals(bytes)).toBe(true);
	});

	it('takes a quoted boundary and a file part without Content-Type as application/octet-stream', () => {
		const form = multipart([{ name: 'file', value: 'abc', filename: 'a.txt' }], 'quoted-boundary');
		const file = parseMultipart(form.body, 'multipart/form-data; boundary="quoted-boundary"').file as UploadedFile;
		expect(file.contentType).toBe('application/octet-stream');
		expect(file.filename).toBe('a.txt');
	});

	it.each([
		['no boundary in the Content-Type', Buffer.from('x'), 'multipart/form-data'],
		['a body without the boundary', Buffer.from('hello'), 'multipart/form-data; boundary=b'],
		['no closing boundary', Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'multipart/form-data; boundary=b'],
		['a part without a name', Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--b--'), 'multipart/form-data; boundary=b'],
	])('throws MultipartError for %s', (_name, body, type) => {
		expect(() => parseMultipart(body, type)).toThrow(MultipartError);
	});
});
