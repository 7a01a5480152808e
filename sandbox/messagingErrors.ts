/**
 * Meta's errors for media, rich messages, profiles, uploads, marketing messages and BSUID sends, in
 * Meta's envelope (docs/meta-api.md §4.1). The codes and texts are the facts of
 * docs/meta-messaging.md and docs/meta-bsuid.md; each guess is marked where it is made.
 */
import { GraphError } from './graphError';
import { UPLOADABLE_MIME_TYPES } from './messagingConstants';

const OAUTH = 'OAuthException';

/** `(#100) Invalid parameter` with `error_data.details`: Graph's answer for a bad request parameter. */
export function invalidParam(details: string): GraphError {
	return new GraphError({ status: 400, code: 100, type: OAUTH, message: '(#100) Invalid parameter', details });
}

/**
 * docs/meta-messaging.md §1.1: an upload whose file part is not a supported type. Meta puts the
 * whole sentence in `message` (apps match on it), not in `details`. [code]
 */
export function unsupportedUploadType(received: string): GraphError {
	return new GraphError({
		status: 400,
		code: 100,
		type: OAUTH,
		message: `(#100) Param file must be a file with one of the following types: ${UPLOADABLE_MIME_TYPES.join(', ')}. Received file of type '${received}'.`,
		details: `Upload one of the supported types, with the file part's Content-Type set to it (e.g. curl -F 'file=@photo.jpg;type=image/jpeg').`,
	});
}

/** §1.4: a send naming a media ID that does not exist (or expired, or belongs to another number). [code] */
export function invalidMediaId(type: string): GraphError {
	return new GraphError({
		status: 400,
		code: 100,
		type: OAUTH,
		message: `(#100) Param ${type}['id'] is not a valid whatsapp business account media attachment ID`,
		details: `Upload the file again with POST /<PHONE_NUMBER_ID>/media from this phone number and send the new ID; media IDs expire after 30 days.`,
	});
}

/** §1.3: `phone_number_id` given to `GET|DELETE /<MEDIA_ID>` that did not upload the media. [code] */
export function mediaNotOfNumber(): GraphError {
	return new GraphError({
		status: 400,
		code: 100,
		type: OAUTH,
		message: '(#100) Param phone_number_id is not a valid whatsapp business phone number id ID',
		details: 'The media was not uploaded by this phone number (media received from users belongs to no business number): leave phone_number_id out.',
	});
}

/** §1.1: an upload over the type's size limit. The code is not documented: 100 with the limit in details. [inferred] */
export function mediaTooLarge(kind: string, maxBytes: number, size: number): GraphError {
	return invalidParam(`The ${kind} file is ${size} bytes; ${kind} files may be at most ${maxBytes} bytes.`);
}

/** §5.3: `/marketing_messages` before the business accepted the Marketing Messages API terms. [code: 360dialog's copy of Meta's answer] */
export function marketingNotOnboarded(): GraphError {
	return new GraphError({
		status: 400,
		code: 131055,
		type: OAUTH,
		message: '(#200) You must accept the Marketing Messages Lite API terms to use the API.',
		details: 'Accept the Marketing Messages API for WhatsApp terms for this business portfolio in WhatsApp Manager, or send the template through /messages.',
	});
}

/** §5.3: a non-template message on `/marketing_messages`. [doc] */
export function marketingNotTemplate(): GraphError {
	return invalidParam('Message must be a template message.');
}

/** §5.3: a utility or authentication template on `/marketing_messages`. [code: 360dialog's copy of Meta's answer] */
export function marketingWrongCategory(category: string): GraphError {
	return new GraphError({
		status: 400,
		code: 131055,
		type: OAUTH,
		message: '(#131055) Method not allowed',
		details: `Only MARKETING templates can be sent through /marketing_messages; this template is ${category}. Send it through /messages.`,
	});
}

/** docs/meta-bsuid.md §4: a message type that cannot go to a BSUID (one-tap, zero-tap, copy-code authentication templates). [doc] */
export function bsuidNotSupported(): GraphError {
	return new GraphError({
		status: 400,
		code: 131062,
		type: OAUTH,
		message: '(#131062) Business-scoped User ID recipients are not supported for this message.',
		details: 'Authentication templates with one-tap, zero-tap or copy-code buttons need the phone number in to.',
	});
}

/** docs/meta-bsuid.md §4: a well-formed BSUID no user of this business has. Undocumented: 100. [inferred] */
export function unknownBsuid(userId: string): GraphError {
	return invalidParam(`No WhatsApp user of this business has the business-scoped user ID ${userId}. Use the user_id from a webhook of this business portfolio.`);
}
