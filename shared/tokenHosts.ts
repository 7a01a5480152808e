/**
 * Which URLs may receive the access token. Graph calls are built from the configured Base URL. A
 * media file is downloaded from the URL `GET /<MEDIA_ID>` returns, which is not a Graph path and
 * needs the token too (docs/meta-messaging.md §1.3): it goes only to Meta's media host, or to the
 * Base URL's own origin (the sandbox serves downloads there). Anything else is refused before any
 * request exists, on every platform: n8n adds the credential to whatever URL it is handed, so the
 * check cannot be left to the transport.
 */
import { WhatsAppError, TextScope } from './errors';

/**
 * Meta's media download host, from the URL in Meta's own example answer
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media, [doc]).
 * HTTPS only. If Meta moves its media to another host, downloads fail loudly naming this constant,
 * and the token is never sent to the unknown host.
 */
export const META_MEDIA_HOSTS: readonly string[] = ['lookaside.fbsbx.com'];

/** Whether `target` may carry the access token: Meta's media host over https, or the Base URL's origin. */
export function mayReceiveToken(target: URL, baseUrl: URL): boolean {
	if (target.origin === baseUrl.origin) return true;
	return target.protocol === 'https:' && META_MEDIA_HOSTS.includes(target.hostname.toLowerCase()) && (target.port === '' || target.port === '443');
}

/** The error for a download URL outside the rule: nothing was sent, the token included. */
export function tokenHostRefused(target: string, operation: string | undefined, scope: TextScope): WhatsAppError {
	let host = target;
	try {
		host = new URL(target).host;
	} catch {
		// not a URL at all: named as given
	}
	return new WhatsAppError(
		{
			category: 'unknown',
			message: `The file's download link points to ${host}, which is neither Meta's media host (${META_MEDIA_HOSTS.join(', ')}) nor the Base URL in {connection}, so it was not downloaded and your access token was not sent there.`,
			nextStep: "If Meta moved its media files to a new host, report this to the connector's maintainers (the allowed hosts are META_MEDIA_HOSTS in shared/tokenHosts.ts).",
			retry: { action: 'do_not_retry' },
			operation,
		},
		scope,
	);
}
