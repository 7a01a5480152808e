/**
 * The shape every template operation returns (from Meta's object, docs/meta-templates.md §1.2):
 * status in plain words, the quality score, and the placeholders a send has to fill.
 */
import type { OutputFieldDefinition } from '../operation';
import { componentOf, MetaTemplate } from './meta';
import { TemplatePlaceholder, templatePlaceholders } from './placeholders';

export interface TemplateButton {
	/** Meta's 0-based `index`, used when a send fills the button. */
	index: number;
	type: string;
	text: string | null;
	url: string | null;
	phoneNumber: string | null;
}

export interface Template {
	id: string;
	name: string;
	language: string;
	status: string;
	category: string;
	/** The category before Meta changed it (§6.3), or null. */
	previousCategory: string | null;
	/** GREEN, YELLOW, RED or UNKNOWN (§3.2); null when Meta gave none. */
	qualityScore: string | null;
	/** Whether it can be sent now: only APPROVED templates can (§3.1). */
	sendable: boolean;
	/** What the status means for sending, with the pause/disable rules where they apply (§3.3). */
	statusNote: string;
	/** Why Meta rejected it (§1.2), or null. */
	rejectedReason: string | null;
	/** NAMED (`{{first_name}}`) or POSITIONAL (`{{1}}`). */
	parameterFormat: 'NAMED' | 'POSITIONAL';
	/** TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, or null without a header. */
	headerFormat: string | null;
	headerText: string | null;
	body: string | null;
	footer: string | null;
	buttons: TemplateButton[];
	/** What a send must supply, one entry per input key. */
	placeholders: TemplatePlaceholder[];
	/** The input keys of `placeholders`, comma-separated ("" when nothing is needed). */
	placeholderKeys: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Plain words for a status, saying what it means for sending (§3.1, §3.3). */
export function statusNote(template: Pick<MetaTemplate, 'status' | 'rejected_reason'>): string {
	const status = String(template.status ?? 'UNKNOWN').toUpperCase();
	switch (status) {
		case 'APPROVED':
			return 'Approved: it can be sent.';
		case 'PENDING':
			return 'In review (up to 24 hours): it cannot be sent yet.';
		case 'IN_APPEAL':
			return 'The rejection is being appealed: it cannot be sent until approved.';
		case 'REJECTED': {
			const reason = text(template.rejected_reason);
			return `Rejected${reason && reason !== 'NONE' ? ` (${reason})` : ''}: edit it in WhatsApp Manager and submit it again.`;
		}
		case 'PAUSED':
			return 'Paused because recipients rated it low quality (3 hours the first time, 6 hours the second); a third pause disables it. It cannot be sent while paused.';
		case 'DISABLED':
			return 'Disabled after being paused too many times for low quality: it can no longer be sent.';
		case 'PENDING_DELETION':
		case 'DELETED':
			return 'Deleted: it can no longer be sent.';
		case 'LIMIT_EXCEEDED':
			return 'Over the account\'s template limit: it cannot be sent.';
		default:
			return `Status ${status}: only approved templates can be sent.`;
	}
}

export function toTemplate(raw: MetaTemplate): Template {
	const header = componentOf(raw, 'HEADER');
	const status = String(raw.status ?? 'UNKNOWN').toUpperCase();
	const placeholders = templatePlaceholders(raw);
	return {
		id: String(raw.id),
		name: String(raw.name ?? ''),
		language: String(raw.language ?? ''),
		status,
		category: String(raw.category ?? '').toUpperCase(),
		previousCategory: text(raw.previous_category),
		qualityScore: text(raw.quality_score?.score),
		sendable: status === 'APPROVED',
		statusNote: statusNote(raw),
		rejectedReason: text(raw.rejected_reason) === 'NONE' ? null : text(raw.rejected_reason),
		parameterFormat: String(raw.parameter_format ?? '').toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL',
		headerFormat: header ? String(header.format ?? 'TEXT').toUpperCase() : null,
		headerText: text(header?.text),
		body: text(componentOf(raw, 'BODY')?.text),
		footer: text(componentOf(raw, 'FOOTER')?.text),
		buttons: (componentOf(raw, 'BUTTONS')?.buttons ?? []).map((button, index) => ({
			index,
			type: String(button.type ?? '').toUpperCase(),
			text: text(button.text),
			url: text(button.url),
			phoneNumber: text(button.phone_number),
		})),
		placeholders,
		placeholderKeys: placeholders.map((placeholder) => placeholder.key).join(', '),
	};
}

export const TEMPLATE_SAMPLE: Template = toTemplate({
	id: '1387372356726668',
	name: 'order_update',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	parameter_format: 'NAMED',
	quality_score: { score: 'GREEN', date: 1767225600 },
	rejected_reason: 'NONE',
	components: [
		{
			type: 'BODY',
			text: 'Hi {{first_name}}, your order {{order_id}} is on its way.',
			example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '860198-230332' }] },
		},
		{ type: 'FOOTER', text: 'Thank you for shopping with us' },
		{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track it', url: 'https://shop.example.com/track/{{1}}', example: ['https://shop.example.com/track/860198'] }] },
	],
});

export const TEMPLATE_OUTPUT_FIELDS: OutputFieldDefinition[] = [
	{ key: 'id', label: 'Template ID', type: 'string' },
	{ key: 'name', label: 'Template Name', type: 'string' },
	{ key: 'language', label: 'Language', type: 'string' },
	{ key: 'status', label: 'Status', type: 'string' },
	{ key: 'category', label: 'Category', type: 'string' },
	{ key: 'previousCategory', label: 'Previous Category', type: 'string' },
	{ key: 'qualityScore', label: 'Quality Score', type: 'string' },
	{ key: 'sendable', label: 'Can Be Sent', type: 'boolean' },
	{ key: 'statusNote', label: 'Status Note', type: 'string' },
	{ key: 'rejectedReason', label: 'Rejected Reason', type: 'string' },
	{ key: 'parameterFormat', label: 'Parameter Format', type: 'string' },
	{ key: 'headerFormat', label: 'Header Format', type: 'string' },
	{ key: 'headerText', label: 'Header Text', type: 'string' },
	{ key: 'body', label: 'Body', type: 'string' },
	{ key: 'footer', label: 'Footer', type: 'string' },
	{ key: 'placeholderKeys', label: 'Parameters to Fill', type: 'string' },
	{ key: 'placeholders[]key', label: 'Parameter Key', type: 'string' },
	{ key: 'placeholders[]label', label: 'Parameter', type: 'string' },
	{ key: 'placeholders[]example', label: 'Parameter Example', type: 'string' },
];
