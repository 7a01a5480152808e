/**
 * Fake time for the messaging tests: nothing really waits. `VirtualClock.run` drives a piece of work
 * to completion and advances the clock only when every pending task is waiting on a timer, so
 * parallel sleeps overlap exactly as real ones would and schedules can be asserted to the millisecond.
 */
import type { HttpRequest, HttpResponse, HttpTransport, Runtime } from '../../../../shared/runtime';

interface Timer {
	at: number;
	sequence: number;
	resolve: () => void;
}

export class VirtualClock {
	now = 0;
	/** Every `runtime.sleep` call, in call order (transport latency is not included). */
	readonly sleeps: number[] = [];
	private timers: Timer[] = [];
	private sequence = 0;

	/** A runtime on this clock. `random` is 0 unless given, so retry delays are exact. */
	runtime(transport: HttpTransport, random: () => number = () => 0): Runtime {
		return {
			transport,
			now: () => this.now,
			random,
			sleep: (ms: number) => {
				this.sleeps.push(ms);
				return this.delay(ms);
			},
		};
	}

	/** A virtual wait that is not recorded as a sleep (used for simulated network latency). */
	delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			this.timers.push({ at: this.now + Math.max(0, ms), sequence: this.sequence++, resolve });
		});
	}

	/** Runs `work` to the end, advancing virtual time timer by timer. */
	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		work.then(
			() => {
				settled = true;
			},
			() => {
				settled = true;
			},
		);
		let idleTurns = 0;
		while (!settled) {
			// setImmediate runs after every queued promise reaction, i.e. once the work is idle.
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) break;
			if (this.timers.length === 0) {
				// Waiting on something real (nock's reply): give it time, but do not hang a test forever.
				if (++idleTurns > 100_000) throw new Error('VirtualClock: work is stuck with no timer pending');
				continue;
			}
			idleTurns = 0;
			let earliest = 0;
			for (let i = 1; i < this.timers.length; i++) {
				const timer = this.timers[i];
				const best = this.timers[earliest];
				if (timer.at < best.at || (timer.at === best.at && timer.sequence < best.sequence)) earliest = i;
			}
			const [timer] = this.timers.splice(earliest, 1);
			this.now = Math.max(this.now, timer.at);
			timer.resolve();
		}
		return work;
	}
}

export interface RecordedRequest {
	at: number;
	method: string;
	url: string;
	headers: Record<string, string>;
	body: Record<string, unknown>;
}

/**
 * A transport on the virtual clock that answers like Meta after `latencyMs`. `answer` may return a
 * response, throw, or return undefined for the standard success (a unique wamid per request).
 */
export class FakeMeta implements HttpTransport {
	readonly requests: RecordedRequest[] = [];
	inFlight = 0;
	maxInFlight = 0;
	private sequence = 0;

	constructor(
		private readonly clock: VirtualClock,
		private readonly latencyMs: number | ((request: RecordedRequest) => number),
		private readonly answer: (request: RecordedRequest, position: number) => HttpResponse | undefined = () => undefined,
	) {}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const recorded: RecordedRequest = {
			at: this.clock.now,
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: JSON.parse(request.body ?? '{}') as Record<string, unknown>,
		};
		const position = this.requests.push(recorded) - 1;
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await this.clock.delay(typeof this.latencyMs === 'number' ? this.latencyMs : this.latencyMs(recorded));
			return this.answer(recorded, position) ?? success(String(recorded.body.to), `wamid.${++this.sequence}`);
		} finally {
			this.inFlight--;
		}
	}
}

export function success(to: string, id: string): HttpResponse {
	return {
		status: 200,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id }] }),
	};
}

export function metaError(status: number, code: number, message: string, headers: Record<string, string> = {}): HttpResponse {
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify({ error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGh' } }),
	};
}
