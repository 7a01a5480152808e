/**
 * Meta's message template object as the Graph API answers it (docs/meta-templates.md §1.1, §1.2,
 * §2) and the constants every template module shares.
 */

export interface MetaTemplateButton {
	type?: string;
	text?: string;
	url?: string;
	phone_number?: string;
	/** URL buttons: `["https://…/summer"]`; copy-code buttons: the code. */
	example?: string | string[];
	otp_type?: string;
}

export interface MetaNamedExample {
	param_name?: string;
	example?: string;
}

export interface MetaTemplateComponent {
	/** HEADER, BODY, FOOTER, BUTTONS (Meta answers in capitals, §1.3). */
	type?: string;
	/** Headers: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION (§2.3). */
	format?: string;
	text?: string;
	example?: {
		header_text?: string[];
		header_text_named_params?: MetaNamedExample[];
		body_text?: string[][];
		body_text_named_params?: MetaNamedExample[];
		header_handle?: string[];
	};
	buttons?: MetaTemplateButton[];
	add_security_recommendation?: boolean;
	code_expiration_minutes?: number;
}

export interface MetaTemplate {
	id: string;
	name?: string;
	language?: string;
	status?: string;
	category?: string;
	components?: MetaTemplateComponent[];
	/** NAMED or POSITIONAL (§2.2); absent on old templates, which are positional. */
	parameter_format?: string;
	quality_score?: { score?: string; date?: number };
	rejected_reason?: string;
	previous_category?: string;
}

/** Fields asked of Meta for a template, list or single read (§1.2; every one is on the template node). */
export const TEMPLATE_FIELDS = ['id', 'name', 'language', 'status', 'category', 'components', 'parameter_format', 'quality_score', 'rejected_reason', 'previous_category'].join(',');

/** §2.1 */
export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** §3.1, the statuses a template can have when read (webhooks add a few more). */
export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED', 'LIMIT_EXCEEDED'] as const;

export function componentOf(template: MetaTemplate, type: string): MetaTemplateComponent | undefined {
	return (template.components ?? []).find((component) => String(component.type ?? '').toUpperCase() === type);
}

