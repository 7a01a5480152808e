/**
 * `multipart/form-data` bodies (RFC 7578) read with Buffer only: text parts become string
 * parameters, file parts become UploadedFile values, so `POST /<PHONE_NUMBER_ID>/media`
 * (docs/meta-messaging.md §1.1) sees `messaging_product`, `type` and `file` like any other parameter.
 */

/** A file part: its bytes and what the client said about them. */
export class UploadedFile {
	constructor(
		readonly filename: string | undefined,
		/** The part's Content-Type, lower-cased without parameters; `application/octet-stream` when absent (RFC 7578 §4.4). */
		readonly contentType: string,
		readonly data: Buffer,
	) {}
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary from a `multipart/form-data; boundary=…` Content-Type. */
function boundaryOf(contentType: string): string {
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	const boundary = match?.[1] ?? match?.[2];
	if (!boundary) throw new MultipartError('The multipart body has no boundary in its Content-Type.');
	return boundary;
}

function headerParam(header: string, name: string): string | undefined {
	const match = new RegExp(`(?:^|;)\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`(?:^|;)\\s*${name}=([^;\\s]+)`, 'i').exec(header);
	return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}

/** Parses a multipart body into text fields and files; throws MultipartError when it is not well formed. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
	const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
	const fields: Record<string, string | UploadedFile> = {};
	let position = body.indexOf(delimiter);
	if (position < 0) throw new MultipartError('The multipart body does not contain its boundary.');
	for (;;) {
		position += delimiter.length;
		if (body.subarray(position, position + 2).toString() === '--') return fields;
		if (!body.subarray(position, position + 2).equals(CRLF)) throw new MultipartError('A multipart boundary is not followed by a line break.');
		const headersStart = position + 2;
		const headersEnd = body.indexOf(HEADER_END, headersStart);
		if (headersEnd < 0) throw new MultipartError('A multipart part has no end of headers.');
		const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headersEnd + 4);
		if (next < 0) throw new MultipartError('The multipart body ends before its closing boundary.');
		const headers = new Map<string, string>();
		for (const line of body.subarray(headersStart, headersEnd).toString('utf8').split('\r\n')) {
			const colon = line.indexOf(':');
			if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
		}
		const disposition = headers.get('content-disposition') ?? '';
		const name = headerParam(disposition, 'name');
		if (!name) throw new MultipartError('A multipart part has no name in its Content-Disposition.');
		const data = body.subarray(headersEnd + 4, next);
		const filename = headerParam(disposition, 'filename');
		const partType = headers.get('content-type');
		// A part is a file when it names one (RFC 7578 §4.2); text fields may still carry a Content-Type.
		fields[name] =
			filename !== undefined
				? new UploadedFile(filename, (partType ?? 'application/octet-stream').split(';')[0].trim().toLowerCase(), Buffer.from(data))
				: data.toString('utf8');
		position = next + 2;
	}
}
