import { WhatsAppError } from '../../errors';
import { defineOperation } from '../../operation';
import { settle } from '../../settle';
import { readBack, ReadBackState } from '../readBack';
import type { MediaIdInput } from './getMediaUrl';
import { mediaIdField, readMedia, uploadedByField } from './model';

export interface DeleteMediaOutput extends ReadBackState {
	success: boolean;
	mediaId: string;
	/** Whether Meta still finds the media after the delete (false once it is gone; null when that read failed). */
	stillExists: boolean | null;
}

/**
 * `DELETE /<MEDIA_ID>[?phone_number_id]` → `{success:true}` (docs/meta-messaging.md §1.3), then the
 * media is looked up again, so the step shows that it is gone.
 */
export const deleteMedia = defineOperation<MediaIdInput, DeleteMediaOutput>({
	id: 'deleteMedia',
	resource: 'media',
	title: 'Delete Media',
	action: 'Delete a media file',
	description: 'Deletes an uploaded media file from WhatsApp before it expires; its media ID stops working.',
	kind: 'write',
	fields: [mediaIdField, uploadedByField],
	sample: { success: true, mediaId: '1013859600285441', stillExists: false, stateKnown: true, stateNote: null },
	outputFields: [
		{ key: 'success', label: 'Success', type: 'boolean' },
		{ key: 'mediaId', label: 'Media ID', type: 'string' },
		{ key: 'stillExists', label: 'Media Still Exists', type: 'boolean' },
		{ key: 'stateKnown', label: 'State Read After the Change', type: 'boolean' },
		{ key: 'stateNote', label: 'State Note', type: 'string' },
	],
	async run({ client }, input) {
		const response = await client.request<{ success?: boolean }>({
			method: 'DELETE',
			path: input.mediaId,
			query: { phone_number_id: input.phoneNumberId },
			retry: 'send',
			operation: 'deleteMedia',
		});
		const after = await readBack(
			async () => {
				// Meta answers "nothing with that ID" once the media is gone: that is the state wanted, not a failure.
				const lookup = await settle(readMedia(client, input.mediaId, undefined, 'deleteMedia'));
				if (lookup.ok) return true;
				if (lookup.error instanceof WhatsAppError && lookup.error.category === 'not_found') return false;
				throw lookup.error;
			},
			'the media',
			'Look it up later with {op:getMediaUrl}.',
		);
		return { success: response.success === true, mediaId: input.mediaId, stillExists: after.value ?? null, ...after.state };
	},
});
