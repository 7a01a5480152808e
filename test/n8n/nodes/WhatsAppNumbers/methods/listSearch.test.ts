/**
 * The phone number list of the resource locator ("From List"), asked for as the editor does in n8n:
 * a real LoadOptionsContext, the credential's token added by n8n.
 */
import nock from 'nock';

import { PHONE_NUMBER_FIELDS } from '../../../../../shared/operations/phoneNumber/model';
import { listSearch } from '../../../support/engine';
import { ACCESS_TOKEN, GRAPH, GRAPH_CREDENTIALS, metaError, WABA_ID } from '../../../support/fixtures';

const numbers = {
	data: [
		{ id: '200000000000001', display_phone_number: '+1 555-010-0001', verified_name: 'Jasper Market', status: 'CONNECTED' },
		{ id: '200000000000002', display_phone_number: '+44 20 7946 0000', status: 'PENDING' },
	],
};

const search = async (filter?: string) =>
	await listSearch({
		node: 'whatsAppNumbers',
		method: 'searchPhoneNumbers',
		path: 'parameters.phoneNumberId',
		filter,
		parameters: { resource: 'phoneNumber', operation: 'getPhoneNumber' },
		credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS },
	});

describe('searchPhoneNumbers', () => {
	it("lists the numbers of the credential's WABA, read with its token, with display number, name and status", async () => {
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
		const scope = nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query({ fields: PHONE_NUMBER_FIELDS, limit: '100' }).times(3).reply(200, numbers);

		expect((await search('jasper')).results.map((result) => result.value)).toEqual(['200000000000001']);
		expect((await search('pending')).results.map((result) => result.value)).toEqual(['200000000000002']);
		expect((await search('(20) 7946')).results.map((result) => result.value)).toEqual(['200000000000002']);
		expect(scope.isDone()).toBe(true);
	});

	it('throws the core message when the token is refused, never n8n generic text or the token', async () => {
		nock(GRAPH).get(`/v25.0/${WABA_ID}/phone_numbers`).query(true).reply(400, metaError(190, `Invalid OAuth access token ${ACCESS_TOKEN}`));

		const error = await search().then(
			() => undefined,
			(caught: Error & { description?: string }) => caught,
		);

		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).not.toBe('Bad request - please check your parameters');
		expect(error?.message).toMatch(/access token/i);
		expect(error?.description).toMatch(/^Next step: /);
		expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain(ACCESS_TOKEN);
	});
});
