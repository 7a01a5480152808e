/**
 * The action node run by n8n-core's WorkflowExecute: the credential's `authenticate` block sets the
 * Authorization header, n8n's HTTP helper sends the request nock receives, per-item expressions are
 * resolved by n8n, and "On Error: Continue" keeps a refused item on its own output item.
 */
import nock from 'nock';

import { executeNode } from '../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID, WABA_ID } from '../support/fixtures';
import { PHONE_NUMBER_FIELDS } from '../../../shared/operations/phoneNumber/model';

interface Received {
	method: string;
	path: string;
	headers: Record<string, unknown>;
	body: unknown;
}

/** Answers with `status`/`body` and records what arrived, headers included. */
function recordInto(received: Received[], status: number, body: unknown) {
	return function (this: { req: { method: string; headers: Record<string, unknown> } }, path: string, requestBody: unknown): [number, unknown] {
		received.push({ method: this.req.method, path, headers: { ...this.req.headers }, body: requestBody });
		return [status, body];
	};
}

describe('Phone Number → Get Phone Number', () => {
	it('sends the read n8n would send, with the Bearer token set by the credential, and outputs the number', async () => {
		const received: Received[] = [];
		const scope = nock(GRAPH)
			.get(`/v25.0/${PHONE_ID}`)
			.query({ fields: PHONE_NUMBER_FIELDS })
			.reply(recordInto(received, 200, { id: PHONE_ID, display_phone_number: '+1 555-010-0001', verified_name: 'Jasper Market', status: 'CONNECTED', quality_rating: 'GREEN' }));

		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) },
			// Only what a user types: the API version and base URL come from the credential's defaults.
			credentials: { whatsAppNumbersApi: { accessToken: ACCESS_TOKEN, wabaId: WABA_ID } },
		});

		expect(scope.isDone()).toBe(true);
		expect(received).toEqual([
			{
				method: 'GET',
				path: `/v25.0/${PHONE_ID}?fields=${encodeURIComponent(PHONE_NUMBER_FIELDS)}`,
				headers: {
					authorization: `Bearer ${ACCESS_TOKEN}`,
					accept: 'application/json',
					'accept-encoding': 'gzip, compress, deflate, br',
					connection: 'close',
					'user-agent': 'n8n',
					host: 'graph.facebook.com',
				},
				body: '',
			},
		]);
		expect(run.status).toBe('success');
		expect(run.items).toEqual([
			{
				json: {
					found: true,
					id: PHONE_ID,
					displayPhoneNumber: '+1 555-010-0001',
					verifiedName: 'Jasper Market',
					status: 'CONNECTED',
					nameStatus: null,
					codeVerificationStatus: null,
					qualityRating: 'GREEN',
					throughputLevel: null,
					messagingLimit: null,
					twoStepEnabled: null,
					platformType: null,
					accountMode: null,
					isOfficialBusinessAccount: null,
					coexistence: null,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('shows the core message and next step for a Meta error, never n8n generic text or the token', async () => {
		nock(GRAPH)
			.get(`/v25.0/${PHONE_ID}`)
			.query(true)
			.reply(401, metaError(190, `Error validating access token: Session has expired. Token ${ACCESS_TOKEN}`));

		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber', phoneNumberId: byId(PHONE_ID) },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		});

		expect(run.status).toBe('error');
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '401', errorResponse: { category: 'auth', code: 190 } });
		expect(run.error?.message).not.toMatch(/Authorization failed - please check your credentials/);
		expect(run.error?.description).toMatch(/^Next step: /);
		expect(JSON.stringify({ message: run.error?.message, description: run.error?.description })).not.toContain(ACCESS_TOKEN);
	});
});

describe('Message → Send Message with "On Error: Continue"', () => {
	const PATH = `/v25.0/${PHONE_ID}/messages`;
	const accepted = (to: string, id: string) => ({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.slice(1) }], messages: [{ id }] });
	const textBody = (to: string, hash: string) => ({
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to,
		type: 'text',
		recipient_identity_key_hash: hash,
		text: { preview_url: false, body: 'Your order shipped' },
	});

	it('sends one request per item with per-item expressions resolved by n8n, and keeps each result on its own item', async () => {
		const received: Received[] = [];
		const scope = nock(GRAPH)
			.post(PATH, textBody('+16315550001', 'DF2lS5v2W6x='))
			.reply(recordInto(received, 200, accepted('+16315550001', 'wamid.A')))
			.post(PATH, textBody('+16315550002', 'Zm9vYmFyMTIz'))
			.reply(recordInto(received, 400, metaError(137000, 'Identity key hash mismatch')));

		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: {
				resource: 'message',
				operation: 'sendMessage',
				phoneNumberId: byId(PHONE_ID),
				to: '={{ $json.phone }}',
				messageType: 'text',
				text: 'Your order shipped',
				recipientIdentityKeyHash: '={{ $json.hash }}',
			},
			items: [{ json: { phone: '+1 631 555 0001', hash: 'DF2lS5v2W6x=' } }, { json: { phone: '+1 631 555 0002', hash: 'Zm9vYmFyMTIz' } }],
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
			continueOnFail: true,
		});

		expect(scope.isDone()).toBe(true);
		expect(received.map((request) => [request.headers.authorization, request.headers['content-type']])).toEqual([
			[`Bearer ${ACCESS_TOKEN}`, 'application/json'],
			[`Bearer ${ACCESS_TOKEN}`, 'application/json'],
		]);
		expect(run.status).toBe('success');
		expect(run.error).toBeUndefined();
		// The node itself links every output item to its input item (the harness checks what execute() returned).
		expect(run.returned?.[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(run.items[0].json).toMatchObject({ messageId: 'wamid.A', to: '+16315550001', identityHashChecked: true });
		expect(run.items[1]).toEqual({
			json: expect.objectContaining({ errorCode: 137000, errorCategory: 'identity', identityMismatch: true, retryAction: 'do_not_retry', httpStatus: 400, operation: 'sendMessage' }),
			pairedItem: { item: 1 },
		});
	});

	it('without "On Error: Continue" stops the run with the refused item named', async () => {
		nock(GRAPH).post(PATH).reply(400, metaError(137000, 'Identity key hash mismatch'));

		const run = await executeNode({
			node: 'whatsAppNumbers',
			parameters: { resource: 'message', operation: 'sendMessage', phoneNumberId: byId(PHONE_ID), to: '+16315550001', messageType: 'text', text: 'Hi' },
			credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
		});

		expect(run.status).toBe('error');
		expect(run.items).toEqual([]);
		expect(run.error).toMatchObject({ name: 'NodeApiError', context: { itemIndex: 0 }, errorResponse: { code: 137000, category: 'identity' } });
	});
});
