/**
 * Media (docs/meta-messaging.md §1): `POST /<PHONE_NUMBER_ID>/media` (multipart: `messaging_product`,
 * `file`, `type`) → `{id}`; `GET /<MEDIA_ID>` → `{messaging_product, url, mime_type, sha256,
 * file_size, id}` with a download URL valid 5 minutes; `DELETE /<MEDIA_ID>` → `{success:true}`.
 * The optional `phone_number_id` must name the number that uploaded the media.
 */
import type { SandboxContext } from '../context';
import { requiredParameter, unknownObject } from '../graphError';
import { requireWhatsAppProduct } from '../messages/checks';
import { sha256Hex, MediaRecord } from '../media/store';
import { MEDIA_FILE_SIZE_AS_STRING, MEDIA_LIMITS, MediaKind, STATIC_STICKER_MAX_BYTES, UPLOADABLE_MIME_TYPES } from '../messagingConstants';
import { invalidParam, mediaNotOfNumber, mediaTooLarge, unsupportedUploadType } from '../messagingErrors';
import { UploadedFile } from '../multipart';
import { optionalString } from '../params';
import { GraphRequest, GraphResponse, GraphRoute, numberOf, SUCCESS } from './types';

/** The media kind a MIME type uploads as (`audio/opus` counts as audio, WebP as a sticker). */
export function mediaKindOf(mimeType: string): MediaKind {
	if (mimeType === 'audio/opus') return 'audio';
	for (const [kind, limits] of Object.entries(MEDIA_LIMITS)) if ((limits.mimeTypes as readonly string[]).includes(mimeType)) return kind as MediaKind;
	return 'document';
}

/** WebP files with the animation flag (VP8X chunk, bit 1) may be 500 KB; static ones 100 KB. */
export function isAnimatedWebp(data: Buffer): boolean {
	return data.length > 20 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 16) === 'WEBPVP8X' && (data[20] & 0x02) !== 0;
}

/** The size limit `data` must fit, with the word for errors. */
export function sizeLimit(mimeType: string, data: Buffer): { kind: string; maxBytes: number } {
	const kind = mediaKindOf(mimeType);
	if (kind === 'sticker') return isAnimatedWebp(data) ? { kind: 'animated sticker', maxBytes: MEDIA_LIMITS.sticker.maxBytes } : { kind: 'static sticker', maxBytes: STATIC_STICKER_MAX_BYTES };
	return { kind, maxBytes: MEDIA_LIMITS[kind].maxBytes };
}

function upload(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const { params } = request;
	requireWhatsAppProduct(params);
	const file = params.file;
	if (file === undefined) throw requiredParameter('file');
	if (!(file instanceof UploadedFile)) throw invalidParam('The parameter file must be the file part of a multipart/form-data body.');
	if (optionalString(params, 'type') === undefined) throw requiredParameter('type');
	if (!(UPLOADABLE_MIME_TYPES as readonly string[]).includes(file.contentType)) throw unsupportedUploadType(file.contentType);
	if (file.data.length === 0) throw invalidParam('The uploaded file is empty.');
	const limit = sizeLimit(file.contentType, file.data);
	if (file.data.length > limit.maxBytes) throw mediaTooLarge(limit.kind, limit.maxBytes, file.data.length);
	const record = ctx.state.messaging.media.add({
		numberId: number.id,
		source: 'upload',
		mimeType: file.contentType,
		data: file.data,
		filename: file.filename,
		createdAt: ctx.clock.now(),
	});
	return { body: { id: record.id } };
}

function mediaOf(ctx: SandboxContext, request: GraphRequest): MediaRecord {
	const record = ctx.state.messaging.media.get(request.nodeId, ctx.clock.now());
	if (!record) throw unknownObject(request.method, request.nodeId);
	const phoneNumberId = optionalString(request.params, 'phone_number_id');
	// Media a user sent was not uploaded by any business number, so no phone_number_id matches it.
	if (phoneNumberId !== undefined && (record.source !== 'upload' || record.numberId !== phoneNumberId)) throw mediaNotOfNumber();
	return record;
}

function getMedia(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const record = mediaOf(ctx, request);
	return {
		body: {
			messaging_product: 'whatsapp',
			url: ctx.state.messaging.media.urlFor(record, ctx.clock.now(), ctx.baseUrl()),
			mime_type: record.mimeType,
			sha256: sha256Hex(record.data),
			file_size: MEDIA_FILE_SIZE_AS_STRING ? String(record.data.length) : record.data.length,
			id: record.id,
		},
	};
}

function deleteMedia(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const record = mediaOf(ctx, request);
	ctx.state.messaging.media.delete(record.id);
	return SUCCESS;
}

export const mediaRoutes: GraphRoute[] = [
	{ kind: 'number', method: 'POST', edge: 'media', handle: upload },
	{ kind: 'media', method: 'GET', edge: '', handle: getMedia },
	{ kind: 'media', method: 'DELETE', edge: '', handle: deleteMedia },
];
