/**
 * The only place the harness reaches past n8n-core's public exports (its package index, 2.8.1).
 *
 * Two services the contexts take from n8n's container are not exported, yet must be replaced:
 * - SSHClientsManager: every ExecuteContext asks for it (SSH tunnel helpers), and the real one
 *   starts a 60-second cleanup interval and a process `exit` listener that keep jest alive;
 * - ScheduledTaskManager: every PollContext asks for it (cron helpers) and ActiveWorkflows
 *   registers a polling trigger's schedule with it; the real one starts cron jobs on the wall
 *   clock, the harness's one records them so a test decides when the next poll happens.
 * Their class objects are the container's keys, so they have to come from these module paths.
 * A change of these paths in a newer n8n-core breaks this file first, with a clear import error.
 */
export { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
export { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
