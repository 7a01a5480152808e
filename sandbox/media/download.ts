/**
 * The sandbox's stand-in for Meta's media hosts (docs/meta-messaging.md §1.3, §6.1):
 * `/whatsapp_business/attachments/?mid&ext&hash` serves a file to a request with the access token in
 * `Authorization` (401/190 without it, 404 once the 5-minute URL expired); `/pps/<token>` serves
 * profile pictures publicly, like `pps.whatsapp.net`.
 */
import type * as http from 'node:http';
import type { SandboxContext } from '../context';
import { GraphError, invalidToken } from '../graphError';
import { EXPIRED_MEDIA_URL_STATUS, MEDIA_DOWNLOAD_PATH, PROFILE_PICTURE_PATH } from '../messagingConstants';
import { toMetaJson } from '../metaJson';

export function isMessagingDownload(pathname: string): boolean {
	return pathname === MEDIA_DOWNLOAD_PATH || pathname === MEDIA_DOWNLOAD_PATH.slice(0, -1) || pathname.startsWith(PROFILE_PICTURE_PATH);
}

function sendError(res: http.ServerResponse, error: GraphError): void {
	const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
	if (error.status === 401) headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${error.message}"`;
	res.writeHead(error.status, headers).end(toMetaJson(error.toEnvelope()));
}

function sendFile(res: http.ServerResponse, mimeType: string, data: Buffer): void {
	res.writeHead(200, { 'content-type': mimeType, 'content-length': String(data.length) }).end(data);
}

function notFound(what: string): GraphError {
	// [inferred] EXPIRED_MEDIA_URL_STATUS: Meta's host answers an expired URL without a documented body.
	return new GraphError({ status: EXPIRED_MEDIA_URL_STATUS, code: 100, type: 'OAuthException', whatsapp: false, message: `${what} Get a fresh URL with GET /<MEDIA_ID>; URLs last 5 minutes.` });
}

/**
 * A download without any Authorization header. The media host is not the Graph API, so the Graph
 * answer (400/104) does not apply; we answer 401 with Graph's wording [inferred, docs/meta-messaging.md].
 */
function downloadTokenMissing(): GraphError {
	const error = invalidToken();
	return new GraphError({ status: error.status, code: error.code, type: 'OAuthException', whatsapp: false, message: 'An access token is required to request this resource.' });
}

/** Answers a download; `req.method` must be GET (HEAD is not simulated). */
export function serveDownload(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
	if (url.pathname.startsWith(PROFILE_PICTURE_PATH)) {
		const picture = ctx.state.messaging.pictures.get(decodeURIComponent(url.pathname.slice(PROFILE_PICTURE_PATH.length)));
		if (!picture) return sendError(res, notFound('No such profile picture.'));
		return sendFile(res, picture.mimeType, picture.data);
	}
	const header = req.headers.authorization;
	const match = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim()) : null;
	if (!header) return sendError(res, downloadTokenMissing());
	if (!match || match[1].trim() !== ctx.state.accessToken) return sendError(res, invalidToken());
	const found = ctx.state.messaging.media.resolveUrl(url.searchParams, ctx.clock.now());
	if ('problem' in found) return sendError(res, notFound(found.problem === 'expired' ? 'This media URL has expired.' : 'This media URL is not valid, or the media was deleted.'));
	sendFile(res, found.record.mimeType, found.record.data);
}
