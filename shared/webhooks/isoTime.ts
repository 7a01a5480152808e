/**
 * ISO 8601 text from Meta's unix seconds. Every event carries one, so the common case (whole
 * seconds, years 1970–9999) skips `Date.toISOString`, which cost about as much as reading the rest
 * of an event.
 */

const pad2 = (value: number): string => (value < 10 ? '0' : '') + value;

/** `YYYY-MM-DD` of a day counted from 1970-01-01, by the days-to-civil algorithm (H. Hinnant). */
function civilDate(days: number): string {
	const shifted = days + 719_468;
	const era = Math.floor(shifted / 146_097);
	const dayOfEra = shifted - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
	);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	return `${year}-${pad2(month)}-${pad2(day)}`;
}

// The events of one delivery nearly always share a day, so its date text is kept between calls.
let cachedDay = -1;
let cachedDate = '';

/** ISO 8601, exactly as `Date.toISOString` gives it, from whole unix seconds. */
function isoFromWholeSeconds(seconds: number): string {
	const days = Math.floor(seconds / 86_400);
	if (days !== cachedDay) {
		cachedDate = civilDate(days);
		cachedDay = days;
	}
	const secondOfDay = seconds - days * 86_400;
	const hour = Math.floor(secondOfDay / 3_600);
	const minute = Math.floor((secondOfDay - hour * 3_600) / 60);
	const second = secondOfDay - hour * 3_600 - minute * 60;
	return `${cachedDate}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.000Z`;
}

/** 1970 to 9999: where the fast path matches `toISOString` (four-digit years). */
const MAX_FAST_UNIX_SECONDS = 253_402_300_799;
/** Largest unix time (in seconds) a JS Date can show. */
const MAX_UNIX_SECONDS = 8.64e12;

/**
 * ISO 8601 from Meta's unix seconds (a string on items, a number on entries); undefined when the
 * value is not a time.
 */
export function isoFromUnix(value: unknown): string | undefined {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_UNIX_SECONDS) return undefined;
	if (Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_FAST_UNIX_SECONDS) return isoFromWholeSeconds(seconds);
	return new Date(seconds * 1000).toISOString();
}
