/**
 * The status watch: compares each number's watched fields with the last poll and describes what
 * changed. Pure functions, so the polling trigger only reads, diffs and stores.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PhoneNumber } from '../../../shared';

/** The fields a marketer watches, as the core's phone number output names them. */
export const WATCHED_FIELDS = ['status', 'nameStatus', 'qualityRating', 'codeVerificationStatus'] as const;
export type WatchedField = (typeof WATCHED_FIELDS)[number];

export const WATCHED_FIELD_LABELS: Readonly<Record<WatchedField, { name: string; description: string }>> = {
	codeVerificationStatus: { name: 'Code Verification Status', description: 'Whether the number verified its code (VERIFIED, NOT_VERIFIED, EXPIRED)' },
	nameStatus: { name: 'Display Name Status', description: 'The review of the display name (APPROVED, DECLINED, PENDING_REVIEW…)' },
	qualityRating: { name: 'Quality Rating', description: 'GREEN, YELLOW, RED or UNKNOWN' },
	status: { name: 'Status', description: 'CONNECTED, PENDING, DISCONNECTED, FLAGGED, RESTRICTED, BANNED…' },
};

/** What is stored between polls: the watched values of every number, by phone number ID. */
export type Snapshot = Record<string, Partial<Record<WatchedField, string | null>>>;

export interface FieldChange {
	field: WatchedField;
	from: string | null;
	to: string | null;
}

export interface StatusChange {
	phoneNumberId: string;
	displayPhoneNumber: string | null;
	changes: FieldChange[];
	current: PhoneNumber;
}

export function snapshotOf(numbers: readonly PhoneNumber[]): Snapshot {
	const snapshot: Snapshot = {};
	for (const number of numbers) {
		snapshot[number.id] = {};
		for (const field of WATCHED_FIELDS) snapshot[number.id][field] = number[field] ?? null;
	}
	return snapshot;
}

/**
 * One change record per number whose watched fields differ from `previous`. A number not seen
 * before reports each watched field that has a value as changed from null (a new number is news too).
 */
export function diffNumbers(previous: Snapshot, numbers: readonly PhoneNumber[], fields: readonly WatchedField[]): StatusChange[] {
	const out: StatusChange[] = [];
	for (const number of numbers) {
		const before = previous[number.id];
		const changes: FieldChange[] = [];
		for (const field of fields) {
			const from = before ? (before[field] ?? null) : null;
			const to = number[field] ?? null;
			if (before ? from !== to : to !== null) changes.push({ field, from, to });
		}
		if (changes.length) out.push({ phoneNumberId: number.id, displayPhoneNumber: number.displayPhoneNumber, changes, current: number });
	}
	return out;
}

export function changeJson(change: StatusChange): IDataObject {
	return change as unknown as IDataObject;
}
