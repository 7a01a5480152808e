/**
 * Reading a template's variables (docs/meta-templates.md §2.2): the `{{1}}`/`{{first_name}}`
 * placeholders of a text, and what a send must supply for each component ("slots").
 */
import { PLACEHOLDER } from './rules';
import type { TemplateComponent, TemplateRecord } from './store';

/** The placeholders of a text in order of appearance (`{{1}} {{2}}` → ['1', '2']). */
export function placeholders(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

export type HeaderSlot = { kind: 'text'; names: string[] } | { kind: 'media'; format: string } | { kind: 'location' };

export interface ButtonSlot {
	index: number;
	/** The template's button type (URL, COPY_CODE, QUICK_REPLY, PHONE_NUMBER, OTP). */
	type: string;
	/** The `sub_type` a send uses for it. */
	subType: string;
	/** The parameter names (positional: '1') a send must give; empty when none is needed. */
	names: string[];
}

export interface TemplateSlots {
	named: boolean;
	header: HeaderSlot | null;
	body: string[];
	buttons: ButtonSlot[];
}

export const componentOf = (components: readonly TemplateComponent[], type: string): TemplateComponent | undefined =>
	components.find((component) => component.type === type);

/** Authentication templates carry the code as body {{1}} and in the OTP button, sent as sub_type url (§4.5). */
const AUTHENTICATION_BODY = ['1'];

function buttonSlot(button: Record<string, unknown>, index: number): ButtonSlot {
	const type = String(button.type);
	if (type === 'URL') return { index, type, subType: 'url', names: placeholders(String(button.url ?? '')) };
	if (type === 'COPY_CODE') return { index, type, subType: 'copy_code', names: ['1'] };
	if (type === 'OTP') return { index, type, subType: 'url', names: ['1'] };
	return { index, type, subType: type.toLowerCase(), names: [] };
}

export function slotsOf(template: TemplateRecord): TemplateSlots {
	const header = componentOf(template.components, 'HEADER');
	const body = componentOf(template.components, 'BODY');
	const buttons = (componentOf(template.components, 'BUTTONS')?.buttons as Array<Record<string, unknown>> | undefined) ?? [];
	let headerSlot: HeaderSlot | null = null;
	if (header?.format === 'TEXT') headerSlot = { kind: 'text', names: placeholders(String(header.text ?? '')) };
	else if (header?.format === 'LOCATION') headerSlot = { kind: 'location' };
	else if (header) headerSlot = { kind: 'media', format: String(header.format) };
	return {
		named: template.parameterFormat === 'NAMED',
		header: headerSlot,
		body: template.category === 'AUTHENTICATION' ? AUTHENTICATION_BODY : placeholders(String(body?.text ?? '')),
		buttons: buttons.map(buttonSlot),
	};
}
