/**
 * Sending one checked message: its body built (its template read and checked first), its file
 * uploaded when it has one, then `POST /<PHONE_NUMBER_ID>/messages` or `/marketing_messages`
 * (docs/meta-api.md §2, docs/meta-messaging.md §5). Send Message and Send Messages both go through here.
 */
import type { GraphClient } from '../../client';
import { WhatsAppError } from '../../errors';
import { assertMarketingTemplate, sendEdge, SendEdge, withMarketingFields } from '../../messaging/marketing';
import { MediaUploads, MessageFile } from '../../messaging/mediaFile';
import { assertBsuidCanReceive } from '../../messaging/recipient';
import { buildMessage, MESSAGE_FIELD_LABELS as LABELS, MessagePayload, MetaSendResponse, SendMessageInput } from '../../messaging/payload';
import type { TemplateDefinitions } from '../../templates/definitions';
import { checkedTemplate, needsDefinition, referenceOf } from '../../templates/messageTemplate';
import type { SendMessageOutput } from './sendMessage';

/** A message whose input is checked and whose body is built: nothing can fail any more before sending. */
export interface PreparedMessage {
	input: SendMessageInput;
	payload: MessagePayload;
	/** The file to upload before sending; its media ID completes `payload[payload.type]`. */
	file?: MessageFile;
	/** Where it is sent: the Cloud API's `messages`, or `marketing_messages` (docs/meta-messaging.md §5). */
	edge: SendEdge;
}

/**
 * Builds Meta's body for a checked input. A template is first read through `templates` (once per
 * template for everything sharing it) and the message checked against it: a mismatch, a template
 * that cannot go to a business-scoped user ID, or one that is not MARKETING for the Marketing
 * Messages API throws here, before anything is sent.
 */
export async function prepareMessage(input: SendMessageInput, templates: TemplateDefinitions): Promise<PreparedMessage> {
	const built = buildMessage(input, await checkedTemplate(input, templates));
	const edge = sendEdge(input);
	if (needsDefinition(input)) {
		// Read already by checkedTemplate: the definitions keep it for the run.
		const template = await templates.get(referenceOf(input));
		if (built.payload.recipient !== undefined) assertBsuidCanReceive(template, LABELS.recipient);
		if (edge === 'marketing_messages') assertMarketingTemplate(template, LABELS.marketingMessages);
	}
	const payload = edge === 'marketing_messages' ? withMarketingFields(built.payload, input) : built.payload;
	return { input, payload, edge, ...(built.file ? { file: built.file } : {}) };
}

/** The body with the uploaded file's media ID, for a message sent from a file. */
async function withUploadedFile(prepared: PreparedMessage, uploads: MediaUploads): Promise<{ payload: MessagePayload; mediaId: string | null }> {
	if (!prepared.file) return { payload: prepared.payload, mediaId: null };
	const mediaId = await uploads.mediaIdFor(prepared.input.phoneNumberId, prepared.file);
	const { payload } = prepared;
	return { payload: { ...payload, [payload.type]: { id: mediaId, ...(payload[payload.type] as Record<string, unknown>) } }, mediaId };
}

/**
 * Sends one prepared message, after uploading its file if it has one (through `uploads`, shared by
 * a run so each file is uploaded once). Retry policy `send`: the client repeats it only when Meta
 * cannot have accepted it (connection refused, throttling answers), never after a 5xx or a timeout.
 * `pacedByCaller`: a batch paces its sends and sends a 130429 again itself, at its new pace.
 */
export async function deliverMessage(
	client: GraphClient,
	prepared: PreparedMessage,
	uploads: MediaUploads = new MediaUploads(client, 'sendMessage'),
	pacedByCaller = false,
): Promise<SendMessageOutput> {
	const { input, edge } = prepared;
	const { payload, mediaId } = await withUploadedFile(prepared, uploads);
	const response = await client.request<MetaSendResponse>({
		method: 'POST',
		path: `${input.phoneNumberId}/${edge}`,
		json: payload,
		retry: 'send',
		pacedByCaller,
		operation: 'sendMessage',
		checkBeforeRepeating: 'The message may still have reached WhatsApp: check the status webhooks or the conversation before sending it again.',
	});
	const message = response.messages?.[0];
	const contact = response.contacts?.[0];
	if (!message?.id) {
		throw new WhatsAppError({
			category: 'unknown',
			message: 'Meta answered without a message ID, so it is unclear whether the message was accepted.',
			nextStep: 'Check the conversation or the status webhooks before sending it again.',
			retry: { action: 'do_not_retry' },
			operation: 'sendMessage',
		});
	}
	const hash = typeof payload.recipient_identity_key_hash === 'string' ? payload.recipient_identity_key_hash : null;
	return {
		messageId: message.id,
		waId: contact?.wa_id ?? null,
		input: contact?.input ?? null,
		messageStatus: message.message_status ?? null,
		identityHashChecked: hash !== null,
		recipientIdentityKeyHash: hash,
		sentTo: payload.to !== undefined ? 'phone_number' : 'user_id',
		userId: contact?.user_id ?? null,
		phoneNumberId: input.phoneNumberId,
		to: payload.to ?? null,
		uploadedMediaId: mediaId,
		sentVia: edge,
	};
}
