/**
 * In a real n8n, Register Phone Number against a "Meta" that takes the request and then drops the
 * connection without answering: the outcome is unknown, so the execution must show the core's "may
 * have reached Meta: check before repeating" advice (not n8n's "You can retry the request
 * immediately"), and the register must have been sent exactly once. The connection is closed
 * normally, so n8n sees "socket hang up" (ECONNRESET): unlike a TCP reset ("read ECONNRESET"),
 * that message does not name the code, which only NodeApiError's `httpCode` keeps.
 */
import net from 'node:net';

import { N8nInstance, type N8nCliRun } from '../../../scripts/n8n/launcher';
import { INSTALL_TIMEOUT_MS, installOurPackage, loadWorkflow, N8N_RECIPES, prepareN8n } from './support';

const PHONE_NUMBER_ID = '200000000000001';
const PIN = '246810';
const ACCESS_TOKEN = 'EAAGe2eDroppedConnectionToken0123456789';
const CREDENTIAL_ID = 'waDroppedConnCred1';
const EXPECTED_MESSAGE =
	'Could not reach Meta (reset): the connection was dropped. The request may have reached Meta: check the result (for example list the numbers or look for the message status) before repeating it.';

/** The read the core makes before a register: is the number shared with the WhatsApp Business app? */
const COEXISTENCE_READ = `GET /v25.0/${PHONE_NUMBER_ID}?fields=id%2Cis_on_biz_app HTTP/1.1`;

/**
 * A local "Meta" that reads each request's head and records its request line. It answers the
 * coexistence read (an ordinary number) and closes the connection unanswered on anything else.
 */
async function startHangingUpServer(): Promise<{ url: string; requestLines: string[]; stop(): Promise<void> }> {
	const requestLines: string[] = [];
	const server = net.createServer((socket) => {
		let head = '';
		socket.on('data', (chunk) => {
			head += chunk.toString('latin1');
			if (!head.includes('\r\n\r\n')) return;
			const requestLine = head.split('\r\n')[0];
			requestLines.push(requestLine);
			if (requestLine === COEXISTENCE_READ) {
				const body = JSON.stringify({ id: PHONE_NUMBER_ID, is_on_biz_app: false });
				socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
				return;
			}
			socket.destroy();
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const address = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${address.port}`,
		requestLines,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe.each(N8N_RECIPES)('%s n8n: a connection dropped during Register Phone Number', (recipe) => {
	let meta: Awaited<ReturnType<typeof startHangingUpServer>> | undefined;
	let n8n: N8nInstance | undefined;
	let run: N8nCliRun;

	beforeAll(async () => {
		const install = await prepareN8n(recipe);
		meta = await startHangingUpServer();
		n8n = await N8nInstance.create({ install });
		await installOurPackage(n8n);
		await n8n.importCredentials([
			{
				id: CREDENTIAL_ID,
				name: 'WhatsApp dropped connection',
				type: 'whatsAppNumbersApi',
				data: { accessToken: ACCESS_TOKEN, wabaId: '100000000000001', apiVersion: 'v25.0', baseUrl: meta.url },
			},
		]);
		const workflow = loadWorkflow('registerOnDroppedConnection', { PHONE_NUMBER_ID, PIN, CREDENTIAL_ID });
		await n8n.importWorkflows([workflow]);
		run = await n8n.execute(workflow.id);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await meta?.stop();
	}, 60_000);

	it('fails the execution with the core advice to check before repeating', () => {
		const error = run.data?.resultData.runData.Register?.[0]?.error;
		if (!error) throw new Error(`Register did not fail as expected. n8n printed:\n${run.output.slice(-4000)}`);
		expect(run.ok).toBe(false);
		expect(error.message).toBe(EXPECTED_MESSAGE);
		expect(String(error.description)).toContain('Next step: The request may have reached Meta: check the result');
		expect(run.data?.resultData.error?.message).toBe(EXPECTED_MESSAGE);
		const shown = JSON.stringify({ message: error.message, description: error.description });
		expect(shown).not.toMatch(/retry the request immediately/i);
		expect(shown).not.toContain(PIN);
		expect(shown).not.toContain(ACCESS_TOKEN);
	});

	it('sent the register once, and never again, after the read that checks the number', () => {
		expect(meta?.requestLines).toEqual([COEXISTENCE_READ, `POST /v25.0/${PHONE_NUMBER_ID}/register HTTP/1.1`]);
	});
});
