/**
 * Graph's cursor paging for a list edge (docs/meta-api.md §1.1): `limit`, `after`/`before` cursors,
 * and `paging.cursors` plus `next`/`previous` links that repeat the query and carry the token.
 */
import { LIST_LIMIT } from './constants';
import { invalidParameter } from './graphError';
import { optionalString, Params } from './params';
import type { SandboxContext } from './context';
import type { GraphRequest } from './routes/types';

export interface PagedList<T> {
	page: T[];
	paging?: Record<string, unknown>;
}

export interface PagingOptions<T> {
	/** A stable key per item, turned into opaque cursors. */
	keyOf: (item: T) => string;
	/** Distinguishes this list's cursors from other lists'. */
	cursorPrefix: string;
	/** Query parameters repeated in the `next`/`previous` links (besides limit and the cursor). */
	carried: Record<string, string | undefined>;
}

function requestedLimit(params: Params): number {
	const text = optionalString(params, 'limit');
	const limit = text === undefined ? LIST_LIMIT.default : Number(text);
	if (!Number.isInteger(limit) || limit < LIST_LIMIT.min || limit > LIST_LIMIT.max) {
		throw invalidParameter(`The parameter limit must be a whole number from ${LIST_LIMIT.min} to ${LIST_LIMIT.max}.`);
	}
	return limit;
}

/** One page of `items` (already filtered and sorted) for the request's limit and cursor. */
export function cursorPage<T>(ctx: SandboxContext, request: GraphRequest, items: T[], options: PagingOptions<T>): PagedList<T> {
	const limit = requestedLimit(request.params);
	const encode = (item: T): string => Buffer.from(`${options.cursorPrefix}:${options.keyOf(item)}`).toString('base64url');
	const indexOf = (cursor: string, name: string): number => {
		const index = items.findIndex((item) => encode(item) === cursor);
		if (index < 0) throw invalidParameter(`The ${name} cursor is not valid for this list. Start again without ${name}.`);
		return index;
	};
	const after = optionalString(request.params, 'after');
	const before = optionalString(request.params, 'before');
	const start = after !== undefined ? indexOf(after, 'after') + 1 : before !== undefined ? Math.max(0, indexOf(before, 'before') - limit) : 0;
	const page = items.slice(start, start + limit);
	if (page.length === 0) return { page };
	const cursors = { before: encode(page[0]), after: encode(page[page.length - 1]) };
	const link = (cursorName: string, cursor: string): string => {
		const url = new URL(`${ctx.baseUrl()}/${request.version}/${request.nodeId}/${request.edge}`);
		url.searchParams.set('access_token', request.accessToken);
		for (const [name, value] of Object.entries(options.carried)) if (value !== undefined) url.searchParams.set(name, value);
		url.searchParams.set('limit', String(limit));
		url.searchParams.set(cursorName, cursor);
		return url.toString();
	};
	const paging: Record<string, unknown> = { cursors };
	if (start + limit < items.length) paging.next = link('after', cursors.after);
	if (start > 0) paging.previous = link('before', cursors.before);
	return { page, paging };
}
