/**
 * How fast a number may send, from what Meta reports about it (docs/meta-api.md §5, "Throughput"):
 * 80 messages per second by default, up to 1,000 once upgraded (`throughput.level` HIGH), and a
 * fixed 20 for a number shared with the WhatsApp Business app, which Meta never raises
 * (docs/meta-coexistence.md §3). Bulk sending reads these to pick its default pace per number.
 */
import type { GraphClient } from '../../client';
import { DEFAULT_RATE_PER_SECOND, MAX_RATE_PER_SECOND } from '../../messaging/batch';
import { rememberCoexistence } from './coexistence';
import { COEXISTENCE_FIELD, MetaPhoneNumber, PhoneNumber, toPhoneNumber } from './model';

/** "Fixed throughput of 20 mps" for coexistence numbers (throughput page, [doc]). */
export const COEXISTENCE_MESSAGES_PER_SECOND = 20;

/** What Meta lets the number send per second (`throughput.level` HIGH is the 1,000 upgrade). */
export function defaultSendRate(number: Pick<PhoneNumber, 'coexistence' | 'throughputLevel'>): number {
	if (number.coexistence === true) return COEXISTENCE_MESSAGES_PER_SECOND;
	if ((number.throughputLevel ?? '').toUpperCase() === 'HIGH') return MAX_RATE_PER_SECOND;
	return DEFAULT_RATE_PER_SECOND;
}

/**
 * The pace to use for the number: the configured rate (a tier chosen in the step, for example)
 * when there is one, but never above 20 for a coexistence number, whatever was configured, since
 * Meta answers 130429 beyond it. A lower configured rate is kept.
 */
export function sendRateFor(number: Pick<PhoneNumber, 'coexistence' | 'throughputLevel'>, configuredRate?: number): number {
	const rate = configuredRate !== undefined && Number.isFinite(configuredRate) && configuredRate > 0 ? configuredRate : defaultSendRate(number);
	return number.coexistence === true ? Math.min(rate, COEXISTENCE_MESSAGES_PER_SECOND) : rate;
}

/**
 * The default pace of one sender, from one read of what it depends on:
 * `GET /<PHONE_NUMBER_ID>?fields=id,throughput,is_on_biz_app` (a read, retried as reads are). The
 * client remembers the coexistence flag it learns, like any number read.
 */
export async function readDefaultSendRate(client: GraphClient, phoneNumberId: string, operation = 'sendMessages'): Promise<number> {
	const raw = await client.request<MetaPhoneNumber>({ method: 'GET', path: phoneNumberId, query: { fields: `id,throughput,${COEXISTENCE_FIELD}` }, retry: 'read', operation });
	rememberCoexistence(client, [raw]);
	return defaultSendRate(toPhoneNumber(raw));
}
