/**
 * `/_sandbox/...`: HTTP face of SandboxControl (no auth; loopback only). Answers JSON; failures are
 * `{"error":{"message":"…"}}` with 400/404/409, never Meta's envelope (these are not Meta calls).
 */
import type { SandboxContext } from '../context';
import { ControlError, NameDecision, SandboxControl } from '../control';
import type { TemplateDecision } from '../templates/control';
import type { SandboxSeed } from '../types';
import type { DeliveryRecord } from '../webhookDelivery';
import { handleMessagingControl, MESSAGING_CONTROL_ENDPOINTS } from './controlMessaging';

export interface ControlAnswer {
	status: number;
	body: unknown;
}

/** The control endpoints, listed by `GET /_sandbox` and printed by the CLI. */
export const CONTROL_ENDPOINTS = [
	'GET    /_sandbox                                   this list and the sandbox identity',
	'GET    /_sandbox/numbers/:phoneNumberId/code       latest verification code {code}',
	'POST   /_sandbox/numbers/:phoneNumberId/status     force {status, codeVerificationStatus, nameStatus, qualityRating, accountMode}',
	'POST   /_sandbox/numbers/:phoneNumberId/throughput {perSecond} before 130429',
	'POST   /_sandbox/numbers/:phoneNumberId/name-review {decision: APPROVED|REJECTED|DEFERRED|PENDING, rejectionReason?, holdRegister?}',
	'POST   /_sandbox/numbers/:phoneNumberId/username-status {status: reserved|approved|deleted}',
	'GET    /_sandbox/contacts/:waId                    the contact and its identity key hash',
	'POST   /_sandbox/contacts/:waId/rotate-identity    new identity {waId, identityKeyHash}',
	'GET|PUT /_sandbox/app                              app callback {callbackUrl, verifyToken, fields?}',
	'GET|DELETE /_sandbox/deliveries                    webhook delivery log (?field=&status=)',
	'POST   /_sandbox/business/verify                   verify the business: cap 2 → 20, business_capability_update',
	'GET    /_sandbox/clock, POST /_sandbox/clock/advance {ms}',
	'GET|PUT /_sandbox/faults                           {latencyMs, faults:{serverErrorRate, serverErrorStatus, timeoutRate, dropRate, malformedRate, pathIncludes}}',
	'PUT    /_sandbox/pair-rate                         {burst, perSeconds} or null',
	'GET|PUT /_sandbox/state                            save / load the whole state',
	'POST   /_sandbox/reset                             back to the starting seed',
	'GET    /_sandbox/messages/:messageId               a sent message: its outcome, content, context and edge',
	...MESSAGING_CONTROL_ENDPOINTS,
	'GET    /_sandbox/templates/:templateId             a template as stored',
	'POST   /_sandbox/templates/:templateId/review      {decision: APPROVED|REJECTED, reason?} → message_template_status_update',
	'POST   /_sandbox/templates/:templateId/quality     {quality: GREEN|YELLOW|RED|UNKNOWN}; RED pauses (3rd time disables)',
	'POST   /_sandbox/templates/:templateId/category    {category} → template_category_update',
];

/** A delivery as the log shows it: everything but the raw body. */
export function describeDelivery(record: DeliveryRecord): Record<string, unknown> {
	return {
		id: record.id,
		field: record.field,
		url: record.url,
		status: record.status,
		attempts: record.attempts,
		lastStatusCode: record.lastStatusCode,
		lastError: record.lastError,
		wabaId: record.wabaId,
		phoneNumberId: record.phoneNumberId,
		createdAt: record.createdAt,
		finishedAt: record.finishedAt,
		payload: record.payload,
	};
}

function bodyObject(body: unknown): Record<string, unknown> {
	if (body === undefined) return {};
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ControlError(400, 'The body must be a JSON object.');
	return body as Record<string, unknown>;
}

/** Routes one control call. `body` is the parsed JSON body (undefined when empty). */
export function handleControl(ctx: SandboxContext, control: SandboxControl, method: string, path: string, query: URLSearchParams, body: unknown): ControlAnswer {
	const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
	const route = `${method} ${parts.map((part, index) => (index === 1 && ['numbers', 'contacts', 'messages', 'templates'].includes(parts[0]) ? ':id' : part)).join('/')}`;
	const id = parts[1];
	const ok = (value: unknown, status = 200): ControlAnswer => ({ status, body: value });
	const input = (): Record<string, unknown> => bodyObject(body);
	try {
		const messaging = handleMessagingControl(control, method, parts, input);
		if (messaging) return messaging;
		switch (route) {
			case 'GET ':
				return ok({
					baseUrl: ctx.baseUrl(),
					wabaIds: [...ctx.state.wabas.keys()],
					appId: ctx.state.appId,
					endpoints: CONTROL_ENDPOINTS,
				});
			case 'GET numbers/:id/code': {
				const code = control.verificationCode(id);
				if (code === null) throw new ControlError(404, `No verification code is pending for ${id}. Call request_code first.`);
				return ok({ code });
			}
			case 'POST numbers/:id/status':
				return ok(control.setNumberStatus(id, input()));
			case 'POST numbers/:id/throughput':
				control.setThroughput(id, input().perSecond as number);
				return ok({ id, perSecond: input().perSecond });
			case 'POST numbers/:id/name-review': {
				const { decision, rejectionReason, holdRegister } = input();
				if (holdRegister !== undefined && typeof holdRegister !== 'boolean') throw new ControlError(400, 'holdRegister must be true or false.');
				const delivery = control.reviewName(id, decision as NameDecision, rejectionReason as string | undefined);
				if (holdRegister !== undefined) control.holdRegisterUntilNameApproved(id, holdRegister);
				return ok({ id, decision, deliveryId: delivery?.id ?? null });
			}
			case 'POST numbers/:id/username-status':
				control.setUsernameStatus(id, input().status as string);
				return ok({ id, status: input().status });
			case 'GET contacts/:id':
				return ok(control.contact(id));
			case 'POST contacts/:id/rotate-identity':
				return ok(control.rotateIdentity(id));
			case 'GET app':
				return ok({ callbackUrl: ctx.state.app.callbackUrl, fields: ctx.state.app.fields });
			case 'PUT app': {
				const { callbackUrl, verifyToken, fields } = input();
				if (callbackUrl !== null && typeof callbackUrl !== 'string') throw new ControlError(400, 'callbackUrl must be a URL or null.');
				control.setApp({ callbackUrl, verifyToken: verifyToken as string | undefined, fields: fields as string[] | undefined });
				return ok({ callbackUrl, fields: ctx.state.app.fields });
			}
			case 'GET deliveries': {
				const field = query.get('field');
				const status = query.get('status');
				const records = ctx.webhooks.records.filter((record) => (!field || record.field === field) && (!status || record.status === status));
				return ok({ data: records.map(describeDelivery) });
			}
			case 'DELETE deliveries':
				ctx.webhooks.clear();
				return ok({ success: true });
			case 'POST business/verify': {
				const result = control.verifyBusiness();
				return ok({ businessVerified: true, changed: result.changed, deliveryIds: result.deliveries.map((delivery) => delivery.id) });
			}
			case 'GET clock':
				return ok({ now: ctx.clock.now(), offsetMs: ctx.clock.offset });
			case 'POST clock/advance':
				return ok({ now: control.advanceClock(input().ms as number), offsetMs: ctx.clock.offset });
			case 'GET faults':
				return ok({ latencyMs: ctx.faults.latencyMs, faults: ctx.faults.faults });
			case 'PUT faults': {
				const { latencyMs, faults } = input();
				return ok(control.setFaults({ latencyMs: latencyMs as number | undefined, faults: faults as never }));
			}
			case 'PUT pair-rate':
				control.setPairRate(body === null ? null : (input() as never));
				return ok({ pairRate: ctx.limits.pairRate });
			case 'GET state':
				return ok(control.snapshot());
			case 'PUT state':
				control.load(input() as SandboxSeed);
				return ok({ success: true });
			case 'POST reset':
				control.reset();
				return ok({ success: true });
			case 'GET messages/:id': {
				const message = ctx.state.messages.get(id);
				if (!message) throw new ControlError(404, `No message ${id} (the sandbox remembers the latest 20,000).`);
				return ok(message);
			}
			case 'GET templates/:id':
				return ok(control.templates.get(id));
			case 'POST templates/:id/review': {
				const result = control.templates.review(id, input().decision as TemplateDecision, input().reason as string | undefined);
				return ok({ id, status: result.template.status, deliveryId: result.delivery?.id ?? null });
			}
			case 'POST templates/:id/quality': {
				const result = control.templates.setQuality(id, input().quality as string);
				return ok({ id, status: result.template.status, quality: result.template.quality.score, deliveryIds: result.deliveries.map((d) => d.id) });
			}
			case 'POST templates/:id/category': {
				const result = control.templates.recategorize(id, input().category as string);
				return ok({ id, category: result.template.category, deliveryId: result.delivery?.id ?? null });
			}
			default:
				throw new ControlError(404, `No control endpoint ${method} ${path}. GET /_sandbox lists them.`);
		}
	} catch (error) {
		if (error instanceof ControlError) return { status: error.status, body: { error: { message: error.message } } };
		throw error;
	}
}
