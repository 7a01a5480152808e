/**
 * Phone-number nodes (docs/meta-api.md §1.1–§1.3, §1.12, §1.13): list a WABA's numbers with fields,
 * filtering, sort and cursor paging; read one number's fields; add a number; read a WABA.
 */
import { COEXISTENCE } from '../coexistence';
import { DEFAULT_NUMBER_FIELDS, LIST_LIMIT, NUMBERS_PER_WABA } from '../constants';
import type { SandboxContext } from '../context';
import { invalidParameter, metaError, nonexistingField } from '../graphError';
import { callKeys, optionalString, parseFields, requireString } from '../params';
import { codeVerificationStatus, displayNumber, NumberRecord, WabaRecord } from '../state';
import { setNumberOverride } from './overrides';
import { newPinHash } from './registration';
import { graphTime, GraphRequest, GraphResponse, GraphRoute, numberOf, SUCCESS, wabaOf } from './types';

type FieldReader = (ctx: SandboxContext, number: NumberRecord) => unknown;

/** ISO country for common calling codes (`country_code`, §1.1). */
const COUNTRY_BY_CC: Record<string, string> = {
	'1': 'US', '7': 'RU', '27': 'ZA', '31': 'NL', '33': 'FR', '34': 'ES', '39': 'IT', '41': 'CH', '44': 'GB', '49': 'DE', '52': 'MX',
	'54': 'AR', '55': 'BR', '57': 'CO', '61': 'AU', '62': 'ID', '65': 'SG', '81': 'JP', '82': 'KR', '91': 'IN', '351': 'PT', '971': 'AE', '973': 'BH',
};

/** Every readable number field (§1.2). Asking for any other answers Graph's "nonexisting field" error. */
const NUMBER_FIELDS: Record<string, FieldReader> = {
	id: (_ctx, n) => n.id,
	display_phone_number: (_ctx, n) => displayNumber(n),
	verified_name: (_ctx, n) => n.verifiedName,
	code_verification_status: (ctx, n) => codeVerificationStatus(n, ctx.clock.now()),
	quality_rating: (_ctx, n) => n.qualityRating,
	quality_score: (_ctx, n) => ({ score: n.qualityRating }),
	status: (_ctx, n) => n.status,
	name_status: (_ctx, n) => n.nameStatus,
	new_name_status: (_ctx, n) => (n.requestedVerifiedName && n.requestedVerifiedName !== n.verifiedName ? n.nameStatus : undefined),
	platform_type: (_ctx, n) => (n.status === 'CONNECTED' ? 'CLOUD_API' : 'NOT_APPLICABLE'),
	host_platform: (_ctx, n) => (n.status === 'CONNECTED' ? 'CLOUD_API' : undefined),
	throughput: (_ctx, n) => ({ level: n.isOnBizApp ? COEXISTENCE.throughputLevel : n.throughputPerSecond >= 1000 ? 'HIGH' : 'STANDARD' }),
	messaging_limit_tier: (ctx) => (ctx.state.businessVerified ? 'TIER_1K' : 'TIER_250'),
	whatsapp_business_manager_messaging_limit: (ctx) => (ctx.state.businessVerified ? 'TIER_2K' : 'TIER_250'),
	is_official_business_account: () => false,
	is_pin_enabled: (_ctx, n) => n.pinHash !== null,
	is_on_biz_app: (_ctx, n) => n.isOnBizApp,
	is_preverified_number: () => false,
	account_mode: (_ctx, n) => n.accountMode,
	last_onboarded_time: (_ctx, n) => (n.lastOnboardedAt === null ? undefined : graphTime(n.lastOnboardedAt)),
	country_code: (_ctx, n) => COUNTRY_BY_CC[n.cc],
	country_dial_code: (_ctx, n) => n.cc,
	unified_cert_status: (_ctx, n) => (n.nameStatus === 'APPROVED' ? 'APPROVED' : n.nameStatus === 'PENDING_REVIEW' ? 'NAME_PENDING_REVIEW' : undefined),
	webhook_configuration: (ctx, n) => webhookConfiguration(ctx, n),
	health_status: (ctx, n) => healthStatus(ctx, n),
};

/** §1.11: the callback URLs in effect; `whatsapp_business_account` only when the WABA override is set. */
function webhookConfiguration(ctx: SandboxContext, number: NumberRecord): Record<string, string> {
	const configuration: Record<string, string> = {};
	if (number.override) configuration.phone_number = number.override.url;
	const waba = ctx.state.wabas.get(number.wabaId);
	if (waba?.override) configuration.whatsapp_business_account = waba.override.url;
	if (ctx.state.app.callbackUrl) configuration.application = ctx.state.app.callbackUrl;
	return configuration;
}

/**
 * §1.13. The number is BLOCKED unless CONNECTED; the error shown then is 133010 (not registered).
 * Which error Meta shows there is not documented. [inferred]
 */
function healthStatus(ctx: SandboxContext, number: NumberRecord): Record<string, unknown> {
	const connected = number.status === 'CONNECTED';
	const phoneEntity: Record<string, unknown> = { entity_type: 'PHONE_NUMBER', id: number.id, can_send_message: connected ? 'AVAILABLE' : 'BLOCKED' };
	if (!connected) {
		phoneEntity.errors = [
			{ error_code: 133010, error_description: 'The phone number is not registered on the WhatsApp Cloud API.', possible_solution: 'Register the phone number.' },
		];
	}
	return {
		can_send_message: connected ? 'AVAILABLE' : 'BLOCKED',
		entities: [
			phoneEntity,
			{ entity_type: 'WABA', id: number.wabaId, can_send_message: 'AVAILABLE' },
			{ entity_type: 'BUSINESS', id: ctx.state.businessId, can_send_message: 'AVAILABLE' },
			{ entity_type: 'APP', id: ctx.state.appId, can_send_message: 'AVAILABLE' },
		],
	};
}

function checkFields(requested: readonly string[], readers: Record<string, unknown>, nodeType: string): void {
	for (const field of requested) if (!(field in readers)) throw nonexistingField(field, nodeType);
}

/** The number with the requested fields; `id` always comes back, fields with no value are left out. */
export function renderNumber(ctx: SandboxContext, number: NumberRecord, fields: readonly string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		const value = NUMBER_FIELDS[field](ctx, number);
		if (value !== undefined) out[field] = value;
	}
	if (!('id' in out)) out.id = number.id;
	return out;
}

function requestedNumberFields(request: GraphRequest): readonly string[] {
	const fields = parseFields(optionalString(request.params, 'fields')) ?? DEFAULT_NUMBER_FIELDS;
	checkFields(fields, NUMBER_FIELDS, 'WhatsAppBusinessPhoneNumber');
	return fields;
}

function getNumber(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	return { body: renderNumber(ctx, number, requestedNumberFields(request)) };
}

/** `POST /<PNID>`: two-step PIN (§1.8) and/or the webhook override (§1.11). */
async function postNumber(ctx: SandboxContext, request: GraphRequest): Promise<GraphResponse> {
	const number = numberOf(ctx, request);
	const keys = callKeys(request.params);
	const unknown = keys.filter((key) => key !== 'pin' && key !== 'webhook_configuration');
	if (unknown.length > 0) throw invalidParameter(`Unknown parameter ${unknown[0]}: this call takes pin or webhook_configuration.`);
	if (keys.length === 0) throw invalidParameter('Nothing to update: send pin (6 digits) or webhook_configuration.');
	const pinHash = keys.includes('pin') ? newPinHash(request.params) : undefined;
	if (keys.includes('webhook_configuration')) await setNumberOverride(ctx, number, request.params);
	if (pinHash !== undefined) number.pinHash = pinHash;
	return SUCCESS;
}

interface ListFilter {
	field: string;
	operator: string;
	value: unknown;
}

const FILTERABLE: Record<string, (ctx: SandboxContext, n: NumberRecord) => unknown> = {
	account_mode: (_ctx, n) => n.accountMode,
	messaging_limit_tier: (ctx, n) => NUMBER_FIELDS.messaging_limit_tier(ctx, n),
	is_official_business_account: () => false,
};

function parseFiltering(raw: unknown): ListFilter[] {
	if (raw === undefined || raw === '') return [];
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			throw invalidParameter('The parameter filtering must be a JSON array like [{"field":"account_mode","operator":"EQUAL","value":"LIVE"}].');
		}
	}
	if (!Array.isArray(parsed)) throw invalidParameter('The parameter filtering must be a JSON array of {field, operator, value}.');
	return parsed.map((item) => {
		const filter = item as ListFilter;
		if (!filter || !(filter.field in FILTERABLE)) {
			throw invalidParameter(`filtering: field must be one of ${Object.keys(FILTERABLE).join(', ')}.`);
		}
		if (!['EQUAL', 'NOT_EQUAL', 'IN'].includes(filter.operator)) throw invalidParameter('filtering: operator must be EQUAL, NOT_EQUAL or IN.');
		return filter;
	});
}

function matches(ctx: SandboxContext, number: NumberRecord, filters: ListFilter[]): boolean {
	return filters.every((filter) => {
		const actual = FILTERABLE[filter.field](ctx, number);
		if (filter.operator === 'IN') return Array.isArray(filter.value) && filter.value.includes(actual);
		const equal = String(actual) === String(filter.value);
		return filter.operator === 'EQUAL' ? equal : !equal;
	});
}

/** `sort`: `creation_time.asc|desc`, `last_onboarded_time.asc|desc`, or the older `['last_onboarded_time_ascending']`. */
function sorter(raw: string | undefined): (a: NumberRecord, b: NumberRecord) => number {
	const text = (raw ?? 'last_onboarded_time.desc').replace(/[[\]'"\s]/g, '');
	const match = /^(creation_time|last_onboarded_time)(?:\.(asc|desc)|_(ascending|descending))$/.exec(text);
	if (!match) throw invalidParameter('The parameter sort must be creation_time.asc, creation_time.desc, last_onboarded_time.asc or last_onboarded_time.desc.');
	const key = match[1];
	const direction = (match[2] ?? match[3]).startsWith('asc') ? 1 : -1;
	const value = (n: NumberRecord): number => (key === 'creation_time' ? n.createdAt : (n.lastOnboardedAt ?? n.createdAt));
	return (a, b) => (value(a) - value(b) || Number(BigInt(a.id) - BigInt(b.id))) * direction;
}

const encodeCursor = (id: string): string => Buffer.from(`pn:${id}`).toString('base64url');
const decodeCursor = (cursor: string): string | undefined => {
	const text = Buffer.from(cursor, 'base64url').toString('utf8');
	return text.startsWith('pn:') ? text.slice(3) : undefined;
};

/** `GET /<WABA>/phone_numbers` (§1.1): `data` plus `paging.cursors` and `next`/`previous` links like Graph's. */
function listNumbers(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	const fields = requestedNumberFields(request);
	const limitText = optionalString(request.params, 'limit');
	const limit = limitText === undefined ? LIST_LIMIT.default : Number(limitText);
	if (!Number.isInteger(limit) || limit < LIST_LIMIT.min || limit > LIST_LIMIT.max) {
		throw invalidParameter(`The parameter limit must be a whole number from ${LIST_LIMIT.min} to ${LIST_LIMIT.max}.`);
	}
	const filters = parseFiltering(request.params.filtering);
	const numbers = waba.numberIds
		.map((id) => ctx.state.numbers.get(id) as NumberRecord)
		.filter((n) => matches(ctx, n, filters))
		.sort(sorter(optionalString(request.params, 'sort')));

	let start = 0;
	const after = optionalString(request.params, 'after');
	const before = optionalString(request.params, 'before');
	if (after !== undefined) {
		const index = numbers.findIndex((n) => n.id === decodeCursor(after));
		if (index < 0) throw invalidParameter('The after cursor is not valid for this list. Start again without after.');
		start = index + 1;
	} else if (before !== undefined) {
		const index = numbers.findIndex((n) => n.id === decodeCursor(before));
		if (index < 0) throw invalidParameter('The before cursor is not valid for this list. Start again without before.');
		start = Math.max(0, index - limit);
	}
	const page = numbers.slice(start, start + limit);
	const body: Record<string, unknown> = { data: page.map((n) => renderNumber(ctx, n, fields)) };
	if (page.length > 0) {
		const cursors = { before: encodeCursor(page[0].id), after: encodeCursor(page[page.length - 1].id) };
		const paging: Record<string, unknown> = { cursors };
		const link = (cursorName: string, cursor: string): string => {
			const url = new URL(`${ctx.baseUrl()}/${request.version}/${waba.id}/phone_numbers`);
			url.searchParams.set('access_token', request.accessToken);
			url.searchParams.set('fields', fields.join(','));
			url.searchParams.set('limit', String(limit));
			for (const name of ['sort', 'filtering']) {
				const value = optionalString(request.params, name);
				if (value !== undefined) url.searchParams.set(name, value);
			}
			url.searchParams.set(cursorName, cursor);
			return url.toString();
		};
		if (start + limit < numbers.length) paging.next = link('after', cursors.after);
		if (start > 0) paging.previous = link('before', cursors.before);
		body.paging = paging;
	}
	return { body };
}

/** Splits `phone_number` ("with or without the country code", §1.3) into national digits. */
function nationalDigits(cc: string, raw: string): string {
	const explicitCc = raw.trim().startsWith('+');
	const digits = raw.replace(/\D/g, '');
	if ((explicitCc || digits.length > 10) && digits.startsWith(cc)) return digits.slice(cc.length);
	return digits;
}

/** `POST /<WABA>/phone_numbers` (§1.3) → `{id}`; the number starts unverified and PENDING. */
function addNumber(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	const cc = requireString(request.params, 'cc').replace(/^\+/, '');
	const phoneNumber = requireString(request.params, 'phone_number');
	const verifiedName = requireString(request.params, 'verified_name').trim();
	if (!/^\d{1,3}$/.test(cc)) throw invalidParameter('The parameter cc must be a country calling code of 1 to 3 digits, e.g. 1 or 44.');
	if (!/^\+?[\d\s().-]+$/.test(phoneNumber)) throw invalidParameter('The parameter phone_number must be digits, e.g. 5550100002.');
	const national = nationalDigits(cc, phoneNumber);
	if (national.length < 4 || national.length > 14) throw invalidParameter('The parameter phone_number must be a phone number of 4 to 14 digits.');
	if (verifiedName.length < 3) throw invalidParameter('The parameter verified_name must be the display name, at least 3 characters.');
	if (ctx.state.findNumberByPhone(cc, national)) {
		throw metaError('numberExists', 'This phone number already exists in a WhatsApp Business Account or is in use.');
	}
	if (waba.numberIds.length >= NUMBERS_PER_WABA) {
		throw metaError('numberLimit', `This WhatsApp Business Account already holds ${NUMBERS_PER_WABA} phone numbers, the most it may have.`);
	}
	const number = ctx.state.createNumber(waba.id, cc, national, verifiedName, ctx.clock.now());
	return { body: { id: number.id } };
}

const WABA_FIELDS: Record<string, (ctx: SandboxContext, waba: WabaRecord) => unknown> = {
	id: (_ctx, w) => w.id,
	name: (_ctx, w) => w.name,
	currency: () => 'USD',
	timezone_id: () => '1',
	message_template_namespace: (_ctx, w) => `sandbox_${w.id}`,
	account_review_status: () => 'APPROVED',
	business_verification_status: (ctx) => (ctx.state.businessVerified ? 'verified' : 'not_verified'),
	health_status: (ctx, w) => ({
		can_send_message: 'AVAILABLE',
		entities: [
			{ entity_type: 'WABA', id: w.id, can_send_message: 'AVAILABLE' },
			{ entity_type: 'BUSINESS', id: ctx.state.businessId, can_send_message: 'AVAILABLE' },
			{ entity_type: 'APP', id: ctx.state.appId, can_send_message: 'AVAILABLE' },
		],
	}),
};

function getWaba(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const waba = wabaOf(ctx, request);
	const fields = parseFields(optionalString(request.params, 'fields')) ?? ['id', 'name'];
	checkFields(fields, WABA_FIELDS, 'WhatsAppBusinessAccount');
	const out: Record<string, unknown> = {};
	for (const field of fields) out[field] = WABA_FIELDS[field](ctx, waba);
	if (!('id' in out)) out.id = waba.id;
	return { body: out };
}

export const phoneNumberRoutes: GraphRoute[] = [
	{ kind: 'waba', method: 'GET', edge: 'phone_numbers', handle: listNumbers },
	{ kind: 'waba', method: 'POST', edge: 'phone_numbers', handle: addNumber },
	{ kind: 'waba', method: 'GET', edge: '', handle: getWaba },
	{ kind: 'number', method: 'GET', edge: '', handle: getNumber },
	{ kind: 'number', method: 'POST', edge: '', handle: postNumber },
];

