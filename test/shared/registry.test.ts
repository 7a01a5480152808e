/** The typed operation registry: ids, and input/output types inferred from the id. */
import nock from 'nock';
import { OPERATION_REGISTRY, OperationOutput, OPERATIONS, isOperationId, runOperation } from '../../shared';
import { GRAPH, testClient, VERSION, WABA_ID } from '../support/core';

describe('operation registry', () => {
	it('keys every operation by its own id, in the order shells show them', () => {
		for (const [key, operation] of Object.entries(OPERATION_REGISTRY)) expect(key).toBe(operation.id);
		expect(OPERATIONS.map((operation) => operation.id)).toEqual(Object.keys(OPERATION_REGISTRY));
		expect([isOperationId('sendMessages'), isOperationId('toString'), isOperationId('nope')]).toEqual([true, false, false]);
	});

	it('types the output from the id, so shells need no casts', async () => {
		const { client } = testClient();
		nock(GRAPH).get(`/${VERSION}/${WABA_ID}/phone_numbers`).query(true).reply(200, { data: [{ id: '1', display_phone_number: '+1 555' }] });
		const output: OperationOutput<'listPhoneNumbers'> = await runOperation('listPhoneNumbers', client, {});
		// A property access that only compiles because the output type is known.
		expect(output.phoneNumbers[0].displayPhoneNumber).toBe('+1 555');
		expect(output.count).toBe(1);
	});
});
