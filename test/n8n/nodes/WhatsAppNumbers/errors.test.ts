/**
 * What an n8n user reads when Meta refuses: the core's catalog decides what a code means (the node
 * keeps no code list), and no field of a continue-on-fail item carries the token.
 */
import nock from 'nock';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { WhatsAppNumbers } from '../../../../nodes/WhatsAppNumbers/WhatsAppNumbers.node';
import { ACCESS_TOKEN, byId, executeContext, ExecuteOptions, GRAPH, PHONE_ID } from '../../support/n8nContext';

async function execute(options: ExecuteOptions) {
	const context = executeContext(options);
	return await new WhatsAppNumbers().execute.call(context as unknown as IExecuteFunctions).then(
		(output) => ({ output: output[0], error: undefined }),
		(error: Error) => ({ output: undefined, error }),
	);
}

const getById = { resource: 'phoneNumber', operation: 'getPhoneNumber', lookupBy: 'id', phoneNumberId: byId(PHONE_ID) };

describe('errors in n8n', () => {
	it('masks the token in every field of a continue-on-fail item, fbtraceId included', async () => {
		nock(GRAPH)
			.get(`/v25.0/${PHONE_ID}`)
			.query(true)
			.reply(400, { error: { code: 100, message: 'Invalid parameter', fbtrace_id: `Authorization: Bearer ${ACCESS_TOKEN} (${ACCESS_TOKEN})` } });

		const { output } = await execute({ parameters: getById, continueOnFail: true });

		expect(output).toHaveLength(1);
		expect(output?.[0].json.fbtraceId).toBe('Authorization: Bearer [redacted] ([redacted])');
		expect(JSON.stringify(output)).not.toContain(ACCESS_TOKEN);
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

		const { error } = await execute({ parameters: getById });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Meta found nothing with that ID, or this access token is not allowed to see it. Check the ID (for example pick the number from the list) and that the token has access to this WhatsApp Business Account.',
		);
	});
});
