/**
 * Instant (REST hook) triggers and searches backed by the relay (issue 6). Filled in by the relay
 * work; the Zapier app spreads these into its definition.
 */
export const relayTriggers: Record<string, unknown> = {};
export const relaySearches: Record<string, unknown> = {};
export const relayAuthFields: Array<Record<string, unknown>> = [];
