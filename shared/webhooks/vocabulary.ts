/**
 * Meta's words inside webhook events that receivers offer as choices (filters in the Zapier
 * triggers): what a message status and a template status update can say. Unknown words still pass
 * through the parser untouched; these lists only name the documented ones.
 */

/** `statuses[].status` (docs/meta-api.md §3.4): `played` is for voice messages. */
export const MESSAGE_STATUS_WORDS = ['sent', 'delivered', 'read', 'failed', 'played'] as const;

/** `message_template_status_update`'s `event` (docs/meta-templates.md §6.1, docs/meta-api.md §3.10). */
export const TEMPLATE_STATUS_WORDS = [
	'APPROVED',
	'REJECTED',
	'PENDING',
	'PAUSED',
	'DISABLED',
	'IN_APPEAL',
	'FLAGGED',
	'REINSTATED',
	'LIMIT_EXCEEDED',
	'LOCKED',
	'ARCHIVED',
	'UNARCHIVED',
	'PENDING_DELETION',
	'DELETED',
] as const;
