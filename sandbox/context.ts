/** What every route handler gets: the world, the clock, the limits, webhook delivery and settings. */
import type { SandboxClock } from './clock';
import type { FaultInjector } from './faults';
import type { SendLimits } from './rateLimit';
import type { SandboxState } from './state';
import type { WebhookDelivery } from './webhookDelivery';

export interface StatusTiming {
	/** Delay after the send before the `sent` status webhook. */
	sentMs: number;
	/** Delay between `sent` and `delivered`, and between `delivered` and `read`. */
	stepMs: number;
	/** Whether recipients "read" messages (a `read` status follows `delivered`). */
	read: boolean;
}

/** Status webhooks due within `windowMs` for the same callback and number go out in one POST (up to `maxItems`). */
export interface WebhookBatching {
	windowMs: number;
	maxItems: number;
}

export interface SandboxContext {
	state: SandboxState;
	clock: SandboxClock;
	limits: SendLimits;
	webhooks: WebhookDelivery;
	faults: FaultInjector;
	statusTiming: StatusTiming;
	/** null: one status per POST (Meta's usual form). */
	webhookBatching: WebhookBatching | null;
	log: (line: string) => void;
	/** `http://127.0.0.1:PORT`, for `paging.next` links. */
	baseUrl: () => string;
	/** Runs `fn` later; cancelled when the sandbox stops. */
	later: (fn: () => void, delayMs: number) => void;
}
