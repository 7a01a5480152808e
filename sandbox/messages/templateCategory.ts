/**
 * The hook through which sends learn a template's category (docs/meta-messaging.md §5.3,
 * docs/meta-bsuid.md §4): `/marketing_messages` takes MARKETING templates only, and authentication
 * templates cannot go to a BSUID. Answers the category of the template with that name and
 * language in the sandbox's template store (docs/meta-templates.md), or undefined when none exists
 * (the send's own template check then answers 132001).
 */
import type { SandboxContext } from '../context';

export function templateCategory(ctx: SandboxContext, name: string, language: string): string | undefined {
	for (const wabaId of ctx.state.wabas.keys()) {
		const template = ctx.state.templates.find(wabaId, name, language);
		if (template) return template.category;
	}
	return undefined;
}
