import { createHash } from 'node:crypto';
import { WhatsAppError } from '../../errors';
import { defineOperation, FileInput } from '../../operation';
import { unexpectedAnswer } from '../unexpectedAnswer';
import { mediaFileName, normalizeMimeType } from './limits';
import { MEDIA_INFO_OUTPUT_FIELDS, mediaIdField, readMedia, uploadedByField } from './model';

export interface DownloadMediaInput {
	mediaId: string;
	phoneNumberId?: string;
	fileName?: string;
}

export interface DownloadMediaOutput {
	mediaId: string;
	mimeType: string;
	/** Hex SHA-256 of the bytes (checked against Meta's when Meta gives one). */
	sha256: string;
	fileSize: number;
	fileName: string;
	/** The file; each platform turns it into its own (n8n binary data, a Zapier file). */
	file: FileInput & { fileName: string; mimeType: string };
}

/** A hex SHA-256 (as `GET /<MEDIA_ID>` gives it, docs/meta-messaging.md §1.3); anything else is not compared. */
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * `GET /<MEDIA_ID>` for the URL, then the file from that URL with the token (docs/meta-messaging.md
 * §1.3): the client sends the token only to Meta's media host or the Base URL's origin. The URL and
 * the token never reach the output; the bytes are checked against Meta's SHA-256.
 */
export const downloadMedia = defineOperation<DownloadMediaInput, DownloadMediaOutput>({
	id: 'downloadMedia',
	resource: 'media',
	title: 'Download Media',
	action: 'Download a media file',
	description: 'Downloads a media file (one you uploaded, or one a customer sent) by its media ID, checked against the SHA-256 Meta gives.',
	kind: 'read',
	fields: [
		mediaIdField,
		uploadedByField,
		{
			key: 'fileName',
			label: 'File Name',
			type: 'string',
			required: false,
			advanced: true,
			help: 'The name to give the downloaded file. Leave it empty for the media ID with the extension of its type, e.g. 1013859600285441.jpg.',
			placeholder: 'receipt.jpg',
		},
	],
	sample: {
		mediaId: '1013859600285441',
		mimeType: 'image/jpeg',
		sha256: '4b0db4e2a7b4f2e1d1c3a2b09d8a7e4c3f2b1a09e8d7c6b5a4f3e2d1c0b9a8f7',
		fileSize: 4,
		fileName: '1013859600285441.jpg',
		file: { data: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), fileName: '1013859600285441.jpg', mimeType: 'image/jpeg' },
	},
	outputFields: [
		...MEDIA_INFO_OUTPUT_FIELDS,
		{ key: 'fileName', label: 'File Name', type: 'string' },
		{ key: 'file', label: 'File', type: 'file' },
	],
	async run({ client }, input) {
		const info = await readMedia(client, input.mediaId, input.phoneNumberId, 'downloadMedia');
		if (!info.url) throw unexpectedAnswer("Meta's answer about this media has no download URL.", "Check the media ID; if it is right, report this to the connector's maintainers.", 'downloadMedia');
		const download = await client.download(info.url, 'downloadMedia');
		const sha256 = createHash('sha256').update(download.data).digest('hex');
		if (info.sha256 && HEX_SHA256.test(info.sha256) && info.sha256.toLowerCase() !== sha256) {
			throw new WhatsAppError({
				category: 'transient',
				message: `The downloaded file does not match the SHA-256 Meta gives for it (${download.data.byteLength} bytes arrived), so it may be damaged.`,
				nextStep: 'Download it again; if it keeps failing, the file at Meta may be damaged: ask for it again.',
				retry: { action: 'retry' },
				operation: 'downloadMedia',
			});
		}
		const mimeType = normalizeMimeType(info.mimeType ?? download.contentType ?? '') || 'application/octet-stream';
		const fileName = mediaFileName(info.mediaId, mimeType, input.fileName);
		return { mediaId: info.mediaId, mimeType, sha256, fileSize: download.data.byteLength, fileName, file: { data: download.data, fileName, mimeType } };
	},
});
