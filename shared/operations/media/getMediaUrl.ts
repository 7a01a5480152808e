import { defineOperation } from '../../operation';
import { MEDIA_INFO_OUTPUT_FIELDS, MEDIA_URL_LIFETIME_MS, MediaInfo, mediaIdField, readMedia, uploadedByField } from './model';

export interface MediaIdInput {
	mediaId: string;
	phoneNumberId?: string;
}

export interface GetMediaUrlOutput extends MediaInfo {
	/** When the URL stops working (5 minutes after it was read), ISO 8601. */
	urlExpiresAt: string;
}

/** `GET /<MEDIA_ID>[?phone_number_id]` (docs/meta-messaging.md §1.3): the download URL and what the file is. */
export const getMediaUrl = defineOperation<MediaIdInput, GetMediaUrlOutput>({
	id: 'getMediaUrl',
	resource: 'media',
	title: 'Get Media URL',
	action: 'Get the download URL of a media file',
	description:
		"Reads a media file's download URL, type, size and SHA-256. The URL works for 5 minutes and only with your access token in the Authorization header; to get the file itself, use the download operation.",
	kind: 'read',
	fields: [mediaIdField, uploadedByField],
	sample: {
		mediaId: '1013859600285441',
		url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1013859600285441&ext=1764763500&hash=ATs1example',
		urlExpiresAt: '2026-11-21T12:05:00.000Z',
		mimeType: 'image/jpeg',
		sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3',
		fileSize: 303833,
	},
	outputFields: [
		MEDIA_INFO_OUTPUT_FIELDS[0],
		{ key: 'url', label: 'Download URL (Needs the Token)', type: 'string' },
		{ key: 'urlExpiresAt', label: 'URL Expires At', type: 'datetime' },
		...MEDIA_INFO_OUTPUT_FIELDS.slice(1),
	],
	async run({ client }, input) {
		const info = await readMedia(client, input.mediaId, input.phoneNumberId, 'getMediaUrl');
		return { ...info, urlExpiresAt: new Date(client.runtime.now() + MEDIA_URL_LIFETIME_MS).toISOString() };
	},
});
