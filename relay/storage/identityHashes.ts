/**
 * The identity hashes the relay remembers (docs/meta-api.md §1.10): the latest hash per person and
 * phone number, the person named by phone number or, when Meta leaves it out, by business-scoped
 * user ID (docs/meta-bsuid.md §2), with the BSUID kept next to the phone number so either finds it.
 */
import type { WebhookEvent } from '../../shared/webhooks/types';
import type { IdentityHashRecord } from './types';

/** The identity hash an event carries, when it is one the relay should remember. */
export function observedIdentityHash(event: WebhookEvent, receivedAt: number): Omit<IdentityHashRecord, 'updatedAt'> | undefined {
	if (event.type !== 'identityHashObserved' || !event.phoneNumberId || !event.waId || !event.identityKeyHash) return undefined;
	const occurred = event.occurredAt ? Date.parse(event.occurredAt) : Number.NaN;
	const record: Omit<IdentityHashRecord, 'updatedAt'> = {
		phoneNumberId: event.phoneNumberId,
		waId: event.waId,
		identityKeyHash: event.identityKeyHash,
		source: event.source,
		observedAt: Number.isFinite(occurred) ? occurred : receivedAt,
		dedupeKey: event.dedupeKey,
	};
	if (event.userId !== undefined) record.userId = event.userId;
	return record;
}

/** The newest record (latest observation, then latest write). */
export function newest(records: IdentityHashRecord[]): IdentityHashRecord | undefined {
	let best: IdentityHashRecord | undefined;
	for (const record of records) {
		if (!best || record.observedAt > best.observedAt || (record.observedAt === best.observedAt && record.updatedAt > best.updatedAt)) best = record;
	}
	return best;
}
