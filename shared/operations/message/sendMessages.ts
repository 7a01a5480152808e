import type { GraphClient } from '../../client';
import { inputError, WhatsAppError } from '../../errors';
import { defineOperation, FieldDefinition, parseInput } from '../../operation';
import {
	BatchOptions,
	BatchResult,
	batchOptions,
	BatchSource,
	BatchTask,
	DEFAULT_CONCURRENCY,
	DEFAULT_RATE_PER_SECOND,
	DEFAULT_RECIPIENT_SPACING_MS,
	MAX_CONCURRENCY,
	MAX_RATE_PER_SECOND,
	MAX_RECIPIENT_SPACING_MS,
	errorResult,
	PacingReport,
	runBatch,
	sourceOf,
} from '../../messaging/batch';
import { MediaUploads } from '../../messaging/mediaFile';
import { Outcome, settle } from '../../settle';
import { renderDeep } from '../../wording';
import { TemplateDefinitions } from '../../templates/definitions';
import { phoneNumberIdField } from '../phoneNumber/model';
import { COEXISTENCE_MESSAGES_PER_SECOND, readSendPace } from '../phoneNumber/sendRate';
import { deliverMessage, PreparedMessage, prepareMessage, readMessage, SEND_MESSAGE_SAMPLE, SendMessageOutput } from './sendMessage';

export interface SendMessagesInput {
	/** Each item has the Send Message fields (camelCase, or the Zapier snake_case keys). */
	messages: unknown;
	/** Sender for items that name none. */
	phoneNumberId?: string;
	ratePerSecond?: number;
	concurrency?: number;
	recipientSpacingMs?: number;
	sendOnlyIfAllValid?: boolean;
	/** For items that do not say: read each template and check the items against it (default on). */
	templateCheck?: boolean;
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

/** What an item takes from the batch when it does not say itself. */
interface ItemDefaults {
	phoneNumberId?: string;
	templateCheck?: boolean;
}

/** One raw item, read and checked; throws the input error that keeps it from being sent. */
function readItem(raw: unknown, defaults: ItemDefaults) {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw inputError(MESSAGES_LABEL, 'this item is not an object.', 'Give each message as an object, e.g. {"to": "+16315555555", "messageType": "text", "text": "Hi"}.');
	}
	const item: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
	const named = item.phoneNumberId ?? item.phone_number_id;
	if (named === undefined || named === '') item.phoneNumberId = defaults.phoneNumberId;
	if (defaults.templateCheck !== undefined && item.templateCheck === undefined && item.template_check === undefined) item.templateCheck = defaults.templateCheck;
	return readMessage(item);
}

/** Reads one item of a batch and checks it against its template (each template read once for the batch). */
function itemPreparer(client: GraphClient, defaults: ItemDefaults): (item: unknown) => Promise<PreparedMessage> {
	const templates = new TemplateDefinitions(client, 'sendMessage');
	return (item) => Promise.resolve().then(() => prepareMessage(readItem(item, defaults), templates));
}

/**
 * Every item read, and checked against its template, before the first send: each template is read
 * once for the whole batch (however many items use it), so a mismatch is found with nothing sent.
 */
async function prepareAll(client: GraphClient, source: BatchSource<unknown>, defaults: ItemDefaults): Promise<Array<Outcome<PreparedMessage>>> {
	const prepare = itemPreparer(client, defaults);
	const prepared: Array<Outcome<PreparedMessage>> = [];
	for (let index = 0; index < source.count; index++) prepared.push(await settle(Promise.resolve().then(() => source.read(index)).then(prepare)));
	return prepared;
}

/** The results when one item is invalid and nothing may be sent: the invalid ones' errors, the others held back. */
function heldBack(prepared: ReadonlyArray<Outcome<PreparedMessage>>, client: GraphClient): SendMessagesOutput {
	const invalidPositions = prepared.map((outcome, index) => (outcome.ok ? -1 : index)).filter((index) => index >= 0);
	const held = new WhatsAppError(
		{
			category: 'invalid_input',
			message: `Not sent: ${invalidPositions.length} other message(s) of this batch (position ${invalidPositions.join(', ')}) are invalid, so none was sent.`,
			nextStep: 'Fix the invalid message(s) and send the batch again: nothing of it reached WhatsApp.',
			retry: { action: 'fix_and_retry' },
			operation: 'sendMessage',
		},
		client.scope,
	);
	const results = prepared.map((outcome, index): SendMessagesResult =>
		outcome.ok ? { index, ok: false, error: errorResult(held), heldBack: true } : { index, ok: false, error: errorResult(outcome.error, 'sendMessage') },
	);
	return { total: prepared.length, sent: 0, failed: prepared.length, invalid: invalidPositions.length, results };
}

export interface SendMessageBatchOptions
	extends Partial<Pick<BatchOptions, 'ratePerSecond' | 'concurrency' | 'recipientSpacingMs' | 'burst' | 'stopAtFirstFailure'>>,
		ItemDefaults {
	/** When any item is invalid, send none (the others are reported as held back). Reads every item before sending. */
	sendOnlyIfAllValid?: boolean;
	/**
	 * Start each sender at its own throughput, read once per sender and run (`throughput.level` and
	 * `is_on_biz_app`, docs/meta-api.md §5): `ratePerSecond`, when given, is then only the ceiling.
	 * Without it, `ratePerSecond` (default 80) is where every sender starts and the most it reaches.
	 */
	paceFromNumber?: boolean;
}

/** A batch's results and how it paced itself. */
export interface SendMessagesRun {
	output: SendMessagesOutput;
	pacing: PacingReport;
}

const NO_PACING: PacingReport = { throttled: 0, recoveredAfterThrottle: 0, senders: {} };

/**
 * Sends many messages with the pacing of `runBatch` and returns one result per item, in order, with
 * how the pace went. Items are read (from an array or a source that reads them one by one) and
 * checked, templates against their definition, as the sending goes: an invalid one gets its error
 * result and nothing is sent for it; with `stopAtFirstFailure`, nothing after it is read. With
 * `sendOnlyIfAllValid` every item is checked before anything is sent. Meta's throughput answers
 * (130429) slow the sender down and the message goes again. Bad options (rate, concurrency,
 * spacing) throw before anything is read.
 */
export async function sendMessageRun(client: GraphClient, items: readonly unknown[] | BatchSource<unknown>, options: SendMessageBatchOptions = {}): Promise<SendMessagesRun> {
	const { phoneNumberId, templateCheck, sendOnlyIfAllValid, paceFromNumber, ratePerSecond, ...rest } = options;
	const pacing = { ...rest, ratePerSecond: ratePerSecond ?? (paceFromNumber ? MAX_RATE_PER_SECOND : DEFAULT_RATE_PER_SECOND) };
	batchOptions(pacing);
	const source = sourceOf(items);
	const defaults = { phoneNumberId, templateCheck };
	let prepared: Array<Outcome<PreparedMessage>> | undefined;
	if (sendOnlyIfAllValid) {
		prepared = await prepareAll(client, source, defaults);
		if (prepared.some((outcome) => !outcome.ok)) return { output: heldBack(prepared, client), pacing: NO_PACING };
	}
	const prepare = itemPreparer(client, defaults);
	// One upload per distinct file (and sender) for the whole batch.
	const uploads = new MediaUploads(client, 'sendMessage');
	const outcome = await runBatch(
		client.runtime,
		prepared ? { count: prepared.length, read: (index) => index } : source,
		async (item, index): Promise<BatchTask<SendMessageOutput>> => {
			const checked = prepared?.[index];
			if (checked && !checked.ok) throw checked.error;
			const message = checked ? checked.value : await prepare(item);
			const recipient = message.payload.to ?? message.payload.recipient ?? '';
			return { sender: message.input.phoneNumberId, recipient, send: () => deliverMessage(client, message, uploads, true) };
		},
		{
			...pacing,
			operation: 'sendMessage',
			...(paceFromNumber ? { paceOf: (sender: string) => readSendPace(client, sender, ratePerSecond) } : {}),
		},
	);
	return { output: { ...outcome.summary, results: outcome.results }, pacing: outcome.pacing };
}

/**
 * `sendMessageRun` as a platform runs an operation (see runOperation): in a run of its own, its
 * output masked with the client's secrets and worded for the platform.
 */
export async function runMessageStream(client: GraphClient, items: readonly unknown[] | BatchSource<unknown>, options: SendMessageBatchOptions = {}): Promise<SendMessagesRun> {
	const run = client.forRun();
	const { output, pacing } = await sendMessageRun(run, items, options);
	return { output: renderDeep(run.redactor.redactDeep(output), run.runtime.labels), pacing };
}

/** The batch's pacing settings, as a caller may set them on a single-message step. */
export const PACING_FIELDS = ['ratePerSecond', 'concurrency', 'recipientSpacingMs'] as const;
export type PacingSettings = Partial<Pick<SendMessagesInput, (typeof PACING_FIELDS)[number]>>;

/**
 * The pacing settings a caller set, read and checked as the operation's fields (their labels and
 * bounds in the errors); the ones left empty stay unset instead of taking the field's default, so a
 * rate nobody typed leaves the pace to the number's own throughput.
 */
export function readPacing(raw: Record<string, unknown>): PacingSettings {
	const fields = PACING_FIELDS.map((key) => sendMessages.fields.find((field) => field.key === key)).filter((field): field is FieldDefinition => !!field);
	return parseInput<PacingSettings>({ ...sendMessages, fields: fields.map((field) => ({ ...field, default: undefined })) }, raw);
}

/** `sendMessageRun`'s results alone: one per item, in order, and their counts. */
export async function sendMessageBatch(client: GraphClient, items: readonly unknown[] | BatchSource<unknown>, options: SendMessageBatchOptions = {}): Promise<SendMessagesOutput> {
	return (await sendMessageRun(client, items, options)).output;
}

/** The batch send behind n8n's multi-item sends (docs/meta-api.md §2; pacing per number, docs/meta-api.md §5). */
export const sendMessages = defineOperation<SendMessagesInput, SendMessagesOutput>({
	id: 'sendMessages',
	resource: 'message',
	title: 'Send Messages',
	action: 'Send many messages',
	description: `Sends a list of messages, paced per sending number (each number starts at its own throughput, read once per run: ${COEXISTENCE_MESSAGES_PER_SECOND} per second for a number shared with the WhatsApp Business app, never above the rate limit, slowing down when Meta says so) and spaced for each recipient, and returns one result per message in the same order. An invalid or refused message gets its own error result; the others are still sent. With an identity hash, a mismatch is reported later by the status webhook (code 137000).`,
	kind: 'write',
	fields: [
		{
			key: 'messages',
			label: MESSAGES_LABEL,
			type: 'json',
			required: true,
			help: 'A JSON array of messages, each with the Send Message fields: to (or recipient, a business-scoped user ID), messageType, text, templateName, templateLanguage, templateParameters, mediaUrl, caption, filename, buttons, buttonText, listRows, contacts, recipientIdentityKeyHash… (snake_case keys such as message_type work too). A file sent by several messages is uploaded once.',
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
		{
			key: 'sendOnlyIfAllValid',
			label: 'Send Only If All Are Valid',
			type: 'boolean',
			required: false,
			default: false,
			advanced: true,
			help: 'Checks every message first (templates against their definition) and sends none of them if any is invalid, so the corrected list can simply be sent again. Off: the valid messages are sent and each invalid one gets its own error.',
		},
		{
			key: 'templateCheck',
			label: 'Check Template Before Sending',
			type: 'boolean',
			required: false,
			default: true,
			advanced: true,
			help: 'For template messages that do not set templateCheck themselves: read each template once for the batch and check every message against it before sending. Turn it off only if your access token cannot read templates (it lacks whatsapp_business_management).',
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
			sendOnlyIfAllValid: input.sendOnlyIfAllValid,
			templateCheck: input.templateCheck,
			// Each sender starts at its own throughput (20 for a coexistence number, whatever the
			// rate field says); the rate field stays the ceiling. docs/meta-coexistence.md §3.
			paceFromNumber: true,
		});
	},
});
