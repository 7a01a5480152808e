/**
 * A token sent to POST /meta/configure is a secret of that request only: it is masked in what the
 * request answers and logs, and never blanks the relay's later log lines. The relay's own secrets
 * stay masked in every line. Log lines are read the way the relay command prints them (through
 * the core's pattern redaction), so the test sees what an operator would.
 */
import nock from 'nock';
import { redact } from '../../shared';
import { WABA_ID } from './support/events';
import { API_KEY, startTarget, startTestRelay, TestRelay } from './support/relay';

jest.setTimeout(30_000);

let relay: TestRelay | undefined;
let lines: string[] = [];

beforeEach(async () => {
	lines = [];
	relay = await startTestRelay({ RELAY_PUBLIC_URL: 'https://relay.example.com' }, { deliver: false, log: (line) => lines.push(redact(line)) });
});

afterEach(async () => {
	await relay?.stop();
	nock.cleanAll();
});

describe('secrets sent to POST /meta/configure', () => {
	it('do not blank later log lines that contain the same words', async () => {
		for (const token of ['subscriptions', '127.0.0.1']) {
			nock('https://graph.facebook.com').post(`/v25.0/${WABA_ID}/subscribed_apps`).reply(400, { error: { code: 190, message: 'Invalid OAuth access token', fbtrace_id: 'Tr1' } });
			const answer = await relay!.call('POST', '/meta/configure', { json: { access_token: token, waba_id: WABA_ID } });
			expect(answer.status).toBe(502);
		}
		const target = await startTarget();
		try {
			const created = await relay!.call('POST', '/subscriptions', { json: { target_url: target.url, event_type: 'identityMismatch' } });
			expect(created.status).toBe(201);
			const host = new URL(target.url).host;
			expect(lines).toContain(`subscriptions: created ${created.json.id} for identityMismatch (target host ${host})`);
		} finally {
			await target.stop();
		}
	});

	it("masks the request's token and the relay's own secrets in the answer, fbtrace_id included, and in the log", async () => {
		const token = 'configure-token-5d2f';
		nock('https://graph.facebook.com')
			.post(`/v25.0/${WABA_ID}/subscribed_apps`)
			.reply(400, { error: { code: 999001, message: `token ${token} refused for key ${API_KEY}`, fbtrace_id: `echo ${token}` } });

		const answer = await relay!.call('POST', '/meta/configure', { json: { access_token: token, waba_id: WABA_ID } });

		expect(answer.status).toBe(502);
		expect(answer.json.error.meta).toMatchObject({ fbtraceId: 'echo [redacted]', details: 'token [redacted] refused for key [redacted]' });
		const everything = `${answer.text}\n${lines.join('\n')}`;
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(API_KEY);
		expect(lines.some((line) => line.startsWith('meta: configuring the override failed: Meta rejected the request. Meta says: token [redacted] refused for key [redacted]'))).toBe(true);
	});
});
