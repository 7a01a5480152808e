/** markAsRead: the read receipt (and typing indicator) Meta receives, and what the step outputs. */
import nock from 'nock';
import { runOperation } from '../../../../shared';
import { coreFailure, GRAPH, metaError, PHONE_ID, testClient, TOKEN, VERSION } from '../../../support/core';

const MESSAGE_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';
const graph = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });


describe('markAsRead', () => {
	it('sends status "read" for the message, without a typing indicator by default', async () => {
		const scope = graph().post(`/${VERSION}/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: MESSAGE_ID }).reply(200, { success: true });
		expect(await runOperation('markAsRead', testClient().client, { phoneNumberId: PHONE_ID, messageId: ` ${MESSAGE_ID} ` })).toEqual({
			success: true,
			phoneNumberId: PHONE_ID,
			messageId: MESSAGE_ID,
			typingIndicatorShown: false,
			typingIndicatorUntil: null,
		});
		scope.done();
	});

	it('adds the typing indicator, which shows until you reply or 25 seconds at most', async () => {
		const scope = graph()
			.post(`/${VERSION}/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: MESSAGE_ID, typing_indicator: { type: 'text' } })
			.reply(200, { success: true });
		expect(await runOperation('markAsRead', testClient().client, { phoneNumberId: PHONE_ID, messageId: MESSAGE_ID, showTypingIndicator: 'yes' })).toMatchObject({
			typingIndicatorShown: true,
			typingIndicatorUntil: '2026-11-21T12:00:25.000Z',
		});
		scope.done();
	});

	it('refuses a value that is not a message ID before any request', async () => {
		const error = await coreFailure(runOperation('markAsRead', testClient().client, { phoneNumberId: PHONE_ID, messageId: '16505551234' }));
		expect(error.message).toBe('Message ID: "16505551234" is not a WhatsApp message ID. Use the id of an incoming message from the trigger (it starts with wamid.).');
		expect(error.field).toBe('Message ID');
	});

	it("keeps Meta's words for a message this number did not receive", async () => {
		graph()
			.post(`/${VERSION}/${PHONE_ID}/messages`)
			.reply(400, metaError(100, 'Invalid parameter', `message_id ${MESSAGE_ID} is not a message this phone number received.`));
		const error = await coreFailure(runOperation('markAsRead', testClient().client, { phoneNumberId: PHONE_ID, messageId: MESSAGE_ID }));
		expect(error).toMatchObject({ code: 100, category: 'invalid_input', details: `message_id ${MESSAGE_ID} is not a message this phone number received.` });
	});

	it('is repeated after a server error (a read receipt is idempotent, and not a message)', async () => {
		const { client, sleeps } = testClient();
		graph().post(`/${VERSION}/${PHONE_ID}/messages`).reply(500, metaError(131000, 'Something went wrong')).post(`/${VERSION}/${PHONE_ID}/messages`).reply(200, { success: true });
		expect(await runOperation('markAsRead', client, { phoneNumberId: PHONE_ID, messageId: MESSAGE_ID })).toMatchObject({ success: true });
		expect(sleeps).toHaveLength(1);
	});
});
