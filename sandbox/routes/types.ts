import type { SandboxContext } from '../context';
import { unknownObject } from '../graphError';
import type { Params } from '../params';
import type { NumberRecord, WabaRecord } from '../state';

/** The kinds of Graph node the sandbox knows (media and upload sessions: routes/media.ts, routes/uploads.ts). */
export type NodeKind = 'app' | 'waba' | 'number' | 'template' | 'media' | 'upload';

export interface GraphRequest {
	method: 'GET' | 'POST' | 'DELETE';
	kind: NodeKind;
	nodeId: string;
	/** The edge after the node ID (`phone_numbers`, `register`, …), '' for the node itself. */
	edge: string;
	/** Query, form and JSON parameters merged. */
	params: Params;
	/** E.g. `v25.0`. */
	version: string;
	/** The token the call was made with (for `paging.next`, which carries it like Graph's). */
	accessToken: string;
	/** The body as sent (resumable uploads read their bytes from it). */
	rawBody: Buffer;
	/** Request headers, lower-cased (resumable uploads read `file_offset`). */
	headers: Record<string, string | string[] | undefined>;
}

export interface GraphResponse {
	status?: number;
	body: unknown;
}

export type GraphHandler = (ctx: SandboxContext, request: GraphRequest) => GraphResponse | Promise<GraphResponse>;

export interface GraphRoute {
	kind: NodeKind;
	method: GraphRequest['method'];
	edge: string;
	handle: GraphHandler;
}

export const SUCCESS: GraphResponse = { body: { success: true } };

export function numberOf(ctx: SandboxContext, request: GraphRequest): NumberRecord {
	const number = ctx.state.numbers.get(request.nodeId);
	if (!number) throw unknownObject(request.method, request.nodeId);
	return number;
}

export function wabaOf(ctx: SandboxContext, request: GraphRequest): WabaRecord {
	const waba = ctx.state.wabas.get(request.nodeId);
	if (!waba) throw unknownObject(request.method, request.nodeId);
	return waba;
}

/** Graph's datetime form, e.g. `2026-01-31T09:15:00+0000`. */
export function graphTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
