import { defineOperation } from '../../operation';
import { buildCreateRequest, CREATE_FIELD_LABELS as L, CreateTemplateInput, HEADER_TYPES } from '../../templates/create';
import { TEMPLATE_LIMITS } from '../../templates/limits';
import { MetaTemplate, TEMPLATE_CATEGORIES } from '../../templates/meta';
import { Template, TEMPLATE_OUTPUT_FIELDS, TEMPLATE_SAMPLE, toTemplate } from '../../templates/model';
import { templateLanguageField, templateNameField } from './fields';

const NOT_AUTHENTICATION = { field: 'category', values: ['MARKETING', 'UTILITY'] };
const AUTHENTICATION = { field: 'category', values: ['AUTHENTICATION'] };

/**
 * `POST /<WABA_ID>/message_templates` (docs/meta-templates.md §1.3), checked before the request
 * (shared/templates/create.ts). Meta answers `{id, status, category}`; the output is the template
 * as submitted with that state, so it can be followed (Get Template, the status webhook).
 */
export const createTemplate = defineOperation<CreateTemplateInput, Template>({
	id: 'createTemplate',
	resource: 'template',
	title: 'Create Template',
	action: 'Create a message template',
	description:
		'Submits a new message template for Meta\'s review (up to 24 hours): body with named ({{first_name}}) or numbered ({{1}}) placeholders and their examples, optional header, footer and buttons. It can be sent once approved.',
	kind: 'write',
	fields: [
		{ ...templateNameField, help: 'The new template\'s name: lowercase letters, digits and underscores, e.g. order_update. A name can have one template per language.' },
		{
			key: 'category',
			label: L.category,
			type: 'options',
			required: true,
			default: 'UTILITY',
			help: 'Marketing: promotions and offers. Utility: updates about an order or account the person asked for. Authentication: one-time codes. Meta may change a wrong category.',
			options: TEMPLATE_CATEGORIES.map((category) => ({ value: category, label: category.charAt(0) + category.slice(1).toLowerCase() })),
		},
		{ ...templateLanguageField, help: 'The language code of this version, e.g. en_US, es, pt_BR.' },
		{
			key: 'body',
			label: L.body,
			type: 'text',
			required: true,
			showWhen: NOT_AUTHENTICATION,
			help: `The message text (up to ${TEMPLATE_LIMITS.body} characters). Placeholders are named, {{first_name}}, or numbered, {{1}}, {{2}}…, and may not be the very first or last thing in the text.`,
			placeholder: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
		},
		{
			key: 'bodyExamples',
			label: L.bodyExamples,
			type: 'text',
			list: true,
			required: false,
			showWhen: NOT_AUTHENTICATION,
			help: 'An example value for each placeholder, which Meta reviews: one per line, as name=example for named placeholders (first_name=Pablo), or the values in order for numbered ones.',
			placeholder: 'first_name=Pablo\norder_id=860198-230332',
		},
		{
			key: 'headerType',
			label: L.headerType,
			type: 'options',
			required: false,
			default: 'none',
			showWhen: NOT_AUTHENTICATION,
			help: 'An optional header above the text: a short text, an image, a video, a document or a location.',
			options: HEADER_TYPES.map((type) => ({ value: type, label: type.charAt(0).toUpperCase() + type.slice(1) })),
		},
		{
			key: 'headerText',
			label: L.headerText,
			type: 'string',
			required: false,
			showWhen: { field: 'headerType', values: ['text'] },
			help: `Up to ${TEMPLATE_LIMITS.headerText} characters, with at most one placeholder.`,
			placeholder: 'Your order {{order_id}}',
		},
		{
			key: 'headerExample',
			label: L.headerExample,
			type: 'string',
			required: false,
			showWhen: { field: 'headerType', values: ['text'] },
			help: 'An example for the header\'s placeholder (name=example for a named one, e.g. order_id=860198).',
			placeholder: 'order_id=860198',
		},
		{
			key: 'headerHandle',
			label: L.headerHandle,
			type: 'string',
			required: false,
			showWhen: { field: 'headerType', values: ['image', 'video', 'document'] },
			help: 'Meta reviews a media header with a sample file given as an upload handle: upload the file with Meta\'s Resumable Upload API (POST /<APP_ID>/uploads?file_type=…, then POST /upload:<SESSION_ID> with the bytes) and paste the handle it returns (it starts with 4::). Messages later send their own media.',
			placeholder: '4::aW1hZ2UvanBlZw==:ARZ…',
		},
		{
			key: 'footer',
			label: L.footer,
			type: 'string',
			required: false,
			showWhen: NOT_AUTHENTICATION,
			help: `Optional small text under the message (up to ${TEMPLATE_LIMITS.footer} characters, no placeholders).`,
			placeholder: 'Reply STOP to opt out',
		},
		{
			key: 'templateButtons',
			label: L.templateButtons,
			type: 'text',
			list: true,
			required: false,
			showWhen: NOT_AUTHENTICATION,
			help: `Optional, one per line (at most ${TEMPLATE_LIMITS.buttons}; texts up to ${TEMPLATE_LIMITS.buttonText} characters): quick_reply|Text · url|Text|https://example.com/track/{{1}}|https://example.com/track/123 (a variable only at the end, then an example link) · phone|Text|+15550100001 · copy_code|SUMMER25. Quick replies are listed together.`,
			placeholder: 'quick_reply|Stop promotions\nurl|Track order|https://example.com/track/{{1}}|https://example.com/track/860198',
		},
		{
			key: 'addSecurityRecommendation',
			label: 'Add Security Recommendation',
			type: 'boolean',
			required: false,
			default: true,
			showWhen: AUTHENTICATION,
			help: 'Adds "For your security, do not share this code." under the code.',
		},
		{
			key: 'codeExpirationMinutes',
			label: L.codeExpirationMinutes,
			type: 'number',
			required: false,
			min: 1,
			max: 90,
			showWhen: AUTHENTICATION,
			help: 'Optional: shows "This code expires in N minutes." (1 to 90).',
		},
		{
			key: 'otpButtonText',
			label: L.otpButtonText,
			type: 'string',
			required: false,
			showWhen: AUTHENTICATION,
			help: 'The text of the button that copies the code (default "Copy code").',
			placeholder: 'Copy code',
		},
		{
			key: 'allowCategoryChange',
			label: 'Allow Category Change',
			type: 'boolean',
			required: false,
			default: false,
			advanced: true,
			help: 'Let Meta approve the template under the category it finds right instead of rejecting it for a wrong category.',
		},
	],
	sample: { ...TEMPLATE_SAMPLE, status: 'PENDING', sendable: false, statusNote: 'In review (up to 24 hours): it cannot be sent yet.', qualityScore: null },
	outputFields: TEMPLATE_OUTPUT_FIELDS,
	async run({ client }, input) {
		const body = buildCreateRequest(input);
		const wabaId = client.requireWabaId();
		const created = await client.request<{ id?: string; status?: string; category?: string }>({
			method: 'POST',
			path: `${wabaId}/message_templates`,
			json: body,
			// Creating twice would be refused as a duplicate (2388024), but an unknown outcome is checked, not repeated.
			retry: 'send',
			operation: 'createTemplate',
			checkBeforeRepeating: 'The template may have been created: look it up (Get Template or List Templates) before creating it again.',
		});
		return toTemplate({ ...(body as unknown as MetaTemplate), id: String(created.id ?? ''), status: created.status ?? 'PENDING', category: created.category ?? String(body.category) });
	},
});
