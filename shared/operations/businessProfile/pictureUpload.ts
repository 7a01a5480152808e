/**
 * The Resumable Upload API (docs/meta-messaging.md §7), which turns a file into the handle a business
 * profile takes as `profile_picture_handle` (§6.2): `POST /<APP_ID>/uploads` opens a session, `POST
 * /upload:<SESSION>` with `file_offset` sends the bytes and answers `{h}`, `GET /upload:<SESSION>`
 * says how many bytes arrived. An interrupted upload resumes from there instead of starting over.
 */
import type { GraphClient } from '../../client';
import { inputError, WhatsAppError } from '../../errors';
import type { FileInput } from '../../operation';
import { settle } from '../../settle';
import { formatSize, normalizeMimeType } from '../media/limits';
import { unexpectedAnswer } from '../unexpectedAnswer';

/** §6.2 [inferred from the Resumable Upload types, §7]: a profile picture is a JPEG or PNG. */
export const PROFILE_PICTURE_TYPES: readonly string[] = ['image/jpeg', 'image/png'];

/**
 * A picture's size limit. Meta does not publish one for profile pictures; WhatsApp's own image
 * limit (5 MB, §1.2) is assumed, so a larger file is refused before any request. [inferred]
 */
export const PROFILE_PICTURE_MAX_BYTES = 5 * 1024 * 1024;

/** How many times an interrupted upload is resumed before the step gives up. */
const MAX_UPLOAD_ROUNDS = 3;

/** `upload:<opaque>?sig=<signature>`, used whole as the path of the next calls (§7 [doc]). */
const SESSION_ID = /^upload:[^\s#]+$/;

export interface CheckedPicture {
	data: Uint8Array;
	fileName: string;
	mimeType: string;
}

/** The picture's type and size checked before any request (a wrong file never opens a session). */
export function checkPicture(file: FileInput, label: string): CheckedPicture {
	const mimeType = normalizeMimeType(file.mimeType) || (/\.png$/i.test(file.fileName ?? '') ? 'image/png' : /\.jpe?g$/i.test(file.fileName ?? '') ? 'image/jpeg' : '');
	if (!PROFILE_PICTURE_TYPES.includes(mimeType)) {
		throw inputError(label, `is ${mimeType ? `of type "${mimeType}"` : 'of an unknown type'}; a profile picture must be a JPEG or PNG image.`, 'Convert the picture to JPEG or PNG and try again.');
	}
	const size = file.data.byteLength;
	if (size === 0) throw inputError(label, 'is empty (0 bytes).', 'Check that the step before really passes the picture.');
	if (size > PROFILE_PICTURE_MAX_BYTES) {
		throw inputError(label, `is ${formatSize(size)}; a profile picture may be at most ${formatSize(PROFILE_PICTURE_MAX_BYTES)}.`, 'Make the picture smaller (a square of 640 × 640 pixels is plenty) and try again.');
	}
	return { data: file.data, fileName: file.fileName?.trim() || `profile.${mimeType === 'image/png' ? 'png' : 'jpg'}`, mimeType };
}

function unexpected(what: string, operation: string): WhatsAppError {
	return unexpectedAnswer(`Meta's upload API answered without ${what}, so the picture was not uploaded.`, "Try again later; if it keeps happening, report it to the connector's maintainers.", operation);
}

/**
 * The same token opened the session a moment ago: a refusal now means Meta wants it in another form
 * (its guide writes `Authorization: OAuth …`; the connector sends the usual `Bearer …`, §7 [inferred]).
 */
function refusedTokenOnUpload(error: WhatsAppError, client: GraphClient): WhatsAppError {
	return error.within(client.scope, {
		message: `Meta accepted the access token to start the picture upload but refused it for the file itself. ${error.summary}`,
		nextStep: 'Meta\'s upload guide puts "OAuth" before the token in the Authorization header, while the connector sends the usual "Bearer" form: report this to the connector\'s maintainers. The profile was not changed.',
		retry: { action: 'do_not_retry' },
	});
}

/** Uploads the picture through a resumable session and returns its handle (`h`). */
export async function uploadPicture(client: GraphClient, appId: string, picture: CheckedPicture, operation: string): Promise<string> {
	// Opening a session changes nothing a user sees (an unused one lapses), so it is retried like a read.
	const session = await client.request<{ id?: string }>({
		method: 'POST',
		path: `${appId}/uploads`,
		query: { file_name: picture.fileName, file_length: picture.data.byteLength, file_type: picture.mimeType },
		retry: 'read',
		operation,
	});
	const sessionId = typeof session.id === 'string' ? session.id : '';
	if (!SESSION_ID.test(sessionId)) throw unexpected('an upload session ID', operation);
	let offset = 0;
	for (let round = 1; ; round++) {
		const sent = await settle(
			client.request<{ h?: string; file_offset?: number | string }>({
				method: 'POST',
				path: sessionId,
				headers: { file_offset: String(offset) },
				body: { contentType: 'application/octet-stream', data: picture.data.subarray(offset) },
				// Resumed below from the offset Meta reports, never resent blindly.
				retry: 'never',
				operation,
			}),
		);
		if (sent.ok && typeof sent.value.h === 'string' && sent.value.h !== '') return sent.value.h;
		if (!sent.ok) {
			if (!(sent.error instanceof WhatsAppError)) throw sent.error;
			if (sent.error.category === 'auth') throw refusedTokenOnUpload(sent.error, client);
			// Only an answer that may hide a partial upload (a dropped connection, a 5xx) is resumed.
			if (sent.error.category !== 'transient' || round >= MAX_UPLOAD_ROUNDS) throw sent.error;
		} else if (round >= MAX_UPLOAD_ROUNDS) {
			throw unexpected('the uploaded file handle', operation);
		}
		const status = await client.request<{ file_offset?: number | string }>({ method: 'GET', path: sessionId, retry: 'read', operation });
		const reported = Number(status.file_offset);
		if (!Number.isInteger(reported) || reported < 0 || reported > picture.data.byteLength) throw unexpected('a valid file_offset', operation);
		offset = reported;
	}
}
