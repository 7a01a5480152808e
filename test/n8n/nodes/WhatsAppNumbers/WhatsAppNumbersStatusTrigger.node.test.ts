/** The polling status watch: first poll records, later polls emit one item per changed number. */
import nock from 'nock';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { WhatsAppNumbersStatusTrigger } from '../../../../nodes/WhatsAppNumbers/WhatsAppNumbersStatusTrigger.node';
import { PHONE_NUMBER_FIELDS } from '../../../../shared/operations/phoneNumber/model';
import { ACCESS_TOKEN, GRAPH, metaError, PHONE_ID, pollContext, WABA_ID } from '../../support/n8nContext';

const SECOND_ID = '200000000000002';
const trigger = new WhatsAppNumbersStatusTrigger();
const allFields = { watchedFields: ['codeVerificationStatus', 'nameStatus', 'qualityRating', 'status'], phoneNumberIds: '' };

const number = (id: string, display: string, fields: Record<string, string>) => ({ id, display_phone_number: display, verified_name: 'Jasper', ...fields });
const listing = (...numbers: unknown[]) =>
	nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
		.get(`/v25.0/${WABA_ID}/phone_numbers`)
		.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
		.reply(200, { data: numbers });

const first = number(PHONE_ID, '+1 555-010-0001', { status: 'PENDING', name_status: 'PENDING_REVIEW', quality_rating: 'UNKNOWN', code_verification_status: 'VERIFIED' });
const second = number(SECOND_ID, '+1 555-010-0002', { status: 'CONNECTED', name_status: 'APPROVED', quality_rating: 'GREEN', code_verification_status: 'VERIFIED' });

async function poll(parameters: Record<string, unknown>, staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
	return await trigger.poll.call(pollContext(parameters, mode, staticData) as unknown as IPollFunctions);
}

describe('WhatsApp Business Numbers Status Trigger', () => {
	it('records on the first poll without emitting, then emits one item per changed number', async () => {
		const staticData: IDataObject = {};
		listing(first, second);
		expect(await poll(allFields, staticData)).toBeNull();

		listing({ ...first, status: 'CONNECTED', name_status: 'APPROVED' }, second);
		const result = await poll(allFields, staticData);

		expect(result).toHaveLength(1);
		expect(result![0]).toHaveLength(1);
		expect(result![0][0].json).toEqual({
			phoneNumberId: PHONE_ID,
			displayPhoneNumber: '+1 555-010-0001',
			changes: [
				{ field: 'status', from: 'PENDING', to: 'CONNECTED' },
				{ field: 'nameStatus', from: 'PENDING_REVIEW', to: 'APPROVED' },
			],
			current: expect.objectContaining({ id: PHONE_ID, status: 'CONNECTED', nameStatus: 'APPROVED', qualityRating: 'UNKNOWN', codeVerificationStatus: 'VERIFIED' }),
		});

		listing({ ...first, status: 'CONNECTED', name_status: 'APPROVED' }, second);
		expect(await poll(allFields, staticData)).toBeNull();
	});

	it('watches only the chosen fields and numbers', async () => {
		const staticData: IDataObject = {};
		listing(first, second);
		await poll({ watchedFields: ['qualityRating'], phoneNumberIds: SECOND_ID }, staticData);

		listing({ ...first, quality_rating: 'RED' }, { ...second, status: 'FLAGGED', quality_rating: 'YELLOW' });
		const result = await poll({ watchedFields: ['qualityRating'], phoneNumberIds: SECOND_ID }, staticData);

		expect(result![0].map((item) => item.json)).toEqual([
			{ phoneNumberId: SECOND_ID, displayPhoneNumber: '+1 555-010-0002', changes: [{ field: 'qualityRating', from: 'GREEN', to: 'YELLOW' }], current: expect.any(Object) },
		]);
	});

	it('reports a number added since the last poll', async () => {
		const staticData: IDataObject = {};
		listing(second);
		await poll(allFields, staticData);

		listing(second, first);
		const result = await poll(allFields, staticData);

		expect(result![0][0].json.phoneNumberId).toBe(PHONE_ID);
		expect(result![0][0].json.changes).toEqual([
			{ field: 'status', from: null, to: 'PENDING' },
			{ field: 'nameStatus', from: null, to: 'PENDING_REVIEW' },
			{ field: 'qualityRating', from: null, to: 'UNKNOWN' },
			{ field: 'codeVerificationStatus', from: null, to: 'VERIFIED' },
		]);
	});

	it('shows the current state of every number in a manual test, without touching the stored state', async () => {
		const staticData: IDataObject = {};
		listing(first, second);

		const result = await poll(allFields, staticData, 'manual');

		expect(result![0].map((item) => [item.json.phoneNumberId, item.json.changes])).toEqual([
			[PHONE_ID, []],
			[SECOND_ID, []],
		]);
		expect(staticData).toEqual({});
	});

	it('fails the poll with NodeApiError and the core message when Meta refuses', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(400, metaError(190, 'Invalid OAuth access token'));

		const error = await poll(allFields, {}).catch((caught: Error) => caught);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(String((error as Error).message)).toMatch(/access token/i);
		expect(String((error as Error).message)).not.toContain(ACCESS_TOKEN);
	});
});
