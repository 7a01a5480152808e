/**
 * The hook through which sends learn a template's category (docs/meta-messaging.md §5.3,
 * docs/meta-bsuid.md §4): `/marketing_messages` takes MARKETING templates only, and authentication
 * templates cannot go to a BSUID. The sandbox keeps no templates yet, so this answers undefined and
 * every template is accepted; a template store plugs in here by returning the approved template's
 * category (`MARKETING`, `UTILITY`, `AUTHENTICATION`).
 */
import type { SandboxContext } from '../context';

export function templateCategory(ctx: SandboxContext, name: string, language: string): string | undefined {
	return undefined;
}
