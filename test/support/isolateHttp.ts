/**
 * Every test file leaves node's shared `http`/`https` modules as it found them.
 *
 * Jest gives each file its own module registry but one `http` module per worker. zapier-platform-core
 * wraps `http.request` the first time its handler runs and marks the module `patchedByZapier`, so it
 * never wraps again in that worker. Its wrapper takes `(options, callback)` only, while nock's
 * interceptor calls the wrapped function as `(url, options, callback)`: once a file without nock (an
 * e2e suite) has let Zapier wrap the pristine `http.request`, every later file's nock-intercepted
 * request loses its mock agent and callback, and either reaches the real network or hangs. Which
 * files share a worker depends on jest's cached durations, so this only showed on a second run.
 * Restoring the functions and the flag after each file removes the dependence on order.
 */
import http from 'node:http';
import https from 'node:https';

type Patchable = { request: unknown; get: unknown; ClientRequest?: unknown; patchedByZapier?: boolean; zapierLogger?: unknown };

const modules = [http, https] as unknown as Patchable[];
const pristine = modules.map((module) => ({ request: module.request, get: module.get, ClientRequest: module.ClientRequest }));

afterAll(() => {
	modules.forEach((module, index) => {
		module.request = pristine[index].request;
		module.get = pristine[index].get;
		if (pristine[index].ClientRequest !== undefined) module.ClientRequest = pristine[index].ClientRequest;
		delete module.patchedByZapier;
		delete module.zapierLogger;
	});
});
