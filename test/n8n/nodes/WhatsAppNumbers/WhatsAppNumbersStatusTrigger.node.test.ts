/**
 * The polling status watch as n8n runs it: activated through n8n-core's ActiveWorkflows (first poll
 * right away, which only records; the schedule from Poll Times), each later poll through the
 * PollContext made at activation, the memory between polls in the workflow's static data; and a
 * manual "Fetch Test Event".
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PHONE_NUMBER_FIELDS } from '../../../../shared/operations/phoneNumber/model';
import { activatePollingTrigger, executeNode, type ActivePollingTrigger } from '../../support/engine';
import { ACCESS_TOKEN, GRAPH, GRAPH_CREDENTIALS, metaError, PHONE_ID, WABA_ID } from '../../support/fixtures';

const SECOND_ID = '200000000000002';
const credentials = { whatsAppNumbersApi: GRAPH_CREDENTIALS };

const number = (id: string, display: string, fields: Record<string, string>) => ({ id, display_phone_number: display, verified_name: 'Jasper', ...fields });
const listing = (...numbers: unknown[]) =>
	nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
		.get(`/v25.0/${WABA_ID}/phone_numbers`)
		.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
		.reply(200, { data: numbers });
const refused = () => nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(400, metaError(190, `Invalid OAuth access token ${ACCESS_TOKEN}`));

const first = number(PHONE_ID, '+1 555-010-0001', { status: 'PENDING', name_status: 'PENDING_REVIEW', quality_rating: 'UNKNOWN', code_verification_status: 'VERIFIED' });
const second = number(SECOND_ID, '+1 555-010-0002', { status: 'CONNECTED', name_status: 'APPROVED', quality_rating: 'GREEN', code_verification_status: 'VERIFIED' });

/** Activates the trigger with Meta answering `numbers` to the first poll, runs `body`, then deactivates. */
async function whileActive(parameters: INodeParameters, numbers: unknown[], body: (trigger: ActivePollingTrigger) => Promise<void>) {
	const atActivation = listing(...numbers);
	const trigger = await activatePollingTrigger({ node: 'whatsAppNumbersStatusTrigger', parameters, credentials });
	try {
		expect(atActivation.isDone()).toBe(true);
		await body(trigger);
	} finally {
		await trigger.deactivate();
	}
}

describe('WhatsApp Business Numbers Status Trigger, active', () => {
	it('records the numbers at activation, then starts one execution item per changed number', async () => {
		await whileActive({}, [first, second], async (trigger) => {
			expect(trigger.emitted).toEqual([]);
			// The default Poll Times (every minute), as n8n registers it.
			expect(trigger.cronExpressions).toEqual([expect.stringMatching(/^\d{1,2} \* \* \* \* \*$/)]);

			listing({ ...first, status: 'CONNECTED', name_status: 'APPROVED' }, second);
			await trigger.poll();

			expect(trigger.errors).toEqual([]);
			expect(trigger.emitted).toHaveLength(1);
			expect(trigger.emitted[0]).toHaveLength(1);
			expect(trigger.emitted[0][0].map((item) => item.json)).toEqual([
				{
					phoneNumberId: PHONE_ID,
					displayPhoneNumber: '+1 555-010-0001',
					changes: [
						{ field: 'status', from: 'PENDING', to: 'CONNECTED' },
						{ field: 'nameStatus', from: 'PENDING_REVIEW', to: 'APPROVED' },
					],
					current: expect.objectContaining({ id: PHONE_ID, status: 'CONNECTED', nameStatus: 'APPROVED', qualityRating: 'UNKNOWN', codeVerificationStatus: 'VERIFIED' }),
				},
			]);

			listing({ ...first, status: 'CONNECTED', name_status: 'APPROVED' }, second);
			await trigger.poll();
			expect(trigger.emitted).toHaveLength(1);
		});
	});

	it('watches only the chosen fields and numbers', async () => {
		await whileActive({ watchedFields: ['qualityRating'], phoneNumberIds: SECOND_ID }, [first, second], async (trigger) => {
			listing({ ...first, quality_rating: 'RED' }, { ...second, status: 'FLAGGED', quality_rating: 'YELLOW' });
			await trigger.poll();

			expect(trigger.emitted.map((run) => run[0].map((item) => item.json))).toEqual([
				[{ phoneNumberId: SECOND_ID, displayPhoneNumber: '+1 555-010-0002', changes: [{ field: 'qualityRating', from: 'GREEN', to: 'YELLOW' }], current: expect.any(Object) }],
			]);
		});
	});

	it('reports a number added since the last poll', async () => {
		await whileActive({}, [second], async (trigger) => {
			listing(second, first);
			await trigger.poll();

			expect(trigger.emitted).toHaveLength(1);
			expect(trigger.emitted[0][0].map((item) => [item.json.phoneNumberId, item.json.changes])).toEqual([
				[
					PHONE_ID,
					[
						{ field: 'status', from: null, to: 'PENDING' },
						{ field: 'nameStatus', from: null, to: 'PENDING_REVIEW' },
						{ field: 'qualityRating', from: null, to: 'UNKNOWN' },
						{ field: 'codeVerificationStatus', from: null, to: 'VERIFIED' },
					],
				],
			]);
		});
	});

	it('fails the activation with the core message when Meta refuses the token', async () => {
		refused();

		const error = await activatePollingTrigger({ node: 'whatsAppNumbersStatusTrigger', credentials }).then(
			() => undefined,
			(caught: Error) => caught,
		);

		expect(error?.name).toBe('WorkflowActivationError');
		expect(error?.message).toMatch(/^There was a problem activating the workflow: ".*access token/i);
		expect(error?.message).not.toContain(ACCESS_TOKEN);
	});

	it('reports a failed later poll as an error of that poll (NodeApiError with the core message), not as items', async () => {
		await whileActive({}, [first], async (trigger) => {
			refused();
			await trigger.poll();

			expect(trigger.emitted).toEqual([]);
			expect(trigger.errors.map((error) => error.name)).toEqual(['NodeApiError']);
			expect(trigger.errors[0].message).toMatch(/access token/i);
			expect(trigger.errors[0].message).not.toContain(ACCESS_TOKEN);
		});
	});
});

describe('WhatsApp Business Numbers Status Trigger, Fetch Test Event (manual)', () => {
	it('shows the current state of every number, without touching the stored state', async () => {
		listing(first, second);
		const staticData: IDataObject = {};

		const run = await executeNode({ node: 'whatsAppNumbersStatusTrigger', credentials, staticData });

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => [item.json.phoneNumberId, item.json.changes, (item.json.current as IDataObject).status])).toEqual([
			[PHONE_ID, [], 'PENDING'],
			[SECOND_ID, [], 'CONNECTED'],
		]);
		expect(staticData).toEqual({});
	});
});
