/**
 * Zapier file fields. The zap author maps a file (or types a link); Zapier hands the step a URL to it.
 * The app fetches the bytes with `z.request(url, {raw: true})`, without any credential of ours (the
 * URL is not Meta's), and gives the core a FileInput with the name and type the host reported.
 */
import type { ZObject } from 'zapier-platform-core';
import type { FileInput, OperationDefinition } from '../shared';
import { zapierKey } from '../shared';
import { visibility } from './fields';

/** `filename*=UTF-8''n%C3%A4me.pdf` or `filename="name.pdf"` (RFC 6266), else undefined. */
export function fileNameFromDisposition(header: string | null | undefined): string | undefined {
	if (!header) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// a malformed escape: fall back to the plain parameter
		}
	}
	const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
	const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
	return name?.trim() || undefined;
}

/** The last path segment of a URL (`…/files/invoice.pdf` → `invoice.pdf`), if it looks like a file name. */
function fileNameFromUrl(url: URL): string | undefined {
	const last = url.pathname.split('/').filter(Boolean).pop();
	if (!last) return undefined;
	try {
		const name = decodeURIComponent(last);
		return /\.[A-Za-z0-9]{1,5}$/.test(name) ? name : undefined;
	} catch {
		return undefined;
	}
}

/** The file behind a file field's value (a URL), or a Zapier error saying why it could not be read. */
export async function fetchFile(z: ZObject, value: unknown, label: string): Promise<FileInput> {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new z.errors.Error(`${label}: this is not a file. Map a file from an earlier step (or a public link to one).`, 'invalid_input');
	}
	const response = await z.request({ url: url.toString(), method: 'GET', raw: true, skipThrowForStatus: true });
	if (response.status >= 400) {
		throw new z.errors.Error(`${label}: the file could not be fetched from ${url.host} (HTTP ${response.status}). Check that the earlier step's file is still there, or that the link is public.`, 'file_unavailable', response.status);
	}
	const bytes = await response.buffer();
	return {
		data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
		fileName: fileNameFromDisposition(response.headers.get('content-disposition')) ?? fileNameFromUrl(url) ?? '',
		mimeType: response.headers.get('content-type') ?? '',
	};
}

/**
 * The core's input with each file field (a URL in `inputData`) replaced by the file itself. A file
 * field the other choices hide (a media file while sending by link) is not fetched.
 */
export async function withFiles(z: ZObject, operation: OperationDefinition, input: Record<string, unknown>, inputData: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
	const out = { ...input };
	for (const field of operation.fields) {
		if (field.type !== 'file') continue;
		const value = inputData?.[zapierKey(field.key)];
		if (value === undefined || value === null || value === '' || visibility(field, operation.fields, inputData ?? {}) === 'hidden') delete out[field.key];
		else out[field.key] = await fetchFile(z, value, field.label);
	}
	return out;
}
