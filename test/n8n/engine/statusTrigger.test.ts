/**
 * The polling status trigger as n8n runs it: activated through n8n-core's ActiveWorkflows (first poll
 * right away, schedule from Poll Times), each later poll through the PollContext made at activation,
 * the memory between polls in the workflow's static data; and a manual "Fetch Test Event".
 */
import nock from 'nock';

import { activatePollingTrigger, executeNode } from '../support/engine';
import { ACCESS_TOKEN, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID, WABA_ID } from '../support/n8nContext';
import { PHONE_NUMBER_FIELDS } from '../../../shared/operations/phoneNumber/model';

const SECOND_ID = '200000000000002';
const number = (id: string, display: string, fields: Record<string, string>) => ({ id, display_phone_number: display, verified_name: 'Jasper', ...fields });
const first = number(PHONE_ID, '+1 555-010-0001', { status: 'PENDING', name_status: 'PENDING_REVIEW', quality_rating: 'UNKNOWN', code_verification_status: 'VERIFIED' });
const second = number(SECOND_ID, '+1 555-010-0002', { status: 'CONNECTED', name_status: 'APPROVED', quality_rating: 'GREEN', code_verification_status: 'VERIFIED' });

const listing = (...numbers: unknown[]) =>
	nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
		.get(`/v25.0/${WABA_ID}/phone_numbers`)
		.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
		.reply(200, { data: numbers });

describe('WhatsApp Business Numbers Status Trigger, active', () => {
	it('records the numbers at activation, then starts one execution item per changed number', async () => {
		const atActivation = listing(first, second);
		const trigger = await activatePollingTrigger({ node: 'whatsAppNumbersStatusTrigger', credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });
		try {
			expect(atActivation.isDone()).toBe(true);
			expect(trigger.emitted).toEqual([]);
			// The default Poll Times (every minute), as n8n registers it.
			expect(trigger.cronExpressions).toEqual([expect.stringMatching(/^\d{1,2} \* \* \* \* \*$/)]);

			listing({ ...first, status: 'CONNECTED', name_status: 'APPROVED' }, second);
			await trigger.poll();

			expect(trigger.errors).toEqual([]);
			expect(trigger.emitted).toHaveLength(1);
			expect(trigger.emitted[0][0].map((item) => item.json)).toEqual([
				{
					phoneNumberId: PHONE_ID,
					displayPhoneNumber: '+1 555-010-0001',
					changes: [
						{ field: 'status', from: 'PENDING', to: 'CONNECTED' },
						{ field: 'nameStatus', from: 'PENDING_REVIEW', to: 'APPROVED' },
					],
					current: expect.objectContaining({ id: PHONE_ID, status: 'CONNECTED', nameStatus: 'APPROVED' }),
				},
			]);

			listing({ ...first, status: 'CONNECTED', name_status: 'APPROVED' }, second);
			await trigger.poll();
			expect(trigger.emitted).toHaveLength(1);
		} finally {
			await trigger.deactivate();
		}
	});

	it('fails the activation with the core message when Meta refuses the token', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(400, metaError(190, 'Invalid OAuth access token'));

		const error = await activatePollingTrigger({ node: 'whatsAppNumbersStatusTrigger', credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } }).then(
			() => undefined,
			(caught: Error) => caught,
		);

		expect(error?.name).toBe('WorkflowActivationError');
		expect(error?.message).toMatch(/^There was a problem activating the workflow: ".*access token/i);
	});

	it('reports a failed later poll as an error of that poll, not as items', async () => {
		listing(first);
		const trigger = await activatePollingTrigger({ node: 'whatsAppNumbersStatusTrigger', credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });
		try {
			nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(400, metaError(190, 'Invalid OAuth access token'));
			await trigger.poll();

			expect(trigger.emitted).toEqual([]);
			expect(trigger.errors.map((error) => error.name)).toEqual(['NodeApiError']);
		} finally {
			await trigger.deactivate();
		}
	});
});

describe('WhatsApp Business Numbers Status Trigger, Fetch Test Event (manual)', () => {
	it('shows the current state of every number', async () => {
		listing(first, second);

		const run = await executeNode({ node: 'whatsAppNumbersStatusTrigger', credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS } });

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ phoneNumberId: PHONE_ID, changes: [], current: expect.objectContaining({ status: 'PENDING' }) }),
			expect.objectContaining({ phoneNumberId: SECOND_ID, changes: [], current: expect.objectContaining({ status: 'CONNECTED' }) }),
		]);
	});
});
