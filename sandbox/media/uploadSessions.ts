/**
 * The Resumable Upload API's state (docs/meta-messaging.md §7): sessions created by
 * `POST /<APP_ID>/uploads` (ID `upload:<opaque>?sig=<signature>`), filled by `POST /upload:<opaque>`
 * from `file_offset`, and the file handles (`h`) a completed upload yields. In memory only.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export interface UploadSession {
	/** `upload:<opaque>`, the node ID without the signature. */
	nodeId: string;
	sig: string;
	fileName: string;
	fileLength: number;
	fileType: string;
	chunks: Buffer[];
	offset: number;
	handle: string | null;
}

export interface UploadedFileHandle {
	handle: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

export class UploadSessions {
	private readonly sessions = new Map<string, UploadSession>();
	private readonly handles = new Map<string, UploadedFileHandle>();
	private readonly key = randomBytes(32);

	create(fileName: string, fileLength: number, fileType: string): UploadSession {
		// Meta's opaque part is base64 of `1:attachment:<uuid>?file_name=…&file_length=…&file_type=…`.
		const description = `1:attachment:${randomUUID()}?${new URLSearchParams({ file_name: fileName, file_length: String(fileLength), file_type: fileType })}`;
		const nodeId = `upload:${Buffer.from(description).toString('base64url')}`;
		const session: UploadSession = { nodeId, sig: this.sign(nodeId), fileName, fileLength, fileType, chunks: [], offset: 0, handle: null };
		this.sessions.set(nodeId, session);
		return session;
	}

	/** The session a node ID (with or without a percent-decoded `?sig=…` tail) names. */
	find(nodeId: string): UploadSession | undefined {
		return this.sessions.get(nodeId.split('?')[0]);
	}

	/** Appends bytes at `offset`; completes the file (and mints its handle) when all `file_length` bytes are in. */
	append(session: UploadSession, bytes: Buffer): void {
		session.chunks.push(bytes);
		session.offset += bytes.length;
		if (session.offset === session.fileLength && session.handle === null) {
			const data = Buffer.concat(session.chunks);
			session.chunks = [data];
			// Meta's handles look like `4::aW1hZ2UvanBlZw==:ARb…`: the MIME type in base64 between colons.
			const handle = `4::${Buffer.from(session.fileType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
			session.handle = handle;
			this.handles.set(handle, { handle, fileName: session.fileName, mimeType: session.fileType, data });
		}
	}

	handle(handle: string): UploadedFileHandle | undefined {
		return this.handles.get(handle);
	}

	private sign(nodeId: string): string {
		return `AR${createHmac('sha256', this.key).update(nodeId).digest('base64url').slice(0, 20)}`;
	}
}
