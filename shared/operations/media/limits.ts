/**
 * What Meta takes as media (docs/meta-messaging.md §1.2, [doc]): the MIME types of each kind and their
 * size limits. A file is checked against them before it is uploaded, so a file Meta would refuse
 * never costs a request, and the error names the limit.
 */
import { inputError } from '../../errors';
import type { FileInput } from '../../operation';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** "5 MB" read as 5 × 1024 × 1024 bytes: Meta does not say which megabyte (§1.2, [inferred]). */
const MB = 1024 * 1024;

export interface MediaKindRule {
	mimeTypes: readonly string[];
	maxBytes: number;
	/** How one file of the kind is named in errors: "an image", "a video"… */
	noun: string;
}

/** §1.2 [doc]. `audio/opus` is in Meta's own upload error list though not in the table (§1.1, [code]). */
export const MEDIA_KINDS: Readonly<Record<MediaKind, MediaKindRule>> = {
	image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB, noun: 'an image' },
	video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB, noun: 'a video' },
	audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/opus'], maxBytes: 16 * MB, noun: 'an audio file' },
	document: {
		mimeTypes: [
			'text/plain',
			'application/pdf',
			'application/msword',
			'application/vnd.ms-excel',
			'application/vnd.ms-powerpoint',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		],
		maxBytes: 100 * MB,
		noun: 'a document',
	},
	// Animated stickers may be 500 KB; static ones STATIC_STICKER_MAX_BYTES.
	sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * 1024, noun: 'an animated sticker' },
};

/** §1.2 [doc]: a static WebP sticker is at most 100 KB. */
export const STATIC_STICKER_MAX_BYTES = 100 * 1024;

/**
 * File extensions → MIME type, for a file whose platform gave no type (or the meaningless
 * `application/octet-stream`); also the extension a downloaded file is named with.
 */
export const EXTENSION_TYPES: Readonly<Record<string, string>> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	mp4: 'video/mp4',
	'3gp': 'video/3gpp',
	aac: 'audio/aac',
	amr: 'audio/amr',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	ogg: 'audio/ogg',
	opus: 'audio/opus',
	txt: 'text/plain',
	pdf: 'application/pdf',
	doc: 'application/msword',
	xls: 'application/vnd.ms-excel',
	ppt: 'application/vnd.ms-powerpoint',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** What the upload help and errors list: each kind's types in words and its limit. */
export const SUPPORTED_MEDIA_TEXT =
	'JPEG or PNG images (up to 5 MB), MP4 or 3GP videos (16 MB), AAC, AMR, MP3, M4A, OGG or Opus audio (16 MB), PDF, TXT, Word, Excel or PowerPoint documents (100 MB) and WebP stickers (100 KB, animated 500 KB)';

/** `Image/JPEG; charset=x` → `image/jpeg`; `image/jpg` (a common misspelling) → `image/jpeg`. */
export function normalizeMimeType(text: string | undefined): string {
	const type = (text ?? '').split(';')[0].trim().toLowerCase();
	return type === 'image/jpg' ? 'image/jpeg' : type;
}

export function mediaKindOf(mimeType: string): MediaKind | undefined {
	return (Object.keys(MEDIA_KINDS) as MediaKind[]).find((kind) => MEDIA_KINDS[kind].mimeTypes.includes(mimeType));
}

/** The extension a file of this type is named with (`pdf`), or `bin`. */
export function extensionFor(mimeType: string): string {
	return Object.entries(EXTENSION_TYPES).find(([, type]) => type === mimeType)?.[0] ?? 'bin';
}

/** The name a downloaded file gets: the one asked for, else `<MEDIA_ID>.<extension of its type>`. */
export function mediaFileName(mediaId: string, mimeType: string, given?: string): string {
	return given?.trim() || `${mediaId}.${extensionFor(normalizeMimeType(mimeType))}`;
}

function typeFromName(fileName: string): string | undefined {
	const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
	return extension ? EXTENSION_TYPES[extension] : undefined;
}

/**
 * WebP's extended header (`RIFF…WEBPVP8X`) with the animation flag (bit 1 of the flags byte), per
 * the WebP container spec; Meta's own test is unknown (§1.2, [inferred]).
 */
export function isAnimatedWebp(data: Uint8Array): boolean {
	const ascii = (start: number, end: number) => Array.from(data.subarray(start, end), (byte) => String.fromCharCode(byte)).join('');
	return data.length > 20 && ascii(0, 4) === 'RIFF' && ascii(8, 16) === 'WEBPVP8X' && (data[20] & 0x02) !== 0;
}

/** `6.2 MB`, `90 KB`, `512 bytes`: sizes as a person reads them. */
export function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < MB) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
	return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

export interface CheckedMedia {
	kind: MediaKind;
	mimeType: string;
	fileName: string;
	size: number;
}

/**
 * The file as it will be uploaded: its type (the override, else the platform's, else its name's
 * extension), its kind and a file name, or an input error naming the problem and the limit.
 * `typeField`: the field where a wrong type can be corrected, or null when the step has none.
 */
export function checkMediaFile(file: FileInput, overrides: { mimeType?: string; fileName?: string }, label: string, typeField: string | null = 'mimeType'): CheckedMedia {
	const givenName = overrides.fileName?.trim() || file.fileName?.trim() || '';
	const platformType = normalizeMimeType(file.mimeType);
	const mimeType = normalizeMimeType(overrides.mimeType) || (platformType && platformType !== 'application/octet-stream' ? platformType : '') || typeFromName(givenName) || '';
	const setType = typeField ? `set {field:${typeField}} to` : 'make the step before give the file';
	if (!mimeType) {
		const fix = typeField ? `Set {field:${typeField}} to the real type` : 'Make the step before give the file its real type, or a file name with its extension';
		throw inputError(label, 'has no file type (no MIME type, and no file name extension it could be read from).', `${fix}, e.g. image/jpeg or application/pdf.`);
	}
	const kind = mediaKindOf(mimeType);
	if (!kind) throw inputError(label, `is of type "${mimeType}", which WhatsApp does not take.`, `Upload one of: ${SUPPORTED_MEDIA_TEXT}. If the file is one of these, ${setType} its real type.`);
	const size = file.data.byteLength;
	if (size === 0) throw inputError(label, 'is empty (0 bytes).', 'Check that the step before really passes the file.');
	const animated = kind === 'sticker' && isAnimatedWebp(file.data);
	const maxBytes = kind === 'sticker' && !animated ? STATIC_STICKER_MAX_BYTES : MEDIA_KINDS[kind].maxBytes;
	if (size > maxBytes) {
		const noun = kind === 'sticker' && !animated ? 'a static sticker' : MEDIA_KINDS[kind].noun;
		throw inputError(
			label,
			`is ${formatSize(size)} (${size.toLocaleString('en-US')} bytes); WhatsApp takes ${noun} of at most ${formatSize(maxBytes)} (${maxBytes.toLocaleString('en-US')} bytes).`,
			'Make the file smaller (compress or resize it) and upload it again.',
		);
	}
	return { kind, mimeType, fileName: givenName || `${kind}.${extensionFor(mimeType)}`, size };
}
