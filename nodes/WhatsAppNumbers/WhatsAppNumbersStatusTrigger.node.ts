import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OperationOutput, runOperation } from '../../shared';
import { toNodeError } from './errors';
import { changeJson, diffNumbers, Snapshot, snapshotOf, WATCHED_FIELD_LABELS, WATCHED_FIELDS, WatchedField } from './statusTrigger/diff';
import { parsePhoneNumberIds } from './trigger/events';
import { graphClient, GRAPH_CREDENTIAL } from './transport';

interface StatusWatchState {
	numbers?: Snapshot;
}

/**
 * For users who cannot receive webhooks: lists the account's numbers on a schedule and starts the
 * workflow once per number whose status, display name status, quality or code verification changed.
 */
export class WhatsAppNumbersStatusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Numbers Status Trigger',
		name: 'whatsAppNumbersStatusTrigger',
		icon: { light: 'file:whatsAppNumbers.svg', dark: 'file:whatsAppNumbers.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Watch phone number status',
		description: 'Checks your WhatsApp Business numbers on a schedule and starts the workflow when a status, display name review, quality rating or code verification changes',
		defaults: { name: 'WhatsApp Business Numbers Status Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: GRAPH_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'The first check only records the current state; later checks report what changed since the previous one. A test run shows the current state of every number.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Watch',
				name: 'watchedFields',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Code Verification Status', value: 'codeVerificationStatus', description: WATCHED_FIELD_LABELS.codeVerificationStatus.description },
					{ name: 'Display Name Status', value: 'nameStatus', description: WATCHED_FIELD_LABELS.nameStatus.description },
					{ name: 'Quality Rating', value: 'qualityRating', description: WATCHED_FIELD_LABELS.qualityRating.description },
					{ name: 'Status', value: 'status', description: WATCHED_FIELD_LABELS.status.description },
				],
				default: ['codeVerificationStatus', 'nameStatus', 'qualityRating', 'status'],
				description: 'Which changes start the workflow',
			},
			{
				displayName: 'Only These Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: '106540352242922, 106540352242923',
				description: 'Comma-separated phone number IDs to watch. Leave empty to watch every number of the account.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		let output: OperationOutput<'listPhoneNumbers'>;
		try {
			output = await runOperation('listPhoneNumbers', await graphClient(this), {});
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
		const only = parsePhoneNumberIds(this.getNodeParameter('phoneNumberIds', ''));
		const numbers = output.phoneNumbers.filter((number) => !only.size || only.has(number.id));
		const chosen = this.getNodeParameter('watchedFields', []) as string[];
		const fields = WATCHED_FIELDS.filter((field) => chosen.includes(field)) as WatchedField[];

		if (this.getMode() === 'manual') {
			const current = numbers.map((number) => ({ phoneNumberId: number.id, displayPhoneNumber: number.displayPhoneNumber, changes: [], current: number }));
			return current.length ? [current.map((json) => ({ json: json as unknown as IDataObject }))] : null;
		}

		const state = this.getWorkflowStaticData('node') as StatusWatchState;
		const previous = state.numbers;
		// Every number is remembered (not only the filtered ones), so changing the filter later reports no stale changes.
		state.numbers = snapshotOf(output.phoneNumbers);
		// First poll after activation: remember, report nothing (no flood of "changes" from nothing).
		if (!previous) return null;
		const changes = diffNumbers(previous, numbers, fields);
		return changes.length ? [changes.map((change) => ({ json: changeJson(change) }))] : null;
	}
}
