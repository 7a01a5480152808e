/**
 * The harness's ScheduledTaskManager: records the crons n8n registers (a polling trigger's Poll
 * Times) instead of starting them on the wall clock, and runs them when a test says so.
 */
import type { CronContext } from 'n8n-workflow';

export interface RegisteredCron {
	ctx: CronContext;
	onTick: () => void | Promise<void>;
}

export class RecordingScheduler {
	readonly crons: RegisteredCron[] = [];

	registerCron(ctx: CronContext, onTick: () => void | Promise<void>): void {
		this.crons.push({ ctx, onTick });
	}

	deregisterCrons(workflowId: string): void {
		for (let index = this.crons.length - 1; index >= 0; index--) if (this.crons[index].ctx.workflowId === workflowId) this.crons.splice(index, 1);
	}

	deregisterAllCrons(): void {
		this.crons.length = 0;
	}

	/** Runs every cron of the workflow once, as if its time had come (n8n does not await the tick). */
	async tick(workflowId: string): Promise<void> {
		const due = this.crons.filter((cron) => cron.ctx.workflowId === workflowId);
		if (!due.length) throw new Error(`No cron is registered for workflow ${workflowId}: is it active?`);
		for (const cron of due) await cron.onTick();
	}
}

export const scheduler = new RecordingScheduler();
