/**
 * The template fields of Send Message (docs/meta-templates.md §4). A template is picked by ID (from
 * the list) or given by name and language; its values are given by placeholder key in Template
 * Values, or, as in earlier versions, by position in Template Parameters with the header fields.
 * Before sending, the template is read once per run and every message is checked against it
 * (shared/templates/messageTemplate.ts) unless Check Template Before Sending is off.
 */
import type { FieldDefinition } from '../../operation';
import { inputError } from '../../errors';
import { MESSAGE_FIELD_LABELS as LABELS, templateLanguage, templateName, templateParameter } from '../../messaging/payload';
import { graphId } from '../../validation';

const TEMPLATE_ONLY = { field: 'messageType', values: ['template'] };

/** The values by key: a JSON object of plain values (a media or location header may be an object). */
function templateValues(value: unknown, label: string): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw inputError(label, 'must be an object of values by placeholder key.', 'Enter e.g. {"first_name": "Ana", "order_id": "A-1042"}; the keys are listed on the template (Get Template).');
	}
	return value as Record<string, unknown>;
}

/** In the order shells show them, after Message Type. */
export const TEMPLATE_FIELDS: FieldDefinition[] = [
	{
		key: 'templateId',
		label: LABELS.templateId,
		type: 'string',
		required: false,
		source: 'templates',
		showWhen: TEMPLATE_ONLY,
		help: 'The approved template to send: pick it from the list (its name and language come with it), or enter its ID from WhatsApp Manager → Message templates. Leave empty to give the name and language instead.',
		placeholder: '1387372356726668',
		validate: (value, label) => graphId(value, label),
	},
	{
		key: 'templateName',
		label: LABELS.templateName,
		type: 'string',
		required: true,
		showWhen: TEMPLATE_ONLY,
		help: 'The approved template\'s name exactly as in WhatsApp Manager → Message templates (lowercase, digits and underscores).',
		placeholder: 'order_confirmation',
		supersededBy: 'templateId',
		validate: (value, label) => templateName(value, label),
	},
	{
		key: 'templateLanguage',
		label: LABELS.templateLanguage,
		type: 'string',
		required: true,
		showWhen: TEMPLATE_ONLY,
		help: 'The language code of the approved template translation, e.g. en_US, en, es, pt_BR.',
		placeholder: 'en_US',
		supersededBy: 'templateId',
		validate: (value, label) => templateLanguage(value, label),
	},
	{
		key: 'templateValues',
		label: LABELS.templateValues,
		type: 'json',
		required: false,
		source: 'templateParameters',
		showWhen: TEMPLATE_ONLY,
		help: 'The values of the template\'s placeholders by key: a named placeholder by its name (first_name), positional ones as body_1, body_2… (header_1 for a text header), a media header as header_image, header_video or header_document (a public link or a media ID), a button variable or coupon code as button_1, button_2…, an authentication code as code. Every value is checked against the template before sending.',
		placeholder: '{"first_name": "Ana", "order_id": "A-1042"}',
		validate: (value, label) => templateValues(value, label),
	},
	{
		key: 'templateParameters',
		label: LABELS.templateParameters,
		type: 'text',
		list: true,
		required: false,
		showWhen: TEMPLATE_ONLY,
		help: 'Values for the body placeholders {{1}}, {{2}}… in order, one per line. Leave empty if the template has none.',
		placeholder: 'Jasper\n12345',
		supersededBy: 'templateId',
		validate: (value, label) => (value as string[]).map((item, position) => templateParameter(item, label, position + 1)),
	},
	{
		key: 'templateHeaderType',
		label: LABELS.templateHeaderType,
		type: 'options',
		required: false,
		default: 'none',
		showWhen: TEMPLATE_ONLY,
		supersededBy: 'templateId',
		help: 'Only if the template\'s header has a placeholder or media: the kind of header.',
		options: [
			{ value: 'none', label: 'None', description: 'No header, or a header without placeholder' },
			{ value: 'text', label: 'Text', description: 'A text header with one placeholder' },
			{ value: 'image', label: 'Image', description: 'An image header' },
			{ value: 'video', label: 'Video', description: 'A video header' },
			{ value: 'document', label: 'Document', description: 'A document header' },
		],
	},
	{
		key: 'templateHeaderValue',
		label: LABELS.templateHeaderValue,
		type: 'string',
		// Required only for templates with a header; checked when the body is built, so a stale
		// header type on a text message cannot block it.
		required: false,
		showWhen: { field: 'templateHeaderType', values: ['text', 'image', 'video', 'document'] },
		help: 'For a text header: the value of its placeholder. For a media header: a public https link to the file, or a media ID (digits).',
		placeholder: 'https://example.com/banner.jpg',
		supersededBy: 'templateId',
	},];

/** Rarely needed: after the main fields. */
export const TEMPLATE_ADVANCED_FIELDS: FieldDefinition[] = [
	{
		key: 'templateComponents',
		label: LABELS.templateComponents,
		type: 'json',
		required: false,
		advanced: true,
		showWhen: TEMPLATE_ONLY,
		help: 'For templates with button or other parameters: Meta\'s full "components" array. When set, it replaces Template Parameters and the header fields.',
		placeholder: '[{"type":"body","parameters":[{"type":"text","text":"12345"}]}]',
	},
	{
		key: 'templateCheck',
		label: LABELS.templateCheck,
		type: 'boolean',
		required: false,
		default: true,
		advanced: true,
		showWhen: TEMPLATE_ONLY,
		help: 'Reads the template (once per run) and checks every message against it before sending: approved, in that language, every placeholder filled, nothing extra, values within WhatsApp\'s limits. A wrong message gets a clear error and nothing is sent for it. Turn it off only if your access token cannot read templates (it lacks whatsapp_business_management); WhatsApp then reports mistakes after sending.',
	},
];
