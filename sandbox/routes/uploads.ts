/**
 * The Resumable Upload API (docs/meta-messaging.md §7), which yields the `profile_picture_handle` of
 * business profiles: `POST /<APP_ID>/uploads?file_name&file_length&file_type` → `{id:"upload:…?sig=…"}`
 * (a user access token, not the app token); `POST /upload:…` with header `file_offset` and the raw
 * bytes → `{h}` once the file is complete; `GET /upload:…` → `{id, file_offset}` to resume.
 */
import type { SandboxContext } from '../context';
import { requiredParameter } from '../graphError';
import type { UploadSession } from '../media/uploadSessions';
import { UPLOAD_FILE_TYPES } from '../messagingConstants';
import { invalidParam } from '../messagingErrors';
import { optionalString, requireString } from '../params';
import { GraphRequest, GraphResponse, GraphRoute } from './types';

/** App edges called with a user (or system user) token rather than the app token. */
export const USER_TOKEN_APP_EDGES: ReadonlySet<string> = new Set(['uploads']);

function startSession(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const { params } = request;
	const fileName = requireString(params, 'file_name');
	const lengthText = requireString(params, 'file_length');
	const fileType = requireString(params, 'file_type');
	const fileLength = Number(lengthText);
	if (!/^\d+$/.test(lengthText) || fileLength <= 0) throw invalidParam('The parameter file_length must be the file size in bytes (a positive whole number).');
	if (!UPLOAD_FILE_TYPES.includes(fileType)) throw invalidParam(`The parameter file_type must be one of ${UPLOAD_FILE_TYPES.join(', ')}.`);
	const session = ctx.state.messaging.uploads.create(fileName, fileLength, fileType);
	return { body: { id: `${session.nodeId}?sig=${session.sig}` } };
}

function sessionOf(ctx: SandboxContext, request: GraphRequest): UploadSession {
	const session = ctx.state.messaging.uploads.find(request.nodeId);
	if (!session) throw invalidParam('Unknown upload session.');
	// [inferred] Meta's session IDs carry `?sig=`; the sandbox insists on it so a client that drops it fails here.
	const sig = optionalString(request.params, 'sig') ?? new URLSearchParams(request.nodeId.split('?')[1] ?? '').get('sig') ?? undefined;
	if (sig !== session.sig) throw invalidParam('The upload session ID must be used whole, including its ?sig=… part, as POST /<APP_ID>/uploads returned it.');
	return session;
}

function uploadBytes(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const session = sessionOf(ctx, request);
	const header = request.headers.file_offset;
	if (header === undefined) throw requiredParameter('file_offset');
	const offset = Number(header);
	// [inferred] Meta's answer to a wrong offset is undocumented; the sandbox names the offset it expects.
	if (String(header) !== String(offset) || offset !== session.offset) {
		throw invalidParam(`The file_offset header must be ${session.offset}, where this upload session stands (GET the session to resume).`);
	}
	const bytes = request.rawBody;
	if (session.offset + bytes.length > session.fileLength) {
		throw invalidParam(`The upload holds ${session.offset + bytes.length} bytes, more than the file_length ${session.fileLength} the session was started with.`);
	}
	if (session.handle === null) ctx.state.messaging.uploads.append(session, bytes);
	return { body: session.handle !== null ? { h: session.handle } : { id: session.nodeId, file_offset: session.offset } };
}

function getSession(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const session = sessionOf(ctx, request);
	return { body: { id: session.nodeId, file_offset: session.offset } };
}

export const uploadRoutes: GraphRoute[] = [
	{ kind: 'app', method: 'POST', edge: 'uploads', handle: startSession },
	{ kind: 'upload', method: 'POST', edge: '', handle: uploadBytes },
	{ kind: 'upload', method: 'GET', edge: '', handle: getSession },
];
