/**
 * Versions of the action node. A change visible to existing workflows ships as a new version:
 * workflows keep the version they were built with, new nodes get the newest.
 *
 * Version 2 changed how Send Message picks and fills a template: the template comes from a list
 * (or by name / ID), its parameters are mapped by name, and every message is checked against the
 * template before sending. Version 1 keeps its fields (template name, language, parameters by
 * position, header type and value) and sends as it always did, without reading the template.
 *
 * The message types, media from binary data, the business-scoped user ID and the Marketing
 * Messages API option came later to both versions: their fields only show for the new choices and
 * their defaults send what was sent before, so no existing workflow changes.
 *
 * Version 3 streams Send Message over many items (actions/batch.ts): the first message leaves as
 * soon as the first item is read instead of after every item was checked; without "On Error:
 * Continue" the run stops reading at the first failure and says which messages Meta accepted. With
 * no Rate Limit set, each number sends at its own throughput (read from Meta once per run); a Rate
 * Limit is the most it may reach. It adds the Summary Item option.
 */
export const NODE_VERSIONS = [1, 2, 3] as const;
export type NodeVersion = (typeof NODE_VERSIONS)[number];
export const DEFAULT_NODE_VERSION: NodeVersion = 3;

export interface FieldVersions {
	/** First version that shows the field. */
	since?: NodeVersion;
	/** Last version that shows it. */
	until?: NodeVersion;
}

/** Per operation, the fields that exist only in some versions; every other field is in all of them. */
export const FIELD_VERSIONS: Readonly<Record<string, Readonly<Record<string, FieldVersions>>>> = {
	sendMessage: {
		templateId: { since: 2 },
		templateValues: { since: 2 },
		templateCheck: { since: 2 },
		templateParameters: { until: 1 },
		templateHeaderType: { until: 1 },
		templateHeaderValue: { until: 1 },
		summaryItem: { since: 3 },
	},
	sendMessages: { templateCheck: { since: 2 } },
};

/** Inputs a version fixes whatever the parameters say: version 1 sends templates unread, as it always did. */
export const VERSION_INPUTS: Readonly<Record<string, Readonly<Partial<Record<NodeVersion, Readonly<Record<string, unknown>>>>>>> = {
	sendMessage: { 1: { templateCheck: false } },
	sendMessages: { 1: { templateCheck: false } },
};

export function inVersion(operationId: string, fieldKey: string, version: number): boolean {
	const range = FIELD_VERSIONS[operationId]?.[fieldKey];
	if (!range) return true;
	return (range.since === undefined || version >= range.since) && (range.until === undefined || version <= range.until);
}

/** Whether an operation looks different in some versions. */
export function isVersioned(operationId: string): boolean {
	return FIELD_VERSIONS[operationId] !== undefined;
}

/** The node version of a node, as n8n stores it (a number, possibly 1.0). */
export function nodeVersionOf(typeVersion: number | undefined): NodeVersion {
	const version = Math.floor(typeVersion ?? DEFAULT_NODE_VERSION);
	return (NODE_VERSIONS as readonly number[]).includes(version) ? (version as NodeVersion) : DEFAULT_NODE_VERSION;
}
