/** A delivery worker test's surroundings: an in-memory SQLite storage, a fake clock and the log, fresh for every test. */
import { DeliveryWorker, DeliveryWorkerOptions } from '../../../relay/delivery';
import type { DeliveryPolicy } from '../../../relay/delivery';
import { SqliteStorage } from '../../../relay/storage/sqlite';
import { FakeClock, ScriptedTransport } from './fakes';

export interface WorkerHarness {
	storage: SqliteStorage;
	clock: FakeClock;
	logs: string[];
	/** A worker on this storage and clock, with jitter fixed at half (0.5), logging into `logs`. */
	worker(transport: ScriptedTransport, options?: Partial<DeliveryWorkerOptions>): DeliveryWorker;
}

/** Registers beforeEach/afterEach and returns the harness they refill. */
export function useWorkerHarness(policy: Partial<DeliveryPolicy>): WorkerHarness {
	const harness = {
		logs: [] as string[],
		worker(transport: ScriptedTransport, options: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
			return new DeliveryWorker({ storage: harness.storage, transport, clock: harness.clock, random: () => 0.5, policy, owner: 'test-worker', log: (line) => harness.logs.push(line), ...options });
		},
	} as WorkerHarness;
	beforeEach(async () => {
		harness.storage = new SqliteStorage(':memory:');
		await harness.storage.migrate();
		harness.clock = new FakeClock();
		harness.logs = [];
	});
	afterEach(async () => {
		await harness.storage.close();
	});
	return harness;
}
