/**
 * Sandbox-only controls for what users and Meta do on their own around messaging: a user writes
 * (text, media, location, reaction, reply), adopts a username and hides their phone number, gets a
 * new BSUID (docs/meta-bsuid.md §5); a business accepts the Marketing Messages API terms
 * (docs/meta-messaging.md §5.1). `sb.control.messaging` in-process, `/_sandbox/...` over HTTP.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from './context';
import { checkWaId, ControlError } from './control';
import { deliverInbound, InboundMessage, InboundResult } from './inbound';
import { sha256Hex } from './media/store';
import { USER_ID_CHANGED_BODY } from './messagingConstants';
import type { InboundRecord } from './messagingState';
import { emitChange, messagesValue } from './notify';
import { usernameProblem } from './routes/username';
import { newUserId } from './state';

export interface UserUpdate {
	/** The user's WhatsApp username; null removes it. */
	username?: string | null;
	/** Whether webhooks leave out the user's phone number (`wa_id`, `from`). */
	hidePhone?: boolean;
}

export interface UserIdChange {
	/** The business number whose webhook reports the change. */
	phoneNumberId: string;
	/** A new phone number (`user_changed_number`); left out, only the BSUID changes (`user_changed_user_id`). */
	newPhone?: string;
}

export class MessagingControl {
	constructor(private readonly ctx: SandboxContext) {}

	/** A user writes to the number: a signed `messages` webhook. */
	inbound(message: InboundMessage): InboundResult {
		checkWaId(message.from);
		return deliverInbound(this.ctx, message);
	}

	/** Sets a user's username and whether their phone number is hidden from the business. */
	setUser(waId: string, update: UserUpdate): { waId: string; userId: string; username: string | null; phoneHidden: boolean } {
		checkWaId(waId);
		const { messaging } = this.ctx.state;
		const extras = { ...messaging.user(waId) };
		if (update.username !== undefined) {
			const problem = update.username === null ? null : typeof update.username === 'string' ? usernameProblem(update.username) : 'must be text';
			if (problem) throw new ControlError(400, `The username ${problem}.`);
			extras.username = update.username;
		}
		if (update.hidePhone !== undefined) {
			if (typeof update.hidePhone !== 'boolean') throw new ControlError(400, 'hidePhone must be true or false.');
			extras.phoneHidden = update.hidePhone;
		}
		messaging.users.set(waId, extras);
		return { waId, userId: this.ctx.state.contact(waId).userId, ...extras };
	}

	/**
	 * The user's BSUID changes. With `newPhone` the user changed phone numbers and may share the new
	 * one (`user_changed_number`, `system.wa_id`); without it only the BSUID change is reported
	 * (`user_changed_user_id`, no phone number). Both carry `user_id` and `previous_user_id` and no
	 * `contacts[]` (docs/meta-bsuid.md §5).
	 */
	changeUserId(waId: string, change: UserIdChange): { waId: string; userId: string; previousUserId: string; messageId: string; deliveryId: number | null } {
		checkWaId(waId);
		const { state } = this.ctx;
		const number = state.numbers.get(change.phoneNumberId);
		if (!number) throw new ControlError(404, `No phone number ${change.phoneNumberId} in the sandbox.`);
		const waba = state.wabas.get(number.wabaId);
		if (!waba) throw new ControlError(500, `Number ${number.id} has no WABA.`);
		const contact = state.contact(waId);
		const previousUserId = contact.userId;
		let userId = newUserId();
		while (userId === previousUserId) userId = newUserId();
		const messageId = `wamid.${randomBytes(24).toString('base64')}`;
		const now = this.ctx.clock.now();
		const item: Record<string, unknown> = {};
		let system: Record<string, unknown>;
		if (change.newPhone !== undefined) {
			checkWaId(change.newPhone);
			if (change.newPhone === waId) throw new ControlError(400, 'newPhone is the number the user already has.');
			if (state.contacts.has(change.newPhone)) throw new ControlError(409, `Another contact already has ${change.newPhone}.`);
			state.contacts.delete(waId);
			contact.waId = change.newPhone;
			state.contacts.set(change.newPhone, contact);
			const extras = state.messaging.users.get(waId);
			state.messaging.users.delete(waId);
			if (extras) state.messaging.users.set(change.newPhone, extras);
			item.from = waId;
			system = { body: `User ${contact.name} changed from ${waId} to ${change.newPhone}`, wa_id: change.newPhone, type: 'user_changed_number' };
		} else {
			system = { body: USER_ID_CHANGED_BODY(contact.name), type: 'user_changed_user_id' };
		}
		contact.userId = userId;
		Object.assign(system, { user_id: userId, previous_user_id: previousUserId });
		// [inferred] from_user_id names the user as the business knew them, i.e. the previous BSUID.
		Object.assign(item, { from_user_id: previousUserId, id: messageId, timestamp: String(Math.floor(now / 1000)), type: 'system', system });
		const delivery = emitChange(this.ctx, 'messages', waba, messagesValue(number, { messages: [item] }), number);
		return { waId: contact.waId, userId, previousUserId, messageId, deliveryId: delivery?.id ?? null };
	}

	/**
	 * The business accepts (or, for tests, loses) the Marketing Messages API terms. Meta onboards a
	 * whole business portfolio: without `wabaId` every WABA changes; with it, only that one. Accepting
	 * sends `account_update` `MM_LITE_TERMS_SIGNED` to each WABA that changed.
	 */
	setMarketingMessages(onboarded: boolean, wabaId?: string): { onboardedWabas: string[]; deliveryIds: number[] } {
		if (typeof onboarded !== 'boolean') throw new ControlError(400, 'onboarded must be true or false.');
		const { state } = this.ctx;
		if (wabaId !== undefined && !state.wabas.has(wabaId)) throw new ControlError(404, `No WABA ${wabaId} in the sandbox.`);
		const deliveryIds: number[] = [];
		for (const waba of state.wabas.values()) {
			if (wabaId !== undefined && waba.id !== wabaId) continue;
			const was = state.messaging.marketingOnboarded.has(waba.id);
			if (!onboarded) {
				state.messaging.marketingOnboarded.delete(waba.id);
				continue;
			}
			state.messaging.marketingOnboarded.add(waba.id);
			if (was) continue;
			const value = { event: 'MM_LITE_TERMS_SIGNED', waba_info: { waba_id: waba.id, owner_business_id: state.businessId } };
			const delivery = emitChange(this.ctx, 'account_update', waba, value);
			if (delivery) deliveryIds.push(delivery.id);
		}
		return { onboardedWabas: [...state.messaging.marketingOnboarded], deliveryIds };
	}

	/** A media file's record without its bytes (uploads and inbound media). */
	media(id: string): Record<string, unknown> {
		const record = this.ctx.state.messaging.media.get(id, this.ctx.clock.now());
		if (!record) throw new ControlError(404, `No media ${id} (unknown, deleted or expired).`);
		const { data, ...rest } = record;
		return { ...rest, fileSize: data.length, sha256: sha256Hex(data) };
	}

	/** An inbound message and whether the business marked it read (and until when it showed typing). */
	inboundMessage(id: string): InboundRecord {
		const record = this.ctx.state.messaging.inbound.get(id);
		if (!record) throw new ControlError(404, `No inbound message ${id} (the sandbox remembers the latest 20,000).`);
		return { ...record };
	}
}
