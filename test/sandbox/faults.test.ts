/**
 * Latency and fault injection: 5xx before any work; timeouts, dropped connections and
 * malformed bodies after the work (the ambiguous case); only on Graph calls, never on control calls.
 */
import { startSandbox, Sandbox } from '../../sandbox';
import { expectWhatsAppError, graphClient, rawRequest } from '../fixtures/sandbox/http';

let sb: Sandbox;
let graph: ReturnType<typeof graphClient>;
beforeEach(async () => {
	sb = await startSandbox({ port: 0 });
	graph = graphClient(sb);
});
afterEach(() => sb.stop());

const addNumber = (phone: string) => graph('POST', '/v25.0/100000000000001/phone_numbers', { json: { cc: '1', phone_number: phone, verified_name: 'Fault Co' } });
const numberCount = () => sb.control.snapshot().wabas![0].numbers!.length;

it('answers 500 with code 131000 in Meta\'s envelope and changes nothing', async () => {
	sb.control.setFaults({ faults: { serverErrorRate: 1 } });
	const answer = await addNumber('5550101000');
	const error = expectWhatsAppError(answer, 500, 131000);
	expect(error.message).toBe('(#131000) Something went wrong');
	expect(numberCount()).toBe(1);
});

it('answers 503 with code 2 when asked', async () => {
	sb.control.setFaults({ faults: { serverErrorRate: 1, serverErrorStatus: 503 } });
	expectWhatsAppError(await graph('GET', '/v25.0/200000000000001'), 503, 2);
});

it('drops the connection after doing the work (the number exists although the client got no answer)', async () => {
	sb.control.setFaults({ faults: { dropRate: 1 } });
	await expect(addNumber('5550101001')).rejects.toThrow(/socket hang up|ECONNRESET/);
	expect(numberCount()).toBe(2);
});

it('answers 200 with a truncated body after doing the work', async () => {
	sb.control.setFaults({ faults: { malformedRate: 1 } });
	const answer = await addNumber('5550101002');
	expect(answer.status).toBe(200);
	expect(answer.body).toBeUndefined();
	expect(answer.raw.startsWith('{"id"')).toBe(true);
	expect(numberCount()).toBe(2);
});

it('never answers a timed-out call (the client gives up); the work is done', async () => {
	sb.control.setFaults({ faults: { timeoutRate: 1 } });
	await expect(rawRequest(sb.baseUrl, 'POST', '/v25.0/100000000000001/phone_numbers', {
		token: sb.accessToken,
		json: { cc: '1', phone_number: '5550101003', verified_name: 'Fault Co' },
		timeoutMs: 150,
	})).rejects.toThrow('client timeout');
	expect(numberCount()).toBe(2);
});

it('limits faults to paths containing pathIncludes', async () => {
	sb.control.setFaults({ faults: { serverErrorRate: 1, pathIncludes: '/messages' } });
	expect((await graph('GET', '/v25.0/200000000000001')).status).toBe(200);
	expectWhatsAppError(await graph('POST', '/v25.0/200000000000001/messages', { json: { messaging_product: 'whatsapp', to: '+16505551234', text: { body: 'x' } } }), 500, 131000);
});

it('applies a rate: with a fixed random sequence, exactly the drawn calls fail', async () => {
	await sb.stop();
	const draws = [0.1, 0.9, 0.1, 0.9];
	sb = await startSandbox({ port: 0, faults: { serverErrorRate: 0.5 }, random: () => draws.shift() ?? 0.9 });
	graph = graphClient(sb);
	const statuses = [];
	for (let i = 0; i < 4; i++) statuses.push((await graph('GET', '/v25.0/200000000000001')).status);
	expect(statuses).toEqual([500, 200, 500, 200]);
});

it('never affects control endpoints', async () => {
	sb.control.setFaults({ faults: { serverErrorRate: 1, dropRate: 1 } });
	expect((await rawRequest(sb.baseUrl, 'GET', '/_sandbox/faults')).body).toEqual({ latencyMs: 0, faults: { serverErrorRate: 1, dropRate: 1 } });
});

it('configures latency and faults through PUT /_sandbox/faults and validates them', async () => {
	const answer = await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/faults', { json: { latencyMs: 20, faults: { malformedRate: 0 } } });
	expect(answer.body).toEqual({ latencyMs: 20, faults: { malformedRate: 0 } });
	// With latency the answer still arrives, complete (timing itself is measured only in the benchmark).
	expect((await graph('GET', '/v25.0/200000000000001', { query: { fields: 'status' } })).body).toEqual({ status: 'CONNECTED', id: '200000000000001' });
	expect((await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/faults', { json: { faults: { dropRate: 2 } } })).status).toBe(400);
	expect((await rawRequest(sb.baseUrl, 'PUT', '/_sandbox/faults', { json: { latencyMs: -5 } })).status).toBe(400);
});

it('rejects invalid options at start', async () => {
	await expect(startSandbox({ port: 0, faults: { timeoutRate: 1.5 } })).rejects.toThrow('faults.timeoutRate must be a number from 0 to 1');
});

it('stops cleanly with a request held open by a timeout fault', async () => {
	sb.control.setFaults({ faults: { timeoutRate: 1 } });
	const pending = graph('GET', '/v25.0/200000000000001').catch((error: Error) => error);
	await new Promise((resolve) => setTimeout(resolve, 30));
	await sb.stop();
	expect(String((await pending as Error).message)).toMatch(/socket hang up|ECONNRESET/);
});
