/** Public surface of the core. Platform shells import from here only. */
export * from './runtime';
export * from './client';
export * from './errors';
export * from './operation';
export * from './validation';
export * from './wording';
export { redact, redactDeep, Redactor, REDACTION_MASK } from './redact';
export { OPERATIONS, OPERATION_REGISTRY, findOperation, isOperationId } from './operations';
export type { OperationId, OperationInput, OperationOutput, OperationRegistry } from './operations';
export { PHONE_NUMBER_OUTPUT_FIELDS, PHONE_NUMBER_SAMPLE, phoneNumberIdField } from './operations/phoneNumber/model';
export type { PhoneNumber, PhoneNumberState } from './operations/phoneNumber/model';
export type { ReadinessItem, ReadinessReport } from './operations/phoneNumber/checkReadiness';
export type { SendMessagesOutput, SendMessagesResult } from './operations/message/sendMessages';
export * from './templates';
export { createClient, runOperation } from './run';
export * from './webhooks';
export * from './connectionCheck';
