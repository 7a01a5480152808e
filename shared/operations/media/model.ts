/** The fields media operations share, and `GET /<MEDIA_ID>` read into the shape they output. */
import type { GraphClient } from '../../client';
import type { FieldDefinition, OutputFieldDefinition } from '../../operation';
import { graphId } from '../../validation';
import { phoneNumberIdField } from '../phoneNumber/model';

/** docs/meta-messaging.md §1.1 [doc]: an uploaded media ID lives 30 days unless deleted. */
export const UPLOADED_MEDIA_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** §1.3 [doc]: the download URL `GET /<MEDIA_ID>` returns works for 5 minutes. */
export const MEDIA_URL_LIFETIME_MS = 5 * 60 * 1000;

export const mediaIdField: FieldDefinition = {
	key: 'mediaId',
	label: 'Media ID',
	type: 'string',
	required: true,
	help: 'The media ID from an upload, or from an incoming message (the id of its image, video, audio, document or sticker). Uploaded media lives 30 days, media customers send 7 days.',
	placeholder: '1013859600285441',
	validate: (value, label) => graphId(value, label),
};

/** Optional: Meta then answers only for media this business number uploaded (§1.3 [doc]). */
export const uploadedByField: FieldDefinition = {
	...phoneNumberIdField,
	label: 'Uploaded By Phone Number',
	required: false,
	advanced: true,
	help: 'Optional: Meta then only answers if this business number uploaded the media. Leave it empty for media customers sent you.',
};

/** §1.3: what `GET /<MEDIA_ID>` answers. `file_size` is a string in some sources, a number in others. */
interface MetaMedia {
	url?: string;
	mime_type?: string;
	sha256?: string;
	file_size?: string | number;
	id?: string;
}

export interface MediaInfo {
	mediaId: string;
	/** The download URL; it needs the access token and works for 5 minutes. */
	url: string | null;
	mimeType: string | null;
	/** Hex SHA-256 of the file. */
	sha256: string | null;
	/** Bytes; null when Meta does not say. */
	fileSize: number | null;
}

export const MEDIA_INFO_OUTPUT_FIELDS: OutputFieldDefinition[] = [
	{ key: 'mediaId', label: 'Media ID', type: 'string' },
	{ key: 'mimeType', label: 'MIME Type', type: 'string' },
	{ key: 'sha256', label: 'SHA-256', type: 'string' },
	{ key: 'fileSize', label: 'File Size (Bytes)', type: 'number' },
];

/** `GET /<MEDIA_ID>[?phone_number_id]`, a read. */
export async function readMedia(client: GraphClient, mediaId: string, phoneNumberId: string | undefined, operation: string): Promise<MediaInfo> {
	const raw = await client.request<MetaMedia>({ method: 'GET', path: mediaId, query: { phone_number_id: phoneNumberId }, retry: 'read', operation });
	const size = raw.file_size === undefined || raw.file_size === null || raw.file_size === '' ? Number.NaN : Number(raw.file_size);
	return {
		mediaId: String(raw.id ?? mediaId),
		url: typeof raw.url === 'string' && raw.url !== '' ? raw.url : null,
		mimeType: raw.mime_type ?? null,
		sha256: raw.sha256 ?? null,
		fileSize: Number.isFinite(size) ? size : null,
	};
}
