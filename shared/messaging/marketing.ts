/**
 * The Marketing Messages API for WhatsApp (docs/meta-messaging.md §5): a MARKETING template sent to
 * `POST /<PHONE_NUMBER_ID>/marketing_messages` with the same body as `/messages`, plus
 * `message_activity_sharing` and `product_policy` when chosen. Only MARKETING templates go there
 * (§5.2): when the template was read before sending, any other category is refused here instead of
 * by Meta (131055, §5.3).
 */
import { WhatsAppError } from '../errors';
import type { MetaTemplate } from '../templates/meta';
import { templateTitle } from '../templates/sendable';
import type { MessagePayload, SendMessageInput } from './input';

/** §5.2 [doc]: the edge of the Marketing Messages API, beside the Cloud API's `messages`. */
export const MARKETING_MESSAGES_EDGE = 'marketing_messages';
export const CLOUD_API_EDGE = 'messages';
export type SendEdge = typeof MARKETING_MESSAGES_EDGE | typeof CLOUD_API_EDGE;

/** §5.2 [code: Meta's Marketing Messages API page as mirrored, pywa, proxies]: the values of `product_policy`. */
export const PRODUCT_POLICIES = ['CLOUD_API_FALLBACK', 'STRICT'] as const;

export function sendEdge(input: SendMessageInput): SendEdge {
	return input.messageType === 'template' && input.marketingMessages === true ? MARKETING_MESSAGES_EDGE : CLOUD_API_EDGE;
}

/**
 * The body with the Marketing Messages API's own fields: `message_activity_sharing` overrides the
 * account's setting only when chosen, and `product_policy` likewise; left out, Meta's defaults apply.
 */
export function withMarketingFields(payload: MessagePayload, input: SendMessageInput): MessagePayload {
	const out: MessagePayload = { ...payload };
	if (input.messageActivitySharing === 'on' || input.messageActivitySharing === 'off') out.message_activity_sharing = input.messageActivitySharing === 'on';
	if (input.productPolicy !== undefined && input.productPolicy !== 'default') out.product_policy = input.productPolicy;
	return out;
}

/** Throws when a template read before sending is not MARKETING; nothing is sent then. */
export function assertMarketingTemplate(template: MetaTemplate, field: string): void {
	const category = String(template.category ?? 'UNKNOWN').toUpperCase();
	if (category === 'MARKETING') return;
	throw new WhatsAppError({
		category: 'template',
		message: `The template ${templateTitle(String(template.name), String(template.language))} is a ${category} template, and the Marketing Messages API only takes MARKETING templates (Meta would refuse it with error 131055). Nothing was sent.`,
		nextStep: 'Turn off {field:marketingMessages} to send it through the Cloud API as usual, or pick a marketing template.',
		retry: { action: 'fix_and_retry' },
		field,
	});
}
