/**
 * How fast a number may send, from what Meta reports about it (docs/meta-api.md §5, "Throughput"):
 * 80 messages per second by default, up to 1,000 once upgraded (`throughput.level` HIGH), and a
 * fixed 20 for a number shared with the WhatsApp Business app, which Meta never raises
 * (docs/meta-coexistence.md §3). Bulk sending reads these to pick its default pace per number.
 */
import type { GraphClient } from '../../client';
import type { RateBounds } from '../../messaging/adaptiveRate';
import { DEFAULT_RATE_PER_SECOND, MAX_RATE_PER_SECOND } from '../../messaging/batchOptions';
import { settle } from '../../settle';
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
	return defaultSendRate(await readThroughput(client, phoneNumberId, operation));
}

async function readThroughput(client: GraphClient, phoneNumberId: string, operation: string): Promise<PhoneNumber> {
	const raw = await client.request<MetaPhoneNumber>({ method: 'GET', path: phoneNumberId, query: { fields: `id,throughput,${COEXISTENCE_FIELD}` }, retry: 'read', operation });
	rememberCoexistence(client, [raw]);
	return toPhoneNumber(raw);
}

/**
 * Where a bulk send from a number starts and the most it may reach, from one read of the number
 * (see `readDefaultSendRate`): it starts at the number's own rate (never above `configuredRate`),
 * and may go up to `configuredRate` when one is set (a tier typed in the step, the number's rate
 * otherwise), never above 20 for a coexistence number. When the number cannot be read (a token
 * without whatsapp_business_management, say) the send still goes, at `configuredRate` or Meta's
 * default of 80, and the sending pace still adapts to Meta's answers.
 */
export async function readSendPace(client: GraphClient, phoneNumberId: string, configuredRate?: number, operation = 'sendMessage'): Promise<RateBounds> {
	const read = await settle(readThroughput(client, phoneNumberId, operation));
	if (!read.ok) {
		const rate = configuredRate ?? DEFAULT_RATE_PER_SECOND;
		const reason = read.error instanceof Error ? read.error.message : String(read.error);
		client.runtime.log?.('warn', client.redactor.redact(`Could not read the throughput of number ${phoneNumberId} (${reason}); sending at ${rate} messages per second.`));
		return { start: rate, ceiling: rate };
	}
	const ceiling = sendRateFor(read.value, configuredRate);
	return { start: Math.min(defaultSendRate(read.value), ceiling), ceiling };
}
