/**
 * Files as n8n items carry them. An input file is made by n8n-core's own `prepareBinaryData` (what
 * a Read Files or HTTP Request node upstream does), stored by the harness's binary data service in
 * n8n's in-memory mode (services.ts): name, MIME type, extension, size and the bytes as base64.
 */
import { prepareBinaryData } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { installServices } from './services';
import { WORKFLOW_ID } from './workflow';

/** The binary data of one file as the node before ours would hand it over. */
export async function binaryFile(bytes: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> {
	installServices();
	return await prepareBinaryData(bytes, 'upstream-execution', WORKFLOW_ID, fileName, mimeType);
}
