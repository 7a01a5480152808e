/** Fan-out to subscribers: the worker, its policy, what it sends and how. */
export { DeliveryWorker } from './worker';
export type { DeliveryWorkerOptions } from './worker';
export { checkPolicy, DEFAULT_DELIVERY_POLICY, LEASE_MARGIN_MS, parseRetryAfter, permanentProblem, retryDelayMs } from './policy';
export type { DeliveryPolicy } from './policy';
export { deliveryHeaders, deliveryPayload, eventIdHeader } from './payload';
export { deliveryTransport } from './transport';
