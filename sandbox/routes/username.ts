/**
 * Business usernames (docs/meta-api.md §1.14; endpoints from SDK code, not a Meta page): read, reserve
 * (`transfer_action` none|force_transfer), delete, suggestions. Status changes after the reservation
 * come from the control API and are announced with `business_username_updates` webhooks.
 */
import { USERNAME_RULES } from '../constants';
import type { SandboxContext } from '../context';
import { invalidParameter, metaError } from '../graphError';
import { emitChange } from '../notify';
import { optionalString, requireString } from '../params';
import { NumberRecord, webhookDisplayNumber } from '../state';
import { GraphRequest, GraphResponse, GraphRoute, numberOf, SUCCESS } from './types';

/** Why a username breaks §1.14's format rules, or null when it is fine. */
export function usernameProblem(username: string): string | null {
	if (username.length < USERNAME_RULES.minLength || username.length > USERNAME_RULES.maxLength) {
		return `must be ${USERNAME_RULES.minLength} to ${USERNAME_RULES.maxLength} characters`;
	}
	if (!/^[A-Za-z0-9._]+$/.test(username)) return 'may only hold English letters, digits, periods and underscores';
	if (!/[A-Za-z]/.test(username)) return 'must contain at least one letter';
	if (username.startsWith('.') || username.endsWith('.')) return 'must not start or end with a period';
	if (username.includes('..')) return 'must not contain two periods in a row';
	if (/^www/i.test(username)) return 'must not start with www';
	if (/\.(com|net|org|io|co|info|biz|app|dev|me)$/i.test(username)) return 'must not end with a domain suffix such as .com';
	return null;
}

function getUsername(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	if (number.username) return { body: { username: number.username, status: number.usernameStatus } };
	return { body: number.usernameStatus ? { status: number.usernameStatus } : {} };
}

function holderOf(ctx: SandboxContext, username: string): NumberRecord | undefined {
	const wanted = username.toLowerCase();
	for (const number of ctx.state.numbers.values()) if (number.username?.toLowerCase() === wanted) return number;
	return undefined;
}

function setUsername(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const username = requireString(request.params, 'username');
	const transfer = optionalString(request.params, 'transfer_action') ?? 'none';
	if (transfer !== 'none' && transfer !== 'force_transfer') throw invalidParameter('The parameter transfer_action must be none or force_transfer.');
	const problem = usernameProblem(username);
	if (problem) throw invalidParameter(`The username ${problem}.`);
	if (number.status !== 'CONNECTED') throw metaError('notRegistered', 'Register the phone number before reserving a username.');
	if (ctx.state.reservedUsernames.has(username.toLowerCase())) throw metaError('usernameUnavailable', 'This username is not available.');
	const holder = holderOf(ctx, username);
	if (holder && holder.id !== number.id) {
		if (transfer !== 'force_transfer') {
			throw metaError('usernameForceTransfer', 'Another phone number of this business holds this username. Send transfer_action=force_transfer to move it.');
		}
		holder.username = null;
		holder.usernameStatus = 'deleted';
		announce(ctx, holder);
	}
	number.username = username;
	number.usernameStatus = 'reserved';
	return { body: { status: 'reserved' } };
}

function deleteUsername(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const had = number.username !== null;
	number.username = null;
	number.usernameStatus = 'deleted';
	if (had) announce(ctx, number);
	return SUCCESS;
}

function suggestions(ctx: SandboxContext, request: GraphRequest): GraphResponse {
	const number = numberOf(ctx, request);
	const base = number.verifiedName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 28) || 'business';
	const candidates = [base, `${base}_official`, `${base}.support`, `${base}_hq`].filter(
		(name) => !usernameProblem(name) && !ctx.state.reservedUsernames.has(name) && !holderOf(ctx, name),
	);
	return { body: { data: [{ username_suggestions: candidates }] } };
}

/** `business_username_updates` (§1.14): `username` is left out when the status is `deleted`. */
export function announce(ctx: SandboxContext, number: NumberRecord): void {
	const waba = ctx.state.wabas.get(number.wabaId);
	if (!waba) return;
	const value: Record<string, unknown> = { display_phone_number: webhookDisplayNumber(number) };
	if (number.usernameStatus !== 'deleted' && number.username) value.username = number.username;
	value.status = number.usernameStatus;
	emitChange(ctx, 'business_username_updates', waba, value, number);
}

export const usernameRoutes: GraphRoute[] = [
	{ kind: 'number', method: 'GET', edge: 'username', handle: getUsername },
	{ kind: 'number', method: 'POST', edge: 'username', handle: setUsername },
	{ kind: 'number', method: 'DELETE', edge: 'username', handle: deleteUsername },
	{ kind: 'number', method: 'GET', edge: 'username_suggestions', handle: suggestions },
];
