import type { GraphClient } from '../../client';
import { inputError } from '../../errors';
import { defineOperation } from '../../operation';
import {
	BatchOptions,
	BatchResult,
	BatchTask,
	DEFAULT_CONCURRENCY,
	DEFAULT_RATE_PER_SECOND,
	DEFAULT_RECIPIENT_SPACING_MS,
	MAX_CONCURRENCY,
	MAX_RATE_PER_SECOND,
	MAX_RECIPIENT_SPACING_MS,
	runBatch,
} from '../../messaging/batch';
import { phoneNumberIdField } from '../phoneNumber/model';
import { deliverMessage, prepareMessage, SEND_MESSAGE_SAMPLE, SendMessageOutput } from './sendMessage';

export interface SendMessagesInput {
	/** Each item has the Send Message fields (camelCase, or the Zapier snake_case keys). */
	messages: unknown;
	/** Sender for items that name none. */
	phoneNumberId?: string;
	ratePerSecond?: number;
	concurrency?: number;
	recipientSpacingMs?: number;
}

export type SendMessagesResult = BatchResult<SendMessageOutput>;

export interface SendMessagesOutput {
	/** Number of input messages (= number of results). */
	total: number;
	/** Accepted by Meta. */
	sent: number;
	/** Not sent, invalid ones included. */
	failed: number;
	/** Rejected before sending because the input was wrong. */
	invalid: number;
	/** One per input message, in input order. */
	results: SendMessagesResult[];
}

const MESSAGES_LABEL = 'Messages';

/** The task for one raw item; throws the input error that keeps it from being sent. */
function prepareTask(client: GraphClient, raw: unknown, defaultSender: string | undefined): BatchTask<SendMessageOutput> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw inputError(MESSAGES_LABEL, 'this item is not an object.', 'Give each message as an object, e.g. {"to": "+16315555555", "messageType": "text", "text": "Hi"}.');
	}
	const item = raw as Record<string, unknown>;
	const named = item.phoneNumberId ?? item.phone_number_id;
	const prepared = prepareMessage(named === undefined || named === '' ? { ...item, phoneNumberId: defaultSender } : item);
	return { sender: prepared.input.phoneNumberId, recipient: prepared.payload.to, send: () => deliverMessage(client, prepared) };
}

/**
 * Sends many messages with the pacing of `runBatch` and returns one result per item, in order.
 * Each item is checked on its own: an invalid one gets its error result and nothing is sent for it.
 * Bad options (rate, concurrency, spacing) throw before anything is sent.
 */
export async function sendMessageBatch(
	client: GraphClient,
	items: readonly unknown[],
	options: Partial<Pick<BatchOptions, 'ratePerSecond' | 'concurrency' | 'recipientSpacingMs' | 'burst'>> & { phoneNumberId?: string } = {},
): Promise<SendMessagesOutput> {
	const { phoneNumberId, ...pacing } = options;
	const { results, summary } = await runBatch(client.runtime, items, (item) => prepareTask(client, item, phoneNumberId), { ...pacing, operation: 'sendMessage' });
	return { ...summary, results };
}

/** The batch send behind n8n's multi-item sends (docs/meta-api.md §2; pacing per number, docs/meta-api.md §5). */
export const sendMessages = defineOperation<SendMessagesInput, SendMessagesOutput>({
	id: 'sendMessages',
	resource: 'message',
	title: 'Send Messages',
	action: 'Send many messages',
	description: `Sends a list of messages, paced per sending number (default ${DEFAULT_RATE_PER_SECOND} per second, Meta's standard throughput) and spaced for each recipient, and returns one result per message in the same order. An invalid or refused message gets its own error result; the others are still sent. With an identity hash, a mismatch is reported later by the status webhook (code 137000).`,
	kind: 'write',
	fields: [
		{
			key: 'messages',
			label: MESSAGES_LABEL,
			type: 'json',
			required: true,
			help: 'A JSON array of messages, each with the Send Message fields: to, messageType, text, templateName, templateLanguage, templateParameters, mediaUrl, caption, filename, buttons, recipientIdentityKeyHash… (snake_case keys such as message_type work too).',
			placeholder: '[{"to": "+16315555555", "messageType": "text", "text": "Hi!"}]',
			validate: (value, label) => {
				if (!Array.isArray(value)) throw inputError(label, 'is not a list.', 'Enter a JSON array of message objects, e.g. [{"to": "+16315555555", "text": "Hi!"}].');
				return value;
			},
		},
		{
			...phoneNumberIdField,
			required: false,
			help: 'The sending number for messages that do not name their own phoneNumberId.',
		},
		{
			key: 'ratePerSecond',
			label: 'Rate Limit (Messages per Second)',
			type: 'number',
			required: false,
			default: DEFAULT_RATE_PER_SECOND,
			min: 1,
			max: MAX_RATE_PER_SECOND,
			help: `Per sending number. Meta allows ${DEFAULT_RATE_PER_SECOND} per second by default (inbound messages count too), 1,000 after its automatic upgrade and 20 for numbers shared with the WhatsApp Business app.`,
		},
		{
			key: 'concurrency',
			label: 'Concurrency',
			type: 'number',
			required: false,
			default: DEFAULT_CONCURRENCY,
			min: 1,
			max: MAX_CONCURRENCY,
			advanced: true,
			help: `How many messages may be on their way to Meta at once (default ${DEFAULT_CONCURRENCY}, enough for 1,000 per second at 200 ms per request).`,
		},
		{
			key: 'recipientSpacingMs',
			label: 'Recipient Spacing (ms)',
			type: 'number',
			required: false,
			default: DEFAULT_RECIPIENT_SPACING_MS,
			min: 0,
			max: MAX_RECIPIENT_SPACING_MS,
			advanced: true,
			help: `Minimum milliseconds between two messages to the same person from the same number (default ${DEFAULT_RECIPIENT_SPACING_MS}: WhatsApp refuses more than about one every 6 seconds with error 131056). Messages to one person keep their order.`,
		},
	],
	sample: {
		total: 2,
		sent: 1,
		failed: 1,
		invalid: 1,
		results: [
			{ index: 0, ok: true, output: SEND_MESSAGE_SAMPLE },
			{
				index: 1,
				ok: false,
				error: {
					message: 'To: "12" has 2 digits; an international number has 8 to 15. Include the country code, e.g. +1 631 555 5555.',
					category: 'invalid_input',
					nextStep: 'Include the country code, e.g. +1 631 555 5555.',
					retry: { action: 'fix_and_retry' },
					field: 'To',
					operation: 'sendMessage',
				},
			},
		],
	},
	outputFields: [
		{ key: 'total', label: 'Messages', type: 'number' },
		{ key: 'sent', label: 'Sent', type: 'number' },
		{ key: 'failed', label: 'Failed', type: 'number' },
		{ key: 'invalid', label: 'Invalid', type: 'number' },
		{ key: 'results[]index', label: 'Result Position', type: 'number' },
		{ key: 'results[]ok', label: 'Result Sent', type: 'boolean' },
		{ key: 'results[]output__messageId', label: 'Result Message ID', type: 'string' },
		{ key: 'results[]output__waId', label: 'Result WhatsApp ID', type: 'string' },
		{ key: 'results[]error__message', label: 'Result Error', type: 'string' },
		{ key: 'results[]error__code', label: 'Result Error Code', type: 'number' },
	],
	async run({ client }, input) {
		return sendMessageBatch(client, input.messages as unknown[], {
			phoneNumberId: input.phoneNumberId,
			ratePerSecond: input.ratePerSecond,
			concurrency: input.concurrency,
			recipientSpacingMs: input.recipientSpacingMs,
		});
	},
});
