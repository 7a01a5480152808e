/**
 * Instant (REST hook) triggers and the identity-hash search, backed by the relay (relay/).
 * Meta's webhooks cannot reach a Zapier hook URL directly (Meta's GET challenge), so the relay
 * receives them, and each Zap subscribes its hook URL at the relay (performSubscribe) and receives
 * one POST per event: the relay's delivery payload (shared/relayContract.ts), turned into an item
 * here. The app spreads `relayTriggers`, `relaySearches` and `relayAuthFields` into its definition.
 */
import { findIdentityHash } from './searches/findIdentityHash';
import { newIdentityMismatch } from './triggers/newIdentityMismatch';
import { newInboundMessage } from './triggers/newInboundMessage';
import { newMessageStatus } from './triggers/newMessageStatus';
import { newPhoneNumberEvent } from './triggers/newPhoneNumberEvent';
import { newTemplateStatus } from './triggers/newTemplateStatus';

export { RELAY_AUTH_KEYS, relayAuthFields } from './authFields';
export { callRelay, relaySettings } from './client';
export { identityMismatchItem, PHONE_NUMBER_EVENT_CHOICES, phoneNumberEventItem } from './mappers';
export type { IdentityMismatchItem, PhoneNumberEventItem } from './mappers';
export { inboundMessageItem } from './triggers/newInboundMessage';
export type { InboundMessageItem } from './triggers/newInboundMessage';
export { messageStatusItem } from './triggers/newMessageStatus';
export type { MessageStatusItem } from './triggers/newMessageStatus';
export { templateStatusItem } from './triggers/newTemplateStatus';
export type { TemplateStatusItem } from './triggers/newTemplateStatus';
export { findIdentityHash, newIdentityMismatch, newInboundMessage, newMessageStatus, newPhoneNumberEvent, newTemplateStatus };

export const relayTriggers: Record<string, unknown> = {
	[newIdentityMismatch.key]: newIdentityMismatch,
	[newPhoneNumberEvent.key]: newPhoneNumberEvent,
	[newInboundMessage.key]: newInboundMessage,
	[newMessageStatus.key]: newMessageStatus,
	[newTemplateStatus.key]: newTemplateStatus,
};

export const relaySearches: Record<string, unknown> = {
	[findIdentityHash.key]: findIdentityHash,
};
