/**
 * Meta's side: the verification GET and the signed event POSTs on the callback URL (no API key; the
 * signature is the authentication), and POST /meta/configure, which points Meta at the relay.
 */
import { answerChallenge, RELAY_PATHS, SIGNATURE_HEADER, verifyAndParse, WhatsAppError } from '../../../shared';
import { configureMetaOverride } from '../../metaConfigure';
import type { Route, RouteContext, RouteRequest } from '../context';
import { optionalText } from '../input';
import { API_BODY_LIMIT, parseJsonBody, readBody, sendError, sendJson } from '../respond';

function verification(context: RouteContext, { res, query }: RouteRequest): void {
	const answer = answerChallenge(Object.fromEntries(query), context.config.verifyToken);
	if (!answer.ok) {
		context.log(`webhook: refused a verification request (${answer.status})`);
		return sendError(res, answer.status, 'verification_failed', answer.reason);
	}
	context.log("webhook: answered Meta's verification request");
	res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
	res.end(answer.challenge);
}

async function events(context: RouteContext, { req, res }: RouteRequest): Promise<void> {
	const { config, storage, clock, log } = context;
	const raw = await readBody(req, config.maxBodyBytes);
	const result = verifyAndParse(raw, req.headers[SIGNATURE_HEADER], config.appSecret);
	if (!result.ok) {
		log(`webhook: refused a POST (${result.status}): ${result.reason}`);
		return sendError(res, result.status, result.status === 400 ? 'not_a_whatsapp_webhook' : 'bad_signature', result.reason);
	}
	// A part that cannot be read is stored as a rejectedChange with its reason and answered 200 like
	// the rest: Meta would otherwise resend the same unreadable part for 7 days.
	for (const event of result.events) {
		if (event.type === 'rejectedChange') log(`webhook: skipped part of a POST (entry ${event.entryIndex}, change ${event.changeIndex}, field ${event.field}): ${event.reason}`);
	}
	// Stored (committed) before the 200: once Meta hears 200 it never sends the events again.
	const stored = result.events.length ? await storage.acceptEvents(result.events, clock.now()) : { stored: 0, duplicates: 0, deliveriesQueued: 0 };
	if (stored.stored) context.onEventsStored?.();
	if (result.events.length) log(`webhook: ${stored.stored} new events stored, ${stored.duplicates} already known, ${stored.deliveriesQueued} deliveries queued`);
	sendJson(res, 200, { received: result.events.length, stored: stored.stored, duplicates: stored.duplicates });
}

async function configure(context: RouteContext, { req, res }: RouteRequest): Promise<void> {
	const { config, log } = context;
	const body = parseJsonBody(await readBody(req, API_BODY_LIMIT));
	const accessToken = optionalText(body, 'access_token') ?? config.meta.accessToken;
	const request = context.secrets.child([accessToken]);
	try {
		const result = await configureMetaOverride(
			{
				publicUrl: config.publicUrl,
				verifyToken: config.verifyToken,
				accessToken,
				wabaId: optionalText(body, 'waba_id') ?? config.meta.wabaId,
				graphBaseUrl: config.meta.graphBaseUrl,
				apiVersion: config.meta.apiVersion,
			},
			context.graphRuntime,
		);
		log(request.redact(`meta: the webhook override of WABA ${result.wabaId} now points at ${result.callbackUrl}${result.confirmed ? '' : ' (Meta does not show it yet when read back)'}`));
		sendJson(res, 200, { success: result.success, waba_id: result.wabaId, callback_url: result.callbackUrl, confirmed: result.confirmed });
	} catch (caught) {
		if (!(caught instanceof WhatsAppError)) throw caught;
		const error = caught.within({ redactor: request });
		const status = error.category === 'invalid_input' ? 400 : 502;
		log(`meta: configuring the override failed: ${error.message}`);
		sendJson(res, status, { error: { code: status === 400 ? 'invalid_input' : 'meta_error', message: error.message, meta: error.toJSON() } });
	}
}

export const META_ROUTES: Route[] = [
	{ method: 'GET', path: RELAY_PATHS.metaWebhook, apiKey: false, handle: verification },
	{ method: 'POST', path: RELAY_PATHS.metaWebhook, apiKey: false, handle: events },
	{ method: 'POST', path: RELAY_PATHS.metaConfigure, apiKey: true, handle: configure },
];
