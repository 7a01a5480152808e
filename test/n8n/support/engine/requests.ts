/**
 * What reached "Meta" during a run: every request a nock scope answered (method, URL, headers as
 * n8n's HTTP helper sent them, body), and every request no interceptor matched (nock refuses those,
 * so the node saw a failure; a test that expects nothing to be sent checks this list is empty).
 */
import nock from 'nock';

export interface SentRequest {
	method: string;
	/** Origin, path and query, as sent. */
	url: string;
	headers: Record<string, unknown>;
	/** The body as nock hands it over (text; a body that is not UTF-8 as hex). */
	body: string;
}

export interface RequestLog {
	/** Requests the given scopes answered, in order. */
	readonly sent: SentRequest[];
	/** Requests that matched no interceptor, as `METHOD url`. */
	readonly unmatched: string[];
	stop(): void;
}

interface ClientRequestLike {
	method?: string;
	path?: string;
	host?: string;
	hostname?: string;
	proto?: string;
	protocol?: string;
	port?: string | number;
	headers?: Record<string, unknown>;
	getHeaders?: () => Record<string, unknown>;
}

function describe(request: ClientRequestLike): string {
	const protocol = request.proto ? `${request.proto}:` : (request.protocol ?? 'https:');
	return `${request.method ?? 'GET'} ${protocol}//${request.hostname ?? request.host ?? ''}${request.path ?? ''}`;
}

export function recordRequests(...scopes: nock.Scope[]): RequestLog {
	const sent: SentRequest[] = [];
	const unmatched: string[] = [];
	for (const scope of scopes) {
		scope.on('request', (request: ClientRequestLike & { headers: Record<string, unknown> }, interceptor: { basePath: string }, body: string) => {
			const origin = interceptor.basePath.replace(/:(443|80)$/, '');
			sent.push({ method: request.method ?? 'GET', url: `${origin}${request.path ?? ''}`, headers: { ...request.headers }, body });
		});
	}
	// nock passes the request, then (from its HTTP router) the options with the host.
	const onNoMatch = (request: ClientRequestLike, options?: ClientRequestLike) => unmatched.push(describe({ ...request, ...options, method: request.method ?? options?.method, path: request.path ?? options?.path }));
	nock.emitter.on('no match', onNoMatch);
	return {
		sent,
		unmatched,
		stop: () => {
			nock.emitter.removeListener('no match', onNoMatch);
		},
	};
}
