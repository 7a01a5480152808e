/**
 * The trigger's "Download Media" option: the file of each received image, video, audio, document
 * or sticker, downloaded through the core's downloadMedia (the token goes to Meta's media host
 * only; docs/meta-messaging.md §1.3) and attached to its item as n8n binary data. A file that cannot
 * be downloaded never costs the event: the item keeps its JSON and says what went wrong.
 */
import type { IWebhookFunctions, INodeExecutionData } from 'n8n-workflow';

import { GraphClient, InboundMedia, mediaFileName, runOperation } from '../../../shared';
import { errorItemJson } from '../errors';
import { graphClient } from '../transport';

/** The binary field the file goes to (n8n's usual name). */
export const MEDIA_BINARY_PROPERTY = 'data';

/** The media of an inbound message item, when it has any. */
export function mediaOf(item: INodeExecutionData): InboundMedia | undefined {
	const media = item.json.type === 'inboundMessage' ? (item.json.media as unknown as InboundMedia | undefined) : undefined;
	return media && typeof media.id === 'string' && media.id !== '' ? media : undefined;
}

/**
 * Downloads the media of the items that have some, one after the other, and attaches each as
 * binary data; a failed download leaves `mediaDownloadError` (the core's words and next step) on
 * its item instead. Inbound media was uploaded by no business number, so none is named in the
 * lookup (docs/meta-messaging.md §1.3).
 */
export async function attachMedia(context: IWebhookFunctions, items: INodeExecutionData[]): Promise<void> {
	let client: GraphClient | undefined;
	for (const item of items) {
		const media = mediaOf(item);
		if (!media) continue;
		try {
			client ??= await graphClient(context);
			const output = await runOperation('downloadMedia', client, { mediaId: media.id, fileName: mediaFileName(media.id, media.mimeType ?? '', media.filename) });
			const { data, fileName, mimeType } = output.file;
			const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
			item.binary = { [MEDIA_BINARY_PROPERTY]: await context.helpers.prepareBinaryData(buffer, fileName, mimeType) };
		} catch (error) {
			const problem = errorItemJson(error);
			item.json.mediaDownloadError = problem;
			context.logger.warn(`WhatsApp Business Numbers Trigger could not download media ${media.id}: ${String(problem.error)}`);
		}
	}
}
