/**
 * Whether a template can be sent, decided before any message goes out: Meta refuses anything but
 * APPROVED (docs/meta-templates.md §3.1, §4.2: 132001 for missing/not approved, 132015 paused,
 * 132016 disabled). Each state gets its own words and next step; the code Meta would have answered
 * is named so a user can match it with Meta's documentation.
 */
import { RetryAction, WhatsAppError } from '../errors';
import type { MetaTemplate } from './meta';
import { REVIEW_HOURS } from './limits';

/** How a template is referred to in messages: "order_update" (en_US). */
export function templateTitle(name: string, language: string): string {
	return `"${name}" (${language})`;
}

function refusal(template: MetaTemplate, problem: string, nextStep: string, action: RetryAction): WhatsAppError {
	return new WhatsAppError({
		category: 'template',
		message: `The template ${templateTitle(String(template.name), String(template.language))} ${problem} Nothing was sent.`,
		nextStep,
		retry: { action },
		field: 'Template',
	});
}

/** Throws the refusal for a template that is not APPROVED; returns nothing when it can be sent. */
export function assertSendable(template: MetaTemplate): void {
	const status = String(template.status ?? 'UNKNOWN').toUpperCase();
	switch (status) {
		case 'APPROVED':
			return;
		case 'PAUSED':
			throw refusal(
				template,
				'is paused because recipients rated it low quality, so WhatsApp would refuse it (error 132015).',
				'Use another approved template, or wait for the pause to end (3 hours the first time, 6 hours the second) and improve the template in WhatsApp Manager: a third pause disables it.',
				'wait',
			);
		case 'DISABLED':
			throw refusal(
				template,
				'is disabled after too many pauses for low quality, so WhatsApp would refuse it (error 132016).',
				'Create a new template with different content and use that one.',
				'do_not_retry',
			);
		case 'PENDING':
		case 'IN_APPEAL':
			throw refusal(
				template,
				`is still in review (status ${status}), so WhatsApp would refuse it (error 132001).`,
				`Wait for Meta's review (up to ${REVIEW_HOURS} hours), or use another approved template.`,
				'wait',
			);
		case 'REJECTED': {
			const reason = template.rejected_reason && template.rejected_reason !== 'NONE' ? ` (reason: ${template.rejected_reason})` : '';
			throw refusal(
				template,
				`was rejected by Meta${reason}, so WhatsApp would refuse it (error 132001).`,
				'Edit the template in WhatsApp Manager and submit it again, or use another approved template.',
				'fix_and_retry',
			);
		}
		default:
			throw refusal(template, `has the status ${status}; only approved templates can be sent (error 132001).`, 'Use an approved template.', 'fix_and_retry');
	}
}

/** The template is not in the account in that language (Meta: 132001); lists the languages it has. */
export function notInLanguage(name: string, language: string, languages: readonly string[]): WhatsAppError {
	const problem = languages.length
		? `The template "${name}" has no ${language} version (it exists in ${languages.join(', ')}), so WhatsApp would refuse it (error 132001).`
		: `There is no template named "${name}" in this WhatsApp Business Account, so WhatsApp would refuse it (error 132001).`;
	return new WhatsAppError({
		category: 'template',
		message: `${problem} Nothing was sent.`,
		nextStep: languages.length
			? `Use one of those language codes exactly (${language} and ${language.split('_')[0]} are different languages for WhatsApp), or add the translation in WhatsApp Manager.`
			: 'Check the name in WhatsApp Manager → Message templates (lowercase, digits and underscores), or pick the template from the list.',
		retry: { action: 'fix_and_retry' },
		field: 'Template',
	});
}
