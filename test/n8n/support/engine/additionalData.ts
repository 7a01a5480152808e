/**
 * The `additionalData` n8n's host hands to every context and to the workflow engine (in n8n, the
 * CLI's WorkflowExecuteAdditionalData.getBase). Only what our nodes can reach is real: the
 * credentials service, the instance URLs, lifecycle hooks. Sub-workflows, task runners and AI
 * events fail loudly, since none of our nodes may use them.
 */
import { ExecutionLifecycleHooks } from 'n8n-core';
import type { IWorkflowBase, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentialsHelper';

/** The instance's public address: webhook URLs are built on it (`WEBHOOK_URL` in a real n8n). */
export const INSTANCE_URL = 'https://n8n.example.com';

const unavailable = (what: string) => () => {
	throw new Error(`${what} is not available in the n8n engine harness: our nodes must not need it.`);
};

export interface AdditionalDataOptions {
	credentialsHelper: HarnessCredentialsHelper;
	mode: WorkflowExecuteMode;
	workflow: IWorkflowBase;
	executionId?: string;
}

export function additionalData({ credentialsHelper, mode, workflow, executionId = '1' }: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflow),
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${INSTANCE_URL}/rest`,
		instanceBaseUrl: `${INSTANCE_URL}/`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		variables: {},
		executeWorkflow: unavailable('Executing a sub-workflow'),
		getRunExecutionData: unavailable('Reading another execution'),
		logAiEvent: unavailable('Logging an AI event'),
		startRunnerTask: unavailable('A task runner'),
	} as unknown as IWorkflowExecuteAdditionalData;
}
