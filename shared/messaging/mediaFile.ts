/**
 * Media messages sent from a file of the workflow (n8n binary data, a Zapier file): the file is
 * checked against WhatsApp's types and sizes and against the message type before anything is sent,
 * uploaded with the core's one upload (operations/media/upload.ts), and the message goes out by
 * media ID. A run uploads each distinct file once per sending number, however many messages carry
 * it: the uploads are keyed by the SHA-256 of the bytes.
 */
import { createHash } from 'node:crypto';
import type { GraphClient } from '../client';
import { inputError, WhatsAppError } from '../errors';
import type { FileInput } from '../operation';
import { checkMediaFile, CheckedMedia, formatSize, MEDIA_KINDS, MediaKind, SUPPORTED_MEDIA_TEXT } from '../operations/media/limits';
import { uploadMediaFile } from '../operations/media/upload';
import { settle } from '../settle';

export interface MessageFile {
	file: FileInput;
	checked: CheckedMedia;
}

const NOUNS: Readonly<Record<MediaKind, string>> = { image: 'an image', video: 'a video', audio: 'an audio file', document: 'a document', sticker: 'a sticker' };

/** The file of a message of type `kind`, checked before any request (type, size, and that it is that kind of file). */
export function checkedMessageFile(kind: MediaKind, file: FileInput, label: string, messageTypeLabel: string): MessageFile {
	const checked = checkMediaFile(file, {}, label, null);
	if (checked.kind !== kind) {
		throw inputError(
			label,
			`is ${NOUNS[checked.kind]} (${checked.mimeType}, ${formatSize(checked.size)}), but ${messageTypeLabel} is ${kind}.`,
			`Choose the message type that matches the file, or pass ${NOUNS[kind]} (${MEDIA_KINDS[kind].mimeTypes.join(', ')}).`,
		);
	}
	return { file, checked };
}

/** Said on a message whose upload may have reached Meta without a media ID coming back. */
const UPLOAD_OUTCOME_UNKNOWN =
	'Nothing was sent to the recipient. The file may have reached Meta, but no media ID came back, so it cannot be used; sending this message again uploads the file again (a new media ID; an unused upload expires by itself after 30 days).';

/** The uploads of one run, by sending number and file content. */
export class MediaUploads {
	private readonly uploads = new Map<string, Promise<string>>();
	private readonly digests = new WeakMap<Uint8Array, string>();

	constructor(
		private readonly client: GraphClient,
		private readonly operation: string,
	) {}

	/**
	 * The media ID of the file for messages from `phoneNumberId`: uploaded on first use, shared by
	 * every later message with the same bytes and type. A failed upload is the failure of every
	 * message that carries the file, told as "not sent"; it is not attempted again in this run.
	 */
	mediaIdFor(phoneNumberId: string, message: MessageFile): Promise<string> {
		const key = `${phoneNumberId}\n${message.checked.mimeType}\n${this.digest(message.file.data)}`;
		let upload = this.uploads.get(key);
		if (!upload) {
			upload = uploadMediaFile(this.client, {
				phoneNumberId,
				file: message.file,
				checked: message.checked,
				operation: this.operation,
				checkBeforeRepeating: UPLOAD_OUTCOME_UNKNOWN,
			});
			this.uploads.set(key, upload);
		}
		return settle(upload).then((outcome) => {
			if (outcome.ok) return outcome.value;
			throw notSent(outcome.error, message, this.client);
		});
	}

	/** How many files were uploaded (or tried) in this run. */
	get size(): number {
		return this.uploads.size;
	}

	private digest(data: Uint8Array): string {
		let digest = this.digests.get(data);
		if (digest === undefined) {
			digest = createHash('sha256').update(data).digest('hex');
			this.digests.set(data, digest);
		}
		return digest;
	}
}

/**
 * The upload's failure as the message's: not sent, and why. Meta refusing the file itself gets a
 * next step about the file (the upload's own advice names Upload Media's fields).
 */
function notSent(error: unknown, message: MessageFile, client: GraphClient): unknown {
	if (!(error instanceof WhatsAppError)) return error;
	const refusedFile = error.category === 'invalid_input' && error.httpStatus !== undefined && error.httpStatus < 500;
	return error.within(client.scope, {
		message: `The message was not sent: uploading its file (${message.checked.fileName}) failed. ${error.summary}`,
		...(refusedFile ? { nextStep: `Pass a file WhatsApp takes (${SUPPORTED_MEDIA_TEXT}) with its real type, or send the file by link.` } : {}),
	});
}
