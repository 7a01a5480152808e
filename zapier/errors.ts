/**
 * WhatsAppError → Zapier's error classes. Zapier treats them differently: ThrottledError reruns the
 * step later, ExpiredAuthError asks the user to reconnect and holds the runs, HaltedError stops the
 * run without counting as an error, and z.errors.Error is a failure the user must look at.
 */
import type { ZObject } from 'zapier-platform-core';
import { redact, WhatsAppError } from '../shared';

/** When Meta gives no hint, Zapier waits this long before running a throttled step again. */
export const DEFAULT_THROTTLE_DELAY_SECONDS = 60;

/** The text a Zapier user reads: what happened, what to do, and Meta's reference for support. */
export function zapierMessage(error: WhatsAppError): string {
	let message = error.message;
	if (error.details && !message.includes(error.details)) message += ` Meta's details: ${error.details}`;
	const reference = [error.code !== undefined ? `Meta error ${error.code}` : '', error.fbtraceId ? `trace ${error.fbtraceId}` : '']
		.filter(Boolean)
		.join(', ');
	if (reference) message += ` (${reference})`;
	return redact(message);
}

/**
 * Zapier appends "What happened" (the bundle's input, a PIN or OTP included) and console lines to
 * the message of any error not marked like this; its own AppError and ThrottledError are marked.
 */
function keepMessageAsIs<E extends Error>(error: E): E {
	(error as E & { doNotContextify: boolean }).doNotContextify = true;
	return error;
}

/**
 * Maps any error thrown while running an operation to the Zapier error to throw. Errors that are
 * not WhatsAppErrors (programming errors) pass through with their message redacted.
 */
export function toZapierError(z: ZObject, error: unknown): Error {
	if (error instanceof WhatsAppError) {
		const message = zapierMessage(error);
		// Zapier's guidance: HaltedError for expected non-errors. When the core says what was asked is
		// already the case (a code requested for a number already verified), the run stops quietly with
		// the next step instead of failing and counting toward Zapier switching the Zap off.
		if (error.alreadyDone) return keepMessageAsIs(new z.errors.HaltedError(message));
		if (error.isThrottling) {
			const delaySeconds = error.retry.afterMs !== undefined ? Math.max(1, Math.ceil(error.retry.afterMs / 1000)) : DEFAULT_THROTTLE_DELAY_SECONDS;
			return new z.errors.ThrottledError(message, delaySeconds);
		}
		if (error.category === 'auth') return keepMessageAsIs(new z.errors.ExpiredAuthError(message));
		const code = error.code !== undefined ? String(error.code) : error.category;
		return new z.errors.Error(message, code, error.httpStatus);
	}
	if (error instanceof Error) {
		error.message = redact(error.message);
		return keepMessageAsIs(error);
	}
	return new z.errors.Error(redact(String(error)), 'unknown');
}
