/**
 * `/_sandbox/...` endpoints for MessagingControl (inbound messages of every type, usernames and
 * hidden phone numbers, BSUID changes, marketing-messages onboarding, media and read-state
 * inspection). Answers null for paths it does not own, so routes/control.ts goes on.
 */
import type { SandboxControl } from '../control';
import type { InboundMessage } from '../inbound';
import type { ControlAnswer } from './control';

export const MESSAGING_CONTROL_ENDPOINTS = [
	'POST   /_sandbox/inbound                           {phoneNumberId, from, text|media|location|reaction|reply, contextMessageId?, name?, username?, hidePhone?} → signed messages webhook {messageId, mediaId, deliveryId}',
	'PUT    /_sandbox/contacts/:waId/user               {username?: string|null, hidePhone?: boolean}',
	'POST   /_sandbox/contacts/:waId/change-user-id     {phoneNumberId, newPhone?} → system message user_changed_number / user_changed_user_id',
	'PUT    /_sandbox/marketing-messages                {onboarded, wabaId?} Marketing Messages API terms (all WABAs without wabaId)',
	'GET    /_sandbox/media/:mediaId                    a media file\'s record (no bytes)',
	'GET    /_sandbox/inbound/:messageId                an inbound message: readAt, typingUntil',
];

/** The answer for a messaging control call, or null when `parts` is not one. `input()` reads the JSON body object; throws ControlError. */
export function handleMessagingControl(control: SandboxControl, method: string, parts: string[], input: () => Record<string, unknown>): ControlAnswer | null {
	const ok = (value: unknown): ControlAnswer => ({ status: 200, body: value });
	const { messaging } = control;
	const [root, id, action] = parts;
	if (method === 'POST' && root === 'inbound' && parts.length === 1) {
		const message = input();
		const result = messaging.inbound({ ...message, phoneNumberId: String(message.phoneNumberId), from: String(message.from) } as InboundMessage);
		return ok({ messageId: result.messageId, mediaId: result.mediaId, deliveryId: result.delivery?.id ?? null });
	}
	if (method === 'PUT' && root === 'contacts' && action === 'user' && parts.length === 3) {
		const { username, hidePhone } = input();
		return ok(messaging.setUser(id, { username: username as string | null | undefined, hidePhone: hidePhone as boolean | undefined }));
	}
	if (method === 'POST' && root === 'contacts' && action === 'change-user-id' && parts.length === 3) {
		const { phoneNumberId, newPhone } = input();
		return ok(messaging.changeUserId(id, { phoneNumberId: String(phoneNumberId), newPhone: newPhone === undefined ? undefined : String(newPhone) }));
	}
	if (method === 'PUT' && root === 'marketing-messages' && parts.length === 1) {
		const { onboarded, wabaId } = input();
		return ok(messaging.setMarketingMessages(onboarded as boolean, wabaId === undefined ? undefined : String(wabaId)));
	}
	if (method === 'GET' && root === 'media' && parts.length === 2) return ok(messaging.media(id));
	if (method === 'GET' && root === 'inbound' && parts.length === 2) return ok(messaging.inboundMessage(id));
	return null;
}
