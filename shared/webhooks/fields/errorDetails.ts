/** Meta's error objects inside webhooks (`statuses[].errors[]`, `messages[].errors[]`, `value.errors[]`). */
import type { WebhookErrorDetail } from '../types';
import { asNumber, asString, isObject } from '../values';

/** Meta's `{code, title, message, error_data: {details}, href}` list, with unknown keys left in `raw`. */
export function normalizeErrors(value: unknown): WebhookErrorDetail[] | undefined {
	if (!Array.isArray(value) || value.length === 0) return undefined;
	const errors: WebhookErrorDetail[] = [];
	for (const item of value) {
		if (!isObject(item)) continue;
		const detail: WebhookErrorDetail = {};
		const code = asNumber(item.code);
		if (code !== undefined) detail.code = code;
		const title = asString(item.title);
		if (title !== undefined) detail.title = title;
		const message = asString(item.message);
		if (message !== undefined) detail.message = message;
		const details = isObject(item.error_data) ? asString(item.error_data.details) : asString(item.error_data);
		if (details !== undefined) detail.details = details;
		const href = asString(item.href);
		if (href !== undefined) detail.href = href;
		errors.push(detail);
	}
	return errors.length ? errors : undefined;
}
