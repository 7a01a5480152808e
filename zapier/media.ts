/**
 * "Download Media" on Zapier: the step reads what the file is (`getMediaUrl`, without the URL, which
 * needs the access token) and outputs it as a dehydrated file. Only when a later step uses the file
 * does Zapier call the hydrator, which downloads it through the core (`downloadMedia`, token sent to
 * Meta's media host only) and stashes the bytes with Zapier: no step ever shows a URL that needs the token.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { DownloadMediaOutput, GetMediaUrlOutput, mediaFileName, renderDeep } from '../shared';
import { ADVANCED_GROUP, inputFieldsFor } from './fields';
import { FILE_CREATE_LABELS, requireOperation, ZAPIER_LABELS } from './labels';
import { outputFieldsFor, toZapierValue } from './output';
import { runForZapier } from './perform';

const downloadMedia = requireOperation('downloadMedia');
const getMediaUrl = requireOperation('getMediaUrl');

/** What the hydrator is given (inside Zapier's pointer, at most a few hundred bytes): the core's input keys. */
export type MediaPointer = {
	mediaId: string;
	phoneNumberId?: string;
	fileName: string;
};

/** The hydrator: the file's bytes through the core, stashed with Zapier (the returned URL is Zapier's own). */
export async function hydrateMediaFile(z: ZObject, bundle: Bundle): Promise<string> {
	const pointer = bundle.inputData as Partial<MediaPointer>;
	const input = { mediaId: pointer.mediaId, phoneNumberId: pointer.phoneNumberId, fileName: pointer.fileName };
	const output = await runForZapier<DownloadMediaOutput>(z, bundle, downloadMedia, { input });
	const data = output.file.data;
	return z.stashFile(Buffer.from(data.buffer, data.byteOffset, data.byteLength), data.byteLength, output.file.fileName, output.file.mimeType);
}

/** The step's output: the file's details and the dehydrated file (the declaration's keys, snake_cased). */
export async function performDownloadMedia(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
	const info = await runForZapier<GetMediaUrlOutput>(z, bundle, getMediaUrl);
	const fileName = mediaFileName(info.mediaId, info.mimeType ?? '', typeof bundle.inputData?.file_name === 'string' ? bundle.inputData.file_name : undefined);
	const pointer: MediaPointer = { mediaId: info.mediaId, fileName };
	const uploadedBy = bundle.inputData?.phone_number_id;
	if (typeof uploadedBy === 'string' && uploadedBy.trim()) pointer.phoneNumberId = uploadedBy.trim();
	return toZapierValue({
		mediaId: info.mediaId,
		mimeType: info.mimeType,
		sha256: info.sha256,
		fileSize: info.fileSize,
		fileName,
		file: z.dehydrateFile(hydrateMediaFile, pointer),
	});
}

const sample = toZapierValue<Record<string, unknown>>({
	...renderDeep({ ...(downloadMedia.sample as Record<string, unknown>) }, ZAPIER_LABELS),
	// Zapier shows a file as a link to its own copy.
	file: 'https://zapier.com/engine/hydrate/1/abcdefghijklmnop/',
});

export const downloadMediaCreate = {
	key: 'download_media',
	noun: 'Media',
	display: {
		label: FILE_CREATE_LABELS.downloadMedia,
		description: `${downloadMedia.description} The file goes to later steps as a file (mapped like any attachment).`,
	},
	operation: {
		inputFields: inputFieldsFor(downloadMedia, { linkPhoneNumberSearch: true }),
		inputFieldGroups: [ADVANCED_GROUP],
		perform: performDownloadMedia,
		sample,
		outputFields: outputFieldsFor(downloadMedia.outputFields, sample),
	},
};
