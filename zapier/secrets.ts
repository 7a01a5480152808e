/**
 * Keeps PINs and OTP codes out of Zapier's own logs. Zapier logs every `z.request` (body
 * included) and scrubs the values it finds in `bundle.authData` plus values under secret-looking
 * keys; a body such as `{"pin":"123456"}` or `?code=123456` would otherwise be logged as is.
 * So, for the duration of one perform, each secret input is also placed in `bundle.authData`
 * (under a key Zapier treats as sensitive), which is the object Zapier's logger reads at log time.
 * Zapier does not store authData changes made by a create, search or trigger.
 */
import type { Bundle } from 'zapier-platform-core';
import { AUTHENTICATION_CODE_KEY, OperationDefinition, zapierKey } from '../shared';
import { TEMPLATE_VALUE_PREFIX } from './fields';

const SHIELD_PREFIX = '_log_secret_';

/** The forms a secret may take on the wire: as typed, and digits only (an OTP typed "123-456"). */
function variants(value: unknown): string[] {
	if (typeof value !== 'string' && typeof value !== 'number') return [];
	const text = String(value).trim();
	if (!text) return [];
	const digits = text.replace(/[\s-]/g, '');
	return digits !== text && /^\d+$/.test(digits) ? [text, digits] : [text];
}

/**
 * Registers the operation's secret inputs with Zapier's log scrubber (the core masks them in the
 * run's output and errors by itself); returns the function that removes them again.
 */
export function shieldSecrets(bundle: Bundle, operation: OperationDefinition): () => void {
	const added: string[] = [];
	if (!bundle.authData) return () => undefined;
	const secretKeys = operation.fields.filter((field) => field.secret).map((field) => zapierKey(field.key));
	// An authentication template's code is an OTP too (sent in the request body Zapier logs).
	if (operation.fields.some((field) => field.source === 'templateParameters')) secretKeys.push(`${TEMPLATE_VALUE_PREFIX}${AUTHENTICATION_CODE_KEY}`);
	for (const key of secretKeys) {
		const value = bundle.inputData?.[key];
		for (const variant of variants(value)) {
			const shield = `${SHIELD_PREFIX}${added.length}`;
			bundle.authData[shield] = variant;
			added.push(shield);
		}
	}
	return () => {
		for (const key of added) delete bundle.authData[key];
	};
}
