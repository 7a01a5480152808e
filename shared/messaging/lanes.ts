/**
 * Lanes of a batch: the messages from one sender to one recipient, sent one at a time in input
 * order (Meta's pair rate limit, docs/meta-api.md §4.2), and the heap of lanes waiting for their
 * next start time.
 */

/** Messages from one sender to one recipient: sent one at a time, in input order. */
export interface Lane<Task> {
	sender: string;
	/** Input positions and tasks not sent yet, oldest first (`head` is the next one). */
	indices: number[];
	tasks: Task[];
	head: number;
	/** Clock time before which the next message of this lane must not start. */
	readyAt: number;
	/** A worker holds the lane (sending, or sleeping until `readyAt`). */
	busy: boolean;
	/** The lane is in the waiting heap. */
	queued: boolean;
}

export function newLane<Task>(sender: string): Lane<Task> {
	return { sender, indices: [], tasks: [], head: 0, readyAt: Number.NEGATIVE_INFINITY, busy: false, queued: false };
}

/** A binary min-heap of lanes by `readyAt`, then by the input position of their next message. */
export class LaneHeap<Task> {
	private readonly items: Array<Lane<Task>> = [];

	get size(): number {
		return this.items.length;
	}

	peek(): Lane<Task> | undefined {
		return this.items[0];
	}

	push(lane: Lane<Task>): void {
		const items = this.items;
		items.push(lane);
		let child = items.length - 1;
		while (child > 0) {
			const parent = (child - 1) >> 1;
			if (!this.before(items[child], items[parent])) break;
			[items[child], items[parent]] = [items[parent], items[child]];
			child = parent;
		}
	}

	pop(): Lane<Task> | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last) {
			items[0] = last;
			let parent = 0;
			for (;;) {
				const left = parent * 2 + 1;
				const right = left + 1;
				let smallest = parent;
				if (left < items.length && this.before(items[left], items[smallest])) smallest = left;
				if (right < items.length && this.before(items[right], items[smallest])) smallest = right;
				if (smallest === parent) break;
				[items[smallest], items[parent]] = [items[parent], items[smallest]];
				parent = smallest;
			}
		}
		return top;
	}

	private before(a: Lane<Task>, b: Lane<Task>): boolean {
		return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.indices[a.head] < b.indices[b.head]);
	}
}
