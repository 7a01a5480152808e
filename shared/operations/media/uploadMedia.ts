import { defineOperation, FileInput } from '../../operation';
import { phoneNumberIdField } from '../phoneNumber/model';
import { checkMediaFile, MediaKind, SUPPORTED_MEDIA_TEXT } from './limits';
import { UPLOADED_MEDIA_LIFETIME_MS } from './model';
import { uploadMediaFile } from './upload';

export interface UploadMediaInput {
	phoneNumberId: string;
	file: FileInput;
	mimeType?: string;
	fileName?: string;
}

export interface UploadMediaOutput {
	/** Use it in a message (image, video, audio, document, sticker) sent from the same phone number. */
	mediaId: string;
	phoneNumberId: string;
	mediaType: MediaKind;
	mimeType: string;
	fileName: string;
	fileSize: number;
	/** When Meta deletes the upload (30 days after it, docs/meta-messaging.md §1.1), ISO 8601. */
	expiresAt: string;
}

/**
 * `POST /<PHONE_NUMBER_ID>/media` (./upload.ts, docs/meta-messaging.md §1.1). Type and size are
 * checked first (§1.2), so a file Meta would refuse costs no request.
 */
export const uploadMedia = defineOperation<UploadMediaInput, UploadMediaOutput>({
	id: 'uploadMedia',
	resource: 'media',
	title: 'Upload Media',
	action: 'Upload a media file',
	description: 'Uploads a file to WhatsApp and returns its media ID, to send as an image, video, audio, document or sticker from the same phone number within 30 days.',
	kind: 'write',
	fields: [
		{ ...phoneNumberIdField, help: 'The business number that will send the file (its phone number ID): media uploaded by one number cannot be sent by another.' },
		{
			key: 'file',
			label: 'File',
			type: 'file',
			required: true,
			help: `The file to upload. WhatsApp takes ${SUPPORTED_MEDIA_TEXT}.`,
		},
		{
			key: 'mimeType',
			label: 'MIME Type',
			type: 'string',
			required: false,
			advanced: true,
			help: "The file's type, e.g. image/jpeg or application/pdf. Leave it empty to use the type the file came with (or its name's extension).",
			placeholder: 'application/pdf',
		},
		{
			key: 'fileName',
			label: 'File Name',
			type: 'string',
			required: false,
			advanced: true,
			help: "The name Meta keeps with the file. Leave it empty to use the file's own name.",
			placeholder: 'invoice-1042.pdf',
		},
	],
	sample: {
		mediaId: '1013859600285441',
		phoneNumberId: '106540352242922',
		mediaType: 'document',
		mimeType: 'application/pdf',
		fileName: 'invoice-1042.pdf',
		fileSize: 48213,
		expiresAt: '2026-12-21T12:00:00.000Z',
	},
	outputFields: [
		{ key: 'mediaId', label: 'Media ID', type: 'string' },
		{ key: 'phoneNumberId', label: 'Phone Number ID', type: 'string' },
		{ key: 'mediaType', label: 'Media Type', type: 'string' },
		{ key: 'mimeType', label: 'MIME Type', type: 'string' },
		{ key: 'fileName', label: 'File Name', type: 'string' },
		{ key: 'fileSize', label: 'File Size (Bytes)', type: 'number' },
		{ key: 'expiresAt', label: 'Media ID Expires At', type: 'datetime' },
	],
	async run({ client }, input) {
		const checked = checkMediaFile(input.file, { mimeType: input.mimeType, fileName: input.fileName }, 'File');
		const mediaId = await uploadMediaFile(client, {
			phoneNumberId: input.phoneNumberId,
			file: input.file,
			checked,
			operation: 'uploadMedia',
			checkBeforeRepeating:
				'The file may have reached Meta, but no media ID came back, so it cannot be used or deleted from here. Uploading it again gives a new media ID; an unused upload expires by itself after 30 days.',
		});
		return {
			mediaId,
			phoneNumberId: input.phoneNumberId,
			mediaType: checked.kind,
			mimeType: checked.mimeType,
			fileName: checked.fileName,
			fileSize: checked.size,
			expiresAt: new Date(client.runtime.now() + UPLOADED_MEDIA_LIFETIME_MS).toISOString(),
		};
	},
});
