/** A controllable clock and a scripted transport for delivery tests. */
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../shared/runtime';
import type { Clock } from '../../../relay/clock';

export class FakeClock implements Clock {
	private waiters: Array<{ at: number; resolve: () => void }> = [];

	constructor(public time = Date.UTC(2026, 5, 1, 12, 0, 0)) {}

	now(): number {
		return this.time;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			if (signal?.aborted) return resolve();
			const waiter = { at: this.time + ms, resolve };
			this.waiters.push(waiter);
			signal?.addEventListener('abort', () => {
				this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
				resolve();
			});
		});
	}

	advance(ms: number): void {
		this.time += ms;
		const due = this.waiters.filter((waiter) => waiter.at <= this.time);
		this.waiters = this.waiters.filter((waiter) => waiter.at > this.time);
		for (const waiter of due) waiter.resolve();
	}
}

export interface RecordedRequest extends HttpRequest {
	json: Record<string, unknown>;
}

/** Answers each request with `respond(request, index)` (a status, a full response, or a thrown error). */
export class ScriptedTransport implements HttpTransport {
	readonly requests: RecordedRequest[] = [];

	constructor(private respond: (request: RecordedRequest, index: number) => number | HttpResponse | Promise<number | HttpResponse>) {}

	/** Answers later requests differently. */
	respondWith(respond: (request: RecordedRequest, index: number) => number | HttpResponse | Promise<number | HttpResponse>): void {
		this.respond = respond;
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const recorded: RecordedRequest = { ...request, json: JSON.parse(request.body ?? '{}') as Record<string, unknown> };
		this.requests.push(recorded);
		const answer = await this.respond(recorded, this.requests.length - 1);
		return typeof answer === 'number' ? { status: answer, headers: {}, body: '' } : answer;
	}

	/** The `id`s (dedupe keys) POSTed to one URL, in order. */
	idsSentTo(url: string): string[] {
		return this.requests.filter((request) => request.url === url).map((request) => String(request.json.id));
	}
}
