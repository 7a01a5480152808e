/**
 * The few n8n services the engine takes from its dependency-injection container, replaced by
 * in-memory ones before anything of n8n-core asks for them: the real ones read or write
 * `~/.n8n/config`, start log transports, report to Sentry, or start timers (SSH tunnel cleanup,
 * cron jobs) that keep jest alive. Everything else (contexts, the workflow engine, request helpers,
 * error classes, expressions) is n8n-core's and n8n-workflow's own code.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataService, ErrorReporter, InstanceSettings } from 'n8n-core';
import type { BinaryDataConfig } from 'n8n-core';

import { ScheduledTaskManager, SSHClientsManager } from './internals';
import { scheduler } from './schedule';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
	level: LogLevel;
	message: string;
	metadata?: unknown;
}

/** Every line a node (or n8n-core) logged through `this.logger`, so tests can read them (and look for secrets). */
export const logLines: LogLine[] = [];

/** n8n's Logger as nodes see it (`this.logger`): records instead of printing. */
class RecordingLogger {
	error(message: string, metadata?: unknown): void {
		logLines.push({ level: 'error', message, metadata });
	}

	warn(message: string, metadata?: unknown): void {
		logLines.push({ level: 'warn', message, metadata });
	}

	info(message: string, metadata?: unknown): void {
		logLines.push({ level: 'info', message, metadata });
	}

	debug(message: string, metadata?: unknown): void {
		logLines.push({ level: 'debug', message, metadata });
	}

	scoped(): RecordingLogger {
		return this;
	}
}

/** What n8n would report to Sentry (an engine failure the node did not turn into its own error). */
export const reportedErrors: unknown[] = [];

/** The instance identity n8n-core reads (the real class creates `~/.n8n/config` with a random key). */
const instanceSettings = {
	n8nFolder: '/nonexistent/.n8n',
	instanceId: 'engine-harness-instance',
	hmacSignatureSecret: 'engine-harness-hmac-secret',
	encryptionKey: 'engine-harness-encryption-key',
	instanceType: 'main',
	instanceRole: 'leader',
	isLeader: true,
	isWorker: false,
	isMultiMain: false,
	isSingleMain: true,
};

let installed = false;

/** Puts the stand-ins into n8n's container (once per test file: each file has its own module registry). */
export function installServices(): void {
	if (installed) return;
	installed = true;
	Container.set(Logger, new RecordingLogger() as unknown as Logger);
	Container.set(InstanceSettings, instanceSettings as unknown as InstanceSettings);
	const errorReporter = {
		error: (error: unknown) => reportedErrors.push(error),
		warn: () => undefined,
		info: () => undefined,
	} as unknown as ErrorReporter;
	Container.set(ErrorReporter, errorReporter);
	// n8n's binary data service without `init()`: no storage manager, so it keeps every file in the
	// item itself (base64 in `data`), n8n's in-memory "default" mode. The real config reads the
	// environment and points at `~/.n8n/binaryData`; the mode is all this service reads of it.
	Container.set(BinaryDataService, new BinaryDataService({ mode: 'default' } as BinaryDataConfig, errorReporter, Container.get(Logger)));
	Container.set(ScheduledTaskManager, scheduler as unknown as ScheduledTaskManager);
	Container.set(SSHClientsManager, {
		getClient: () => {
			throw new Error('SSH tunnels are not available in the n8n engine harness: our nodes must not need them.');
		},
		onShutdown: () => undefined,
	} as unknown as SSHClientsManager);
}

/** Forgets what earlier tests logged or reported. */
export function clearRecords(): void {
	logLines.length = 0;
	reportedErrors.length = 0;
}
