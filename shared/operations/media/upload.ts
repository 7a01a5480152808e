/**
 * `POST /<PHONE_NUMBER_ID>/media` (docs/meta-messaging.md §1.1): the one upload of the core, used by
 * Upload Media and by a message sent from a file. Multipart `messaging_product`, `type` and `file`
 * with its own Content-Type, which Meta judges. A dropped connection or a 5xx leaves the outcome
 * unknown: the upload is then never repeated automatically (the client's `send` policy repeats only
 * what Meta cannot have received), and `checkBeforeRepeating` says what that means for the caller.
 */
import type { GraphClient } from '../../client';
import { multipartBody } from '../../multipart';
import type { FileInput } from '../../operation';
import { unexpectedAnswer } from '../unexpectedAnswer';
import type { CheckedMedia } from './limits';

export interface MediaUpload {
	phoneNumberId: string;
	file: FileInput;
	/** The file as `checkMediaFile` read it: the type and name to upload it with. */
	checked: CheckedMedia;
	operation: string;
	/** Said when the upload may have reached Meta but no media ID came back. */
	checkBeforeRepeating: string;
}

/** Uploads the file and returns its media ID. */
export async function uploadMediaFile(client: GraphClient, upload: MediaUpload): Promise<string> {
	const { checked } = upload;
	const body = multipartBody(
		[
			{ name: 'messaging_product', value: 'whatsapp' },
			{ name: 'type', value: checked.mimeType },
			{ name: 'file', file: { data: upload.file.data, fileName: checked.fileName, contentType: checked.mimeType } },
		],
		() => client.runtime.random(),
	);
	const response = await client.request<{ id?: string }>({
		method: 'POST',
		path: `${upload.phoneNumberId}/media`,
		body,
		retry: 'send',
		operation: upload.operation,
		checkBeforeRepeating: upload.checkBeforeRepeating,
	});
	if (!response.id) {
		throw unexpectedAnswer('Meta accepted the upload but returned no media ID.', "The file cannot be sent without its ID; report this to the connector's maintainers with the time of the upload.", upload.operation);
	}
	return String(response.id);
}
