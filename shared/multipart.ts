/**
 * `multipart/form-data` bodies (RFC 7578), built by the core itself so every platform sends the same
 * bytes and the package keeps zero runtime dependencies. Meta's media upload takes one
 * (docs/meta-messaging.md §1.1) and judges the file part's own Content-Type.
 */

export type MultipartPart = { name: string; value: string } | { name: string; file: { data: Uint8Array; fileName: string; contentType: string } };

export interface MultipartBody {
	/** `multipart/form-data; boundary=…`, the request's Content-Type. */
	contentType: string;
	data: Uint8Array;
}

const encoder = new TextEncoder();

/** A quoted header parameter as browsers write it (WHATWG HTML, "multipart/form-data encoding algorithm"). */
function quoted(text: string): string {
	return `"${text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

/** Whether `needle` occurs in `haystack` (a boundary must not occur in the data, RFC 2046 §5.1.1). */
function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
	for (let at = haystack.indexOf(needle[0]); at !== -1 && at <= haystack.length - needle.length; at = haystack.indexOf(needle[0], at + 1)) {
		let index = 1;
		while (index < needle.length && haystack[at + index] === needle[index]) index++;
		if (index === needle.length) return true;
	}
	return false;
}

/** A boundary from the runtime's randomness (injected, so tests see fixed bytes), clear of every part. */
function boundaryFor(parts: readonly MultipartPart[], random: () => number): string {
	for (let attempt = 0; ; attempt++) {
		const digits = Array.from({ length: 6 }, () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0')).join('');
		const boundary = `WhatsAppNumbers${digits}${attempt ? `x${attempt}` : ''}`;
		const marker = encoder.encode(`--${boundary}`);
		if (!parts.some((part) => contains('file' in part ? part.file.data : encoder.encode(part.value), marker))) return boundary;
	}
}

/** The body of `parts` in order, each text part as UTF-8 and each file part with its name and Content-Type. */
export function multipartBody(parts: readonly MultipartPart[], random: () => number): MultipartBody {
	const boundary = boundaryFor(parts, random);
	const chunks: Uint8Array[] = [];
	for (const part of parts) {
		const disposition = `Content-Disposition: form-data; name=${quoted(part.name)}`;
		if ('file' in part) {
			chunks.push(encoder.encode(`--${boundary}\r\n${disposition}; filename=${quoted(part.file.fileName)}\r\nContent-Type: ${part.file.contentType}\r\n\r\n`), part.file.data, encoder.encode('\r\n'));
		} else {
			chunks.push(encoder.encode(`--${boundary}\r\n${disposition}\r\n\r\n${part.value}\r\n`));
		}
	}
	chunks.push(encoder.encode(`--${boundary}--\r\n`));
	const data = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
	let offset = 0;
	for (const chunk of chunks) {
		data.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return { contentType: `multipart/form-data; boundary=${boundary}`, data };
}
