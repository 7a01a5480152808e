/**
 * What an n8n user reads when Meta refuses, as n8n stores it: the core's catalog decides what a code
 * means (the node keeps no code list), and no field of a continue-on-fail item carries the token.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';

import { executeNode } from '../../support/engine';
import { ACCESS_TOKEN, byId, GRAPH, GRAPH_CREDENTIALS, PHONE_ID } from '../../support/fixtures';

const getById: INodeParameters = { resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'id', phoneNumberId: byId(PHONE_ID) };
const run = async (continueOnFail = false) => await executeNode({ node: 'whatsAppNumbers', parameters: getById, credentials: { whatsAppNumbersApi: GRAPH_CREDENTIALS }, continueOnFail });

describe('errors in n8n', () => {
	it('masks the token in every field of a continue-on-fail item, fbtraceId included', async () => {
		nock(GRAPH)
			.get(`/v25.0/${PHONE_ID}`)
			.query(true)
			.reply(400, { error: { code: 100, message: 'Invalid parameter', fbtrace_id: `Authorization: Bearer ${ACCESS_TOKEN} (${ACCESS_TOKEN})` } });

		const { items, error } = await run(true);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json.fbtraceId).toBe('Authorization: Bearer [redacted] ([redacted])');
		expect(JSON.stringify(items)).not.toContain(ACCESS_TOKEN);
	});

	it('says "not found" for an ID Meta does not know (code 100, subcode 33), from the catalog', async () => {
		nock(GRAPH)
			.get(`/v25.0/${PHONE_ID}`)
			.query(true)
			.reply(400, {
				error: {
					code: 100,
					error_subcode: 33,
					type: 'GraphMethodException',
					message: `Unsupported get request. Object with ID '${PHONE_ID}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
					fbtrace_id: 'AbC',
				},
			});

		const { error } = await run();

		expect(error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '400',
			message:
				'Meta found nothing with that ID, or this access token is not allowed to see it. Check the ID (for example pick the number from the list) and that the token has access to this WhatsApp Business Account.',
			context: { itemIndex: 0 },
			errorResponse: { code: 100, subcode: 33 },
		});
	});
});
