/**
 * Media as Meta keeps it (docs/meta-messaging.md §1): files uploaded by a business number or received
 * from users, each with an ID that expires (30 days after upload, 7 days for inbound media), and
 * short-lived signed download URLs (5 minutes). Kept in memory only: saved state does not hold media.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MEDIA_DOWNLOAD_PATH, MEDIA_ID_TTL_MS, MEDIA_URL_TTL_MS } from '../messagingConstants';

export interface MediaRecord {
	id: string;
	/** The business number that uploaded it, or that received it from a user. */
	numberId: string;
	source: 'upload' | 'inbound';
	mimeType: string;
	data: Buffer;
	filename?: string;
	createdAt: number;
	expiresAt: number;
}

export type UrlLookup = { record: MediaRecord } | { problem: 'expired' | 'unknown' };

/** A media ID like Meta's: 16 digits. */
function newMediaId(): string {
	return `1${(randomBytes(8).readBigUInt64BE() % 1_000_000_000_000_000n).toString().padStart(15, '0')}`;
}

export class MediaStore {
	private readonly records = new Map<string, MediaRecord>();
	private readonly urlKey = randomBytes(32);

	add(init: Omit<MediaRecord, 'id' | 'expiresAt'>): MediaRecord {
		let id = newMediaId();
		while (this.records.has(id)) id = newMediaId();
		const record: MediaRecord = { ...init, id, expiresAt: init.createdAt + MEDIA_ID_TTL_MS[init.source] };
		this.records.set(id, record);
		return record;
	}

	/** The live record, or undefined when the ID is unknown, deleted or expired. */
	get(id: string, now: number): MediaRecord | undefined {
		const record = this.records.get(id);
		if (!record) return undefined;
		if (now >= record.expiresAt) {
			this.records.delete(id);
			return undefined;
		}
		return record;
	}

	delete(id: string): boolean {
		return this.records.delete(id);
	}

	/** `<base>/whatsapp_business/attachments/?mid=…&ext=…&hash=…`, valid for 5 minutes from `now`. */
	urlFor(record: MediaRecord, now: number, baseUrl: string): string {
		const ext = String(Math.floor((now + MEDIA_URL_TTL_MS) / 1000));
		return `${baseUrl}${MEDIA_DOWNLOAD_PATH}?mid=${record.id}&ext=${ext}&hash=${this.sign(record.id, ext)}`;
	}

	/** The record a download URL points to, if its signature holds and it has not expired. */
	resolveUrl(query: URLSearchParams, now: number): UrlLookup {
		const id = query.get('mid') ?? '';
		const ext = query.get('ext') ?? '';
		const given = Buffer.from(query.get('hash') ?? '');
		const expected = Buffer.from(this.sign(id, ext));
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: 'unknown' };
		if (now >= Number(ext) * 1000) return { problem: 'expired' };
		const record = this.get(id, now);
		return record ? { record } : { problem: 'unknown' };
	}

	private sign(id: string, ext: string): string {
		return createHmac('sha256', this.urlKey).update(`${id}:${ext}`).digest('base64url').slice(0, 22);
	}
}

/** `GET /<MEDIA_ID>` reports the hex SHA-256 of the bytes (docs/meta-messaging.md §1.3). */
export function sha256Hex(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Inbound webhooks carry the SHA-256 in base64 (docs/meta-messaging.md §3.1). */
export function sha256Base64(data: Buffer): string {
	return createHash('sha256').update(data).digest('base64');
}
