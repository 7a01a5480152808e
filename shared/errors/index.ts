import { CatalogEntry, describeUnknown, DETAIL_CATALOG, ERROR_CATALOG, ErrorCategory, OPERATION_STATUS_CATALOG, RetryAction, SUBCODE_CATALOG } from './catalog';
import { redact, Redactor } from '../redact';
import { PlatformLabels, renderText } from '../wording';

export { DETAIL_CATALOG, ERROR_CATALOG, MEDIA_HOST_CATALOG, OPERATION_STATUS_CATALOG, PAIR_RATE_CODE, SUBCODE_CATALOG, THROUGHPUT_CODE, describeUnknown } from './catalog';
export type { CatalogEntry, DetailCatalogEntry, ErrorCategory, RetryAction } from './catalog';

export interface RetryHint {
	action: RetryAction;
	/** Milliseconds to wait before the retry, when known (Retry-After wins over the catalog). */
	afterMs?: number;
}

export interface WhatsAppErrorInit {
	category: ErrorCategory;
	/** What happened; may name operations and fields by token (`{op:registerPhoneNumber}`, see wording.ts). */
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
	/** What was asked for is already the case (for example the number is already verified): not a failure to fix. */
	alreadyDone?: boolean;
}

/** Whose secrets an error must not show, and whose names it uses for operations and fields. */
export interface TextScope {
	/** The secrets of the client, run or request the error belongs to; the pattern layer alone when absent. */
	redactor?: Redactor;
	/** How the platform names operations and fields; plain Node ids when absent. */
	labels?: PlatformLabels;
}

/** Every text an error carries, masked: summary, next step, Meta's details, the trace ID, the field and operation. */
function maskInit(init: WhatsAppErrorInit, redactor: Redactor | undefined): WhatsAppErrorInit {
	const mask = (text: string) => (redactor ? redactor.redact(text) : redact(text));
	const optional = (text: string | undefined) => (text === undefined ? undefined : mask(String(text)));
	return {
		...init,
		message: mask(init.message),
		nextStep: mask(init.nextStep),
		details: optional(init.details),
		fbtraceId: optional(init.fbtraceId),
		field: optional(init.field),
		operation: optional(init.operation),
	};
}

/**
 * The one error type of the core. Its `message` says what happened and what to do next in a
 * marketer's words, naming operations as the platform shows them; the structured fields let n8n
 * and Zapier map it (NodeApiError, ThrottledError…). Never carries a token, app secret, PIN or
 * OTP: every text field passes through the scope's redactor (or the pattern layer) when built.
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
	readonly alreadyDone: boolean;
	/** The short "what happened" sentence, without the next step. */
	readonly summary: string;
	/** The masked texts before rendering, so `within` can word them for another platform. */
	readonly #source: WhatsAppErrorInit;

	constructor(init: WhatsAppErrorInit, scope: TextScope = {}) {
		const source = maskInit(init, scope.redactor);
		const summary = renderText(source.message, scope.labels);
		const nextStep = renderText(source.nextStep, scope.labels);
		super(`${summary} ${nextStep}`.trim());
		this.#source = source;
		this.name = 'WhatsAppError';
		this.summary = summary;
		this.category = source.category;
		this.nextStep = nextStep;
		this.retry = source.retry;
		this.code = source.code;
		this.subcode = source.subcode;
		this.fbtraceId = source.fbtraceId;
		this.httpStatus = source.httpStatus;
		this.details = source.details;
		this.field = source.field;
		this.operation = source.operation;
		this.alreadyDone = source.alreadyDone === true;
	}

	/**
	 * The same error for another scope: masked with its secrets too and worded for its platform
	 * (a run's PIN, the shell's operation names). `changes` replaces fields, e.g. the operation id.
	 */
	within(scope: TextScope, changes: Partial<WhatsAppErrorInit> = {}): WhatsAppError {
		return new WhatsAppError({ ...this.#source, ...changes }, scope);
	}

	/** Throttled by Meta: a catalog throttling code, or HTTP 429 whatever the code. */
	get isThrottling(): boolean {
		return this.category === 'throttling' || this.httpStatus === 429;
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
			alreadyDone: this.alreadyDone || undefined,
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
	alreadyDone?: boolean;
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

/** The entry a code + Meta's own sentence select (DETAIL_CATALOG), if any. */
function detailEntry(code: number, error: MetaErrorObject): CatalogEntry | undefined {
	const texts = [error.message, typeof error.error_data === 'object' ? error.error_data?.details : error.error_data].filter((text): text is string => typeof text === 'string');
	return DETAIL_CATALOG.find((candidate) => candidate.code === code && texts.some((text) => candidate.pattern.test(text)))?.entry;
}

/** Turns Meta's error object into a WhatsAppError with our message and next step. */
export function fromMetaError(
	error: MetaErrorObject,
	context: { httpStatus?: number; retryAfterMs?: number; operation?: string; scope?: TextScope } = {},
): WhatsAppError {
	const code = typeof error.code === 'number' ? error.code : undefined;
	const details = metaDetails(error);
	const byStatus = context.operation && context.httpStatus !== undefined ? OPERATION_STATUS_CATALOG[context.operation]?.[context.httpStatus] : undefined;
	const known: CatalogEntry | undefined =
		byStatus ?? (code === undefined ? undefined : (SUBCODE_CATALOG[`${code}:${error.error_subcode}`] ?? detailEntry(code, error) ?? ERROR_CATALOG[code]));
	const base = known ?? describeUnknown(context.httpStatus);
	const afterMs = context.retryAfterMs ?? base.afterMs;
	return new WhatsAppError(
		{
			category: base.category,
			message: known || !details ? base.message : `${base.message} Meta says: ${details}`,
			nextStep: base.nextStep,
			retry: afterMs !== undefined && (base.retry === 'retry' || base.retry === 'retry_after') ? { action: base.retry, afterMs } : { action: base.retry },
			code,
			subcode: error.error_subcode,
			fbtraceId: error.fbtrace_id === undefined || error.fbtrace_id === null ? undefined : String(error.fbtrace_id),
			httpStatus: context.httpStatus,
			details,
			operation: context.operation,
			alreadyDone: base.alreadyDone,
		},
		context.scope,
	);
}
