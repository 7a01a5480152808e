/**
 * The end-to-end setup of the relay's e2e suites, all on 127.0.0.1: the sandbox standing in for
 * Meta, a relay whose public URL is known before it starts (Meta's GET challenge goes there), a
 * server standing in for Zapier's hook URLs, and the Zapier app's tester and connection.
 */
import { startSandbox, Sandbox } from '../../../sandbox';
import App from '../../../zapier';
import { API_KEY, freePort, startTarget, startTestRelay, TestRelay } from './relay';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zapier = require('zapier-platform-core');
export const appTester = zapier.createAppTester(App) as (method: unknown, bundle?: Record<string, unknown>) => Promise<any>;

export interface SandboxRelay {
	sandbox: Sandbox;
	relay: TestRelay;
	target: Awaited<ReturnType<typeof startTarget>>;
	/** The Zapier connection to the sandbox, with the relay. */
	authData: Record<string, string>;
	stop(): Promise<void>;
}

export async function startSandboxRelay(): Promise<SandboxRelay> {
	const sandbox = await startSandbox();
	const target = await startTarget();
	const port = await freePort();
	const relay = await startTestRelay({ PORT: String(port), RELAY_PUBLIC_URL: `http://127.0.0.1:${port}`, META_APP_SECRET: sandbox.appSecret, META_GRAPH_URL: sandbox.baseUrl });
	return {
		sandbox,
		relay,
		target,
		authData: { access_token: sandbox.accessToken, waba_id: sandbox.wabaId, base_url: sandbox.baseUrl, relay_url: relay.relay.url, relay_api_key: API_KEY },
		async stop() {
			await relay.stop();
			await target.stop();
			await sandbox.stop();
		},
	};
}
