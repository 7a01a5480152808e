import { CatalogEntry, describeUnknown, ERROR_CATALOG, ErrorCategory, RetryAction, SUBCODE_CATALOG } from './catalog';
import { redact } from '../redact';

export { ERROR_CATALOG, SUBCODE_CATALOG, THROTTLING_CODES, describeUnknown } from './catalog';
export type { CatalogEntry, ErrorCategory, RetryAction } from './catalog';

export interface RetryHint {
	action: RetryAction;
	/** Milliseconds to wait before the retry, when known (Retry-After wins over the catalog). */
	afterMs?: number;
}

export interface WhatsAppErrorInit {
	category: ErrorCategory;
	message: string;
	nextStep: string;
	retry: RetryHint;
	code?: number;
	subcode?: number;
	fbtraceId?: string;
	httpStatus?: number;
	/** Meta's own text (`error_data.details` or `message`), redacted. */
	details?: string;
	/** For input errors: the field that is wrong (the operation's field key). */
	field?: string;
	/** The operation that failed, e.g. `registerPhoneNumber`. */
	operation?: string;
}

/**
 * The one error type of the core. Its `message` says what happened and what to do next in a
 * marketer's words; the structured fields let n8n and Zapier map it (NodeApiError, ThrottledError…).
 * Never carries a token, app secret, PIN or OTP: every text passes through `redact`.
 */
export class WhatsAppError extends Error {
	readonly category: ErrorCategory;
	readonly nextStep: string;
	readonly retry: RetryHint;
	readonly code?: number;
	readonly subcode?: number;
	readonly fbtraceId?: string;
	readonly httpStatus?: number;
	readonly details?: string;
	readonly field?: string;
	readonly operation?: string;
	/** The short "what happened" sentence, without the next step. */
	readonly summary: string;

	constructor(init: WhatsAppErrorInit) {
		const summary = redact(init.message);
		const nextStep = redact(init.nextStep);
		super(`${summary} ${nextStep}`.trim());
		this.name = 'WhatsAppError';
		this.summary = summary;
		this.category = init.category;
		this.nextStep = nextStep;
		this.retry = init.retry;
		this.code = init.code;
		this.subcode = init.subcode;
		this.fbtraceId = init.fbtraceId;
		this.httpStatus = init.httpStatus;
		this.details = init.details === undefined ? undefined : redact(init.details);
		this.field = init.field;
		this.operation = init.operation;
	}

	get isThrottling(): boolean {
		return this.category === 'throttling';
	}

	get isIdentityMismatch(): boolean {
		return this.code === 137000;
	}

	/** A plain object safe to put in an output item or a log line. */
	toJSON(): WhatsAppErrorJson {
		const optional: Partial<WhatsAppErrorJson> = {
			code: this.code,
			subcode: this.subcode,
			fbtraceId: this.fbtraceId,
			httpStatus: this.httpStatus,
			details: this.details,
			field: this.field,
			operation: this.operation,
		};
		const present = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
		return { message: this.message, category: this.category, nextStep: this.nextStep, retry: this.retry, ...present };
	}
}

/** The plain form of a WhatsAppError (`toJSON()`), e.g. in a batch result or an n8n error item. */
export interface WhatsAppErrorJson {
	message: string;
	category: ErrorCategory;
	nextStep: string;
	retry: RetryHint;
	code?: number;
	subcode?: number;
	fbtraceId?: string;
	httpStatus?: number;
	details?: string;
	field?: string;
	operation?: string;
}

/** A bad input, found before any request is sent. */
export function inputError(field: string, problem: string, expected: string): WhatsAppError {
	return new WhatsAppError({
		category: 'invalid_input',
		message: `${field}: ${problem}`,
		nextStep: expected,
		retry: { action: 'fix_and_retry' },
		field,
	});
}

/** Meta's error object as found in a synchronous response or in `statuses[].errors[]`. */
export interface MetaErrorObject {
	code?: number;
	error_subcode?: number;
	message?: string;
	title?: string;
	type?: string;
	fbtrace_id?: string;
	error_data?: { details?: string; messaging_product?: string } | string;
	error_user_msg?: string;
	is_transient?: boolean;
}

function metaDetails(error: MetaErrorObject): string | undefined {
	if (typeof error.error_data === 'object' && error.error_data?.details) return error.error_data.details;
	if (typeof error.error_data === 'string' && error.error_data) return error.error_data;
	return error.error_user_msg ?? error.message ?? error.title;
}

/** Turns Meta's error object into a WhatsAppError with our message and next step. */
export function fromMetaError(
	error: MetaErrorObject,
	context: { httpStatus?: number; retryAfterMs?: number; operation?: string } = {},
): WhatsAppError {
	const code = typeof error.code === 'number' ? error.code : undefined;
	const known: CatalogEntry | undefined =
		code === undefined ? undefined : (SUBCODE_CATALOG[`${code}:${error.error_subcode}`] ?? ERROR_CATALOG[code]);
	const base = known ?? describeUnknown(context.httpStatus);
	const afterMs = context.retryAfterMs ?? base.afterMs;
	const details = metaDetails(error);
	return new WhatsAppError({
		category: base.category,
		message: known || !details ? base.message : `${base.message} Meta says: ${details}`,
		nextStep: base.nextStep,
		retry: afterMs !== undefined && (base.retry === 'retry' || base.retry === 'retry_after') ? { action: base.retry, afterMs } : { action: base.retry },
		code,
		subcode: error.error_subcode,
		fbtraceId: error.fbtrace_id,
		httpStatus: context.httpStatus,
		details,
		operation: context.operation,
	});
}
