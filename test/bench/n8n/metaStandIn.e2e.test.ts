/**
 * The benchmark's stand-in for Meta (the sandbox behind a recording proxy, on its own thread, from
 * the build): a burst of sends on `Connection: close` connections, as the HTTP Request node on
 * defaults makes them, all reach the sandbox and are recorded with Meta's answer. Before hop-by-hop
 * headers were dropped and the backlogs sized, hundreds of such sends failed in the proxy.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import type * as StandIn from '../../../bench/n8n/metaStandIn';

const ROOT = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startMetaStandIn } = require(path.join(ROOT, 'dist', 'bench', 'n8n', 'metaStandIn.js')) as typeof StandIn;

const SENDS = 10_000;

/** Fires every send at once from another process (as n8n would), one connection each. */
function burst(url: string, token: string): Promise<Record<string, number>> {
	const script = `
		const http = require('node:http');
		const [url, token, sends] = process.argv.slice(1);
		const outcomes = {};
		let done = 0;
		const finish = (key) => { outcomes[key] = (outcomes[key] || 0) + 1; if (++done === Number(sends)) process.stdout.write(JSON.stringify(outcomes)); };
		for (let index = 0; index < Number(sends); index++) {
			const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+1555' + String(index).padStart(7, '0'), type: 'text', text: { preview_url: false, body: 'Benchmark message ' + index } });
			const request = http.request(url, { method: 'POST', agent: false, headers: { connection: 'close', authorization: 'Bearer ' + token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
				response.resume();
				response.on('end', () => finish(String(response.statusCode)));
			});
			request.on('error', (error) => finish(error.code || 'error'));
			request.end(body);
		}`;
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['-e', script, url, token, String(SENDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.once('error', reject);
		child.once('close', () => resolve(JSON.parse(out || '{}') as Record<string, number>));
	});
}

it('passes a burst of 10,000 sends to the sandbox and records each with its answer', async () => {
	const meta = await startMetaStandIn({ latencyMs: 100 });
	try {
		await meta.reset(1_000);
		const outcomes = await burst(`${meta.baseUrl}/v25.0/${meta.sandbox.phoneNumberId}/messages`, meta.sandbox.accessToken);
		const records = await meta.records();

		expect(records.proxyErrors).toBe(0);
		expect(records.to).toHaveLength(SENDS);
		expect(new Set(records.to).size).toBe(SENDS);
		expect(records.to).toContain('15550009999');
		const accepted = records.status.filter((status) => status === 200).length;
		const throttled = records.code.filter((code) => code === 130429).length;
		// Accepted up to the cap's bucket and its refill, the rest refused with 130429 (how many depends on
		// how fast this machine fires the burst); nothing else, on either side of the proxy.
		expect(accepted).toBeGreaterThanOrEqual(1_000);
		expect(accepted + throttled).toBe(SENDS);
		expect(outcomes).toEqual(throttled ? { '200': accepted, '400': throttled } : { '200': accepted });
		expect(JSON.parse(records.firstBody!)).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: expect.stringMatching(/^\+1555\d{7}$/), type: 'text', text: { preview_url: false, body: expect.any(String) } });
	} finally {
		await meta.stop();
	}
}, 120_000);
