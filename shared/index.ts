/** Public surface of the core. Platform shells import from here only. */
export * from './runtime';
export * from './client';
export * from './errors';
export * from './operation';
export * from './validation';
export { redact, redactDeep, rememberSecret } from './redact';
export { OPERATIONS, findOperation } from './operations';
export { createClient, runOperation } from './run';
export * from './webhooks';
