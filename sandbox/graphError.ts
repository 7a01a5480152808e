import { randomBytes } from 'node:crypto';
import { META_ERRORS, MetaErrorKind } from './constants';

/** An error the sandbox answers with Meta's envelope (docs/meta-api.md §4.1). */
export class GraphError extends Error {
	readonly status: number;
	readonly code: number;
	readonly type: string;
	readonly subcode?: number;
	readonly details?: string;
	/** WhatsApp errors carry `error_data.messaging_product`; Graph-level errors (190, unknown object) do not. */
	readonly whatsapp: boolean;
	readonly headers: Record<string, string>;
	/** Graph's user-facing pair (`error_user_title`, `error_user_msg`) and `is_transient`, when Meta sends them. */
	readonly user?: { title: string; message: string; isTransient: boolean };

	constructor(init: {
		status: number;
		code: number;
		type: string;
		message: string;
		subcode?: number;
		details?: string;
		whatsapp?: boolean;
		headers?: Record<string, string>;
		user?: { title: string; message: string; isTransient: boolean };
	}) {
		super(init.message);
		this.status = init.status;
		this.code = init.code;
		this.type = init.type;
		this.subcode = init.subcode;
		this.details = init.details;
		this.whatsapp = init.whatsapp ?? true;
		this.headers = init.headers ?? {};
		this.user = init.user;
	}

	/** `{"error":{message, type, code, error_data?, error_subcode?, fbtrace_id}}`. */
	toEnvelope(): { error: Record<string, unknown> } {
		const error: Record<string, unknown> = { message: this.message, type: this.type, code: this.code };
		if (this.details !== undefined) {
			error.error_data = this.whatsapp ? { messaging_product: 'whatsapp', details: this.details } : { details: this.details };
		}
		if (this.subcode !== undefined) error.error_subcode = this.subcode;
		if (this.user) {
			error.is_transient = this.user.isTransient;
			error.error_user_title = this.user.title;
			error.error_user_msg = this.user.message;
		}
		error.fbtrace_id = newFbtraceId();
		return { error };
	}
}

/** A fresh `fbtrace_id` like Meta's (e.g. `Az8or2yhqkZfEZ-_4Qn_Bam`). */
export function newFbtraceId(): string {
	return randomBytes(18).toString('base64url').slice(0, 23);
}

/** A WhatsApp-style error from the catalog: message `(#code) title`, `error_data.details`. */
export function metaError(kind: MetaErrorKind, details?: string, title?: string): GraphError {
	const entry = META_ERRORS[kind] as { code: number; status: number; type: string; title?: string; subcode?: number };
	return new GraphError({
		status: entry.status,
		code: entry.code,
		type: entry.type,
		subcode: entry.subcode,
		message: `(#${entry.code}) ${title ?? entry.title ?? 'Error'}`,
		details,
	});
}

/** Graph's `(#100) ...` for a request parameter problem: names the parameter and what is expected. */
export function invalidParameter(details: string): GraphError {
	return metaError('invalidParameter', details);
}

export function requiredParameter(name: string): GraphError {
	return new GraphError({
		status: 400,
		code: 100,
		type: 'OAuthException',
		message: `(#100) The parameter ${name} is required.`,
		details: `The parameter ${name} is required.`,
	});
}

export function invalidToken(): GraphError {
	const { code, status, type } = META_ERRORS.invalidToken;
	return new GraphError({ status, code, type, whatsapp: false, message: 'Invalid OAuth access token - Cannot parse access token' });
}

/** No token at all is a different answer from a bad one: HTTP 400, code 104 (Graph's OAuthException). */
export function missingToken(): GraphError {
	const { code, status, type } = META_ERRORS.missingToken;
	return new GraphError({ status, code, type, whatsapp: false, message: 'An access token is required to request this resource.' });
}

/**
 * A Graph error with Meta's user-facing pair and a subcode, as Meta sends them for template and
 * certificate problems: `{message: "Invalid parameter", code: 100, error_subcode, is_transient,
 * error_user_title, error_user_msg}` (no `error_data`).
 */
export function userFacingError(init: { subcode: number; title: string; message: string; status?: number }): GraphError {
	return new GraphError({
		status: init.status ?? 400,
		code: 100,
		type: 'OAuthException',
		whatsapp: false,
		subcode: init.subcode,
		message: 'Invalid parameter',
		user: { title: init.title, message: init.message, isTransient: false },
	});
}

export function unknownObject(method: string, id: string): GraphError {
	const { code, subcode, status, type } = META_ERRORS.unknownObject;
	return new GraphError({
		status,
		code,
		subcode,
		type,
		whatsapp: false,
		message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
	});
}

export function unknownPath(path: string): GraphError {
	const { code, status, type } = META_ERRORS.unknownPath;
	return new GraphError({ status, code, type, whatsapp: false, message: `Unknown path components: ${path}` });
}

export function nonexistingField(field: string, nodeType: string): GraphError {
	return new GraphError({
		status: 400,
		code: 100,
		type: 'OAuthException',
		whatsapp: false,
		message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
	});
}
