/**
 * Meta's answers read the same way on every platform: a JSON body or Meta's error envelope for Graph
 * calls, the file's bytes for a media download. Failures become WhatsAppErrors worded by the catalog.
 */
import { fromMetaError, MEDIA_HOST_CATALOG, MetaErrorObject, TextScope, WhatsAppError } from './errors';
import { parseRetryAfter } from './retry';
import type { HttpResponse } from './runtime';

export type Interpretation<T> = { ok: true; value: T } | { ok: false; error: WhatsAppError };

/** A downloaded file: its bytes and the Content-Type the host gave. */
export interface Download {
	data: Uint8Array;
	contentType: string | null;
}

/** The body as text, whichever form the transport gave it in. */
function bodyText(response: HttpResponse): string {
	return response.bodyBytes && response.body === '' ? new TextDecoder().decode(response.bodyBytes) : response.body;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** A Graph answer: its JSON, or the error it carries (an envelope, a failing status, a body that is not JSON). */
export function interpretJson<T>(response: HttpResponse, operation: string | undefined, scope: TextScope, now: number): Interpretation<T> {
	let body: unknown;
	try {
		const text = bodyText(response);
		body = text === '' ? {} : JSON.parse(text);
	} catch {
		return {
			ok: false,
			error: new WhatsAppError(
				{
					category: 'transient',
					message: `Meta answered HTTP ${response.status} with a body that is not JSON.`,
					nextStep: response.status >= 500 || response.status < 400 ? 'Retry in a moment; if it keeps happening, check the Base URL in {connection}.' : 'Check the Base URL in {connection}.',
					retry: { action: 'retry', afterMs: 1_000 },
					httpStatus: response.status,
					operation,
				},
				scope,
			),
		};
	}
	const envelope = body as { error?: MetaErrorObject };
	if (isSuccess(response.status) && !envelope?.error) return { ok: true, value: body as T };
	const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
	return { ok: false, error: fromMetaError(envelope?.error ?? {}, { httpStatus: response.status, retryAfterMs, operation, scope }) };
}

/**
 * A download's answer: the bytes, or Meta's error envelope (the media host answers errors in Graph's
 * form, docs/meta-messaging.md §1.3), worded by the catalog's media-host entries unless the token
 * itself was refused.
 */
export function interpretDownload(response: HttpResponse, operation: string, scope: TextScope, now: number): Interpretation<Download> {
	if (isSuccess(response.status)) {
		const data = response.bodyBytes ?? new TextEncoder().encode(response.body);
		return { ok: true, value: { data, contentType: response.headers['content-type'] ?? null } };
	}
	const failed = interpretJson<unknown>(response, operation, scope, now);
	// A failing status never interprets as a value; the branch only narrows the type.
	const error = failed.ok ? fromMetaError({}, { httpStatus: response.status, operation, scope }) : failed.error;
	const entry = MEDIA_HOST_CATALOG[response.status];
	if (!entry || error.category === 'auth') return { ok: false, error };
	return { ok: false, error: error.within(scope, { category: entry.category, message: entry.message, nextStep: entry.nextStep, retry: { action: entry.retry } }) };
}
