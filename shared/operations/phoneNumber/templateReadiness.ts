/**
 * The templates part of the readiness check: which of the account's templates a number can send
 * now (only APPROVED ones, docs/meta-templates.md §3.1) and which cannot, with the names.
 */
import type { GraphClient } from '../../client';
import { MetaTemplate } from '../../templates/meta';

export interface TemplateReadiness {
	total: number;
	approved: number;
	paused: number;
	pending: number;
	rejected: number;
	disabled: number;
	/** "order_update (en_US), appointment_reminder (es)". */
	approvedNames: string;
	pausedNames: string;
	pendingNames: string;
	rejectedNames: string;
	disabledNames: string;
}

export interface TemplateReadinessCheck {
	result: 'pass' | 'warn';
	reason: string;
	nextStep: string | null;
}

const GROUPS = {
	approved: ['APPROVED'],
	paused: ['PAUSED'],
	pending: ['PENDING', 'IN_APPEAL'],
	rejected: ['REJECTED'],
	disabled: ['DISABLED'],
} as const;

/** Reads every template of the WABA (name, language, status) and counts them by what they mean for sending. */
export async function templateReadiness(client: GraphClient, wabaId: string): Promise<TemplateReadiness> {
	const templates = await client.requestAllPages<MetaTemplate>({
		path: `${wabaId}/message_templates`,
		query: { fields: 'id,name,language,status', limit: 100 },
		retry: 'read',
		operation: 'checkReadiness',
	});
	const names = (statuses: readonly string[]) =>
		templates.filter((template) => statuses.includes(String(template.status).toUpperCase())).map((template) => `${String(template.name)} (${String(template.language)})`);
	const approved = names(GROUPS.approved);
	const paused = names(GROUPS.paused);
	const pending = names(GROUPS.pending);
	const rejected = names(GROUPS.rejected);
	const disabled = names(GROUPS.disabled);
	return {
		total: templates.length,
		approved: approved.length,
		paused: paused.length,
		pending: pending.length,
		rejected: rejected.length,
		disabled: disabled.length,
		approvedNames: approved.join(', '),
		pausedNames: paused.join(', '),
		pendingNames: pending.join(', '),
		rejectedNames: rejected.join(', '),
		disabledNames: disabled.join(', '),
	};
}

/** The check item: a warning when no template can be sent (nothing can start a conversation) or some are paused. */
export function templateCheck(summary: TemplateReadiness): TemplateReadinessCheck {
	if (summary.approved === 0) {
		return {
			result: 'warn',
			reason: 'No approved template: outside the 24-hour window after a person writes, this number can send nothing.',
			nextStep: 'Create a template (Create Template, or WhatsApp Manager) and wait for its approval.',
		};
	}
	const blocked = [summary.paused ? `${summary.paused} paused (${summary.pausedNames})` : '', summary.disabled ? `${summary.disabled} disabled` : ''].filter(Boolean).join(', ');
	if (blocked) {
		return {
			result: 'warn',
			reason: `${summary.approved} approved template(s) can be sent; ${blocked} cannot.`,
			nextStep: 'Send the approved ones; improve a paused template in WhatsApp Manager before it is paused again (the third pause disables it).',
		};
	}
	return { result: 'pass', reason: `${summary.approved} approved template(s) can be sent: ${summary.approvedNames}.`, nextStep: null };
}
