/** The phone number list of the resource locator. */
import nock from 'nock';
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { searchPhoneNumbers } from '../../../../../nodes/WhatsAppNumbers/methods/listSearch';
import { PHONE_NUMBER_FIELDS } from '../../../../../shared/operations/phoneNumber/model';
import { ACCESS_TOKEN, executeContext, GRAPH, metaError, WABA_ID } from '../../../support/n8nContext';

const numbers = {
	data: [
		{ id: '200000000000001', display_phone_number: '+1 555-010-0001', verified_name: 'Jasper Market', status: 'CONNECTED' },
		{ id: '200000000000002', display_phone_number: '+44 20 7946 0000', status: 'PENDING' },
	],
};

const search = async (filter?: string) => await searchPhoneNumbers.call(executeContext({ parameters: {} }) as unknown as ILoadOptionsFunctions, filter);

describe('searchPhoneNumbers', () => {
	it('lists the numbers with display number, name and status', async () => {
		const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/v25.0/${WABA_ID}/phone_numbers`)
			.query({ fields: PHONE_NUMBER_FIELDS, limit: '100' })
			.reply(200, numbers);

		expect(await search()).toEqual({
			results: [
				{ name: '+1 555-010-0001 · Jasper Market · CONNECTED', value: '200000000000001' },
				{ name: '+44 20 7946 0000 · no display name yet · PENDING', value: '200000000000002' },
			],
		});
		expect(scope.isDone()).toBe(true);
	});

	it('filters by name, status or digits in any format', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).times(3).reply(200, numbers);

		expect((await search('jasper')).results.map((result) => result.value)).toEqual(['200000000000001']);
		expect((await search('pending')).results.map((result) => result.value)).toEqual(['200000000000002']);
		expect((await search('(20) 7946')).results.map((result) => result.value)).toEqual(['200000000000002']);
	});

	it('shows the core message when the token is refused', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(400, metaError(190, 'Invalid OAuth access token'));

		const error = await search().catch((caught: Error) => caught);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).not.toBe('Bad request - please check your parameters');
		expect((error as Error).message).toMatch(/access token/i);
	});
});
